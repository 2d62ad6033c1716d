/**
 * The page's fixed words in its language: `<html lang>`, the title, every element marked
 * `data-words="<key>"` (a key of the locale's `verify` words), and the language picker, whose links
 * keep the credential in the fragment (`?lang=fr#…`) and name each language in itself (Intl.DisplayNames,
 * so no other language's file is loaded to say its name).
 */
import type { Locale } from '@tessera/site/languages'

function ownName(code: string): string {
  let name: string | undefined
  try {
    name = new Intl.DisplayNames([code], { type: 'language' }).of(code)
  } catch {
    name = undefined
  }
  const shown = name ?? code
  return shown.charAt(0).toLocaleUpperCase(code) + shown.slice(1)
}

export function applyPageWords(locale: Locale, languages: readonly string[]): void {
  document.documentElement.lang = locale.code
  const words: Readonly<Record<string, unknown>> = locale.verify
  for (const node of Array.from(document.querySelectorAll<HTMLElement>('[data-words]'))) {
    const text = words[node.dataset.words ?? '']
    if (typeof text === 'string') node.textContent = text
  }
  document.title = locale.verify.title
  const nav = document.getElementById('languages')
  if (nav === null || languages.length < 2) return
  nav.setAttribute('aria-label', locale.site.languageLabel)
  nav.replaceChildren(
    ...languages.map((code) => {
      const link = document.createElement('a')
      link.lang = code
      link.hreflang = code
      link.textContent = ownName(code)
      const search = new URLSearchParams(location.search)
      search.set('lang', code)
      link.href = `?${search}${location.hash}`
      if (code === locale.code) link.setAttribute('aria-current', 'true')
      return link
    }),
  )
  nav.hidden = false
}
