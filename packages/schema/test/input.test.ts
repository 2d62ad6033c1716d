import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  checkJsonValue,
  decodeJwt,
  issuerIdOf,
  jwtClaimsOf,
  parseCredential,
  parseJson,
  parseJsonObject,
  repeatedMember,
  type TesseraError,
} from '../src/index.js'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const jwtOf = (payload: unknown) => `${b64({ alg: 'EdDSA' })}.${b64(payload)}.c2ln`

test('malformed JSON is MALFORMED_JSON, empty input INPUT_EMPTY', () => {
  assert.is(
    thrownCode(() => parseJson('{"a": ')),
    'MALFORMED_JSON',
  )
  assert.is(
    thrownCode(() => parseCredential('{not json}')),
    'MALFORMED_JSON',
  )
  assert.is(
    thrownCode(() => parseCredential('hello')),
    'MALFORMED_JSON',
  )
  assert.is(
    thrownCode(() => parseCredential('   \n')),
    'INPUT_EMPTY',
  )
})

test('JSON that is not an object is NOT_AN_OBJECT', () => {
  for (const text of ['[]', '"text"', '42', '1.5', 'null', 'true']) {
    assert.is(
      thrownCode(() => parseCredential(text)),
      'NOT_AN_OBJECT',
      text,
    )
  }
})

test('input over the size limit is INPUT_TOO_LARGE, for text and bytes', () => {
  const big = `{"a":"${'x'.repeat(20 * 1024 * 1024)}"}`
  assert.is(
    thrownCode(() => parseCredential(big)),
    'INPUT_TOO_LARGE',
  )
  assert.is(
    thrownCode(() => parseCredential(new Uint8Array(9 * 1024 * 1024))),
    'INPUT_TOO_LARGE',
  )
  assert.is(
    thrownCode(() => parseJson('{"a":"ééé"}', { maxBytes: 12 })),
    'INPUT_TOO_LARGE',
  )
  assert.equal(parseJson('{"a":"ééé"}', { maxBytes: 15 }), { a: 'ééé' })
})

test('10,000 levels of nesting are JSON_TOO_DEEP, without a stack overflow', () => {
  const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
  assert.is(
    thrownCode(() => parseJson(deep)),
    'JSON_TOO_DEEP',
  )
  assert.is(
    thrownCode(() => parseCredential(`{"a":${deep}}`)),
    'JSON_TOO_DEEP',
  )
  // brackets inside strings do not count
  assert.equal(parseJsonObject(`{"a":"${'['.repeat(100)}\\""}`), { a: `${'['.repeat(100)}"` })
  assert.is(
    thrownCode(() => parseJson('[[[1]]]', { maxDepth: 2 })),
    'JSON_TOO_DEEP',
  )
})

test('__proto__, constructor and prototype keys are UNSAFE_KEY, and nothing is polluted', () => {
  assert.is(
    thrownCode(() => parseCredential('{"__proto__": {"polluted": true}}')),
    'UNSAFE_KEY',
  )
  assert.is(
    thrownCode(() => parseCredential('{"a": {"constructor": {"prototype": {"polluted": true}}}}')),
    'UNSAFE_KEY',
  )
  assert.is(
    thrownCode(() => parseCredential('{"a": [{"prototype": 1}]}')),
    'UNSAFE_KEY',
  )
  assert.is(({} as { polluted?: boolean }).polluted, undefined)
})

test('repeatedMember: the JSON Pointer of a member whose name its object already has, names compared decoded', () => {
  assert.is(repeatedMember('{"a":1,"a":2}'), '/a')
  // names compared decoded, whitespace before the colon, and found inside arrays and nested objects
  assert.is(repeatedMember('{"p":1, "\\u0070" :2}'), '/p')
  assert.is(repeatedMember('{"proofs":{"jwt":["x"],"jwt":["y"]}}'), '/proofs/jwt')
  assert.is(repeatedMember('{"a":[{"b":1},{"c":1,"c":2}]}'), '/a/1/c')
  assert.is(repeatedMember('{"d":{"e/~":{"f":1,"f":1}}}'), '/d/e~1~0/f')
  // the same name in two objects, or as a string value, is no repeat; strings holding quotes and braces
  assert.is(repeatedMember('{"a":{"x":1},"b":{"x":1},"c":"a","d":["a","a"],"e":"\\"}{\\"a\\":"}'), undefined)
  // what JSON.parse does with the same text: the last wins, silently
  assert.equal(parseJson('{"a":1,"a":2}'), { a: 2 })
})

test('invalid UTF-8 bytes are INVALID_UTF8; a BOM is dropped', () => {
  assert.is(
    thrownCode(() => parseCredential(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))),
    'INVALID_UTF8',
  )
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":1}')])
  assert.equal(parseCredential(withBom).credential, { a: 1 })
})

test('a JWT with two or four segments is MALFORMED_JWT', () => {
  assert.is(
    thrownCode(() => parseCredential(`${b64({ alg: 'EdDSA' })}.${b64({ a: 1 })}`)),
    'MALFORMED_JWT',
  )
  assert.is(
    thrownCode(() => parseCredential(`${jwtOf({ a: 1 })}.extra`)),
    'MALFORMED_JWT',
  )
  assert.is(
    thrownCode(() => decodeJwt('a.b')),
    'MALFORMED_JWT',
  )
})

