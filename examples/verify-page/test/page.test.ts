// End to end: the page built with Vite, served from 127.0.0.1, driven in Debian's Chromium through
// playwright-core. Credentials are signed here with fresh keys (the verifier's test signers); the status
// list, the page's trust.json, a DCC-format issuer registry and a remote badge picture are served by the
// same local server. Screenshots of each state go to out/screenshots/ (ignored
// by git). Without /usr/bin/chromium every test fails, saying so: nothing is skipped.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  buildCredential,
  type CredentialInput,
  type CredentialStatus,
  type JsonObject,
} from '@tessera/schema'
import { buildSite } from '@tessera/site'
import { contentTypeOf, launchChromium } from '@tessera/testkit/browser'
import { bitstringRevocationList, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import type { BrowserContext, Page } from 'playwright-core'
import { encodeSync as encodeItxt } from 'png-chunk-itxt'
import encodeChunks from 'png-chunks-encode'
import extractChunks from 'png-chunks-extract'
import { PNG } from 'pngjs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { build } from 'vite'
import { textToBase64url } from '../src/input.js'
import { pageConfig } from '../vite.config.js'

const HERE = fileURLToPath(new URL('..', import.meta.url))
const OUT = join(HERE, 'out')
const DIST = join(OUT, 'dist')
const SHOTS = join(OUT, 'screenshots')
const EMAIL = 'ada@example.org'

interface World {
  context: BrowserContext
  server: Server
  /** Every request line the server received. */
  served: string[]
  /** What the server answers at a path (JSON text, or bytes of a type), changed by tests. */
  routes: Map<string, string | { type: string; body: Buffer }>
  /** The issuer the registry lists (did:key), and the one the page's own list names (did:jwk). */
  issuers: { registered: string; listed: string }
  profile: string
  origin: string
  credentials: {
    valid: JsonObject
    revoked: JsonObject
    expired: JsonObject
    tampered: JsonObject
    unreachable: JsonObject
    /** No status entry: a did:key credential checked with nothing fetched. */
    plain: JsonObject
    jwt: string
    bakedPng: Buffer
    /** A fresh did:key whose profile name poses as the Guild, with a right-to-left override after it. */
    impostor: JsonObject
    impostorDid: string
    /** The Guild's badge with its picture at a URL of the local server (a tracking pixel). */
    tracked: JsonObject
    /** The same, its picture on a host of the internet. */
    trackedRemote: JsonObject
    /** An SVG badge whose credential element holds a JWT in verify="" and another credential as text. */
    svgBoth: string
  }
}

/** A plain 96×96 badge picture: a blue disc on white. */
function picture(): Buffer {
  const png = new PNG({ width: 96, height: 96 })
  for (let y = 0; y < 96; y++) {
    for (let x = 0; x < 96; x++) {
      const i = (y * 96 + x) * 4
      const inside = (x - 47.5) ** 2 + (y - 47.5) ** 2 < 44 ** 2
      png.data.set(inside ? [11, 92, 173, 255] : [255, 255, 255, 255], i)
    }
  }
  return PNG.sync.write(png)
}

/** Bakes a credential into a PNG as Open Badges 3.0 says: one uncompressed iTXt chunk `openbadgecredential`. */
function bake(png: Buffer, text: string): Buffer {
  const chunks = extractChunks(png)
  const data = encodeItxt({
    keyword: 'openbadgecredential',
    compressionFlag: false,
    compressionMethod: 0,
    languageTag: '',
    translatedKeyword: '',
    text,
  })
  chunks.splice(
    chunks.findIndex((c) => c.name === 'IEND'),
    0,
    { name: 'iTXt', data },
  )
  return Buffer.from(encodeChunks(chunks))
}

async function makeWorld(): Promise<World> {
  await build({
    ...pageConfig({ localFetchHosts: ['127.0.0.1'], outDir: DIST }),
    configFile: false,
    logLevel: 'error',
  })
  mkdirSync(SHOTS, { recursive: true })

  const routes = new Map<string, string | { type: string; body: Buffer }>()
  const served: string[] = []
  const server = createServer((request, response) => {
    served.push(request.url ?? '')
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    const routed = routes.get(path)
    if (typeof routed === 'string') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(routed)
      return
    }
    if (routed !== undefined) {
      response.writeHead(200, { 'content-type': routed.type }).end(routed.body)
      return
    }
    const file = resolve(DIST, `.${path === '/' ? '/index.html' : path}`)
    if (!file.startsWith(DIST + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found')
      return
    }
    response.writeHead(200, { 'content-type': contentTypeOf(file) })
    response.end(readFileSync(file))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const issuer = await didKeyIssuer()
  const listUrl = `${origin}/status/revocation-1`
  const list = await bitstringRevocationList(issuer, listUrl, [7])
  routes.set('/status/revocation-1', JSON.stringify(list.credential))
  const badgeImage = `data:image/png;base64,${picture().toString('base64')}`
  const input = (more: Partial<CredentialInput> = {}): CredentialInput => ({
    issuer: { id: issuer.did, name: 'Guild of Bookbinders' },
    recipient: { email: EMAIL },
    achievement: {
      id: 'https://guild.example/achievements/bookbinding',
      name: 'Bookbinding Basics',
      description: 'Sewed and bound a book by hand at the guild workshop.',
      criteria: 'Bind a book in front of two members.',
      achievementType: 'Badge',
      image: badgeImage,
    },
    validFrom: '2026-01-01T00:00:00Z',
    ...more,
  })
  const sign = (more: Partial<CredentialInput> = {}) =>
    issuer.sign(buildCredential(input(more)) as unknown as JsonObject)

  const entry = (index: number) => list.entry(index) as unknown as CredentialStatus
  const valid = await sign({ credentialStatus: entry(3) })
  const revoked = await sign({ credentialStatus: entry(7) })
  const expired = await sign({ validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-12-31T00:00:00Z' })
  const tampered = structuredClone(valid)
  const subject = tampered.credentialSubject as JsonObject
  ;(subject.achievement as JsonObject).name = 'Master Bookbinder'
  const unreachable = await sign({
    credentialStatus: { ...entry(3), statusListCredential: `${origin}/status/gone` },
  })
  const plain = await sign()
  // A VC-JWT of a did:jwk issuer, with no status entry: checked with nothing fetched.
  const jwtIssuer = await didJwkIssuer('EdDSA')
  const jwt = await jwtIssuer.signCredential(
    buildCredential({
      ...input(),
      issuer: { id: jwtIssuer.did, name: 'Guild of Bookbinders' },
    }) as unknown as JsonObject,
  )
  const bakedPng = bake(picture(), jwt)

  // The page's trust policy: its own list names the did:jwk issuer, a DCC-format registry on the local
  // server lists the did:key one; the domain bookbinders.example is trusted, which the impostor's name
  // quotes but cannot be.
  routes.set(
    '/registry.json',
    JSON.stringify({
      meta: { created: '2026-01-01T00:00:00Z' },
      registry: {
        [issuer.did]: { name: 'Guild of Bookbinders', location: 'Bruges', url: 'https://guild.example' },
      },
    }),
  )
  routes.set(
    '/trust.json',
    JSON.stringify({
      issuers: [{ id: jwtIssuer.did, name: 'Guild of Bookbinders' }],
      domains: ['bookbinders.example'],
      registries: [{ name: 'Guild Registry', type: 'dcc-legacy', url: `${origin}/registry.json` }],
    }),
  )
  routes.set('/pixel.png', { type: 'image/png', body: picture() })

  const stranger = await didKeyIssuer()
  const impostor = await stranger.sign(
    buildCredential({
      ...input(),
      issuer: {
        id: stranger.did,
        name: 'Guild of Independent Bookbinders (did:web:bookbinders.example)\u202E',
      },
      achievement: {
        ...input().achievement,
        name: 'Master\u202E Bookbinder',
        description: 'Bound\u001b[2J a book\u2066 by hand.',
      },
    }) as unknown as JsonObject,
  )
  const withImage = (image: string) => sign({ achievement: { ...input().achievement, image } })
  const tracked = await withImage(`${origin}/pixel.png?viewer=ada`)
  const trackedRemote = await withImage('https://tracker.attacker.example/pixel.png?viewer=ada')
  const other = JSON.stringify(await sign({ validFrom: '2026-02-01T00:00:00Z' }))
  const svgBoth = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="96" height="96"><openbadges:credential verify="${jwt}"><![CDATA[${other}]]></openbadges:credential><circle cx="48" cy="48" r="44" fill="#0b5cad"/></svg>`

  const { context, profile } = await launchChromium({ viewport: { width: 900, height: 900 } })
  return {
    context,
    server,
    served,
    routes,
    issuers: { registered: issuer.did, listed: jwtIssuer.did },
    profile,
    origin,
    credentials: {
      valid,
      revoked,
      expired,
      tampered,
      unreachable,
      plain,
      jwt,
      bakedPng,
      impostor,
      impostorDid: stranger.did,
      tracked,
      trackedRemote,
      svgBoth,
    },
  }
}

let world: Promise<World> | undefined
const setup = () => {
  world ??= makeWorld()
  return world
}

interface Opened {
  page: Page
  /** Every URL the page asked for. */
  requests: string[]
  /** Script errors and Content-Security-Policy complaints. */
  problems: string[]
}

async function open(w: World, path = '/', viewport = { width: 900, height: 900 }): Promise<Opened> {
  const page = await w.context.newPage()
  await page.setViewportSize(viewport)
  const requests: string[] = []
  const problems: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => {
    if (/Content.Security.Policy|Uncaught/i.test(m.text())) problems.push(m.text())
  })
  await page.goto(`${w.origin}${path}`)
  return { page, requests, problems }
}

interface Shown {
  state: string | undefined
  verdict: string
  name: string
  image: string | null
  facts: string
  /** The whole result panel's text, and whether the hidden-characters note shows. */
  all: string
  hiddenNote: string | null
  checks: { id: string; code: string | undefined; ok: boolean; text: string }[]
}

async function shown(page: Page): Promise<Shown> {
  await page.waitForSelector('#result[data-state]', { timeout: 20_000 })
  return page.evaluate(() => {
    const image = document.getElementById('badge-image') as HTMLImageElement
    return {
      state: document.getElementById('result')?.dataset.state,
      verdict: document.getElementById('verdict')?.textContent ?? '',
      name: document.getElementById('achievement-name')?.textContent ?? '',
      image: image.hidden ? null : image.getAttribute('src'),
      facts: document.getElementById('facts')?.textContent ?? '',
      all: document.getElementById('result')?.textContent ?? '',
      hiddenNote: (document.getElementById('hidden-text-note') as HTMLElement).hidden
        ? null
        : (document.getElementById('hidden-text-note')?.textContent ?? ''),
      checks: Array.from(document.querySelectorAll<HTMLLIElement>('#checks li')).map((li) => ({
        id: li.dataset.check ?? '',
        code: li.dataset.code,
        ok: li.classList.contains('pass'),
        text: li.querySelector('.reason')?.textContent ?? '',
      })),
    }
  })
}

function only(result: Shown, id: string) {
  const check = result.checks.find((c) => c.id === id)
  assert.ok(check, `no ${id} check among ${result.checks.map((c) => c.id).join(', ')}`)
  return check
}

function failedOnly(result: Shown, id: string, code: string, reason: string): void {
  const bad = result.checks.filter((c) => !c.ok)
  assert.equal(
    bad.map((c) => `${c.id}:${c.code}`),
    [`${id}:${code}`],
  )
  assert.is(only(result, id).text, reason)
  assert.is(result.state, 'failed')
  assert.is(result.verdict, `Not verified. ${reason}`)
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

/**
 * Text colours against their backgrounds, for elements of `selectors` under 4.5:1 (WCAG AA). Plain
 * JavaScript text: tsx would wrap named functions in a helper the page does not have.
 */
const CONTRAST = `(selectors) => {
  const rgba = (c) => (c.match(/[\\d.]+/g) ?? []).map(Number)
  const channel = (v) => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  const background = (el) => {
    for (let at = el; at !== null; at = at.parentElement) {
      const c = rgba(getComputedStyle(at).backgroundColor)
      if (c.length >= 3 && (c[3] === undefined || c[3] > 0)) return c
    }
    return [255, 255, 255]
  }
  const out = []
  for (const el of document.querySelectorAll(selectors)) {
    if (el.offsetParent === null && el !== document.body) continue
    const fg = luminance(rgba(getComputedStyle(el).color))
    const bg = luminance(background(el))
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)
    if (ratio < 4.5) out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + ratio.toFixed(2) + ':1')
  }
  return out
}`

async function lowContrast(page: Page, selectors: string): Promise<string[]> {
  return page.evaluate(`(${CONTRAST})(${JSON.stringify(selectors)})`)
}

const TEXT =
  'body, h1, h2, h3, p, label, dt, dd, button, code, bdi, .verdict, .note, .check .mark, .check .outcome, .check .label, .check .reason, .check .detail, #recipient-result, .hint, .unconfirmed'

/** Bidirectional controls and other characters the page must never show. */
const HIDDEN_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/

test('a valid credential, picked as a file, shows verified with the badge and every check passed', async () => {
  const w = await setup()
  const { page, problems, requests } = await open(w)
  await page.getByLabel(/Choose a file/).setInputFiles({
    name: 'badge.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(w.credentials.valid)),
  })
  const result = await shown(page)
  assert.is(result.state, 'verified')
  // the name comes from the registry the page trusts, not from the credential
  assert.is(
    result.verdict,
    `Verified: issued by Guild of Bookbinders (${w.issuers.registered}), a known issuer of Guild Registry.`,
  )
  assert.is(result.name, 'Bookbinding Basics')
  assert.match(result.image ?? '', /^data:image\/png;base64,/)
  assert.match(result.facts, /IssuerIssued by Guild of Bookbinders \(did:key:z6Mk/)
  assert.is(result.hiddenNote, null)
  assert.match(result.facts, /Valid from1 January 2026/)
  assert.ok(result.checks.every((c) => c.ok))
  assert.is(
    only(result, 'proof').text,
    'The signature matches: nothing was changed since the issuer signed it.',
  )
  assert.is(only(result, 'status').text, 'Not revoked: checked just now against the issuer’s list.')
  assert.not.ok(await page.isVisible('#unconfirmed'))
  // The test build says on screen that it fetches from 127.0.0.1.
  assert.ok(await page.isVisible('#local-fetch-note'))
  assert.match((await page.textContent('#local-fetch-note')) ?? '', /^Test build: .*127\.0\.0\.1/)
  assert.ok(requests.includes(`${w.origin}/status/revocation-1`), 'the status list was fetched')
  assert.ok(requests.includes(`${w.origin}/trust.json`), "the page's trust policy was read")
  assert.ok(requests.includes(`${w.origin}/registry.json`), 'the registry it names was read')
  assert.match((await page.textContent('#trust-note')) ?? '', /^Known issuers come from trust\.json/)
  assert.equal(await lowContrast(page, TEXT), [])
  assert.equal(problems, [])
  await screenshot(page, 'verified')
  await page.close()
})

test('the recipient check: a hashed email matches its address, and no other', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  await page.getByLabel(/Or paste the credential/).fill(JSON.stringify(w.credentials.valid))
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  await shown(page)
  const email = page.getByLabel('Email address')
  await email.fill('eve@example.org')
  await page.getByRole('button', { name: 'Compare' }).click()
  await page.waitForSelector('#recipient-result.bad')
  assert.is(await page.textContent('#recipient-result'), 'No: this badge was not issued to eve@example.org.')
  await email.fill(' Ada@Example.org ')
  await page.getByRole('button', { name: 'Compare' }).click()
  await page.waitForSelector('#recipient-result.ok')
  assert.is(await page.textContent('#recipient-result'), 'Yes: this badge was issued to Ada@Example.org.')
  assert.equal(problems, [])
  await screenshot(page, 'recipient')
  await page.close()
})

test('revoked: the status list served on 127.0.0.1 says so', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  await page.getByLabel(/Or paste the credential/).fill(JSON.stringify(w.credentials.revoked))
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  const result = await shown(page)
  failedOnly(result, 'status', 'REVOKED', 'Revoked by the issuer.')
  assert.equal(await lowContrast(page, TEXT), [])
  assert.equal(problems, [])
  await screenshot(page, 'revoked')
  await page.locator('#result').screenshot({ path: join(SHOTS, 'revoked-result.png') })
  await page.close()
})

test('expired: the date it ended', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  await page.getByLabel(/Or paste the credential/).fill(JSON.stringify(w.credentials.expired))
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  const result = await shown(page)
  failedOnly(result, 'validity', 'EXPIRED', 'Expired on 31 December 2025.')
  assert.equal(problems, [])
  await screenshot(page, 'expired')
  await page.close()
})

test('tampered: the signature no longer matches', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  await page.getByLabel(/Or paste the credential/).fill(JSON.stringify(w.credentials.tampered))
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  const result = await shown(page)
  assert.is(result.name, 'Master Bookbinder')
  assert.ok(await page.isVisible('#unconfirmed'), 'the details are marked as not to be relied on')
  failedOnly(result, 'proof', 'PROOF_INVALID', 'Signature does not match: the file was changed.')
  assert.equal(problems, [])
  await screenshot(page, 'tampered')
  await page.close()
})

test('a status list that cannot be fetched fails the check, never passes it', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  await page.getByLabel(/Or paste the credential/).fill(JSON.stringify(w.credentials.unreachable))
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  const result = await shown(page)
  failedOnly(
    result,
    'status',
    'STATUS_RETRIEVAL_ERROR',
    'Status could not be checked: the list is unreachable. Try again later.',
  )
  assert.equal(problems, [])
  await screenshot(page, 'unreachable')
  await page.close()
})

test('a baked PNG, dropped on the page: verified offline, its picture shown', async () => {
  const w = await setup()
  const { page, problems, requests } = await open(w)
  const before = requests.length
  await page.evaluate((base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const files = new DataTransfer()
    files.items.add(new File([bytes], 'badge.png', { type: 'image/png' }))
    const zone = document.getElementById('drop-zone')
    zone?.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }))
  }, w.credentials.bakedPng.toString('base64'))
  const result = await shown(page)
  assert.is(result.state, 'verified', JSON.stringify(result.checks))
  assert.is(
    result.verdict,
    `Verified: issued by Guild of Bookbinders (${w.issuers.listed}), a known issuer of this page’s trusted list.`,
  )
  assert.match(result.image ?? '', /^blob:/)
  assert.is(only(result, 'parse').text, 'Read as a badge image (PNG) with the credential baked in.')
  assert.is(
    only(result, 'status').text,
    'The issuer keeps no revocation list for this badge, so it cannot be revoked.',
  )
  // did:jwk and no status entry, named in the page's own list: nothing fetched (no registry either)
  // but the picture shown from memory.
  assert.equal(
    requests.slice(before).filter((u) => !u.startsWith('blob:')),
    [],
  )
  assert.equal(problems, [])
  await screenshot(page, 'baked-png')
  await page.close()
})

test('a link with the VC-JWT in the fragment', async () => {
  const w = await setup()
  const before = w.served.length
  const { page, problems } = await open(w, `/#${w.credentials.jwt}`)
  const result = await shown(page)
  assert.is(result.state, 'verified', JSON.stringify(result.checks))
  assert.is(only(result, 'parse').text, 'Read as a VC-JWT (signed token).')
  // The fragment never reaches the server.
  const asked = w.served.slice(before)
  assert.ok(asked.includes('/'))
  assert.ok(asked.every((u) => !u.includes(w.credentials.jwt.split('.')[1] as string)))
  assert.equal(problems, [])
  await screenshot(page, 'link-jwt')
  await page.close()
})

test('a link with the credential JSON in base64url in the fragment, checked offline (did:key)', async () => {
  const w = await setup()
  const fragment = textToBase64url(JSON.stringify(w.credentials.plain))
  const { page, problems, requests } = await open(w, `/#${fragment}`)
  const result = await shown(page)
  assert.is(result.state, 'verified', JSON.stringify(result.checks))
  assert.is(only(result, 'parse').text, 'Read as a credential in JSON.')
  // did:key and no status entry: only the page's own files and its trust policy's registry were loaded
  // (no DID document, no context).
  const pageFiles = requests.map((u) => new URL(u)).filter((u) => u.origin === w.origin)
  assert.is(pageFiles.length, requests.length, requests.join(' '))
  assert.ok(
    pageFiles.every(
      (u) => ['/', '/trust.json', '/registry.json'].includes(u.pathname) || u.pathname.startsWith('/assets/'),
    ),
    requests.join(' '),
  )
  assert.equal(problems, [])
  await page.close()
})

test('a link whose fragment is no credential says so', async () => {
  const w = await setup()
  const { page } = await open(w, '/#not!a-credential')
  const result = await shown(page)
  assert.is(result.state, 'failed')
  assert.match(result.verdict, /does not carry a credential/)
  await page.close()
})

test('keyboard only: paste, check and compare an email without a pointer', async () => {
  const w = await setup()
  const { page } = await open(w)
  const focusTo = async (id: string) => {
    for (let i = 0; i < 20; i++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return
      await page.keyboard.press('Tab')
    }
    assert.unreachable(`#${id} is not reachable with Tab`)
  }
  await focusTo('paste')
  await page.keyboard.insertText(JSON.stringify(w.credentials.valid))
  await page.keyboard.press('Tab')
  assert.is(await page.evaluate(() => document.activeElement?.id), 'paste-check')
  await page.keyboard.press('Enter')
  assert.is((await shown(page)).state, 'verified')
  // The result takes the focus, so that a screen reader reads it next.
  assert.is(await page.evaluate(() => document.activeElement?.id), 'result-heading')
  await focusTo('email')
  await page.keyboard.type(EMAIL)
  await page.keyboard.press('Enter')
  await page.waitForSelector('#recipient-result.ok')
  await page.close()
})

test('phone width: nothing wider than the screen', async () => {
  const w = await setup()
  const { page } = await open(w, '/', { width: 360, height: 740 })
  await page.getByLabel(/Or paste the credential/).fill(JSON.stringify(w.credentials.revoked))
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  await shown(page)
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: document.documentElement.clientWidth,
  }))
  assert.ok(widths.page <= widths.screen, `the page is ${widths.page}px wide on a ${widths.screen}px screen`)
  await screenshot(page, 'phone-revoked')
  await page.close()
})

