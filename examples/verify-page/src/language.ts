/**
 * Which language the page speaks: `?lang=<code>` when the page has that language (a link or the page's
 * picker chose it), otherwise the best of the visitor's browser languages (`navigator.languages`),
 * English when none fits. Pure, so that it is tested without a browser.
 */
import { pickLanguage } from '@tessera/site/languages'

export { formatDate, type Locale, pickLanguage } from '@tessera/site/languages'

/** The language for a page at `search` (`location.search`) and a browser asking for `preferences`. */
export function chooseLanguage(
  search: string,
  preferences: readonly string[],
  available: readonly string[],
): string {
  const asked = new URLSearchParams(search).get('lang')
  if (asked !== null) {
    const chosen = available.find((code) => code.toLowerCase() === asked.trim().toLowerCase())
    if (chosen !== undefined) return chosen
  }
  return pickLanguage(preferences, available, available.includes('en') ? 'en' : (available[0] ?? 'en'))
}
