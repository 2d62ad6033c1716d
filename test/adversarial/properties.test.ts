// Property tests (fast-check): status lists survive encoding, the JWT parser throws nothing but
// TesseraErrors, and no random change to a signed credential (VC-JWT or Data Integrity) verifies.
// Run counts are kept small enough for the whole folder to stay well under a minute on two cores.
import {
  credentialFromJwt,
  decodeJwt,
  isTesseraError,
  type JsonObject,
  parseCredential,
} from '@tessera/schema'
import { Bitstring, decodeList, encodeList, MIN_ENTRIES, type StatusListType } from '@tessera/status'
import { Verifier } from '@tessera/verifier'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { edIssuer, type JwtIssuer, NOW, signedBadge, signedJwt } from './fixtures.js'
import { b64 } from './harness.js'

const verifier = new Verifier({ offline: true })

/** Runs `fn`; anything thrown must be a TesseraError. */
function onlyTesseraErrors(fn: () => unknown): void {
  try {
    fn()
  } catch (error) {
    if (!isTesseraError(error)) throw error
  }
}

test('status lists: encode then decode gives the same entries, for every status size and both types', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.constantFrom<StatusListType>('BitstringStatusList', 'StatusList2021'),
      fc.integer({ min: 0, max: 3 }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 200 }),
      (statusSize, type, extraBytes, sets) => {
        const length = MIN_ENTRIES + Math.floor((extraBytes * 8) / statusSize)
        const list = new Bitstring({ length, statusSize })
        for (const [index, value] of sets) list.set(index % length, value % 2 ** statusSize)
        const decoded = decodeList(encodeList(list, type), { type, statusSize })
        assert.ok(decoded.length >= length)
        assert.ok(Buffer.from(decoded.bytes).subarray(0, list.bytes.length).equals(list.bytes))
        for (const [index] of sets) assert.is(decoded.get(index % length), list.get(index % length))
      },
    ),
    { numRuns: 40 },
  )
})

const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/)
/** A segment of a compact JWS: base64url of JSON (objects or not), of random bytes, or plain junk. */
const segment = fc.oneof(
  fc.jsonValue().map((v) => b64(v)),
  fc.object().map((v) => b64(JSON.stringify(v) ?? 'null')),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
  base64url,
  fc.string({ maxLength: 20 }),
)
const tokenLike = fc.oneof(
  fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
  fc.array(segment, { maxLength: 6 }).map((parts) => parts.join('.')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
)

test('decodeJwt, credentialFromJwt and parseCredential throw nothing but TesseraErrors', () => {
  fc.assert(
    fc.property(tokenLike, (token) => {
      onlyTesseraErrors(() => credentialFromJwt(decodeJwt(token)))
      onlyTesseraErrors(() => parseCredential(token))
    }),
    { numRuns: 1_000 },
  )
})

let issuer: JwtIssuer

/** Tokens with headers a hostile issuer might write, over arbitrary payloads. */
const hostileToken = fc
  .tuple(
    fc.record(
      {
        alg: fc.constantFrom('EdDSA', 'ES256', 'RS256', 'none', 'HS256', 'PS256', 'Ed25519', 7),
        kid: fc.constantFrom('did:example:x#1', '#0', 'did:web:127.0.0.1#k', 'https://[::1]/k#1', 'x'),
        jwk: fc.constantFrom({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }, { kty: 'oct', k: 'AA' }, 'x'),
        crit: fc.constant(['b64']),
        typ: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: [] },
    ),
    fc.oneof(fc.object(), fc.jsonValue()),
    fc.oneof(base64url, fc.constant('')),
  )
  .map(
    ([header, payload, signature]) => `${b64(header)}.${b64(JSON.stringify(payload) ?? 'null')}.${signature}`,
  )

test("the verifier's JWT path answers every token with a result, never a throw, never verified", async () => {
  issuer = await edIssuer()
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostileToken, tokenLike), async (token) => {
      const result = await verifier.verifyCredential(token, { now: NOW })
      assert.is(result.verified, false)
      assert.ok(result.checks.some((c) => !c.ok && typeof c.code === 'string'))
    }),
    { numRuns: 150 },
  )
  // the issuer's real key with kids of its own: still nothing verifies without its signature
  await fc.assert(
    fc.asyncProperty(fc.object(), async (payload) => {
      const token = `${b64({ alg: 'EdDSA', kid: issuer.kid })}.${b64(payload)}.${'A'.repeat(86)}`
      assert.is((await verifier.verifyCredential(token, { now: NOW })).verified, false)
    }),
    { numRuns: 50 },
  )
})

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