async function paste(page: Page, text: string): Promise<Shown> {
  await page.getByLabel(/Or paste the credential/).fill(text)
  await page.getByRole('button', { name: 'Check pasted text' }).click()
  return shown(page)
}

test('an impostor: a fresh did:key whose name poses as the Guild, with a right-to-left override, is only "signed by <DID>"', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  const result = await paste(page, JSON.stringify(w.credentials.impostor))
  const did = w.credentials.impostorDid
  // genuine and in force, but the verdict says who signed it, not who it says it is
  assert.is(result.state, 'unknown-issuer')
  assert.ok(
    result.checks.every((c) => c.ok),
    JSON.stringify(result.checks),
  )
  assert.is(
    result.verdict,
    `Signed by ${did}; this issuer is not in your trusted list. The signature holds and the badge is in force, but nothing here confirms who is behind this issuer.`,
  )
  assert.not.match(result.verdict, /Verified|Guild/)
  // The real DID is shown whole, left to right, in its own element; the self-asserted name apart, as a
  // claim, isolated, without its override.
  const parts = await page.evaluate(() => ({
    verdictIds: Array.from(document.querySelectorAll('#verdict code')).map((c) => [
      c.textContent,
      c.getAttribute('dir'),
    ]),
    names: Array.from(document.querySelectorAll('#facts bdi')).map((b) => b.textContent),
    heading: document.querySelector('#achievement-name bdi')?.textContent,
  }))
  assert.equal(parts.verdictIds, [[did, 'ltr']])
  assert.ok(
    parts.names.includes('Guild of Independent Bookbinders (did:web:bookbinders.example)'),
    parts.names.join(' | '),
  )
  assert.is(parts.heading, 'Master Bookbinder')
  assert.match(
    result.facts,
    /Its own nameCalls itself “Guild of Independent Bookbinders \(did:web:bookbinders\.example\)” \(what the credential says of itself: nobody checked it\)/,
  )
  assert.not.match(result.all, HIDDEN_CHARACTERS)
  assert.match(result.hiddenNote ?? '', /^This credential’s text holds 4 hidden or control characters/)
  assert.equal(await lowContrast(page, TEXT), [])
  assert.equal(problems, [])
  await screenshot(page, 'impostor')
  await page.close()
})

