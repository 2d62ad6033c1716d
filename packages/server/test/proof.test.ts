// The wallet's key proof checked by node:crypto (src/proof.ts), against proofs jose signs: each algorithm the
// metadata publishes (EdDSA, ES256, RS256, PS256) with its key in a jwk header is accepted and binds the
// credential to the did:jwk of that key; a signature of the wrong encoding (ES256 as DER), of another
// padding (RS256 under PS256), by another key, or altered in one byte is invalid_proof. A key named by a
// did:key or did:jwk `kid` binds to that DID, bare or with the fragment of its one method; another
// fragment, or a DID that holds no key, is invalid_proof.
import { createPrivateKey, sign } from 'node:crypto'
import { ed25519Multikey } from '@tessera/proofs'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { didJwkOf, NonceBox, ProtocolError } from '../src/index.js'
import { checkJwtProof } from '../src/proof.js'

const NOW = new Date('2027-03-01T10:00:00Z')
const AUDIENCE = 'https://guild.example/wallet'
const nonces = new NonceBox(new Uint8Array(32).fill(7), 300_000)
const context = { audience: AUDIENCE, nonces, now: NOW, maxAgeMs: 300_000, maxSkewMs: 60_000 }

async function keyPair(alg: 'EdDSA' | 'ES256' | 'RS256' | 'PS256') {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  })
  return { ...pair, jwk: await exportJWK(pair.publicKey) }
}

function proof(alg: string, jwk: object, privateKey: CryptoKey): Promise<string> {
  return proofNaming(alg, { jwk }, privateKey)
}

function proofNaming(alg: string, key: { jwk: object } | { kid: string }, privateKey: CryptoKey) {
  return new SignJWT({ aud: AUDIENCE, iat: NOW.getTime() / 1000, nonce: nonces.issue(NOW).nonce })
    .setProtectedHeader({ alg, typ: 'openid4vci-proof+jwt', ...key })
    .sign(privateKey)
}

async function refusedWith(jwt: string, code: string): Promise<void> {
  try {
    await checkJwtProof(jwt, context)
  } catch (error) {
    assert.instance(error, ProtocolError)
    assert.is((error as ProtocolError).code, code)
    return
  }
  assert.unreachable('the proof was accepted')
}

for (const alg of ['EdDSA', 'ES256', 'RS256', 'PS256'] as const)
  test(`a ${alg} proof with its key in the header is accepted, bound to the key's did:jwk`, async () => {
    const { privateKey, jwk } = await keyPair(alg)
    const holder = await checkJwtProof(await proof(alg, jwk, privateKey), context)
    assert.is(holder.did, didJwkOf(jwk as Record<string, unknown>))
  })

test('an ES256 signature in DER rather than r || s: invalid_proof', async () => {
  const { privateKey, jwk } = await keyPair('ES256')
  const jwt = await proof('ES256', jwk, privateKey)
  const input = jwt.slice(0, jwt.lastIndexOf('.'))
  const der = sign(
    'sha256',
    Buffer.from(input),
    createPrivateKey({ key: await exportJWK(privateKey), format: 'jwk' } as never),
  )
  await refusedWith(`${input}.${der.toString('base64url')}`, 'invalid_proof')
})

test('an RS256 signature presented as PS256, and the reverse: invalid_proof', async () => {
  const { privateKey, jwk } = await keyPair('RS256')
  const rs = await proof('RS256', jwk, privateKey)
  const [, payload, signature] = rs.split('.')
  const psHeader = Buffer.from(JSON.stringify({ alg: 'PS256', typ: 'openid4vci-proof+jwt', jwk })).toString(
    'base64url',
  )
  await refusedWith(`${psHeader}.${payload}.${signature}`, 'invalid_proof')
  const ps = await keyPair('PS256')
  const psJwt = await proof('PS256', ps.jwk, ps.privateKey)
  const [, psPayload, psSignature] = psJwt.split('.')
  const rsHeader = Buffer.from(
    JSON.stringify({ alg: 'RS256', typ: 'openid4vci-proof+jwt', jwk: ps.jwk }),
  ).toString('base64url')
  await refusedWith(`${rsHeader}.${psPayload}.${psSignature}`, 'invalid_proof')
})

test('signed by another key than the one named, or altered in one byte: invalid_proof', async () => {
  const named = await keyPair('EdDSA')
  const other = await keyPair('EdDSA')
  await refusedWith(await proof('EdDSA', named.jwk, other.privateKey), 'invalid_proof')
  const jwt = await proof('EdDSA', named.jwk, named.privateKey)
  const signature = Buffer.from(jwt.slice(jwt.lastIndexOf('.') + 1), 'base64url')
  signature[0] = (signature[0] ?? 0) ^ 1
  await refusedWith(
    `${jwt.slice(0, jwt.lastIndexOf('.'))}.${signature.toString('base64url')}`,
    'invalid_proof',
  )
})

test('a did:key kid, bare or with its multibase fragment, binds to the did:key; another fragment is refused', async () => {
  const { privateKey, jwk } = await keyPair('EdDSA')
  const multibase = ed25519Multikey(Buffer.from(jwk.x as string, 'base64url'))
  const did = `did:key:${multibase}`
  for (const kid of [did, `${did}#${multibase}`]) {
    const holder = await checkJwtProof(await proofNaming('EdDSA', { kid }, privateKey), context)
    assert.is(holder.did, did)
    assert.equal(holder.jwk, { kty: 'OKP', crv: 'Ed25519', x: jwk.x })
  }
  await refusedWith(await proofNaming('EdDSA', { kid: `${did}#key-1` }, privateKey), 'invalid_proof')
  // a P-256 key named for an EdDSA signature
  const p256 = await keyPair('ES256')
  const p256Did = `did:jwk:${Buffer.from(JSON.stringify(p256.jwk)).toString('base64url')}`
  await refusedWith(await proofNaming('EdDSA', { kid: `${p256Did}#0` }, privateKey), 'invalid_proof')
  await refusedWith(await proofNaming('EdDSA', { kid: 'did:key:z6Mk' }, privateKey), 'invalid_proof')
})

test('a did:jwk kid, bare or with #0, binds to the did:jwk; #1 or a DID holding no JWK is refused', async () => {
  const { privateKey, jwk } = await keyPair('ES256')
  const did = didJwkOf(jwk as Record<string, unknown>)
  for (const kid of [did, `${did}#0`]) {
    const holder = await checkJwtProof(await proofNaming('ES256', { kid }, privateKey), context)
    assert.is(holder.did, did)
  }
  await refusedWith(await proofNaming('ES256', { kid: `${did}#1` }, privateKey), 'invalid_proof')
  const notJson = `did:jwk:${Buffer.from('not json').toString('base64url')}`
  await refusedWith(await proofNaming('ES256', { kid: notJson }, privateKey), 'invalid_proof')
})

test.run()
