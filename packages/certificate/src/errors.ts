/**
 * The codes @tessera/certificate throws, its one way to throw them, and the helper that narrows a caught
 * error to them. A row whose certificate cannot be made is refused with one of these codes, never printed
 * with a blank where the name should be.
 */
import { errorGuard, TesseraError } from '@tessera/schema'

export type CertificateErrorCode =
  /** The credential lacks what a certificate prints (its id, issuer, validFrom, achievement name). */
  | 'NOT_A_CREDENTIAL'
  /** The member's name has characters that no font of the chain draws (the message names them, U+XXXX). */
  | 'NAME_NOT_RENDERABLE'
  /** Another text of the certificate (achievement, issuer, description) has characters no font draws. */
  | 'TEXT_NOT_RENDERABLE'
  /** The characters belong to a script whose font package is not installed (an optional dependency). */
  | 'FONT_NOT_INSTALLED'
  /** A font file given in `fonts` cannot be read or is no TrueType/OpenType font. */
  | 'FONT_NOT_READABLE'
  /** The name does not fit on two lines at 14 pt, the legible minimum. */
  | 'NAME_TOO_LONG'
  /** The achievement's or the issuer's name does not fit at its minimum size. */
  | 'TEXT_TOO_LONG'
  /** The verification URL does not fit in a QR code. */
  | 'URL_TOO_LONG_FOR_QR'
  /** The locale is no BCP 47 language tag that Intl knows. */
  | 'INVALID_LOCALE'

/** Whether `error` is a TesseraError of this package with one of `codes`. */
export const isCertificateError = /* @__PURE__ */ errorGuard<CertificateErrorCode>()

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(code: CertificateErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<CertificateErrorCode>(code, message, cause === undefined ? undefined : { cause })
}