test('a remote badge picture is loaded only when the visitor asks, through the guarded fetch, shown from memory', async () => {
  const w = await setup()
  const { page, problems, requests } = await open(w)
  const before = w.served.length
  const result = await paste(page, JSON.stringify(w.credentials.tracked))
  assert.is(result.state, 'verified')
  assert.is(result.image, null)
  assert.ok(
    w.served.slice(before).every((u) => !u.startsWith('/pixel.png')),
    'the picture was not fetched on its own',
  )
  const host = new URL(w.origin).host
  const button = page.getByRole('button', { name: `Show the image from ${host}` })
  assert.ok(await button.isVisible())
  assert.match((await page.textContent('#image-note')) ?? '', /not loaded until you ask/)
  await button.click()
  await page.waitForSelector('#badge-image:not([hidden])')
  assert.match((await page.getAttribute('#badge-image', 'src')) ?? '', /^blob:/)
  assert.ok(w.served.slice(before).includes('/pixel.png?viewer=ada'), 'fetched once asked')
  assert.not.ok(await button.isVisible())
  // A picture on the internet: a button naming its host, and nothing asked of it.
  await paste(page, JSON.stringify(w.credentials.trackedRemote))
  assert.ok(
    await page.getByRole('button', { name: 'Show the image from tracker.attacker.example' }).isVisible(),
  )
  assert.ok(
    requests.every((u) => !u.includes('tracker.attacker.example')),
    requests.join(' '),
  )
  // The policy keeps every <img> off the network.
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')
  assert.match(policy ?? '', /img-src 'self' data: blob:;/)
  assert.equal(problems, [])
  await screenshot(page, 'remote-image')
  await page.close()
})

