/**
 * @tessera/schema: the public API, listed name by name (the modules hold helpers of their own that are
 * not part of it). Isomorphic: nothing here imports a Node built-in.
 */

// Open Badges 3.0 credentials made by builders, validated against 1EdTech's schema
export {
  type AchievementInput,
  type AlignmentInput,
  BADGE_KINDS,
  type BadgeInput,
  type BadgeKind,
  type BuilderErrorCode,
  buildBadgeCredential,
  buildCertificateCredential,
  buildCredential,
  buildMembershipCredential,
  type CertificateInput,
  type CertificateType,
  type CredentialInput,
  type DateInput,
  type EvidenceInput,
  type IssuerInput,
  type MembershipInput,
  type RecipientInput,
  type ResultDescriptionInput,
  type ResultInput,
  type Term,
  toDateTime,
  type UnsignedOpenBadgeCredential,
} from './builders.js'
export {
  BITSTRING_STATUS_LIST_CONTEXT,
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  DATA_INTEGRITY_V1_CONTEXT,
  DATA_INTEGRITY_V2_CONTEXT,
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  MULTIKEY_CONTEXT,
  OB_CONTEXT,
  OB_CONTEXTS,
  OB_EXTENSIONS_CONTEXT,
  STATUS_LIST_2021_CONTEXT,
} from './context-urls.js'
// Text from credentials and input, safe to show
export {
  type DisplayText,
  type DisplayTextOptions,
  displayText,
  FIRST_STRONG_ISOLATE,
  jsonText,
  POP_DIRECTIONAL_ISOLATE,
  safeText,
  terminalText,
} from './display-text.js'
// Errors: one class, stable codes, and the helpers that narrow a caught error
export {
  errorCodeOf,
  errorGuard,
  hasErrorCode,
  isSchemaError,
  isTesseraError,
  type SchemaErrorCode,
  TesseraError,
  type TesseraErrorGuard,
} from './errors.js'
export {
  type HashIdentityOptions,
  hashedIdentity,
  type IdentityErrorCode,
  identityHash,
  matchesIdentity,
  normalizeEmail,
} from './identity.js'
// Untrusted input: JSON and compact JWTs, bounded
export {
  checkJsonValue,
  credentialFromJwt,
  DEFAULT_INPUT_LIMITS,
  type DecodedJwt,
  decodeJwt,
  decodeUtf8,
  type InputErrorCode,
  type InputLimits,
  type JwtCredentialClaims,
  jwtClaimsOf,
  type ParsedCredential,
  parseCredential,
  parseJson,
  parseJsonObject,
} from './input.js'
export { isJsonObject, type JsonObject } from './json.js'
export { randomBytes } from './random.js'
// Reading what a credential says, VCDM 2.0 and 1.1 alike
export {
  achievementOf,
  type CredentialView,
  endorsementsOf,
  issuerIdOf,
  readCredential,
  recipientNameOf,
  statusEntriesOf,
  subjectsOf,
  type Validity,
  validityOf,
} from './reader.js'
export type * from './types.js'
export {
  assertValidCredential,
  type CredentialKind,
  credentialVariant,
  type DataModel,
  type ValidationCode,
  type ValidationErrorCode,
  type ValidationIssue,
  type ValidationResult,
  validateCredential,
} from './validate.js'
export {
  ACHIEVEMENT_TYPES,
  type AchievementType,
  ALIGNMENT_TARGET_TYPES,
  type AlignmentTargetType,
  type ExtensionTerm,
  IDENTIFIER_TYPES,
  type IdentifierType,
  isAchievementType,
  isExtensionTerm,
  RESULT_TYPES,
  type ResultStatus,
  type ResultType,
} from './vocabulary.js'
