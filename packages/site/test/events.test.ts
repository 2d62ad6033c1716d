// Count-only events on the site (issue #18): built with the service's events URL, achievement and
// credential pages load the site's own events script, with the achievement (and on a public credential
// page the credential) and nothing else, and their CSP allows exactly that origin in connect-src; built
// without it, no page has a script it did not have and the CSP is unchanged. The script, run against a
// stub page, sends a view at once, a download and a LinkedIn add when those links are followed, and a
// verification when the live check says verified: bodies of type, achievement and credential only.
import { runInNewContext } from 'node:vm'
import { thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { EVENTS_SCRIPT } from '../src/events-script.js'
import { buildSite } from '../src/index.js'
import { policyOf } from '../src/pages.js'
import { SITE, siteInput, text } from './fixtures.js'

const EVENTS = 'https://guild.example/wallet/events'
const ACHIEVEMENT = `${SITE}achievements/membership-2027`

const policy = (page: string) =>
  /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(page)?.[1]?.replaceAll('&#39;', "'") ?? ''
const directive = (page: string, name: string) =>
  policy(page)
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `))
const scripts = (page: string) => [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])

test('with eventsUrl: achievement and credential pages send to that origin only, from the site own script', async () => {
  const site = await buildSite(siteInput({ eventsUrl: EVENTS }))
  const [one] = site.pages
  assert.ok(one)
  assert.ok(site.files.has('events.js'))
  const achievementPage = await text(site, 'achievements/membership-2027.html')
  assert.is(directive(achievementPage, 'connect-src'), 'connect-src https://guild.example')
  assert.is(directive(achievementPage, 'script-src'), "script-src 'self'")
  assert.equal(scripts(achievementPage), [
    `<script src="/events.js" defer data-events="${EVENTS}" data-achievement="${ACHIEVEMENT}">`,
  ])
  const credentialPage = await text(site, `c/${one.shortId}/index.html`)
  const tag = scripts(credentialPage).find((s) => s.includes('data-events'))
  assert.ok(tag, 'the credential page has the events script')
  assert.match(tag as string, `data-credential="${one.credentialId}"`)
  assert.match(directive(credentialPage, 'connect-src') ?? '', /(^| )https:\/\/guild\.example$/)
  // Nothing else: no third-party host anywhere in the policy, no other script.
  for (const page of [achievementPage, credentialPage])
    for (const source of policy(page).match(/https?:\/\/[^\s;]+/g) ?? [])
      assert.is(source, 'https://guild.example')
  // Pages without an achievement send nothing.
  for (const path of ['index.html', 'issuer.html', '404.html']) {
    const page = await text(site, path)
    assert.equal(scripts(page), [], path)
    assert.not.match(policy(page), 'connect-src')
  }
})

test('without eventsUrl: no events script, no connect-src, the policy as it was', async () => {
  const site = await buildSite(siteInput())
  assert.not.ok(site.files.has('events.js'))
  const page = await text(site, 'achievements/membership-2027.html')
  assert.equal(scripts(page), [])
  assert.is(
    policy(page),
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
  )
  for (const path of site.files.keys())
    if (path.endsWith('.html')) assert.not.match(await text(site, path), 'data-events', path)
})

test('an events URL that is not https, or carries a query or credentials, is refused', async () => {
  for (const eventsUrl of [
    'http://guild.example/events',
    'not a url',
    'https://guild.example/events?visitor=1',
    'https://user:pw@guild.example/events',
  ])
    assert.is(
      await thrownCodeAsync(() => buildSite(siteInput({ eventsUrl }))),
      'EVENTS_URL_INVALID',
      eventsUrl,
    )
  // A test's service on loopback is allowed.
  await buildSite(siteInput({ eventsUrl: 'http://127.0.0.1:8080/events' }))
})

test("a page with the live check keeps the verify page's policy and adds the service's origin alone", () => {
  const head = {
    title: 't',
    description: 'd',
    canonical: `${SITE}c/x/`,
    type: 'article' as const,
    noindex: true,
    script: '/verify/assets/live.js',
    scriptPolicy: { scriptSrc: "'self' 'wasm-unsafe-eval'", connectSrc: "'self'" },
  }
  const events = {
    script: '/events.js',
    url: EVENTS,
    origin: 'https://guild.example',
    achievement: ACHIEVEMENT,
  }
  assert.is(
    policyOf({ ...head, events }),
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://guild.example; base-uri 'none'; form-action 'none'",
  )
  assert.is(
    policyOf(head),
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'; form-action 'none'",
  )
  // A verify page whose scripts come from elsewhere on the site still lets the site's own events.js run.
  assert.match(
    policyOf({ ...head, scriptPolicy: { scriptSrc: "'sha256-abc'", connectSrc: "'self'" }, events }),
    "script-src 'sha256-abc' 'self';",
  )
})

/** Runs the events script on a stub page; returns what it sent and the page's hooks. */
function runScript(attributes: Record<string, string>, live?: { state: string }) {
  const sent: { url: string; body: unknown; type: string }[] = []
  let onClick: ((event: unknown) => void) | undefined
  let observed: (() => void) | undefined
  const liveBox =
    live === undefined
      ? null
      : { getAttribute: (name: string) => (name === 'data-state' ? live.state : null) }
  const document = {
    currentScript: { getAttribute: (name: string) => attributes[name] ?? null },
    getElementById: (id: string) => (id === 'live' ? liveBox : null),
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (type === 'click') onClick = listener
    },
  }
  class StubBlob {
    constructor(
      readonly parts: string[],
      readonly options: { type: string },
    ) {}
  }
  const navigator = {
    sendBeacon: (url: string, blob: StubBlob) => {
      sent.push({ url, body: JSON.parse(blob.parts.join('')), type: blob.options.type })
      return true
    },
  }
  class MutationObserver {
    constructor(callback: () => void) {
      observed = callback
    }
    observe() {}
    disconnect() {
      observed = undefined
    }
  }
  const window = { MutationObserver }
  runInNewContext(EVENTS_SCRIPT, { document, navigator, Blob: StubBlob, window, MutationObserver, JSON })
  const link = (href: string, download = false) => ({
    target: { closest: () => ({ href, hasAttribute: (name: string) => download && name === 'download' }) },
  })
  return {
    sent,
    click: (href: string, download?: boolean) => onClick?.(link(href, download)),
    mutate: () => observed?.(),
  }
}

test('the script sends a view, then downloads, LinkedIn adds and one verification: type, achievement, credential only', () => {
  const live = { state: 'checking' }
  const page = runScript(
    { 'data-events': EVENTS, 'data-achievement': ACHIEVEMENT, 'data-credential': 'urn:uuid:1' },
    live,
  )
  page.click('https://bookbinders.example/c/abc/badge.png', true)
  page.click('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME')
  page.click('https://bookbinders.example/issuer.html')
  page.mutate()
  live.state = 'verified'
  page.mutate()
  page.mutate()
  assert.equal(
    page.sent.map((s) => s.body),
    ['view', 'download', 'linkedin', 'verify'].map((type) => ({
      type,
      achievement: ACHIEVEMENT,
      credential: 'urn:uuid:1',
    })),
  )
  for (const s of page.sent) {
    assert.is(s.url, EVENTS)
    assert.is(s.type, 'text/plain')
  }
  // An achievement page: no credential in the body.
  const other = runScript({ 'data-events': EVENTS, 'data-achievement': ACHIEVEMENT })
  assert.equal(
    other.sent.map((s) => s.body),
    [{ type: 'view', achievement: ACHIEVEMENT }],
  )
})

test.run()
