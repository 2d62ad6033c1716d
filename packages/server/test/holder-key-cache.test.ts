// The proof keys kept between requests (src/holder-key-cache.ts), through checkJwtProof as the credential
// endpoint calls it: a wallet's second proof with one key is bound to the same DID with the key read once;
// another wallet's key, or the same key named by another identifier, gets its own entry and its own DID,
// never the first one's; a cached key still needs a valid signature, still refuses a private jwk and an
// algorithm it does not sign; a refused identifier is not kept; what is kept cannot be altered; the cache
// holds at most its size, the least recently used going first, and a key it dropped is read again; a size
// that is not a positive whole number is INVALID_OPTIONS.
import { ed25519Multikey } from '@tessera/proofs'
import { isTesseraError } from '@tessera/schema'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { HolderKeyCache } from '../src/holder-key-cache.js'
import { didJwkOf, NonceBox, ProtocolError } from '../src/index.js'
import { checkJwtProof, type ProofContext } from '../src/proof.js'

const NOW = new Date('2027-03-01T10:00:00Z')
const AUDIENCE = 'https://guild.example/wallet'
const nonces = new NonceBox(new Uint8Array(32).fill(7), 300_000)

function contextWith(holderKeys: HolderKeyCache): ProofContext {
  return { audience: AUDIENCE, nonces, now: NOW, maxAgeMs: 300_000, maxSkewMs: 60_000, holderKeys }
}

async function wallet(alg: 'EdDSA' | 'ES256' = 'EdDSA') {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  })
  return { ...pair, jwk: await exportJWK(pair.publicKey) }
}

function proofNaming(alg: string, key: { jwk: JWK } | { kid: string }, privateKey: CryptoKey) {
  return new SignJWT({ aud: AUDIENCE, iat: NOW.getTime() / 1000, nonce: nonces.issue(NOW).nonce })
    .setProtectedHeader({ alg, typ: 'openid4vci-proof+jwt', ...key })
    .sign(privateKey)
}

async function refusedWith(jwt: string, context: ProofContext, code: string): Promise<string> {
  try {
    await checkJwtProof(jwt, context)
  } catch (error) {
    assert.instance(error, ProtocolError)
    assert.is((error as ProtocolError).code, code)
    return (error as ProtocolError).message
  }
  assert.unreachable('the proof was accepted')
  return ''
}

test('a second proof with the same key is bound to the same DID, its key read once', async () => {
  const cache = new HolderKeyCache()
  const context = contextWith(cache)
  const { privateKey, jwk } = await wallet()
  const first = await checkJwtProof(await proofNaming('EdDSA', { jwk }, privateKey), context)
  assert.is(cache.count, 1)
  const second = await checkJwtProof(await proofNaming('EdDSA', { jwk }, privateKey), context)
  assert.is(cache.count, 1)
  assert.is(second, first, 'the kept key is handed out')
  assert.is(second.did, didJwkOf(jwk as Record<string, unknown>))
})

test("another wallet's key, or the same key named another way, never gets the first binding", async () => {
  const cache = new HolderKeyCache()
  const context = contextWith(cache)
  const alice = await wallet()
  const bob = await wallet()
  const aliceHolder = await checkJwtProof(
    await proofNaming('EdDSA', { jwk: alice.jwk }, alice.privateKey),
    context,
  )
  const bobHolder = await checkJwtProof(await proofNaming('EdDSA', { jwk: bob.jwk }, bob.privateKey), context)
  assert.is.not(bobHolder.did, aliceHolder.did)
  assert.is(bobHolder.did, didJwkOf(bob.jwk as Record<string, unknown>))
  assert.is(bobHolder.jwk.x, bob.jwk.x)
  // Alice's key as a did:key: its own entry and its own DID, not the did:jwk kept for her jwk.
  const multibase = ed25519Multikey(Buffer.from(alice.jwk.x as string, 'base64url'))
  const didKey = `did:key:${multibase}`
  const asDidKey = await checkJwtProof(await proofNaming('EdDSA', { kid: didKey }, alice.privateKey), context)
  assert.is(asDidKey.did, didKey)
  assert.is(cache.count, 3)
  // Bob signing with a header naming Alice's kept key: refused.
  const forged = await proofNaming('EdDSA', { jwk: alice.jwk }, bob.privateKey)
  await refusedWith(forged, context, 'invalid_proof')
})

