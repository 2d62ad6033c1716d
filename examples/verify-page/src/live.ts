/**
 * A credential page's live check (the site's `/c/<short id>/` pages load this module from the built verify
 * page, same origin): fetches the page's credential, verifies it with @tessera/verifier in the visitor's
 * browser (signature, issuer key, dates, revocation list), and says the verdict in the page's own words:
 * the short verdicts the page carries in data attributes, and, when a check fails, why, in the page's
 * language (`<html lang>`): each failed check's plain sentence and its technical line by VerificationCode,
 * from the same language file and the same functions (reasons.ts) as the verify page, loaded as the
 * verify page loads it (one small chunk, the page's language only). The codes alone when that file
 * cannot be loaded.
 */
import { displayText, isTesseraError } from '@tessera/schema'
import { type Check, type VerificationResult, Verifier } from '@tessera/verifier'
import { fetchOptionsFor } from './fetch-options.js'
import type { Locale } from './language.js'
import { loadLocale } from './locales.js'
import { describeCheck, technicalLine } from './reasons.js'

declare const __TESSERA_LOCAL_FETCH_HOSTS__: readonly string[]

const MAX_CREDENTIAL_BYTES = 64 * 1024

async function check(box: HTMLElement): Promise<void> {
  const words = box.dataset
  const say = (state: string, text: string) => {
    box.dataset.state = state
    box.textContent = text
  }
  const path = words.credential ?? ''
  let text: string
  try {
    // Same origin only: the page names a path of its own site.
    if (!path.startsWith('/')) throw new Error('not a path of this site')
    const response = await fetch(path, { credentials: 'omit', cache: 'no-cache' })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    text = await response.text()
    if (text.length > MAX_CREDENTIAL_BYTES) throw new Error('too large')
  } catch {
    say('failed', (words.couldNotLoad ?? '').replace('{code}', 'FETCH_FAILED'))
    return
  }
  const verifier = new Verifier({ fetch: fetchOptionsFor(__TESSERA_LOCAL_FETCH_HOSTS__) })
  try {
    const result = await verifier.verifyCredential(text.trim())
    if (result.verified) return say('verified', words.verified ?? '')
    const failed = result.checks.filter((c) => !c.ok)
    const codes = failed.map((c) => c.code)
    if (codes.includes('REVOKED')) return say('revoked', words.revoked ?? '')
    if (codes.includes('SUSPENDED')) return say('suspended', words.suspended ?? '')
    let locale: Locale
    try {
      locale = await loadLocale(document.documentElement.lang)
    } catch {
      return say('failed', `${words.notVerified ?? ''} (${codes.join(', ')})`)
    }
    box.replaceChildren(...failureNodes(result, failed, locale))
    box.dataset.state = 'failed'
  } catch (error) {
    say(
      'failed',
      (words.couldNotLoad ?? '').replace('{code}', isTesseraError(error) ? error.code : 'INTERNAL'),
    )
  }
}

/** Text from the credential or the verifier, as shown: controls and bidirectional overrides removed. */
const safe = (text: string, maxLength: number) => displayText(text, { maxLength }).text

/**
 * "Not verified: <the first failed check's sentence>" and, under it, each failed check's technical line
 * (its code and what the code means in the page's language; the verifier's English, said to be English,
 * where the language has no line for it), as the verify page shows them.
 */
function failureNodes(result: VerificationResult, failed: readonly Check[], locale: Locale): Node[] {
  const t = locale.verify
  const first = failed[0]
  const reason =
    first === undefined
      ? ''
      : safe(describeCheck(first, result.credential, locale, result.format).reason, 400)
  const verdict = `${first === undefined ? t.notVerified : t.notVerifiedBecause(reason)}${
    failed.length > 1 ? ` ${t.failedCount(failed.length)}` : ''
  }`
  return [
    document.createTextNode(verdict),
    ...failed.map((check) => {
      const line = technicalLine(check, locale)
      const detail = document.createElement('small')
      detail.className = 'detail'
      if (line.lang !== undefined && line.lang !== locale.code) detail.lang = line.lang
      detail.dataset.code = check.code ?? ''
      detail.textContent = safe(line.text, 600)
      return detail
    }),
  ]
}

const box = document.getElementById('live')
if (box !== null) void check(box)
