// The `jwt` key proof as OpenID4VCI 1.0 Appendix F.1 and F.4 have it, over HTTP against the service on
// 127.0.0.1, proofs built with jose: typ openid4vci-proof+jwt (a media type: the `application/` prefix and
// case do not matter, RFC 7515 4.1.9); an asymmetric alg of proof_signing_alg_values_supported, never
// `none` nor a MAC; exactly one of kid, jwk and x5c, no private key; the signature verified with that key;
// aud the credential issuer identifier; iat within a window; a nonce from the nonce endpoint, refused as
// invalid_nonce when it is not one or has expired, and invalid_proof when it is missing.
import { randomBytes } from 'node:crypto'
import { generateKeyPair, SignJWT } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Guild, startGuild } from './guild.js'
import {
  assertOAuthError,
  credentialRequest,
  freshNonce,
  jwtPayload,
  openSession,
  type Session,
} from './spec-checks.js'
import { type Answer, makeWallet, seconds } from './wallet.js'

const START = new Date('2027-03-01T10:00:00Z')
let guild: Guild
/** One session for the refusals: a refused proof leaves its credential open. */
let session: Session

test.before(async () => {
  guild = await startGuild({ start: START })
  session = await openSession(guild)
})
test.after(async () => {
  await guild?.close()
})
test.before.each(() => {
  guild.now.value = START
})

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')

/** The session's request with `jwt` as its one proof. */
function send(jwt: string, target: Session = session): Promise<Answer> {
  return credentialRequest(guild, target, {
    credential_identifier: target.identifier,
    proofs: { jwt: [jwt] },
  })
}

/** A proof of the session's wallet; `header` and `claims` change or add members (undefined removes one). */
async function proof(
  options: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {},
): Promise<string> {
  return session.wallet.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
    ...options,
  })
}

test('F.1: typ must be openid4vci-proof+jwt: missing or JWT is invalid_proof', async () => {
  assertOAuthError(await send(await proof({ header: { typ: undefined } })), 400, 'invalid_proof')
  assertOAuthError(await send(await proof({ header: { typ: 'JWT' } })), 400, 'invalid_proof')
  assertOAuthError(
    await send(await proof({ header: { typ: 'openid4vci-proof+jwt+x' } })),
    400,
    'invalid_proof',
  )
})

test('F.1: alg none, a MAC (HS256), or an alg not in proof_signing_alg_values_supported (ES384): invalid_proof', async () => {
  const payload = { aud: guild.base, iat: seconds(guild.clock()), nonce: await freshNonce(guild) }
  const unsigned = `${b64({ alg: 'none', typ: 'openid4vci-proof+jwt', ...session.wallet.keyHeader })}.${b64(payload)}.`
  assertOAuthError(await send(unsigned), 400, 'invalid_proof')
  const mac = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'openid4vci-proof+jwt', ...session.wallet.keyHeader })
    .sign(new Uint8Array(32).fill(7))
  assertOAuthError(await send(mac), 400, 'invalid_proof')
  const { privateKey } = await generateKeyPair('ES384')
  const es384 = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES384', typ: 'openid4vci-proof+jwt', ...session.wallet.keyHeader })
    .sign(privateKey)
  assertOAuthError(await send(es384), 400, 'invalid_proof')
})

test('F.1: exactly one of kid, jwk and x5c: none, or two at once, is invalid_proof', async () => {
  const jwk = session.wallet.publicJwk
  assertOAuthError(await send(await proof({ header: { kid: undefined } })), 400, 'invalid_proof')
  assertOAuthError(await send(await proof({ header: { jwk } })), 400, 'invalid_proof')
  assertOAuthError(await send(await proof({ header: { x5c: ['MIIB'] } })), 400, 'invalid_proof')
})

test('F.4: a header holding a private key is invalid_proof', async () => {
  const wallet = await makeWallet('jwk', 'EdDSA')
  const withPrivate = await wallet.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
    header: { jwk: { ...wallet.publicJwk, d: Buffer.alloc(32, 1).toString('base64url') } },
  })
  assertOAuthError(await send(withPrivate), 400, 'invalid_proof')
})

