// Hostile input text and bytes: deep nesting, prototype keys, invalid UTF-8, huge numbers and sizes,
// through @tessera/schema's parsers and the verifier's credential and presentation entries.
import { decodeJwt, parseCredential, parseJson } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { NOW, signedJwt } from './fixtures.js'
import { b64, type Case, codeOf, expectFailure, family } from './harness.js'

const verifier = new Verifier({ offline: true })
const verify = (input: string | Uint8Array) => verifier.verifyCredential(input, { now: NOW })

/** Fails the case if anything reached Object.prototype. */
function unpolluted(): void {
  for (const key of ['polluted', 'admin', 'isAdmin']) {
    assert.is((Object.prototype as Record<string, unknown>)[key], undefined, `Object.prototype.${key}`)
  }
}

const parseCase = (name: string, input: () => string | Uint8Array, code: string): Case => ({
  name,
  run: async () => {
    const value = input()
    expectFailure(await verify(value), 'parse', code)
    assert.is(await codeOf(() => parseCredential(value)), code)
    unpolluted()
  },
})

const presentationCase = (name: string, input: () => string | Uint8Array, code: string): Case => ({
  name: `presentation: ${name}`,
  run: async () => {
    const result = await verifier.verifyPresentation(input(), { now: NOW })
    assert.is(result.verified, false)
    assert.is(result.checks.find((c) => c.id === 'parse')?.code, code)
    unpolluted()
  },
})

const deep = (levels: number, open = '[', close = ']') => `${open.repeat(levels)}${close.repeat(levels)}`
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
const bytes = (...values: number[]) => Uint8Array.from(values)

let token = ''

