/**
 * @tessera/issuer: the public API, listed name by name. Signing itself (`signJwt`, `signDataIntegrity`)
 * is @tessera/proofs's; the issuer signs through a `CredentialSigner` (`kmsSigner` over its KMS).
 */
export type { CredentialSigner } from '@tessera/proofs'
export {
  type AgentErrorCode,
  type DidChoice,
  type IssuerAgent,
  loadSecret,
  openIssuerAgent,
} from './agent.js'
export {
  type AtomicWriteOptions,
  isTemporaryName,
  writeFileAtomic,
} from './atomic-write.js'
export {
  type BakeErrorCode,
  bakePng,
  bakeSvg,
  OB3_NAMESPACE,
  PNG_CREDENTIAL_KEYWORD,
} from './bake.js'
export {
  didJwkOf,
  didKeyOf,
  didWebDocument,
  type KeyDid,
  TesseraKeyDIDProvider,
  webKeyFragment,
  webKeysInOrder,
} from './dids.js'
export {
  type IssuerErrorCode,
  isIssuerError,
} from './errors.js'
export {
  FILE_NAME_MAX_BYTES,
  type FileNameErrorCode,
  fileNameFor,
  pathInside,
} from './file-name.js'
export {
  type FolderErrorCode,
  type InitOptions,
  type IssuerProfile,
  initIssuer,
  type OpenedIssuer,
  type OpenIssuerOptions,
  openIssuer,
  readProfile,
} from './folder.js'
export {
  type BatchOptions,
  type BatchProgress,
  type BatchResult,
  type BatchRow,
  BatchStoppedError,
  type BatchSummary,
  type Issued,
  type IssueErrorCode,
  type IssueOptions,
  Issuer,
  type IssuerOptions,
  nextTerm,
  type StatusChoice,
} from './issuer.js'
export {
  KEY_ALGORITHMS,
  type KmsErrorCode,
  publicJwk,
  TesseraKeyManagementSystem,
  type TesseraKeyType,
} from './kms.js'
export { kmsSigner } from './kms-signer.js'
export {
  PostgresIssuerStore,
  type PostgresStoreErrorCode,
  type PostgresStoreOptions,
} from './postgres-store.js'
export {
  type ColumnProblem,
  isRealDate,
  MEMBER_ID_PATTERN,
  type Recipient,
  type RecipientRow,
  type RecipientsErrorCode,
  type RecipientsOptions,
  type RowErrorCode,
  type RowProblem,
  readRecipients,
} from './recipients.js'
export {
  type ProofFormat,
  type SignCheckedErrorCode,
  signChecked,
} from './sign-checked.js'
export {
  SqliteIssuerStore,
  type SqliteStoreOptions,
} from './sqlite-store.js'
export type {
  CommunicationErrorCode,
  CommunicationKey,
  CommunicationLog,
  CommunicationOutcome,
  CommunicationQuery,
  CommunicationRow,
  CommunicationState,
  HeldEntry,
  IssuerStore,
  LedgerQuery,
  LedgerRow,
  LedgerState,
  StoreErrorCode,
  WriteGroup,
} from './store.js'
export {
  addDuration,
  assertTemplate,
  type FillOptions,
  fillTemplate,
  rowKey,
  type TemplateErrorCode,
  type TemplateRecipient,
} from './template.js'
export {
  TESSERA_PROOF_FORMATS,
  TesseraIssuerProvider,
  type VeramoProviderErrorCode,
} from './veramo.js'
