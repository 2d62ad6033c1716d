// Every way a VC-JWT is refused, each with its code.
import type { JsonObject } from '@tessera/schema'
import { badge, didJwkIssuer, jwtPayload } from '@tessera/testkit/signing'
import { CompactSign } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type VerificationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const verifier = new Verifier({ offline: true })
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const code = (result: VerificationResult, id: string) => result.checks.find((c) => c.id === id)?.code
const verify = (input: string | JsonObject) => verifier.verifyCredential(input, { now: NOW })

test('alg "none" is ALG_NONE', async () => {
  const issuer = await didJwkIssuer('EdDSA')
  const token = `${b64({ alg: 'none', kid: issuer.kid })}.${b64(jwtPayload(badge(issuer.did)))}.`
  const result = await verify(token)
  assert.not.ok(result.verified)
  assert.is(code(result, 'proof'), 'ALG_NONE')
})

test('HS256 with the public key as the shared secret is ALG_HMAC', async () => {
  const issuer = await didJwkIssuer('RS256')
  const secret = new TextEncoder().encode(JSON.stringify(issuer.publicJwk))
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(jwtPayload(badge(issuer.did)))))
    .setProtectedHeader({ alg: 'HS256', kid: issuer.kid })
    .sign(secret)
  assert.is(code(await verify(token), 'proof'), 'ALG_HMAC')
})

test('an algorithm that does not match the key is ALG_KEY_MISMATCH; an unlisted one ALG_NOT_ALLOWED', async () => {
  const issuer = await didJwkIssuer('EdDSA')
  const payload = b64(jwtPayload(badge(issuer.did)))
  assert.is(
    code(await verify(`${b64({ alg: 'ES256', kid: issuer.kid })}.${payload}.c2ln`), 'proof'),
    'ALG_KEY_MISMATCH',
  )
  assert.is(
    code(await verify(`${b64({ alg: 'PS256', kid: issuer.kid })}.${payload}.c2ln`), 'proof'),
    'ALG_NOT_ALLOWED',
  )
  assert.is(code(await verify(`${b64({ kid: issuer.kid })}.${payload}.c2ln`), 'proof'), 'ALG_MISSING')
})

test('jku, x5u and crit headers are JOSE_HEADER_NOT_ALLOWED', async () => {
  const issuer = await didJwkIssuer('EdDSA')
  const credential = jwtPayload(badge(issuer.did))
  for (const header of [{ jku: 'https://evil.example/jwks' }, { x5u: 'https://evil.example/cert' }]) {
    const token = await issuer.signPayload(credential, header)
    assert.is(code(await verify(token), 'proof'), 'JOSE_HEADER_NOT_ALLOWED', JSON.stringify(header))
  }
  // jose will not sign an unknown crit extension: the header is forged by hand
  const crit = `${b64({ alg: 'EdDSA', kid: issuer.kid, crit: ['exp'], exp: 1 })}.${b64(credential)}.c2ln`
  assert.is(code(await verify(crit), 'proof'), 'JOSE_HEADER_NOT_ALLOWED')
})

test("a kid of another DID: the signature holds, the key is not the issuer's (KEY_NOT_ISSUERS)", async () => {
  const [issuer, stranger] = await Promise.all([didJwkIssuer('EdDSA'), didJwkIssuer('EdDSA')])
  const token = await stranger.signCredential(badge(issuer.did))
  const result = await verify(token)
  assert.not.ok(result.verified)
  assert.ok(result.checks.find((c) => c.id === 'proof')?.ok)
  assert.is(code(result, 'issuer'), 'KEY_NOT_ISSUERS')
})

