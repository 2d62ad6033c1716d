/**
 * The languages the site speaks: every file of `locales/` (one per language, named by its code), found
 * when first asked for, so that adding a language is adding its file. Node only (it reads the folder);
 * the verify page's build finds the same files through its Vite config.
 */
import { readdirSync } from 'node:fs'
import { fail } from './errors.js'
import type { Locale } from './locales/en.js'

const FOLDER = new URL('./locales/', import.meta.url)
/** A locale module's file: `fr.ts` in the sources, `fr.js` once built (declarations left out). */
const LOCALE_FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?:ts|js)$/

let loaded: Promise<ReadonlyMap<string, Locale>> | undefined

/** Every language there is a file for, by code. */
export function locales(): Promise<ReadonlyMap<string, Locale>> {
  loaded ??= (async () => {
    const found = new Map<string, Locale>()
    const files = readdirSync(FOLDER).filter((name) => !name.endsWith('.d.ts'))
    for (const file of files.sort()) {
      const code = LOCALE_FILE.exec(file)?.[1]
      if (code === undefined) continue
      const module = (await import(new URL(file, FOLDER).href)) as { default: Locale }
      found.set(code, module.default)
    }
    return found
  })()
  return loaded
}

/** The language codes there are files for, sorted. */
export async function languages(): Promise<string[]> {
  return [...(await locales()).keys()]
}

/** The locale of `code`; LANGUAGE_UNKNOWN when there is no file for it. */
export async function localeOf(code: string): Promise<Locale> {
  const all = await locales()
  const locale = all.get(code)
  if (locale === undefined)
    fail(
      'LANGUAGE_UNKNOWN',
      `no language file for ${JSON.stringify(code)}: there are ${[...all.keys()].join(', ')}`,
    )
  return locale
}
