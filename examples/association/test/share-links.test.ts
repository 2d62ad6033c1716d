// Share links: the verification URL carries the credential in its fragment; a public page's short address
// replaces it everywhere when the member chose one; LinkedIn's forms filled in.

import { readFragment } from '@tessera/example-verify-page/input'
import type { JsonObject } from '@tessera/schema'
import { buildSite } from '@tessera/site'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { association } from '../src/association.js'
import {
  credentialOf,
  fragmentOf,
  linkedInAddToProfileUrl,
  linkedInShareUrl,
  publicPageOf,
  shareLinksOf,
  verificationUrl,
} from '../src/share-links.js'
import { testIssuer } from './helpers.js'

const PAGE = 'https://bookbinders.example/verify/'
const { signedAwards } = await testIssuer()
const awards = await signedAwards()
const certificate = awards.find((a) => a.kind === 'certificate')
if (certificate === undefined) throw new Error('no certificate')

test('the fragment is the JWT as it is, or the JSON in base64url; a page fragment is replaced', () => {
  assert.is(verificationUrl(PAGE, certificate.jwt), `${PAGE}#${certificate.jwt}`)
  const url = new URL(verificationUrl(`${PAGE}#old`, certificate.json))
  assert.is(url.href.split('#').length, 2)
  const decoded = JSON.parse(Buffer.from(url.hash.slice(1), 'base64url').toString('utf8')) as JsonObject
  assert.equal(decoded, certificate.json)
  assert.match(fragmentOf({ name: 'Zoë ✓' }), /^[A-Za-z0-9_-]+$/)
  assert.is(
    thrownCode(() => fragmentOf('not a jwt')),
    'NOT_A_CREDENTIAL',
  )
})

test('the verification page reads back exactly what the link carries (its own readFragment)', () => {
  const jwtLink = new URL(verificationUrl(PAGE, certificate.jwt))
  assert.equal(readFragment(jwtLink.hash), { kind: 'jwt', text: certificate.jwt })
  const jsonLink = new URL(verificationUrl(PAGE, certificate.json))
  const read = readFragment(jsonLink.hash)
  assert.is(read.kind, 'json')
  assert.equal(JSON.parse(read.kind === 'json' ? read.text : '{}'), certificate.json)
})

test('credentialOf decodes the JWT to the credential it carries', () => {
  const credential = credentialOf(certificate.jwt)
  assert.is(credential.id, certificate.json.id)
  assert.equal(credential.credentialSubject, certificate.json.credentialSubject)
})

test('LinkedIn add-to-profile: certification name, organisation, issue and expiry month, URL and id', () => {
  const links = shareLinksOf(certificate.jwt, { verifyPageUrl: PAGE })
  const url = new URL(links.linkedInAddToProfile)
  assert.is(url.origin + url.pathname, 'https://www.linkedin.com/profile/add')
  assert.equal(Object.fromEntries(url.searchParams), {
    startTask: 'CERTIFICATION_NAME',
    name: 'Certified Practitioner',
    organizationName: association.name,
    issueYear: '2026',
    issueMonth: '1',
    expirationYear: '2029',
    expirationMonth: '1',
    certUrl: links.verify,
    certId: String(certificate.json.id),
  })
  assert.is(links.verify, `${PAGE}#${certificate.jwt}`)
  assert.is(new URL(links.linkedInShare).searchParams.get('url'), links.verify)
})

test('a public page: every link is its short address, the one @tessera/site publishes the credential at', async () => {
  const page = publicPageOf('https://bookbinders.example/', certificate.jwt)
  assert.match(page.url, /^https:\/\/bookbinders\.example\/c\/[0-9a-z]{12}\/$/)
  assert.ok(page.url.length <= 45, `${page.url.length} characters`)
  const links = shareLinksOf(certificate.jwt, { verifyPageUrl: PAGE, page })
  assert.is(links.verify, page.url)
  const q = new URL(links.linkedInAddToProfile).searchParams
  assert.is(q.get('certUrl'), page.url)
  assert.is(q.get('certId'), page.shortId)
  assert.is(new URL(links.linkedInShare).searchParams.get('url'), page.url)
  // The site names the page the same way, from the same signed credential.
  const site = await buildSite({
    url: 'https://bookbinders.example/',
    language: 'en',
    now: new Date('2027-03-15T10:00:00Z'),
    issuer: { id: 'did:key:z6Mk', type: ['Profile'], name: association.name },
    credentials: [{ jwt: certificate.jwt, state: 'active', showName: true }],
  })
  assert.is(site.pages[0]?.url, page.url)
  // Without a page the link carries the whole credential: some thousands of characters.
  assert.ok(shareLinksOf(certificate.jwt, { verifyPageUrl: PAGE }).verify.length > 1000)
})

test('a public page and a LinkedIn organisation id are used when given; no expiry, no expiry fields', () => {
  const badge = awards.find((a) => a.kind === 'conference')
  if (badge === undefined) throw new Error('no badge')
  const hosted = 'https://bookbinders.example/c/0123456789ab/'
  const links = shareLinksOf(badge.json, {
    verifyPageUrl: PAGE,
    page: { url: hosted, shortId: '0123456789ab' },
    organizationId: '1234567',
  })
  const q = new URL(links.linkedInAddToProfile).searchParams
  assert.is(q.get('certUrl'), hosted)
  assert.is(q.get('organizationId'), '1234567')
  assert.is(q.get('organizationName'), null)
  assert.is(q.get('expirationYear'), null)
  assert.is(q.get('name'), 'Bookbinders’ Conference 2026')
  assert.is(
    linkedInShareUrl(hosted),
    `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(hosted)}`,
  )
  assert.match(
    linkedInAddToProfileUrl({
      name: 'A & B',
      organizationName: 'Guild',
      issued: '2026-03-05T00:00:00Z',
      certUrl: hosted,
      certId: 'x',
    }),
    /name=A\+%26\+B&organizationName=Guild&issueYear=2026&issueMonth=3&certUrl=/,
  )
})

test.run()
