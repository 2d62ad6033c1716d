import { isTesseraError } from '@tessera/schema'

/** What a proof or key check concluded: ok, or a code and a reason. */
export interface Outcome {
  ok: boolean
  code?: string
  message: string
}

export const passed = (message: string): Outcome => ({ ok: true, message })
export const failed = (code: string, message: string): Outcome => ({ ok: false, code, message })

/** A thrown error as a failed outcome: its code when it is a TesseraError, `fallback` otherwise. */
export function failedFrom(error: unknown, fallback: string): Outcome {
  if (isTesseraError(error)) return failed(error.code, error.message)
  return failed(fallback, error instanceof Error ? error.message : String(error))
}