const cases: Case[] = [
  parseCase('arrays 10,000 deep', () => deep(10_000), 'JSON_TOO_DEEP'),
  parseCase('objects 1,000,000 deep', () => deepObject(1_000_000), 'JSON_TOO_DEEP'),
  parseCase('65 levels, one past the limit', () => `{"a":${deep(64)}}`, 'JSON_TOO_DEEP'),
  parseCase('deep nesting opened inside a credential', () => `{"@context":${deep(5_000)}}`, 'JSON_TOO_DEEP'),
  parseCase(
    'a JWT payload 10,000 deep',
    () => `${b64({ alg: 'EdDSA' })}.${Buffer.from(deep(10_000)).toString('base64url')}.c2ln`,
    'MALFORMED_JWT',
  ),
  parseCase('a top-level __proto__ key', () => '{"__proto__":{"polluted":true},"type":"x"}', 'UNSAFE_KEY'),
  parseCase(
    'a __proto__ key deep in the subject',
    () => '{"credentialSubject":{"achievement":{"__proto__":{"admin":true}}}}',
    'UNSAFE_KEY',
  ),
  parseCase('a constructor key', () => '{"constructor":{"prototype":{"isAdmin":true}}}', 'UNSAFE_KEY'),
  parseCase('a prototype key', () => '{"issuer":{"prototype":{"polluted":1}}}', 'UNSAFE_KEY'),
  parseCase(
    '__proto__ spelled with a JSON escape',
    () => '{"\\u005f_proto__":{"polluted":true}}',
    'UNSAFE_KEY',
  ),
  parseCase('__proto__ inside an array item', () => '{"type":[{"__proto__":{"polluted":1}}]}', 'UNSAFE_KEY'),
  parseCase('a lone UTF-8 continuation byte', () => bytes(0x7b, 0x80, 0x7d), 'INVALID_UTF8'),
  parseCase('an overlong "/" (C0 AF)', () => bytes(0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x7d), 'INVALID_UTF8'),
  parseCase('a UTF-16 surrogate encoded in UTF-8', () => bytes(0x22, 0xed, 0xa0, 0x80, 0x22), 'INVALID_UTF8'),
  parseCase('a truncated 4-byte sequence', () => bytes(0x7b, 0xf0, 0x9f, 0x98), 'INVALID_UTF8'),
  parseCase('a 0xFF byte', () => bytes(0x7b, 0xff, 0x7d), 'INVALID_UTF8'),
  parseCase('UTF-16LE text with its BOM', () => Buffer.from('\ufeff{"a":1}', 'utf16le'), 'INVALID_UTF8'),
  parseCase('9 MiB of text', () => `{"a":"${'x'.repeat(9 * 1024 * 1024)}"}`, 'INPUT_TOO_LARGE'),
  parseCase('9 MiB of bytes', () => Buffer.from(`{"a":"${'x'.repeat(9 * 1024 * 1024)}"}`), 'INPUT_TOO_LARGE'),
  parseCase('3 million emoji (12 MB as UTF-8)', () => `{"a":"${'😀'.repeat(3_000_000)}"}`, 'INPUT_TOO_LARGE'),
  {
    // through the verifier only: parsing 3 MB twice in one case is the slowest thing in this folder
    name: '3 MB of tiny values (1.6 million zeros)',
    run: async () =>
      expectFailure(await verify(`{"a":[${'0,'.repeat(1_600_000)}0]}`), 'parse', 'JSON_TOO_MANY_VALUES'),
  },
  parseCase(
    'an object with 120,000 keys',
    () => `{${Array.from({ length: 120_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
    'JSON_TOO_MANY_VALUES',
  ),
  parseCase(
    'a JWT payload of 200,000 values',
    () => `${b64({ alg: 'EdDSA' })}.${b64({ tag: new Array(200_000).fill(0) })}.c2ln`,
    'MALFORMED_JWT',
  ),
  parseCase('nothing at all', () => '', 'INPUT_EMPTY'),
  parseCase('a BOM and whitespace', () => '\ufeff \n\t ', 'INPUT_EMPTY'),
  parseCase('a NUL byte', () => '\u0000', 'MALFORMED_JSON'),
  parseCase('an unterminated string 1 MiB long', () => `{"a":"${'x'.repeat(1024 * 1024)}`, 'MALFORMED_JSON'),
  parseCase(
    'brackets inside a string do not count as nesting',
    () => `{"a":"${'['.repeat(100_000)}"`,
    'MALFORMED_JSON',
  ),
  parseCase('a JSON array', () => '[{"type":"VerifiableCredential"}]', 'NOT_AN_OBJECT'),
  parseCase('a JSON string', () => '"eyJhbGciOiJub25lIn0.e30."', 'NOT_AN_OBJECT'),
  parseCase('a huge number alone', () => '1e400', 'NOT_AN_OBJECT'),
  parseCase('a dotted number, not a JWT', () => '1.2.3', 'MALFORMED_JSON'),
  parseCase('a JWT of 4 segments', () => 'a.b.c.d', 'MALFORMED_JWT'),
  parseCase('a JWT whose header is not base64url JSON', () => 'bm90IGpzb24.e30.c2ln', 'MALFORMED_JWT'),
  parseCase(
    'a JWT whose header has invalid UTF-8',
    () => `${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.e30.c2ln`,
    'MALFORMED_JWT',
  ),
  {
    name: 'huge numbers in the dates (1e400 is Infinity once parsed)',
    run: async () => {
      const text = `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"issuer":"did:example:x","validFrom":1e400,"validUntil":-1e400}`
      expectFailure(await verify(text), 'validity', 'VALIDITY_MISSING')
    },
  },
  {
    name: 'a 400-digit integer as the credential id',
    run: async () => {
      const result = await verify(`{"id":${'9'.repeat(400)},"type":"VerifiableCredential"}`)
      expectFailure(result, 'type', 'TYPE_INVALID')
    },
  },
  {
    name: 'a signed JWT re-sent with a 9 MiB tail',
    run: async () =>
      expectFailure(await verify(`${token}${'A'.repeat(9 * 1024 * 1024)}`), 'parse', 'INPUT_TOO_LARGE'),
  },
  {
    name: 'decodeJwt with a lower size limit than the token',
    run: async () => assert.is(await codeOf(() => decodeJwt(token, { maxBytes: 100 })), 'INPUT_TOO_LARGE'),
  },
  {
    name: 'parseJson with a depth limit of 1',
    run: async () =>
      assert.is(await codeOf(() => parseJson('{"a":{"b":1}}', { maxDepth: 1 })), 'JSON_TOO_DEEP'),
  },
  presentationCase(
    'a __proto__ key',
    () => '{"__proto__":{"polluted":1},"type":"VerifiablePresentation"}',
    'UNSAFE_KEY',
  ),
  presentationCase('invalid UTF-8', () => bytes(0x7b, 0xc3, 0x28, 0x7d), 'INVALID_UTF8'),
  presentationCase('objects 10,000 deep', () => deepObject(10_000), 'JSON_TOO_DEEP'),
]

family('adversarial: JSON and text input', cases, {
  setup: async () => {
    ;({ token } = await signedJwt())
  },
})
