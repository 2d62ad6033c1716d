// The page's parts that need no browser: links, the fetch rule of test builds, the plain-language reasons,
// where pictures may come from, and that no credential text is ever written as HTML.
import { readdirSync, readFileSync } from 'node:fs'
import { localeOf } from '@tessera/site'
import type { Check, VerificationCode } from '@tessera/verifier'
import { PNG } from 'pngjs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { fetchOptionsFor } from '../src/fetch-options.js'
import { imageSource, sniffImage } from '../src/images.js'
import { base64urlToBytes, readFragment, textToBase64url } from '../src/input.js'
import { formatDate } from '../src/language.js'
import { describeCheck } from '../src/reasons.js'
import { contentSecurityPolicy, pageConfig } from '../vite.config.js'

const en = await localeOf('en')

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZTphIn0.c2lnbmF0dXJl'

test('a link carries a compact JWT as it is', () => {
  assert.equal(readFragment(`#${JWT}`), { kind: 'jwt', text: JWT })
})

test('a link carries JSON in base64url, padded or not, percent-encoded or not', () => {
  const json = JSON.stringify({ name: 'Reliure d’art', type: ['VerifiableCredential'] })
  const encoded = textToBase64url(json)
  assert.not.match(encoded, /[+/=]/)
  assert.equal(readFragment(`#${encoded}`), { kind: 'json', text: json })
  const padded = `${encoded}${'='.repeat((4 - (encoded.length % 4)) % 4)}`
  assert.equal(readFragment(`#${encodeURIComponent(padded)}`), { kind: 'json', text: json })
})

test('an empty fragment is no input; anything else is an error, not a guess', () => {
  assert.equal(readFragment(''), { kind: 'none' })
  assert.equal(readFragment('#'), { kind: 'none' })
  for (const bad of ['#not!a-credential', `#${textToBase64url('plain text')}`, '#%E0%A4%A', '#A']) {
    assert.is(readFragment(bad).kind, 'error', bad)
  }
  assert.is(base64urlToBytes('a+b/'), undefined)
})

test('a production build fetches with the platform fetch and the guard as it is', () => {
  const platform: typeof fetch = async () => new Response('{}')
  assert.equal(fetchOptionsFor([], platform), { fetch: platform })
})

test('a test build fetches plain http from its named hosts only', async () => {
  const asked: string[] = []
  const platform: typeof fetch = async (input) => {
    asked.push(String(input))
    return new Response('{}')
  }
  const options = fetchOptionsFor(['127.0.0.1'], platform)
  assert.is(options.allowHttp, true)
  assert.equal(options.allowedHosts, ['127.0.0.1'])
  const fetchIt = options.fetch as typeof fetch
  await fetchIt('http://127.0.0.1:8080/status/1')
  await fetchIt('https://guild.example/status/1')
  let refused = false
  await fetchIt('http://guild.example/status/1').catch(() => {
    refused = true
  })
  assert.ok(refused)
  assert.equal(asked, ['http://127.0.0.1:8080/status/1', 'https://guild.example/status/1'])
})

test('the build refuses a local host that is not a host', () => {
  assert.throws(() => pageConfig({ localFetchHosts: ['*'] }), /not a host/)
  assert.throws(() => pageConfig({ localFetchHosts: ['http://127.0.0.1'] }), /not a host/)
  assert.ok(pageConfig({ localFetchHosts: ['127.0.0.1', 'localhost:8080', '[::1]'] }))
})

test("the page's Content-Security-Policy: https connections, local hosts by name, eval only for Ajv's compiler", () => {
  const policy = (moduleIds: string[], hosts: string[] = []) => {
    const hook = contentSecurityPolicy(hosts).transformIndexHtml as unknown as {
      handler: (html: string, context: unknown) => { attrs: { content: string } }[]
    }
    const bundle = { 'index.js': { type: 'chunk', moduleIds } }
    return hook.handler('', { bundle })[0]?.attrs.content ?? ''
  }
  const plain = policy(['/work/packages/schema/src/generated/validators.ts'])
  assert.match(plain, /script-src 'self';/)
  assert.match(plain, /connect-src 'self' https:;/)
  // no <img> reaches the network: remote pictures are fetched on request and shown from blob: URLs
  assert.match(plain, /img-src 'self' data: blob:;/)
  assert.match(policy(['/n/node_modules/ajv/dist/compile/index.js']), /script-src 'self' 'unsafe-eval';/)
  assert.match(
    policy([], ['127.0.0.1', 'localhost:8080']),
    /connect-src 'self' https: http:\/\/127\.0\.0\.1:\* http:\/\/localhost:8080;/,
  )
})

const fail = (id: Check['id'], code: VerificationCode, message = ''): Check => ({
  id,
  ok: false,
  code,
  message,
})