test('a JWT whose segments are not base64url JSON objects is MALFORMED_JWT', () => {
  assert.is(
    thrownCode(() => decodeJwt(`${b64({ alg: 'EdDSA' })}.bm90IGpzb24.c2ln`)),
    'MALFORMED_JWT',
  )
  assert.is(
    thrownCode(() => decodeJwt(`${b64({ alg: 'EdDSA' })}.${b64([1, 2])}.c2ln`)),
    'MALFORMED_JWT',
  )
  assert.is(
    thrownCode(() => decodeJwt(`.${b64({ a: 1 })}.c2ln`)),
    'MALFORMED_JWT',
  )
  assert.is(
    thrownCode(() => decodeJwt(`${b64({ alg: 'EdDSA' })}.${b64({ a: 1 })}.c2l+`)),
    'MALFORMED_JWT',
  )
  const polluted = Buffer.from('{"__proto__":{"x":1}}').toString('base64url')
  assert.is(
    thrownCode(() => decodeJwt(`${b64({ alg: 'EdDSA' })}.${polluted}.c2ln`)),
    'MALFORMED_JWT',
  )
})

test('a VC-JWT whose payload is the credential: registered claims are not credential properties', () => {
  const parsed = parseCredential(
    jwtOf({ '@context': ['x'], id: 'urn:uuid:1', iss: 'did:example:1', nbf: 1, jti: 'urn:uuid:1' }),
  )
  assert.is(parsed.format, 'jwt')
  if (parsed.format !== 'jwt') return
  assert.is(parsed.form, 'payload')
  assert.equal(parsed.credential, { '@context': ['x'], id: 'urn:uuid:1' })
  assert.equal(parsed.jwt.header, { alg: 'EdDSA' })
})

test('an older VC-JWT with a vc claim: jti, iss, nbf, exp and sub fill what the credential lacks', () => {
  const parsed = parseCredential(
    jwtOf({
      vc: { credentialSubject: { type: 'X' } },
      jti: 'urn:1',
      iss: 'did:ex:1',
      nbf: 1262304000,
      exp: 1893456000,
      sub: 'did:ex:2',
    }),
  )
  assert.is(parsed.format === 'jwt' && parsed.form, 'vc-claim')
  assert.equal(parsed.credential, {
    credentialSubject: { type: 'X', id: 'did:ex:2' },
    id: 'urn:1',
    issuer: 'did:ex:1',
    issuanceDate: '2010-01-01T00:00:00Z',
    expirationDate: '2030-01-01T00:00:00Z',
  })
  assert.is(
    thrownCode(() => parseCredential(jwtOf({ vc: 'nope' }))),
    'MALFORMED_JWT',
  )
})

test('jwtClaimsOf maps a credential to iss, jti, sub, nbf, exp: the inverse of the vc-claim mapping', () => {
  const credential = {
    id: 'urn:1',
    issuer: { id: 'did:ex:1', type: ['Profile'] },
    validFrom: '2010-01-01T00:00:00Z',
    validUntil: '2030-01-01T00:00:00Z',
    credentialSubject: { id: 'did:ex:2' },
  }
  const claims = jwtClaimsOf(credential)
  assert.equal(claims, { iss: 'did:ex:1', jti: 'urn:1', sub: 'did:ex:2', nbf: 1262304000, exp: 1893456000 })
  assert.is(issuerIdOf({ issuer: 'did:ex:3' }), 'did:ex:3')
  assert.equal(jwtClaimsOf({ issuer: 42, validFrom: 'soon' }), {})
  const parsed = parseCredential(jwtOf({ vc: { credentialSubject: {} }, ...claims }))
  assert.equal(jwtClaimsOf(parsed.credential), { ...claims, iss: 'did:ex:1' })
})

test('checkJsonValue names the offending value by its JSON Pointer, spelled out only for the error', () => {
  const refusal = (value: unknown, limits?: { maxDepth?: number; maxValues?: number }) => {
    try {
      checkJsonValue(value, limits)
    } catch (error) {
      const { code, path, message } = error as TesseraError
      return { code, path, message }
    }
    return undefined
  }
  assert.is(refusal({ a: [1, { b: 2 }], c: 'd' }), undefined)
  const unsafe = JSON.parse('{"a":{"x/y":[0,{"__proto__":1}]}}')
  assert.equal(refusal(unsafe), {
    code: 'UNSAFE_KEY',
    path: '/a/x~1y/1/__proto__',
    message: 'the forbidden key "__proto__" at /a/x~1y/1/__proto__',
  })
  assert.equal(refusal({ 'm~n': [1, 2, Number.NaN] }), {
    code: 'MALFORMED_JSON',
    path: '/m~0n/2',
    message: 'NaN is no JSON number at /m~0n/2',
  })
  assert.is(refusal({ a: { b: { c: {} } } }, { maxDepth: 3 })?.path, '/a/b/c')
  assert.is(refusal({ a: { b: { c: {} } } }, { maxDepth: 3 })?.code, 'JSON_TOO_DEEP')
  assert.is(refusal({ when: new Date(0) })?.path, '/when')
  assert.is(refusal(10n)?.path, '')
  assert.is(refusal([1, 2, 3], { maxValues: 2 })?.code, 'JSON_TOO_MANY_VALUES')
})

test.run()
