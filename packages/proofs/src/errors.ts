/**
 * The codes @tessera/proofs throws, its one way to throw them, and the helper that narrows a caught error
 * to them. Proof checks do not throw for a bad proof: they return an `Outcome` with its code.
 */
import { errorGuard, TesseraError } from '@tessera/schema'

/** A key that cannot be read or used: private material, an unknown curve, an RSA key under 2048 bits. */
export type KeyErrorCode = 'UNSUPPORTED_KEY'
/** A verification method that a DID document does not list, or a DID that holds no document. */
export type KeyLookupErrorCode = 'CANNOT_DEREFERENCE' | 'KEY_NOT_FOUND'
/**
 * Signing refused: the signer is not the credential's issuer or cannot make the proof
 * (SIGNER_MISMATCH), or JSON-LD safe mode refuses the credential (CONTEXT_ERROR).
 */
export type SignErrorCode = 'SIGNER_MISMATCH' | 'CONTEXT_ERROR'
/** A JSON-LD context that is not bundled: contexts are never fetched. */
export type ContextErrorCode = 'CONTEXT_NOT_BUNDLED'
/**
 * A `__proto__` jsonld.js would misread (the JSON parser's code for it), or a document JSON-LD safe mode
 * refuses to canonicalise (CONTEXT_ERROR).
 */
export type CanonizeErrorCode = 'UNSAFE_KEY' | 'CONTEXT_ERROR'

/** Every code this package throws. */
export type ProofsErrorCode =
  | KeyErrorCode
  | KeyLookupErrorCode
  | SignErrorCode
  | ContextErrorCode
  | CanonizeErrorCode

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isProofsError = /* @__PURE__ */ errorGuard<ProofsErrorCode>()

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(
  code: ProofsErrorCode,
  message: string,
  cause?: unknown,
  options: { path?: string } = {},
): never {
  throw new TesseraError<ProofsErrorCode>(
    code,
    message,
    cause === undefined ? options : { ...options, cause },
  )
}
