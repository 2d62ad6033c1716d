/**
 * The codes @tessera/issuer throws, its one way to throw them, and the helper that narrows a caught error
 * to them (no casts at catch sites: a driver's or Node's own code is read with `errorCodeOf`).
 */
import { errorGuard, TesseraError } from '@tessera/schema'
import type { AgentErrorCode } from './agent.js'
import type { BakeErrorCode } from './bake.js'
import type { FileNameErrorCode } from './file-name.js'
import type { FolderErrorCode } from './folder.js'
import type { IssueErrorCode } from './issuer.js'
import type { KmsErrorCode } from './kms.js'
import type { PostgresStoreErrorCode } from './postgres-store.js'
import type { RecipientsErrorCode } from './recipients.js'
import type { SignCheckedErrorCode } from './sign-checked.js'
import type { CommunicationErrorCode, StoreErrorCode } from './store.js'
import type { TemplateErrorCode } from './template.js'
import type { VeramoProviderErrorCode } from './veramo.js'
import type { ZipBoundsErrorCode } from './zip-bounds.js'

/** Every code this package throws. */
export type IssuerErrorCode =
  | AgentErrorCode
  | BakeErrorCode
  | CommunicationErrorCode
  | FileNameErrorCode
  | FolderErrorCode
  | IssueErrorCode
  | KmsErrorCode
  | PostgresStoreErrorCode
  | RecipientsErrorCode
  | SignCheckedErrorCode
  | StoreErrorCode
  | TemplateErrorCode
  | VeramoProviderErrorCode
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
