/**
 * The codes @tessera/veramo throws, its one way to throw them, and the helper that narrows a caught error
 * to them. Veramo's own errors (an unknown DID, a store's) pass through as Veramo throws them.
 */
import { errorGuard, TesseraError } from '@tessera/schema'

/** The key management system's: a key it cannot make, read or use. */
export type KmsErrorCode =
  | 'UNSUPPORTED_KEY_TYPE'
  | 'ALGORITHM_NOT_SUPPORTED'
  | 'KEY_NOT_FOUND'
  | 'INVALID_KEY'

/** The issuer's agent's: its database, its secret, its DIDs and their keys. */
export type AgentErrorCode =
  /** The key database cannot be opened (the message says why; a password never appears in it). */
  | 'KEY_DATABASE_UNAVAILABLE'
  | 'INVALID_SECRET'
  | 'WRONG_SECRET'
  | 'NO_ISSUER_DID'
  | 'INVALID_DID_CHOICE'
  | 'ROTATION_NEEDS_DID_WEB'
  | 'UNKNOWN_KEY'
  | 'KEY_IN_USE'

/** The credential providers': a provider asked for what it does not do, or a credential that did not check. */
export type ProviderErrorCode =
  | 'NOT_A_VERIFIER'
  | 'NOT_AN_ISSUER'
  | 'UNSUPPORTED_PROOF_FORMAT'
  | 'SIGNED_CREDENTIAL_REJECTED'

/** Every code this package throws. */
export type VeramoErrorCode = KmsErrorCode | AgentErrorCode | ProviderErrorCode

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isVeramoError = /* @__PURE__ */ errorGuard<VeramoErrorCode>()

/** The TesseraError `code`, with `cause` when there is one. */
export function veramoError<const C extends VeramoErrorCode>(
  code: C,
  message: string,
  cause?: unknown,
): TesseraError<C> {
  return new TesseraError<C>(code, message, cause === undefined ? undefined : { cause })
}

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(code: VeramoErrorCode, message: string, cause?: unknown): never {
  throw veramoError(code, message, cause)
}