test('a kept key still needs the signature, a public jwk, and an algorithm it signs', async () => {
  const cache = new HolderKeyCache()
  const context = contextWith(cache)
  const { privateKey, jwk } = await wallet()
  const jwt = await proofNaming('EdDSA', { jwk }, privateKey)
  await checkJwtProof(jwt, context)
  const signature = Buffer.from(jwt.slice(jwt.lastIndexOf('.') + 1), 'base64url')
  signature[0] = (signature[0] ?? 0) ^ 1
  await refusedWith(
    `${jwt.slice(0, jwt.lastIndexOf('.'))}.${signature.toString('base64url')}`,
    context,
    'invalid_proof',
  )
  const withPrivate = await proofNaming('EdDSA', { jwk: await exportJWK(privateKey) }, privateKey)
  assert.match(await refusedWith(withPrivate, context, 'invalid_proof'), /private key material/)
  // The kept Ed25519 key named for ES256: refused as it is without a cache.
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk })).toString(
    'base64url',
  )
  const [, payload, sig] = jwt.split('.')
  assert.match(
    await refusedWith(`${header}.${payload}.${sig}`, context, 'invalid_proof'),
    /does not sign ES256/,
  )
})

test('a refused identifier is not kept, and is refused again after its DID was kept', async () => {
  const cache = new HolderKeyCache()
  const context = contextWith(cache)
  const { privateKey, jwk } = await wallet()
  const did = `did:key:${ed25519Multikey(Buffer.from(jwk.x as string, 'base64url'))}`
  await refusedWith(await proofNaming('EdDSA', { kid: `${did}#key-1` }, privateKey), context, 'invalid_proof')
  assert.is(cache.count, 0)
  await checkJwtProof(await proofNaming('EdDSA', { kid: did }, privateKey), context)
  assert.is(cache.count, 1)
  await refusedWith(await proofNaming('EdDSA', { kid: `${did}#key-1` }, privateKey), context, 'invalid_proof')
  assert.is(cache.count, 1)
})

test('what is kept cannot be altered by the one it was handed to', async () => {
  const cache = new HolderKeyCache()
  const context = contextWith(cache)
  const { privateKey, jwk } = await wallet()
  const holder = await checkJwtProof(await proofNaming('EdDSA', { jwk }, privateKey), context)
  assert.throws(() => {
    ;(holder as { did: string }).did = 'did:example:mallory'
  })
  assert.throws(() => {
    ;(holder.jwk as { x?: string }).x = 'AAAA'
  })
  const again = await checkJwtProof(await proofNaming('EdDSA', { jwk }, privateKey), context)
  assert.is(again.did, didJwkOf(jwk as Record<string, unknown>))
  assert.is(again.jwk.x, jwk.x)
})

test('at most its size, the least recently used dropped first; a dropped key is read again', async () => {
  const cache = new HolderKeyCache(2)
  const context = contextWith(cache)
  const [a, b, c] = [await wallet(), await wallet('ES256'), await wallet()]
  const holderA = await checkJwtProof(await proofNaming('EdDSA', { jwk: a.jwk }, a.privateKey), context)
  await checkJwtProof(await proofNaming('ES256', { jwk: b.jwk }, b.privateKey), context)
  // A used again: B is now the least recently used, and goes when C comes.
  assert.is(await checkJwtProof(await proofNaming('EdDSA', { jwk: a.jwk }, a.privateKey), context), holderA)
  await checkJwtProof(await proofNaming('EdDSA', { jwk: c.jwk }, c.privateKey), context)
  assert.is(cache.count, 2)
  assert.is(cache.get(`${didJwkOf(b.jwk as Record<string, unknown>)}#0`), undefined)
  assert.is(cache.get(`${didJwkOf(a.jwk as Record<string, unknown>)}#0`), holderA)
  const holderB = await checkJwtProof(await proofNaming('ES256', { jwk: b.jwk }, b.privateKey), context)
  assert.is(holderB.did, didJwkOf(b.jwk as Record<string, unknown>))
  assert.is(cache.count, 2)
  for (const size of [0, 1.5, Number.NaN])
    assert.throws(
      () => new HolderKeyCache(size),
      (error: unknown) => isTesseraError(error) && error.code === 'INVALID_OPTIONS',
    )
})

test.run()