test('an SVG badge holding a JWT in verify="" and another credential as text is refused as duplicated', async () => {
  const w = await setup()
  const { page, problems } = await open(w)
  await page.getByLabel(/Choose a file/).setInputFiles({
    name: 'badge.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from(w.credentials.svgBoth),
  })
  const result = await shown(page)
  failedOnly(
    result,
    'parse',
    'BAKED_CREDENTIAL_DUPLICATED',
    'This image carries two credentials, so which one counts is unclear.',
  )
  assert.equal(problems, [])
  await page.close()
})

test('a trust.json that is no trust policy is said on screen, and no issuer is known; an HTML page in its place is no file', async () => {
  const w = await setup()
  const good = w.routes.get('/trust.json') as string
  w.routes.set('/trust.json', JSON.stringify({ issuers: ['not a DID'] }))
  try {
    const { page, problems } = await open(w)
    const result = await paste(page, JSON.stringify(w.credentials.valid))
    assert.is(result.state, 'unknown-issuer')
    assert.match(
      result.verdict,
      /^Signed by did:key:z6Mk\w+; this issuer is not in your trusted list \(no trusted list was given\)\./,
    )
    assert.is(
      await page.textContent('#trust-note'),
      'trust.json could not be used (REGISTRY_INVALID): no issuer is shown as known.',
    )
    assert.equal(problems, [])
    await page.close()
    // a host that answers every path with the page itself: no list, and nothing to complain about
    w.routes.set('/trust.json', {
      type: 'text/html; charset=utf-8',
      body: Buffer.from('<!doctype html><title>Check a badge</title>'),
    })
    const fallback = await open(w)
    const plain = await paste(fallback.page, JSON.stringify(w.credentials.valid))
    assert.is(plain.state, 'unknown-issuer')
    assert.not.ok(await fallback.page.isVisible('#trust-note'))
    assert.equal(fallback.problems, [])
    await fallback.page.close()
  } finally {
    w.routes.set('/trust.json', good)
  }
})

