// Credentials baked into images: found where Open Badges puts them, and hostile images refused.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { thrownCode } from '@tessera/testkit'
import { OB30 as OB30_FOLDER } from '@tessera/testkit/fixtures'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { extractFromPng, extractFromSvg, type VerificationResult, Verifier } from '../src/index.js'

const OB30 = pathToFileURL(OB30_FOLDER)
const png = readFileSync(new URL('simple-json.png', OB30))
const code = (result: VerificationResult, id: string) => result.checks.find((c) => c.id === id)?.code

/** The chunks of a PNG, as [start, end) byte ranges including length, type, data and CRC. */
function chunks(bytes: Uint8Array): { type: string; start: number; end: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = []
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at)
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1')
    out.push({ type, start: at, end: at + 12 + length })
    at += 12 + length
  }
  return out
}

test('the PNG iTXt chunk and the SVG element hold the credential', () => {
  assert.match(extractFromPng(png), /"@context"/)
  assert.match(extractFromSvg(readFileSync(new URL('simple-jwt.svg', OB30), 'utf8')), /^eyJ/)
})

test('a PNG with two credential chunks is BAKED_CREDENTIAL_DUPLICATED', () => {
  const itxt = chunks(png).find((c) => c.type === 'iTXt')
  if (itxt === undefined) throw new Error('fixture without iTXt')
  const twice = Buffer.concat([
    png.subarray(0, itxt.end),
    png.subarray(itxt.start, itxt.end),
    png.subarray(itxt.end),
  ])
  assert.is(
    thrownCode(() => extractFromPng(twice)),
    'BAKED_CREDENTIAL_DUPLICATED',
  )
})

test('a PNG without the chunk, a chunk claiming bytes past the end, or no PNG at all', () => {
  const itxt = chunks(png).find((c) => c.type === 'iTXt')
  if (itxt === undefined) throw new Error('fixture without iTXt')
  const without = Buffer.concat([png.subarray(0, itxt.start), png.subarray(itxt.end)])
  assert.is(
    thrownCode(() => extractFromPng(without)),
    'BAKED_CREDENTIAL_MISSING',
  )
  const lying = Buffer.from(png)
  lying.writeUInt32BE(0xfffffff0, itxt.start)
  assert.is(
    thrownCode(() => extractFromPng(lying)),
    'MALFORMED_IMAGE',
  )
  assert.is(
    thrownCode(() => extractFromPng(new Uint8Array([1, 2, 3]))),
    'NOT_A_BADGE_IMAGE',
  )
})

test('an image over 16 MiB is refused before it is read (INPUT_TOO_LARGE)', async () => {
  const huge = new Uint8Array(17 * 1024 * 1024)
  huge.set(png.subarray(0, 8))
  const result = await new Verifier({ offline: true }).verifyCredential(huge)
  assert.not.ok(result.verified)
  assert.is(code(result, 'parse'), 'INPUT_TOO_LARGE')
})

const SVG = (inner: string, prelude = '') =>
  `<?xml version="1.0"?>${prelude}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">${inner}</svg>`

test('SVG: entity expansion and external entities are refused (SVG_DOCTYPE_NOT_ALLOWED)', () => {
  const billionLaughs = SVG(
    '<openbadges:credential>&lol9;</openbadges:credential>',
    '<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>',
  )
  assert.is(
    thrownCode(() => extractFromSvg(billionLaughs)),
    'SVG_DOCTYPE_NOT_ALLOWED',
  )
  const external = SVG(
    '<openbadges:credential>&xxe;</openbadges:credential>',
    '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  )
  assert.is(
    thrownCode(() => extractFromSvg(external)),
    'SVG_DOCTYPE_NOT_ALLOWED',
  )
})

test('SVG: two credentials, none, an empty one, another namespace, broken XML', () => {
  assert.is(
    thrownCode(() =>
      extractFromSvg(SVG('<openbadges:credential verify="a.b.c"/><openbadges:credential verify="d.e.f"/>')),
    ),
    'BAKED_CREDENTIAL_DUPLICATED',
  )
  assert.is(
    thrownCode(() => extractFromSvg(SVG('<circle r="1"/>'))),
    'BAKED_CREDENTIAL_MISSING',
  )
  assert.is(
    thrownCode(() => extractFromSvg(SVG('<openbadges:credential></openbadges:credential>'))),
    'BAKED_CREDENTIAL_MISSING',
  )
  const v2 = '<svg xmlns:openbadges="https://openbadges.org"><openbadges:assertion verify="x"/></svg>'
  assert.is(
    thrownCode(() => extractFromSvg(v2)),
    'BAKED_CREDENTIAL_MISSING',
  )
  assert.is(
    thrownCode(() => extractFromSvg('<svg><openbadges:credential>')),
    'MALFORMED_IMAGE',
  )
  assert.is(extractFromSvg(SVG('<openbadges:credential verify=" a.b.c "/>')), 'a.b.c')
  const prefixed =
    '<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential><![CDATA[{"a":1}]]></ob:credential></svg>'
  assert.is(extractFromSvg(prefixed), '{"a":1}')
})

test.run()
