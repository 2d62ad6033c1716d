/**
 * The example's own failures, each with a stable code (the README lists them): what a staff member can
 * act on, said without a stack trace. Failures of the libraries keep their own codes.
 */
import { TesseraError } from '@tessera/schema'

export type ExampleErrorCode =
  /** ASSOCIATION_NOW is not a date. */
  | 'INVALID_NOW'
  /** The command line is not one the example knows. */
  | 'BAD_ARGUMENTS'
  /** The store (the association's keys) would sit inside the output folder, or hold it. */
  | 'STORE_INSIDE_OUTPUT'
  /** The store of an earlier version (out/store) could not be moved to its own folder. */
  | 'STORE_NOT_MOVED'
  /** No store, but the output folder holds credentials: the store was lost or moved, not made anew. */
  | 'STORE_MISSING'
  /** The disk holding the output folder is full (or its quota): nothing was half-written. */
  | 'OUTPUT_FULL'
  /** The output folder cannot be written (permissions, a read-only disk). */
  | 'OUTPUT_NOT_WRITABLE'
  /** --revoke of a member who holds no standing membership. */
  | 'NO_STANDING_MEMBERSHIP'
  /** --resend --member of a member the spreadsheet does not list (or who left). */
  | 'NOT_A_MEMBER'
  /** The verify page could not be built. */
  | 'VERIFY_PAGE_NOT_BUILT'
  /** --verify before anything was published. */
  | 'NOTHING_PUBLISHED'

export function fail(code: ExampleErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<ExampleErrorCode>(code, message, cause === undefined ? undefined : { cause })
}
