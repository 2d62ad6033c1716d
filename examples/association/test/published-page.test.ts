// The published site (out/site/current) is the association's website: put at https://bookbinders.example/
// (here, Chromium's requests to that address are answered from the folder), its verify/ page opens the long
// share link of a member without a public page and says the credential is genuine, and says a revoked
// membership is revoked, at the date of the run.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathInside } from '@tessera/issuer/node'
import { contentTypeOf, launchChromium } from '@tessera/testkit/browser'
import type { BrowserContext, Page } from 'playwright-core'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runAt, sheetFile, tempFolders } from './run-helpers.js'

const NOW = '2027-03-15T10:00:00Z'
const SITE = 'https://bookbinders.example'
const folders = tempFolders('association-site')
const publish = join(folders.out, 'site', 'current')
let context: BrowserContext | undefined
let profile: string | undefined
/** Every address the page asked for. */
const asked: string[] = []

test.before(async () => {
  const members = sheetFile(folders.root, [
    'A-1,Ann Archer,ann@example.org,2015-02-01,Full member,,yes,yes,,,',
    'A-2,Bea Baker,bea@example.org,2021-05-05,Full member,,,,,,',
  ])
  const issued = await runAt(NOW, [], { folders, members })
  assert.is(issued.code, 0, issued.text)
  const revoked = await runAt(NOW, ['--revoke', 'A-2'], { folders, members })
  assert.is(revoked.code, 0, revoked.text)
})

test('site/current/verify holds the page: index.html and every file it loads, by relative paths', () => {
  const index = join(publish, 'verify', 'index.html')
  assert.ok(existsSync(index), 'no verify/index.html in the site')
  const html = readFileSync(index, 'utf8')
  const loaded = [...html.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((m) => m[1] as string)
  assert.ok(
    loaded.some((path) => path.endsWith('.js')),
    'the page loads no script',
  )
  for (const path of loaded) {
    assert.ok(path.startsWith('./'), `${path} is not relative: the page would not work under /verify/`)
    assert.ok(existsSync(join(publish, 'verify', path)), `${path} is missing`)
  }
  assert.ok(existsSync(join(publish, 'status', 'revocation-1.json')))
  // the page's trusted list: this association's own DID, under its name
  const did = JSON.parse(readFileSync(join(folders.store, 'tessera.json'), 'utf8')).did
  assert.equal(JSON.parse(readFileSync(join(publish, 'verify', 'trust.json'), 'utf8')), {
    issuers: [{ id: did, name: 'Guild of Independent Bookbinders' }],
  })
})

async function opened(link: string): Promise<{ state: string | undefined; verdict: string }> {
  if (context === undefined) {
    const launched = await launchChromium()
    context = launched.context
    profile = launched.profile
    // The website is the published site; nothing else answers.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url())
      asked.push(url.href)
      if (url.origin !== SITE) return route.abort('addressunreachable')
      const path = decodeURIComponent(url.pathname)
      let file: string
      try {
        file = pathInside(publish, `.${path.endsWith('/') ? `${path}index.html` : path}`)
      } catch {
        return route.fulfill({ status: 404, body: 'not found' })
      }
      if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' })
      return route.fulfill({
        status: 200,
        headers: {
          'content-type': contentTypeOf(file),
          'access-control-allow-origin': '*',
        },
        body: readFileSync(file),
      })
    })
  }
  const page: Page = await context.newPage()
  await page.clock.setFixedTime(new Date(NOW))
  await page.goto(link)
  await page.waitForSelector('#result[data-state]', { timeout: 30_000 })
  const shown = await page.evaluate(() => ({
    state: document.getElementById('result')?.dataset.state,
    verdict: document.getElementById('verdict')?.textContent ?? '',
  }))
  await page.close()
  return shown
}

const linkOf = (name: string) =>
  (JSON.parse(readFileSync(join(folders.out, 'links', name), 'utf8')) as { verify: string }).verify

test('a member’s share link opens the published page, which verifies the certificate', async () => {
  const link = linkOf('A-1-certified-practitioner.json')
  assert.match(link, /^https:\/\/bookbinders\.example\/verify\/#ey/)
  const shown = await opened(link)
  // Genuine and in force; the page may add that no trusted list names the issuer (a did:key).
  assert.ok(['verified', 'unknown-issuer'].includes(shown.state ?? ''), `${shown.state}: ${shown.verdict}`)
  assert.match(shown.verdict, /^Verified|signature holds and the badge is in force/)
  assert.ok(asked.includes(`${SITE}/status/revocation-1.json`), 'the status list was read from the site')
})

test('the revoked membership shows as revoked', async () => {
  const shown = await opened(linkOf('A-2-membership-2027.json'))
  assert.is(shown.state, 'failed', shown.verdict)
  assert.match(shown.verdict, /Revoked/)
})

test.after(async () => {
  await context?.close()
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true })
  folders.remove()
})

test.run()