test('a French browser: the page speaks French, dates and verdict included; ?lang= overrides it', async () => {
  const w = await setup()
  const french = await launchChromium({ viewport: { width: 900, height: 900 }, locale: 'fr-FR' })
  try {
    const page = await french.context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    await page.goto(`${w.origin}/`)
    await page.getByLabel(/Ou collez le titre/).fill(JSON.stringify(w.credentials.tampered))
    await page.getByRole('button', { name: 'Vérifier le texte collé' }).click()
    const result = await shown(page)
    assert.is(await page.getAttribute('html', 'lang'), 'fr')
    assert.is(await page.title(), 'Vérifier un badge')
    assert.is(result.state, 'failed')
    assert.is(result.verdict, 'Non vérifié. La signature ne correspond pas : le fichier a été modifié.')
    assert.is(only(result, 'proof').text, 'La signature ne correspond pas : le fichier a été modifié.')
    assert.match(result.facts, /Valable à partir du1 janvier 2026/)
    // The technical line under the check, by its code, in French too (not the verifier's English).
    const detail = page.locator('#checks li[data-check="proof"] .detail')
    assert.is(await detail.textContent(), 'PROOF_INVALID: la signature ne correspond pas au contenu')
    assert.is(await detail.getAttribute('lang'), null)
    // Who issued it, in French: the verifier's sentence in the language file's words.
    await page.getByLabel(/Ou collez le titre/).fill(JSON.stringify(w.credentials.valid))
    await page.getByRole('button', { name: 'Vérifier le texte collé' }).click()
    await page.waitForFunction(() => document.getElementById('result')?.dataset.state !== 'failed')
    const valid = await shown(page)
    assert.match(valid.verdict, /délivré par|signé par/)
    assert.not.match(valid.all, /issued by|signed by/)
    // The picker (or a link) chooses another language; the credential in the fragment stays.
    await page.goto(`${w.origin}/?lang=de#not!a-credential`)
    const german = await shown(page)
    assert.is(await page.getAttribute('html', 'lang'), 'de')
    assert.match(german.verdict, /^Nicht bestätigt: /)
    assert.is(await page.getAttribute('#languages a[aria-current]', 'hreflang'), 'de')
    assert.equal(problems, [])
    await page.close()
  } finally {
    await french.context.close()
    rmSync(french.profile, { recursive: true, force: true })
  }
})