test('failed checks in plain language, by code', () => {
  const credential = { validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-12-31T18:30:00Z' }
  const cases: [Check, string][] = [
    [fail('status', 'REVOKED'), 'Revoked by the issuer.'],
    [fail('status', 'SUSPENDED'), 'Suspended by the issuer for now.'],
    // the issuer's status message, when its list carries them (statusSize > 1 with messages)
    [fail('status', 'REVOKED', 'revoked by the issuer: expelled'), 'Revoked by the issuer: expelled.'],
    [
      fail('status', 'SUSPENDED', 'suspended by the issuer: dues unpaid'),
      'Suspended by the issuer for now: dues unpaid.',
    ],
    [
      fail('status', 'STATUS_RETRIEVAL_ERROR'),
      'Status could not be checked: the list is unreachable. Try again later.',
    ],
    [fail('validity', 'EXPIRED'), 'Expired on 31 December 2025, 18:30 UTC.'],
    [fail('validity', 'NOT_YET_VALID'), 'Not valid before 1 January 2025.'],
    [fail('proof', 'PROOF_INVALID'), 'Signature does not match: the file was changed.'],
    [fail('issuer', 'KEY_NOT_ISSUERS'), 'Signed, but not by the issuer it names.'],
    [
      fail('parse', 'BAKED_CREDENTIAL_MISSING'),
      'This image has no credential baked into it: it is a picture only.',
    ],
    [fail('recipient', 'RECIPIENT_MISMATCH'), 'It was not issued to this recipient.'],
  ]
  for (const [check, reason] of cases)
    assert.is(describeCheck(check, credential, en).reason, reason, check.code)
  assert.is(describeCheck(fail('proof', 'PROOF_INVALID'), credential, en).label, 'Signature')
  // A code the page does not know keeps the verifier's own words.
  assert.is(
    describeCheck(fail('proof', 'SOMETHING_NEW' as VerificationCode, 'the moon is wrong'), {}, en).reason,
    'Failed: the moon is wrong.',
  )
})

test('passed checks in plain language', () => {
  const pass = (id: Check['id'], message: string): Check => ({ id, ok: true, message })
  const credential = { validFrom: '2026-01-01T00:00:00Z' }
  assert.is(
    describeCheck(pass('validity', 'valid since 2026-01-01T00:00:00Z'), credential, en).reason,
    'Valid since 1 January 2026, with no end date.',
  )
  assert.is(
    describeCheck(pass('parse', 'read as png'), credential, en, 'png').reason,
    'Read as a badge image (PNG) with the credential baked in.',
  )
  assert.is(
    describeCheck(pass('status', 'no status entry: the issuer cannot revoke this credential'), credential, en)
      .reason,
    'The issuer keeps no revocation list for this badge, so it cannot be revoked.',
  )
})

test('dates are read in UTC, the same day for every reader', () => {
  assert.is(formatDate('2026-03-01T00:00:00Z', en), '1 March 2026')
  assert.is(formatDate('2026-03-01T23:30:00-02:00', en), '2 March 2026, 01:30 UTC')
  assert.is(formatDate('soon', en), 'soon')
  assert.is(formatDate(undefined, en), 'an unknown date')
})

test("pictures: data: images inline, https (and a test build's local hosts) only on request, nothing else", () => {
  const data = 'data:image/png;base64,iVBORw0KGgo='
  assert.equal(imageSource(data), { kind: 'inline', url: data })
  assert.equal(imageSource({ id: data, type: 'Image' }), { kind: 'inline', url: data })
  assert.equal(imageSource('https://tracker.attacker.example/pixel.png?viewer=ada'), {
    kind: 'remote',
    url: 'https://tracker.attacker.example/pixel.png?viewer=ada',
    host: 'tracker.attacker.example',
  })
  // an internationalised host is named in punycode, so that it cannot pass for another
  assert.is((imageSource('https://bücher.example/a.png') as { host: string }).host, 'xn--bcher-kva.example')
  assert.is(imageSource('http://127.0.0.1:8080/a.png', ['127.0.0.1'])?.kind, 'remote')
  for (const bad of [
    'http://guild.example/a.png',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pw@guild.example/a.png',
    'not a url',
    '',
    42,
    { id: 7 },
  ]) {
    assert.is(imageSource(bad), undefined, String(bad))
  }
})

test('a fetched picture is shown only when its bytes are an image', () => {
  const png = PNG.sync.write(new PNG({ width: 1, height: 1 }))
  assert.is(sniffImage(png), 'image/png')
  assert.is(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg')
  assert.is(sniffImage(new TextEncoder().encode('GIF89a....')), 'image/gif')
  assert.is(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp')
  assert.is(
    sniffImage(
      new TextEncoder().encode('\uFEFF<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ),
    'image/svg+xml',
  )
  for (const bad of ['<!doctype html><script>alert(1)</script>', '{"not":"an image"}', ''])
    assert.is(sniffImage(new TextEncoder().encode(bad)), undefined, bad)
})

test("the page's code writes no HTML from strings: text goes through textContent", () => {
  const folder = new URL('../src/', import.meta.url)
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    const code = readFileSync(new URL(file, folder), 'utf8')
    assert.not.match(
      code,
      /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/,
      file,
    )
  }
})

test('trust outcomes in plain language', () => {
  assert.is(
    describeCheck(fail('trust', 'ISSUER_NOT_TRUSTED'), {}, en).reason,
    'This issuer is not in your trusted list.',
  )
  assert.is(describeCheck(fail('trust', 'ISSUER_NOT_TRUSTED'), {}, en).label, 'Known issuer')
  assert.match(describeCheck(fail('trust', 'REGISTRY_UNAVAILABLE'), {}, en).reason, /could not be read/)
  assert.is(
    describeCheck(fail('parse', 'BAKED_CREDENTIAL_DUPLICATED'), {}, en).reason,
    'This image carries two credentials, so which one counts is unclear.',
  )
})

test.run()