test('iss, jti, sub, nbf or exp differing from the credential is CLAIM_MISMATCH', async () => {
  const issuer = await didJwkIssuer('ES256')
  const credential = badge(issuer.did, { validUntil: '2027-01-01T00:00:00Z' })
  for (const claim of [
    { iss: 'did:web:other.example' },
    { jti: 'urn:uuid:other' },
    { sub: 'did:example:bob' },
    { nbf: 1 },
    { exp: 2 },
  ]) {
    const token = await issuer.signPayload({ ...jwtPayload(credential), ...claim })
    assert.is(code(await verify(token), 'issuer'), 'CLAIM_MISMATCH', JSON.stringify(claim))
  }
  const missing = jwtPayload(credential)
  delete missing.iss
  assert.is(code(await verify(await issuer.signPayload(missing)), 'issuer'), 'CLAIM_MISMATCH')
})

test('a JSON copy carrying its JWT: identical verifies, a changed copy is JWT_COPY_MISMATCH', async () => {
  const issuer = await didJwkIssuer('EdDSA')
  const credential = badge(issuer.did)
  const jwt = await issuer.signCredential(credential)
  const copy = { ...credential, proof: { type: 'JwtProof2020', jwt } }
  const ok = await verify(copy)
  assert.ok(ok.verified, JSON.stringify(ok.checks))
  const changed = { ...copy, name: 'Honorary member' }
  const result = await verify(changed)
  assert.not.ok(result.verified)
  assert.is(code(result, 'parse'), 'JWT_COPY_MISMATCH')
})

test("an embedded jwk is trusted only when it is a key of the issuer's own DID", async () => {
  const [issuer, stranger] = await Promise.all([didJwkIssuer('EdDSA'), didJwkIssuer('EdDSA')])
  const own = await issuer.signPayload(jwtPayload(badge(issuer.did)), {
    kid: undefined,
    jwk: issuer.publicJwk,
  })
  const ownResult = await verify(own)
  assert.ok(ownResult.verified, JSON.stringify(ownResult.checks))
  const foreign = await stranger.signPayload(jwtPayload(badge(issuer.did)), {
    kid: undefined,
    jwk: stranger.publicJwk,
  })
  const result = await verify(foreign)
  assert.ok(result.checks.find((c) => c.id === 'proof')?.ok)
  assert.is(code(result, 'issuer'), 'JWK_NOT_BOUND_TO_ISSUER')
  const privateKey = await issuer.signPayload(jwtPayload(badge(issuer.did)), {
    kid: undefined,
    jwk: { ...issuer.publicJwk, d: 'AAAA' },
  })
  assert.is(code(await verify(privateKey), 'proof'), 'UNSUPPORTED_KEY')
})

test('a relative kid resolves against the issuer; no kid nor jwk is KEY_NOT_FOUND; an unreachable DID CANNOT_DEREFERENCE', async () => {
  const issuer = await didJwkIssuer('RS256')
  const relative = await issuer.signPayload(jwtPayload(badge(issuer.did)), { kid: '#0' })
  assert.ok((await verify(relative)).verified)
  const keyless = await issuer.signPayload(jwtPayload(badge(issuer.did)), { kid: undefined })
  assert.is(code(await verify(keyless), 'proof'), 'KEY_NOT_FOUND')
  const web = await issuer.signPayload(jwtPayload(badge('did:web:guild.example')), {
    kid: 'did:web:guild.example#key-1',
  })
  assert.is(code(await verify(web), 'proof'), 'CANNOT_DEREFERENCE')
})

test('malformed tokens are parse failures with their code, never a throw', async () => {
  for (const [token, expected] of [
    ['a.b', 'MALFORMED_JWT'],
    ['a.b.c.d', 'MALFORMED_JWT'],
    [`${b64({ alg: 'EdDSA' })}.${b64([1])}.c2ln`, 'MALFORMED_JWT'],
    ['{"@context": [', 'MALFORMED_JSON'],
    ['[1,2]', 'NOT_AN_OBJECT'],
  ] as const) {
    const result = await verify(token)
    assert.not.ok(result.verified)
    assert.is(code(result, 'parse'), expected, token)
  }
})

test.run()
