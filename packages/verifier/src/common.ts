// What both builds of the verifier export: the public API, listed name by name. Proof checking itself is
// @tessera/proofs's; safe display of credential text (displayText) is @tessera/schema's.
export type { CryptoProvider } from '@tessera/proofs'
export {
  type BakedErrorCode,
  extractFromPng,
  extractFromSvg,
  isPng,
  OB3_SVG_NAMESPACE,
  SVG_MAX_MARKUP,
} from './baked.js'
export {
  type BudgetErrorCode,
  type BudgetLimits,
  budgetLimits,
  DEFAULT_BUDGET,
  type VerificationBudget,
} from './budget.js'
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
export {
  claimedIssuerName,
  combineTrustPolicies,
  DEFAULT_TRUSTED_LIST_NAME,
  type IssuerTrust,
  IssuerTrustCheck,
  type RegistrySource,
  readTrustPolicy,
  type TrustErrorCode,
  type TrustedDomain,
  type TrustedIssuer,
  type TrustIo,
  type TrustPolicy,
  type UncheckedRegistry,
  type UnknownIssuerCode,
} from './trust.js'
export {
  capitalised,
  claimedNameStatement,
  ENGLISH_STATEMENT_WORDS,
  type IssuerStatement,
  issuerStatement,
  type StatementOptions,
  type StatementPart,
  type StatementWords,
  statementText,
} from './trust-display.js'
export type { FederationErrorCode } from './trust-federation.js'
export {
  isIssuerId,
  issuerDomain,
  lookUp,
  MAX_REGISTRY_ENTRIES,
  normaliseDomain,
  type RegistryEntry,
  readTrustRegistry,
  type TrustRegistry,
  type TrustRegistryErrorCode,
} from './trust-registry.js'
export { CoreVerifier } from './verify.js'
