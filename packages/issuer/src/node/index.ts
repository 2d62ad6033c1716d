/**
 * @tessera/issuer/node: what an issuer does on a Node machine, above the core: the store folder (its
 * profile, secret, database and keys: `initIssuer`, `openIssuer`), members spreadsheets (CSV, TSV, xlsx),
 * baking credentials into images, file names from spreadsheet values, atomic writes and publishing the
 * public files to a folder. Listed name by name.
 */
export { type AtomicWriteOptions, isTemporaryName, writeFileAtomic } from './atomic-write.js'
export { bakePng, bakeSvg, OB3_NAMESPACE, PNG_CREDENTIAL_KEYWORD } from './bake.js'
export { FILE_NAME_MAX_BYTES, fileNameFor, pathInside } from './file-name.js'
export {
  type InitOptions,
  type IssuerProfile,
  initIssuer,
  type OpenedIssuer,
  type OpenIssuerOptions,
  openIssuer,
  openSigningIssuer,
  readProfile,
  type SigningIssuer,
} from './folder.js'
export { publish } from './publish.js'
export {
  type ColumnProblem,
  isRealDate,
  MEMBER_ID_PATTERN,
  type Recipient,
  type RecipientRow,
  type RecipientsOptions,
  type RowErrorCode,
  type RowProblem,
  readRecipients,
} from './recipients.js'
