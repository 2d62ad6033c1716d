/**
 * Every error Tessera throws is a `TesseraError` with a stable `code` (a string that never changes
 * between versions, like `jose`'s error codes): match on `code`, never on `message`. This file holds the
 * error class, the helpers every package narrows caught errors with (`hasErrorCode`, `errorCodeOf`:
 * no `(error as { code?: string })` casts at catch sites), and this package's own codes.
 */
import type { BuilderErrorCode } from './builders.js'
import type { ClrBuilderErrorCode } from './clr-builder.js'
import type { IdentityErrorCode } from './identity.js'
import type { InputErrorCode } from './input.js'
import type { ValidationErrorCode } from './validate.js'

export class TesseraError<Code extends string = string> extends Error {
  override readonly name: string = 'TesseraError'
  readonly code: Code
  /** JSON Pointer of the offending value in the input, when there is one. */
  readonly path: string | undefined

  constructor(code: Code, message: string, options?: { path?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.path = options?.path
  }
}

export function isTesseraError(value: unknown): value is TesseraError {
  return value instanceof TesseraError
}

/**
 * The `code` a thrown value carries, when it is a string: a TesseraError's, Node's (`EEXIST`,
 * `ERR_BUFFER_TOO_LARGE`), a database driver's (`SQLITE_CONSTRAINT_UNIQUE`, PostgreSQL's `23505`).
 */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  const { code } = error
  return typeof code === 'string' ? code : undefined
}

/**
 * Whether `error` is an Error whose `code` is one of `codes`: narrows it, so that the code (and, for a
 * TesseraError, the rest) is read without a cast. Each package narrows its own codes with it
 * (`isIssuerError`, `isVerifierError`, ...), which type-check the codes asked for.
 */
export function hasErrorCode<const C extends string>(
  error: unknown,
  ...codes: [C, ...C[]]
): error is Error & { readonly code: C } {
  const code = errorCodeOf(error)
  return error instanceof Error && code !== undefined && (codes as string[]).includes(code)
}

/** A narrowing helper over `Code`: a TesseraError with one of the codes asked for (each checked against `Code`). */
export type TesseraErrorGuard<Code extends string> = <const C extends Code>(
  error: unknown,
  ...codes: [C, ...C[]]
) => error is TesseraError<C>

/**
 * A package's narrowing helper for its code union: `export const isIssuerError = errorGuard<IssuerErrorCode>()`
 * (marked pure, so that a bundle that does not use it drops it).
 */
export function errorGuard<Code extends string>(): TesseraErrorGuard<Code> {
  return <const C extends Code>(error: unknown, ...codes: [C, ...C[]]): error is TesseraError<C> =>
    error instanceof TesseraError && hasErrorCode(error, ...codes)
}

/** Every code this package throws. */
export type SchemaErrorCode =
  | InputErrorCode
  | BuilderErrorCode
  | ClrBuilderErrorCode
  | ValidationErrorCode
  | IdentityErrorCode

/** Whether `error` is a TesseraError of this package with one of `codes`. */
export const isSchemaError = /* @__PURE__ */ errorGuard<SchemaErrorCode>()