test('a credential page’s live check in French: why it failed, and each failed check’s line by its code', async () => {
  const w = await setup()
  // The site's credential page for the VC-JWT with its signature changed, the site built in French
  // around this build of the page (its live module) and served by the same server.
  const [head, payload, signature = ''] = w.credentials.jwt.split('.')
  const changed = `${signature.slice(0, 8)}${signature[8] === 'A' ? 'B' : 'A'}${signature.slice(9)}`
  const site = await buildSite({
    url: `${w.origin}/`,
    language: 'fr',
    now: new Date('2026-06-01T00:00:00Z'),
    issuer: { id: w.issuers.listed, type: ['Profile'], name: 'Guild of Bookbinders' },
    credentials: [{ jwt: `${head}.${payload}.${changed}`, state: 'active', showName: true }],
    verifyPage: { dir: DIST },
  })
  for (const [path, file] of site.files)
    w.routes.set(`/${path}`, { type: contentTypeOf(path), body: Buffer.from(await file.content()) })
  const shortId = site.pages[0]?.shortId as string
  const { page, problems } = await open(w, `/c/${shortId}/index.html`)
  await page.waitForSelector('#live:not([data-state="checking"])', { timeout: 20_000 })
  assert.is(await page.getAttribute('#live', 'data-state'), 'failed')
  const said = await page.evaluate(() => {
    const box = document.getElementById('live') as HTMLElement
    return {
      verdict: box.firstChild?.textContent ?? '',
      details: Array.from(box.querySelectorAll<HTMLElement>('.detail')).map((d) => ({
        code: d.dataset.code,
        text: d.textContent,
        lang: d.getAttribute('lang'),
      })),
    }
  })
  assert.match(said.verdict, /^Non vérifié : La signature ne correspond pas : le fichier a été modifié\./)
  const proof = said.details.find((d) => d.code === 'PROOF_INVALID')
  // The verify page's French line for the code (the same language file), not the verifier's English.
  assert.equal(proof, {
    code: 'PROOF_INVALID',
    text: 'PROOF_INVALID: la signature ne correspond pas au contenu',
    lang: null,
  })
  assert.not.match((await page.textContent('#live')) ?? '', /signature verification failed|does not match/i)
  assert.equal(problems, [])
  await screenshot(page, 'live-check-french')
  await page.close()
})

test.after(async () => {
  if (world === undefined) return
  const w = await world.catch(() => undefined)
  if (w === undefined) return
  await w.context.close()
  await new Promise((done) => w.server.close(done))
  rmSync(w.profile, { recursive: true, force: true })
})

test.run()
