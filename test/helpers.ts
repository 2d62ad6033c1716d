import { isTesseraError } from '@tessera/schema'

/** The code of the TesseraError that `fn` throws; anything else (or nothing) fails the test. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (isTesseraError(error)) return error.code
    throw error
  }
  throw new Error('expected a TesseraError, nothing was thrown')
}
