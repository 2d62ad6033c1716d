/**
 * The page's words: the site's language files (packages/site/src/locales, one file per language, each
 * checked against English by the compiler), found by the build (`@tessera/site/locales/*`, see
 * vite.config.ts), so that a language added there is spoken here too. Each file becomes a small chunk of
 * its own and only the visitor's is loaded; the site generator itself is not in the bundle.
 */
/// <reference types="vite/client" />
import type { Locale } from '@tessera/site/languages'

const FILES = import.meta.glob<Locale>('@site-locales/*.ts', { import: 'default' })

const loaders = new Map(
  Object.entries(FILES).map(([path, load]) => [/([^/]+)\.ts$/.exec(path)?.[1] ?? path, load]),
)

/** The language codes there are files for, sorted. */
export const LANGUAGES: readonly string[] = [...loaders.keys()].sort()

/** The locale of `code` (one of LANGUAGES). */
export function loadLocale(code: string): Promise<Locale> {
  const load = loaders.get(code) ?? loaders.get('en')
  if (load === undefined) throw new Error(`the page has no language file for ${code}`)
  return load()
}
