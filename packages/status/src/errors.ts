import { errorGuard, TesseraError } from '@tessera/schema'

/**
 * Error codes. The first five are the Bitstring Status List Recommendation's own names; the others are
 * Tessera's, for what the Recommendation does not name.
 */
export type StatusErrorCode =
  | 'STATUS_RETRIEVAL_ERROR'
  | 'STATUS_VERIFICATION_ERROR'
  | 'STATUS_LIST_LENGTH_ERROR'
  | 'RANGE_ERROR'
  | 'MALFORMED_VALUE_ERROR'
  /** An entry of a status method Tessera does not check (1EdTechRevocationList, ...). */
  | 'UNSUPPORTED_STATUS_METHOD'
  /** Issuer side: an index that was never allocated. */
  | 'UNKNOWN_STATUS_ENTRY'
  /** Issuer side: a revoked entry cannot change again. */
  | 'STATUS_IS_FINAL'
  /** Issuer side: suspending on a revocation list, revoking on a suspension list, ... */
  | 'WRONG_STATUS_PURPOSE'
  /** Issuer side: a list size, status size or message table that cannot be. */
  | 'INVALID_LIST_OPTIONS'
  /** A renewal whose next term ends before it starts, or starts before the current one. */
  | 'INVALID_RENEWAL'

export class StatusError extends TesseraError<StatusErrorCode> {
  override readonly name = 'StatusError'
}

export function statusError(code: StatusErrorCode, message: string, cause?: unknown): StatusError {
  return new StatusError(code, message, cause === undefined ? undefined : { cause })
}

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isStatusError = /* @__PURE__ */ errorGuard<StatusErrorCode>()
