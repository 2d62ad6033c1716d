/**
 * @tessera/issuer: the issuing core, listed name by name. It runs anywhere (no node: module, no database
 * driver, no Veramo): an `Issuer` on a store (`IssuerStore`: `MemoryIssuerStore` here, SQLite in
 * `@tessera/issuer/sqlite`, PostgreSQL in `@tessera/issuer/postgres`) signing through a `CredentialSigner`
 * (@tessera/proofs; `kmsSigner` of @tessera/veramo over a Veramo KMS). The store folder, spreadsheets,
 * baking and publishing to a folder are `@tessera/issuer/node`'s.
 */
export type { CredentialSigner } from '@tessera/proofs'
export {
  type BatchOptions,
  type BatchProgress,
  type BatchResult,
  type BatchRow,
  BatchStoppedError,
  type BatchSummary,
} from './batch.js'
export { CLR_ACHIEVEMENT_ID, type ClrOptions, type IssuedClr, type LeftOut } from './clr.js'
export type {
  BakeErrorCode,
  ClrErrorCode,
  FileNameErrorCode,
  FolderErrorCode,
  IssueErrorCode,
  IssuerErrorCode,
  PostgresStoreErrorCode,
  RecipientsErrorCode,
  ReminderErrorCode,
  SelfCheckErrorCode,
  SheetErrorCode,
  TemplateErrorCode,
  ZipBoundsErrorCode,
} from './errors.js'
export { isIssuerError } from './errors.js'
export {
  type Issued,
  type IssueOptions,
  Issuer,
  type IssuerOptions,
  type ListCredentialOptions,
  type ProofFormat,
  type StatusChoice,
} from './issuer.js'
export {
  type ChangeAction,
  changeMail,
  deliver,
  type Envelope,
  envelopeFor,
  MAIL_LANGUAGES,
  type MailLanguage,
  type MailRecipient,
  type MailSender,
  type MemberMail,
  type MembershipSettings,
  mailDate,
  mailLanguage,
  mailMessage,
  reminderMail,
} from './membership-mail.js'
export { MemoryIssuerStore } from './memory-store.js'
export {
  type ChangeOptions,
  NOTICE,
  type NoticeOutcome,
  type ResendOptions,
  recordChange,
  resendNotices,
} from './notices.js'
export {
  DEFAULT_SCHEDULE,
  type DueReminder,
  dueReminders,
  membershipSettings,
  parseSchedule,
  REMINDER,
  type RemindOptions,
  type RemindReport,
  reminderKey,
  sendReminders,
  stepAt,
} from './reminders.js'
export { nextTerm } from './renewal.js'
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
  LedgerNote,
  LedgerQuery,
  LedgerRow,
  LedgerStanding,
  LedgerState,
  MemberDirectory,
  MemberRecord,
  StatusIndex,
  StoreErrorCode,
  WriteGroup,
} from './store.js'
export { STORE_FAILURES } from './store.js'
export {
  addDuration,
  assertTemplate,
  type FillOptions,
  fillTemplate,
  rowKey,
  type TemplateRecipient,
} from './template.js'
