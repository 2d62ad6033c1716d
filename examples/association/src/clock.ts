/**
 * The example's clock, in one place: the system's, or the moment ASSOCIATION_NOW names (for a rehearsal
 * of next year's run, or a test). Every date of a run comes from it: the term, validity, the checks, the
 * mails' Date header.
 */
import { isRealDate } from '@tessera/issuer/node'
import { fail } from './errors.js'

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * The moment `text` names: `2031-06-30T23:59:00Z` (a zone is required) or `2031-06-30` (midnight UTC).
 * INVALID_NOW otherwise.
 */
export function parseNow(text: string): Date {
  const value = text.trim()
  const iso = DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value
  const date = new Date(iso)
  if (!DATE_TIME.test(iso) || !isRealDate(iso.slice(0, 10)) || Number.isNaN(date.getTime()))
    fail(
      'INVALID_NOW',
      `ASSOCIATION_NOW=${JSON.stringify(text.slice(0, 40))} is not a date: write 2031-06-30 or 2031-06-30T23:59:00Z`,
    )
  return date
}

/** The clock: fixed at ASSOCIATION_NOW when it is set, else the system's. */
export function clockFrom(env: Readonly<Record<string, string | undefined>>): () => Date {
  const fixed = env.ASSOCIATION_NOW
  if (fixed === undefined || fixed.trim() === '') return () => new Date()
  const now = parseNow(fixed)
  return () => new Date(now)
}
