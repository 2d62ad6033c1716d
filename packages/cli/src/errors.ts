/**
 * The codes the `tessera` command throws of its own (besides the libraries'), its one way to throw them,
 * and the helper that narrows a caught error to them. main.ts prints any coded error as `<command>: CODE:
 * message` without loading this module for `--help`.
 */
import { errorGuard, TesseraError } from '@tessera/schema'
import type { StatusErrorCode } from '@tessera/status'
import type { ReadErrorCode } from './read-input.js'

/** A command line that cannot be used (exit 2 with the command's usage). */
export type UsageErrorCode = 'USAGE'

/** A `--since` that is not a real date (tessera report). */
export type DateErrorCode = 'INVALID_DATE'

/** Every code this package throws (a file that is no status list is the status package's MALFORMED_VALUE_ERROR). */
export type CliErrorCode =
  | ReadErrorCode
  | UsageErrorCode
  | DateErrorCode
  | Extract<StatusErrorCode, 'MALFORMED_VALUE_ERROR'>

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isCliError = /* @__PURE__ */ errorGuard<CliErrorCode>()

/** Throws the TesseraError `code` (this package's one way to fail). */
export function fail(code: CliErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<CliErrorCode>(code, message, cause === undefined ? undefined : { cause })
}
