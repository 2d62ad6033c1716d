/**
 * The browser the page tests drive: Debian's Chromium (`.ci/run` installs it when missing), headless, in
 * a profile of its own and kept off the network's background chatter; and the content types a local
 * server answers a built page with.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/** The content types of a built page's files. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

/** The content type to answer `file` with. */
export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'

/**
 * Chromium, headless, in a new profile folder (the caller removes it when done); a clear error when it is
 * not installed.
 */
export async function launchChromium(
  options: {
    viewport?: { width: number; height: number }
    /** The browser's language and locale (`navigator.languages`, Intl), such as `fr-FR`. */
    locale?: string
  } = {},
): Promise<{ context: BrowserContext; profile: string }> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does when it is missing)`,
    )
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  })
  return { context, profile }
}