test('F.4 (a key acceptable per local policy): an RSA key of a huge exponent or modulus is refused before any signature check', async () => {
  // Verifying under a 3072-bit exponent costs about 60 times a usual one (e = 65537): a request that
  // cheap to send must not cost that much to refuse. OpenSSL itself caps the exponent at 64 bits past
  // 3072-bit moduli, and moduli at 16384 bits.
  const odd = (bytes: number) => {
    const value = randomBytes(bytes)
    value[0] = (value[0] ?? 0) | 0x80
    value[bytes - 1] = (value[bytes - 1] ?? 0) | 1
    return value.toString('base64url')
  }
  for (const jwk of [
    { kty: 'RSA', n: odd(384), e: odd(384) },
    { kty: 'RSA', n: odd(2048), e: 'AQAB' },
  ]) {
    const header = { alg: 'RS256', typ: 'openid4vci-proof+jwt', jwk }
    const payload = { aud: guild.base, iat: seconds(guild.clock()), nonce: await freshNonce(guild) }
    const jwt = `${b64(header)}.${b64(payload)}.${randomBytes(384).toString('base64url')}`
    const answer = await send(jwt)
    assertOAuthError(answer, 400, 'invalid_proof')
    assert.match(answer.body.error_description as string, /exponent|modulus/)
  }
})

test('F.1 and F.4: a signature by another key than the header names is invalid_proof', async () => {
  const other = await makeWallet('did:key', 'EdDSA')
  const forged = await other.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
    header: session.wallet.keyHeader,
  })
  assertOAuthError(await send(forged), 400, 'invalid_proof')
  // A signature cut off the end of a good proof: the same.
  const good = await proof()
  assertOAuthError(await send(`${good.slice(0, good.lastIndexOf('.'))}.AAAA`), 400, 'invalid_proof')
})

test('F.1: aud must be the credential issuer identifier: missing or another is invalid_proof', async () => {
  assertOAuthError(await send(await proof({ claims: { aud: undefined } })), 400, 'invalid_proof')
  assertOAuthError(
    await send(await proof({ claims: { aud: 'https://other.example' } })),
    400,
    'invalid_proof',
  )
})

test('F.1 and F.4: iat is required and within a window: missing, stale or far ahead is invalid_proof', async () => {
  const now = seconds(guild.clock())
  assertOAuthError(await send(await proof({ claims: { iat: undefined } })), 400, 'invalid_proof')
  assertOAuthError(await send(await proof({ claims: { iat: now - 3600 } })), 400, 'invalid_proof')
  assertOAuthError(await send(await proof({ claims: { iat: now + 3600 } })), 400, 'invalid_proof')
  assertOAuthError(await send(await proof({ claims: { iat: String(now) } })), 400, 'invalid_proof')
})

test('8.3.1.2 (3): with a nonce endpoint, a proof without a nonce is invalid_proof', async () => {
  assertOAuthError(await send(await proof({ claims: { nonce: undefined } })), 400, 'invalid_proof')
})

test('8.3.1.2: a nonce the issuer did not give, or one expired, is invalid_nonce', async () => {
  assertOAuthError(
    await send(await proof({ claims: { nonce: 'made-up-by-the-wallet' } })),
    400,
    'invalid_nonce',
  )
  const old = await freshNonce(guild)
  // Six minutes later (nonces live 5, access tokens 10), with an iat of then: only the nonce is old.
  guild.now.value = new Date(START.getTime() + 6 * 60_000)
  const late = await proof({ claims: { nonce: old } })
  const answer = await send(late)
  assertOAuthError(answer, 400, 'invalid_nonce')
})

test('7 and 8.3.1.2: a refused proof of a 1.0 request is answered without a c_nonce: the nonce endpoint gives it', async () => {
  for (const answer of [
    await send(await proof({ claims: { nonce: 'made.up.nonce' } })),
    await send(await proof({ claims: { aud: 'https://elsewhere.example' } })),
  ]) {
    assert.is(answer.status, 400, answer.text)
    assert.is(answer.body.c_nonce, undefined, answer.text)
    assert.is(answer.body.c_nonce_expires_in, undefined, answer.text)
  }
})

test('F.1: typ is a media type: application/openid4vci-proof+jwt, in any case, is the same type', async () => {
  const prefixed = await openSession(guild)
  const jwt = await prefixed.wallet.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
    header: { typ: 'application/OpenID4VCI-proof+JWT' },
  })
  const answer = await send(jwt, prefixed)
  assert.is(answer.status, 200, answer.text)
})

test('F.1: a P-256 did:key proof (ES256) binds the credential to that DID; iss is not required', async () => {
  const p256 = await openSession(guild)
  const wallet = await makeWallet('did:key', 'ES256')
  const jwt = await wallet.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
  })
  assert.is(jwtPayload(jwt).iss, undefined)
  const answer = await send(jwt, p256)
  assert.is(answer.status, 200, answer.text)
  const [first] = answer.body.credentials as { credential: string }[]
  assert.is(jwtPayload(first?.credential as string).sub, wallet.did)
})

test.run()
