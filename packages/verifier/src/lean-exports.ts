// What every entry of the verifier exports, the JWT-only one's API: listed name by name. The opt-in parts
// (trust, evidence, baked images) export theirs from their own modules (capabilities/), which the full
// entries re-export (common.ts). Proof checking itself is @tessera/proofs's; safe display of credential
// text (displayText) is @tessera/schema's.
export type { CryptoProvider } from '@tessera/proofs'
export {
  type BudgetErrorCode,
  type BudgetLimits,
  budgetLimits,
  DEFAULT_BUDGET,
  type VerificationBudget,
} from './budget.js'
export type {
  BakedImagesCapability,
  EvidenceCapability,
  IssuerTrustEvaluator,
  TrustCapability,
  VerifierCapability,
} from './capabilities.js'
export {
  CHECK_CODES,
  type CheckCode,
  isCheckCode,
  VERIFICATION_CODES,
  type VerificationCode,
} from './codes.js'
export { isVerifierError, type VerifierErrorCode } from './errors.js'
export {
  addressProblem,
  type ConnectionGuard,
  checkAddresses,
  checkUrl,
  createGuardedFetch,
  createJsonFetcher,
  type FetchContext,
  type FetchErrorCode,
  type GuardedFetch,
  type GuardedFetchOptions,
  type HostLookup,
  hostProblem,
  isPrivateHost,
  type JsonFetcher,
  type ResolvedAddress,
} from './fetch.js'
export { type ParsedPresentation, type PresentationOptions, parsePresentation } from './presentation.js'
export { didWebUrl, KeyResolver, type ResolveErrorCode } from './resolve.js'
export type {
  Check,
  CheckId,
  CredentialFormat,
  EmbeddedCredentialResult,
  EvidenceEntryResult,
  EvidenceMode,
  PresentationResult,
  RecipientQuery,
  SkippableCheckId,
  VerificationResult,
  VerifierBuild,
  VerifierOptions,
  VerifyOptions,
  Warning,
} from './result.js'
export { isIpAddress, type SpecialBlock, specialPurposeBlock } from './special-addresses.js'
export type { IssuerTrust, TrustIo, TrustPolicy, UnknownIssuerCode } from './trust.js'
export { CoreVerifier } from './verify.js'
