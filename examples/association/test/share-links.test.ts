// Share links: the verification URL carries the credential in its fragment; LinkedIn's forms filled in.

import { readFragment } from '@tessera/example-verify-page/input'
import type { JsonObject } from '@tessera/schema'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { association } from '../src/association.js'
import {
  credentialOf,
  fragmentOf,
  linkedInAddToProfileUrl,
  linkedInShareUrl,
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

test('a hosted credential URL and a LinkedIn organisation id are used when given; no expiry, no expiry fields', () => {
  const badge = awards.find((a) => a.kind === 'conference')
  if (badge === undefined) throw new Error('no badge')
  const hosted = 'https://bookbinders.example/credentials/abc.json'
  const links = shareLinksOf(badge.json, {
    verifyPageUrl: PAGE,
    credentialUrl: hosted,
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
