/**
 * Terms follow the clock: a term is a year starting on the first day of a month (January: calendar
 * years, named `2027`; September: seasons, named `2027-28`), and the term of a moment is the one it falls
 * in. Per-term achievements are earned once in each.
 */
import type { Term } from '@tessera/schema'

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** The term starting in `year` (on the first of `startMonth`, 1-12, at 00:00 UTC), ending a second before the next. */
export function termStarting(year: number, startMonth = 1): Term {
  const start = Date.UTC(year, startMonth - 1, 1)
  const next = Date.UTC(year + 1, startMonth - 1, 1)
  const name = startMonth === 1 ? String(year) : `${year}-${String((year + 1) % 100).padStart(2, '0')}`
  return { name, start: iso(start), end: iso(next - 1000) }
}

/** The term `now` falls in. */
export function termAt(now: Date, startMonth = 1): Term {
  const year = now.getUTCFullYear()
  return now.getTime() < Date.UTC(year, startMonth - 1, 1)
    ? termStarting(year - 1, startMonth)
    : termStarting(year, startMonth)
}
