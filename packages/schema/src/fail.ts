/** This package's one way to throw: internal (not part of the public API, which the errors module is). */
import { type SchemaErrorCode, TesseraError } from './errors.js'

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(
  code: SchemaErrorCode,
  message: string,
  options?: { path?: string; cause?: unknown },
): never {
  throw new TesseraError<SchemaErrorCode>(code, message, options)
}
