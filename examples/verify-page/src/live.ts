/**
 * A credential page's live check (the site's `/c/<short id>/` pages load this module from the built verify
 * page, same origin): fetches the page's credential, verifies it with @tessera/verifier in the visitor's
 * browser (signature, issuer key, dates, revocation list), and says the verdict in the page's own words,
 * which the page carries in data attributes (so the module needs no language files).
 */
import { isTesseraError } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import { fetchOptionsFor } from './fetch-options.js'

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
    const failed = result.checks.filter((c) => !c.ok).map((c) => c.code)
    if (failed.includes('REVOKED')) return say('revoked', words.revoked ?? '')
    if (failed.includes('SUSPENDED')) return say('suspended', words.suspended ?? '')
    say('failed', `${words.notVerified ?? ''} (${failed.join(', ')})`)
  } catch (error) {
    say(
      'failed',
      (words.couldNotLoad ?? '').replace('{code}', isTesseraError(error) ? error.code : 'INTERNAL'),
    )
  }
}

const box = document.getElementById('live')
if (box !== null) void check(box)
