// Baked badge images: what bakePng and bakeSvg write is what @tessera/verifier extracts and verifies;
// baking again replaces; no credential text can break out of the SVG's CDATA section.
import { readFileSync } from 'node:fs'
import { signJwt } from '@tessera/proofs'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { thrownCode } from '@tessera/testkit'
import { OB30 } from '@tessera/testkit/fixtures'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { extractFromPng, extractFromSvg, Verifier } from '@tessera/verifier'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bakePng, bakeSvg } from '../src/node/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const verifier = new Verifier({ offline: true })
const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
const key = await kms.createKey({ type: 'Ed25519' })
const { did, verificationMethod } = didKeyOf(key)
const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })

/** A 1x1 PNG with no text chunk. */
const PLAIN_PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
)
/** 1EdTech's baked example: a PNG that already holds a credential. */
const BAKED_PNG = readFileSync(`${OB30}simple-json.png`)
const SVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a badge -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a > b"><circle cx="5" cy="5" r="4"/></svg>`

function membership(name = 'Guild of Bookbinders'): JsonObject {
  return buildMembershipCredential({
    issuer: { id: did, name },
    recipient: { did: 'did:example:ada' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject
}

async function verified(input: Uint8Array | string) {
  const result = await verifier.verifyCredential(input, { now: NOW })
  assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
  return result
}

test('PNG: a Data Integrity credential baked as JSON unbakes to the same credential and verifies', async () => {
  const signed = await signDataIntegrity(membership(), signer)
  const baked = bakePng(PLAIN_PNG, signed)
  assert.equal(JSON.parse(extractFromPng(baked)), signed)
  const result = await verified(baked)
  assert.is(result.format, 'png')
  assert.equal(result.credential, signed)
})

test('PNG: a VC-JWT is baked as the compact JWS itself', async () => {
  const jwt = await signJwt(membership(), signer)
  const baked = bakePng(PLAIN_PNG, jwt)
  assert.is(extractFromPng(baked), jwt)
  assert.is((await verified(baked)).format, 'png')
})

test('PNG: baking a baked image replaces its credential (one chunk, right after IHDR)', async () => {
  const first = await signJwt(membership(), signer)
  const second = await signDataIntegrity(membership(), signer)
  const twice = bakePng(bakePng(PLAIN_PNG, first), second)
  assert.equal(JSON.parse(extractFromPng(twice)), second)
  // 1EdTech's example already holds a credential: replaced, not duplicated
  const rebaked = bakePng(BAKED_PNG, first)
  assert.is(extractFromPng(rebaked), first)
  const type = (at: number) => Buffer.from(rebaked.subarray(at + 4, at + 8)).toString('latin1')
  const ihdrLength = new DataView(rebaked.buffer, rebaked.byteOffset).getUint32(8)
  assert.is(type(8 + 12 + ihdrLength), 'iTXt')
})

test('PNG: not a PNG, a broken PNG, or no credential are refused with codes', () => {
  assert.is(
    thrownCode(() => bakePng(new Uint8Array([1, 2, 3]), membership())),
    'NOT_A_BADGE_IMAGE',
  )
  const truncated = PLAIN_PNG.slice(0, PLAIN_PNG.length - 6)
  assert.is(
    thrownCode(() => bakePng(truncated, membership())),
    'MALFORMED_IMAGE',
  )
  const badCrc = PLAIN_PNG.slice()
  badCrc[29] = (badCrc[29] ?? 0) ^ 0xff
  assert.is(
    thrownCode(() => bakePng(badCrc, membership())),
    'MALFORMED_IMAGE',
  )
  assert.is(
    thrownCode(() => bakePng(PLAIN_PNG, 'hello')),
    'NOT_A_CREDENTIAL',
  )
})

test('SVG: JSON in CDATA directly after <svg>, the namespace declared; verifies', async () => {
  const signed = await signDataIntegrity(membership(), signer)
  const baked = bakeSvg(SVG, signed)
  assert.ok(
    baked.includes(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-note="a > b" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{',
    ),
  )
  assert.ok(baked.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- a badge -->\n<svg'))
  assert.match(baked, /<circle cx="5" cy="5" r="4"\/><\/svg>$/)
  assert.equal(JSON.parse(extractFromSvg(baked)), signed)
  const result = await verified(baked)
  assert.is(result.format, 'svg')
  assert.equal(result.credential, signed)
})

test('SVG: a VC-JWT goes in the verify attribute; baking again replaces, keeping a prefix already bound', async () => {
  const jwt = await signJwt(membership(), signer)
  const baked = bakeSvg(SVG, jwt)
  assert.match(baked, /<openbadges:credential verify="[\w-]+\.[\w-]+\.[\w-]+"><\/openbadges:credential>/)
  assert.is(extractFromSvg(baked), jwt)
  await verified(baked)
  const signed = await signDataIntegrity(membership(), signer)
  const again = bakeSvg(baked, signed)
  assert.is(again.match(/:credential[ >]/g)?.length, 2) // one element: its start and end tags
  assert.equal(JSON.parse(extractFromSvg(again)), signed)
  const ownPrefix = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="a.b.c"/><rect/></svg>`
  const rebaked = bakeSvg(ownPrefix, jwt)
  assert.not.match(rebaked, /xmlns:openbadges/)
  assert.not.match(rebaked, /a\.b\.c/)
  assert.is(extractFromSvg(rebaked), jwt)
  assert.is(extractFromSvg(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', jwt)), jwt)
})

test('SVG: a credential holding "]]>" and markup cannot break out of the CDATA section', async () => {
  const hostile = 'Guild ]]></openbadges:credential><script>alert(1)</script><![CDATA[ of Binders'
  const signed = await signDataIntegrity(membership(hostile), signer)
  const baked = bakeSvg(SVG, signed)
  // one CDATA section, closed once, at the end of the element; nothing of the credential outside it
  assert.is(baked.match(/\]\]>/g)?.length, 1)
  assert.match(baked, /\]\]><\/openbadges:credential><circle/)
  assert.not.match(baked.replace(/<!\[CDATA\[[\s\S]*\]\]>/, ''), /script/)
  const extracted = JSON.parse(extractFromSvg(baked)) as JsonObject
  assert.is((extracted.issuer as JsonObject).name, hostile)
  assert.equal((await verified(baked)).credential, signed)
  // JSON text given as a string is escaped the same way
  assert.equal(JSON.parse(extractFromSvg(bakeSvg(SVG, JSON.stringify(signed)))), signed)
})

test('SVG: not an SVG, or a prefix bound elsewhere, is refused with codes', () => {
  assert.is(
    thrownCode(() => bakeSvg('<html></html>', membership())),
    'NOT_A_BADGE_IMAGE',
  )
  assert.is(
    thrownCode(() => bakeSvg('<svg xmlns:openbadges="http://openbadges.org"></svg>', membership())),
    'MALFORMED_IMAGE',
  )
  assert.is(
    thrownCode(() => bakeSvg(SVG, 'not.a credential')),
    'NOT_A_CREDENTIAL',
  )
})

test.run()
