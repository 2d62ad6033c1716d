/**
 * Choosing a language and writing dates in it: isomorphic (no Node module), so that the verify page in
 * the browser picks the visitor's language from `navigator.languages` the way the site picks the
 * association's, and writes dates the same way.
 */
import type { Locale } from './locales/en.js'

export type { StatementWords } from '@tessera/schema'
export type { Locale } from './locales/en.js'

/**
 * The best of `available` (language codes: `en`, `fr`, `pt-BR`) for a visitor's preferences in order
 * (BCP 47 tags, as `navigator.languages` gives them): an exact tag first, then its language alone
 * (`fr-CA` takes `fr`), then the first language of `available` with the same primary language;
 * `fallback` when none fits.
 */
export function pickLanguage(
  preferences: readonly string[],
  available: readonly string[],
  fallback = 'en',
): string {
  const byLower = new Map(available.map((code) => [code.toLowerCase(), code]))
  for (const preference of preferences) {
    const tag = preference.trim().toLowerCase()
    if (tag === '') continue
    const exact = byLower.get(tag)
    if (exact !== undefined) return exact
    const primary = tag.split('-')[0] as string
    const base = byLower.get(primary)
    if (base !== undefined) return base
    const sibling = available.find((code) => code.toLowerCase().split('-')[0] === primary)
    if (sibling !== undefined) return sibling
  }
  return fallback
}

/**
 * A date as people of the locale read it, in UTC (so every reader sees the same day): "15 March 2027",
 * "15 mars 2027", "15. März 2027"; with the time when it is not midnight ("…, 10:00 UTC"). Text that is not
 * a date comes back as it is; a value that is not text as the locale's "an unknown date".
 */
export function formatDate(value: unknown, locale: Pick<Locale, 'intl' | 'verify'>): string {
  if (typeof value !== 'string') return locale.verify.unknownDate
  const time = Date.parse(value)
  if (Number.isNaN(time)) return value
  const date = new Date(time)
  const day = new Intl.DateTimeFormat(locale.intl, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
  if (date.getUTCHours() === 0 && date.getUTCMinutes() === 0) return day
  const clock = new Intl.DateTimeFormat(locale.intl, { timeStyle: 'short', timeZone: 'UTC' }).format(date)
  return `${day}, ${clock} ${locale.verify.utc}`
}

/** A number written the locale's way (1,234 / 1 234 / 1.234). */
export function formatNumber(value: number, locale: Pick<Locale, 'intl'>): string {
  return new Intl.NumberFormat(locale.intl).format(value)
}
