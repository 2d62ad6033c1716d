/**
 * The codes @tessera/verifier throws, its one way to throw them, and the helper that narrows a caught
 * error to them. (A verification does not throw: its result's checks carry these codes and those of
 * @tessera/schema, @tessera/status and @tessera/proofs.)
 */
import { errorGuard, type InputErrorCode, TesseraError } from '@tessera/schema'
import type { BakedErrorCode } from './baked.js'
import type { BudgetErrorCode } from './budget.js'
import type { FetchErrorCode } from './fetch.js'
import type { ResolveErrorCode } from './resolve.js'
import type { TrustErrorCode } from './trust.js'
import type { FederationErrorCode } from './trust-federation.js'
import type { TrustRegistryErrorCode } from './trust-registry.js'

/** Every code this package throws. */
export type VerifierErrorCode =
  | BakedErrorCode
  | BudgetErrorCode
  | FetchErrorCode
  | ResolveErrorCode
  | TrustErrorCode
  | TrustRegistryErrorCode
  | FederationErrorCode
  /** A document that is not among those given, with fetching off. */
  | 'OFFLINE'
  /** A JSON credential whose copy differs from the credential its embedded JWT carries. */
  | 'JWT_COPY_MISMATCH'
  /** A presentation's `verifiableCredential` holding something that is not a credential. */
  | 'MALFORMED_PRESENTATION'
  /** A baked image (PNG or SVG) given to a verifier without the `bakedImages` capability. */
  | 'BAKED_IMAGES_NOT_INSTALLED'
  /** The Veramo provider asked to issue. */
  | 'NOT_AN_ISSUER'
  | Extract<InputErrorCode, 'NOT_AN_OBJECT' | 'INPUT_TOO_LARGE' | 'MALFORMED_JWT'>

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isVerifierError = /* @__PURE__ */ errorGuard<VerifierErrorCode>()

/** The TesseraError `code`, to throw (this package's one way to make one). */
export function verifierError(code: VerifierErrorCode, message: string, cause?: unknown): TesseraError {
  return new TesseraError<VerifierErrorCode>(code, message, cause === undefined ? undefined : { cause })
}

/** Throws the TesseraError `code`. */
export function fail(code: VerifierErrorCode, message: string, cause?: unknown): never {
  throw verifierError(code, message, cause)
}

/** OFFLINE: `url` is needed, is not among the documents given, and fetching is off (one message for all). */
export function offlineError(url: string): TesseraError {
  return verifierError('OFFLINE', `${url} is not among the documents given, and fetching is off`)
}
