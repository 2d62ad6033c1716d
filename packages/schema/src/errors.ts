/**
 * Every error Tessera throws is a `TesseraError` with a stable `code` (a string that never changes
 * between versions, like `jose`'s error codes): match on `code`, never on `message`.
 */
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