test('a VC-JWT changed in any one character never verifies', async () => {
  const { token } = await signedJwt()
  assert.ok((await verifier.verifyCredential(token, { now: NOW })).verified)
  await fc.assert(
    fc.asyncProperty(
      fc.nat(token.length - 1),
      fc.constantFrom(...`${BASE64URL}.`),
      async (at, replacement) => {
        fc.pre(token[at] !== replacement)
        const changed = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`
        assert.is((await verifier.verifyCredential(changed, { now: NOW })).verified, false, changed)
      },
    ),
    { numRuns: 300 },
  )
})

/** Every path to a value of a JSON document. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length === 0 ? [] : [prefix]
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))]
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))]
  }
  return here
}

type Mutation = { kind: 'replace' | 'delete' | 'add'; text: string; number: number }

/** A copy of `document` with one change at `path`: a different leaf, a removed member, or a new one. */
function mutate(document: JsonObject, path: (string | number)[], m: Mutation): JsonObject {
  const copy = structuredClone(document)
  let parent: unknown = copy
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key]
  const last = path[path.length - 1] as string | number
  const holder = parent as Record<string | number, unknown>
  const old = holder[last]
  if (m.kind === 'delete') {
    if (Array.isArray(holder)) holder.splice(last as number, 1)
    else delete holder[last]
  } else if (m.kind === 'add' && typeof old === 'object' && old !== null && !Array.isArray(old)) {
    const target = old as Record<string, unknown>
    fc.pre(!(m.text in target))
    target[m.text] = m.number
  } else if (typeof old === 'string') {
    fc.pre(m.text !== old)
    holder[last] = m.text
  } else if (typeof old === 'number') {
    holder[last] = old + 1 + Math.abs(m.number)
  } else if (typeof old === 'boolean') {
    holder[last] = !old
  } else {
    holder[last] = m.text
  }
  return copy
}

const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('replace', 'delete', 'add'),
  text: fc.string({ maxLength: 12 }),
  number: fc.integer(),
})

test('a JSON change to a signed credential never verifies (Data Integrity, and the payload of a VC-JWT)', async () => {
  const signed = await signedBadge()
  assert.ok((await verifier.verifyCredential(signed, { now: NOW })).verified)
  const paths = pathsOf(signed)
  await fc.assert(
    fc.asyncProperty(fc.nat(paths.length - 1), mutation, async (at, m) => {
      const changed = mutate(signed, paths[at] as (string | number)[], m)
      const result = await verifier.verifyCredential(changed, { now: NOW })
      assert.is(result.verified, false, JSON.stringify({ path: paths[at], m }))
    }),
    { numRuns: 60 },
  )
  const { token, credential } = await signedJwt()
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as JsonObject
  const claimPaths = pathsOf(claims)
  await fc.assert(
    fc.asyncProperty(fc.nat(claimPaths.length - 1), mutation, async (at, m) => {
      const changed = b64(mutate(claims, claimPaths[at] as (string | number)[], m))
      const result = await verifier.verifyCredential(`${header}.${changed}.${signature}`, { now: NOW })
      assert.is(result.verified, false, JSON.stringify({ path: claimPaths[at], m }))
    }),
    { numRuns: 100 },
  )
  assert.ok(credential)
})

test.run()
