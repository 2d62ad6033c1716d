/**
 * The codes @tessera/issuer throws, by concern, its one way to throw them, and the helper that narrows a
 * caught error to them (no casts at catch sites: a driver's or Node's own code is read with `errorCodeOf`).
 * The codes of the stores and the Node layer are declared here too, as plain types, so that the core's
 * declarations name no driver and no Node module.
 */
import { errorGuard, TesseraError } from '@tessera/schema'
import type { CommunicationErrorCode, StoreErrorCode } from './store.js'

/** Issuing, revoking, renewing and batches. */
export type IssueErrorCode = 'NOT_ISSUED_HERE' | 'WRONG_STATE' | 'DUPLICATE_ROW'

/** The check of every credential after it is signed. */
export type SelfCheckErrorCode = 'SIGNED_CREDENTIAL_REJECTED'

/** A member's CLR (clr.ts): none of their credentials can be gathered (none issued, or all left out). */
export type ClrErrorCode = 'NOTHING_TO_GATHER'

/** Templates and their filling. */
export type TemplateErrorCode = 'INVALID_TEMPLATE' | 'INVALID_DURATION' | 'INVALID_RECIPIENT_NAME'

/** Reminders and notices: a schedule that is not days (`60d,14d,0d`), membership settings that lack a field. */
export type ReminderErrorCode = 'INVALID_SCHEDULE' | 'INVALID_MEMBERSHIP_SETTINGS'

/** The PostgreSQL store's options (its failures are `StoreErrorCode`s). */
export type PostgresStoreErrorCode = 'INVALID_SCHEMA_NAME'

/** The store folder (`@tessera/issuer/node`): its profile, its secret, and what it loads when it opens. */
export type FolderErrorCode =
  | 'ALREADY_INITIALISED'
  | 'NOT_INITIALISED'
  | 'STATUS_URL_NEEDED'
  | 'INVALID_SECRET'
  | 'WRONG_SECRET'
  | 'SECRET_REQUIRED'
  /** The store's driver (better-sqlite3 or pg) or @tessera/veramo is not installed: the message says what to install. */
  | 'MODULE_NOT_INSTALLED'

/** Baking a credential into a PNG or SVG. */
export type BakeErrorCode = 'NOT_A_BADGE_IMAGE' | 'MALFORMED_IMAGE' | 'NOT_A_CREDENTIAL'

/** File names made from spreadsheet values. */
export type FileNameErrorCode = 'PATH_OUTSIDE_FOLDER'

/** A workbook's archive, checked in bounded memory before it is read. */
export type ZipBoundsErrorCode = 'INVALID_WORKBOOK' | 'SHEET_TOO_LARGE'

/** Errors that end the read of a spreadsheet: the file or its header cannot be used. */
export type SheetErrorCode =
  | 'FILE_NOT_READABLE'
  | 'INVALID_ENCODING'
  | 'INVALID_WORKBOOK'
  | 'SHEET_TOO_LARGE'
  | 'ROW_TOO_LARGE'
  | 'MISSING_COLUMNS'

/** Errors that end the read of a recipients sheet. */
export type RecipientsErrorCode = SheetErrorCode | 'DUPLICATE_COLUMNS'

export type { CommunicationErrorCode, StoreErrorCode }

/** Every code this package throws. */
export type IssuerErrorCode =
  | BakeErrorCode
  | ClrErrorCode
  | CommunicationErrorCode
  | FileNameErrorCode
  | FolderErrorCode
  | IssueErrorCode
  | PostgresStoreErrorCode
  | RecipientsErrorCode
  | ReminderErrorCode
  | SelfCheckErrorCode
  | StoreErrorCode
  | TemplateErrorCode
  | ZipBoundsErrorCode

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isIssuerError = /* @__PURE__ */ errorGuard<IssuerErrorCode>()

/** The TesseraError `code`, with `cause` when there is one. */
export function issuerError<const C extends IssuerErrorCode>(
  code: C,
  message: string,
  cause?: unknown,
): TesseraError<C> {
  return new TesseraError<C>(code, message, cause === undefined ? undefined : { cause })
}

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(code: IssuerErrorCode, message: string, cause?: unknown): never {
  throw issuerError(code, message, cause)
}
