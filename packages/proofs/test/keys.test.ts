// Keys as documents give them (moved here from the verifier with the key code): P-256 points (did:key writes them compressed) brought to a JWK without a
// curve library, and the three crypto providers (node:crypto, WebCrypto, pure JavaScript) agreeing on every algorithm.
import { createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { base58 } from '@scure/base'
import { decodeJwt, isTesseraError } from '@tessera/schema'
import { badge, jwtPayload } from '@tessera/testkit/signing'
import { CompactSign, importJWK } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { nodeCrypto as nodeProvider } from '../src/crypto-node.js'
import type { CryptoProvider } from '../src/crypto-provider.js'
import { pureCrypto } from '../src/crypto-pure.js'
import { webCrypto as webProvider } from '../src/crypto-web.js'
import { verifyJws } from '../src/jws.js'
import { multikeyToJwk, type PublicJwk, p256Point } from '../src/keys.js'
import { type SignatureAlg, verifySignature } from '../src/signature.js'
import { didKeys } from './did-keys.js'

/** Each provider's check, through verifySignature (which checks the key's fitness first). */
const through =
  (provider: CryptoProvider) =>
  (jwk: PublicJwk, alg: SignatureAlg, data: Uint8Array, signature: Uint8Array) =>
    verifySignature(jwk, alg, data, signature, provider)
const nodeCrypto = through(nodeProvider)
const webCrypto = through(webProvider)
const pureJs = through(pureCrypto)

/** The uncompressed SEC 1 point (0x04, x, y) of a P-256 public key: the last 65 bytes of its SPKI. */
function uncompressed(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' })).subarray(-65)
}

function compressed(point: Uint8Array): Uint8Array {
  const out = point.slice(0, 33)
  out[0] = 0x02 | ((point[64] as number) & 1)
  return out
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')

test('P-256 points, compressed and not, give the coordinates node:crypto gives', () => {
  for (let i = 0; i < 50; i++) {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const point = uncompressed(publicKey)
    for (const form of [point, compressed(point)]) {
      const { x, y } = p256Point(form)
      assert.is(b64url(x), jwk.x)
      assert.is(b64url(y), jwk.y)
    }
  }
})

test('a P-256 point off the curve, of the wrong length or with x past the field is refused', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const point = uncompressed(publicKey)
  const offCurve = point.slice()
  offCurve[64] = (offCurve[64] as number) ^ 1
  assert.throws(() => p256Point(offCurve))
  assert.throws(() => p256Point(point.subarray(0, 64)))
  assert.throws(() => p256Point(Uint8Array.of(0x05, ...point.subarray(1, 33))))
  assert.throws(() => p256Point(Uint8Array.of(0x02, ...new Uint8Array(32).fill(0xff))))
  // about half of all x have no point: x = 1 is one of them on P-256 (checked with node:crypto below)
  const noPoint = Uint8Array.of(0x02, ...new Uint8Array(31), 1)
  assert.throws(() =>
    createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, noPoint]), format: 'der', type: 'spki' }),
  )
  assert.throws(() => p256Point(noPoint))
})

// The DER prefix of a P-256 SubjectPublicKeyInfo holding a compressed point.
const P256_SPKI_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex')

test('a P-256 publicKeyMultibase is UNSUPPORTED_KEY when its point is not on the curve', async () => {
  const bad = `z${base58.encode(Uint8Array.of(0x80, 0x24, 0x02, ...new Uint8Array(31), 1))}`
  try {
    await multikeyToJwk(bad)
    assert.unreachable('accepted a point off the curve')
  } catch (error) {
    assert.ok(isTesseraError(error) && error.code === 'UNSUPPORTED_KEY')
  }
})

test('an ES256 JWS by a P-256 did:key verifies through its did:key document; by another key it does not', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const multikey = `z${base58.encode(Uint8Array.of(0x80, 0x24, ...compressed(uncompressed(publicKey))))}`
  const did = `did:key:${multikey}`
  const payload = new TextEncoder().encode(JSON.stringify(jwtPayload(badge(did))))
  const token = await new CompactSign(payload)
    .setProtectedHeader({ alg: 'ES256', kid: `${did}#${multikey}` })
    .sign(await importJWK(privateKey.export({ format: 'jwk' }), 'ES256'))
  const signed = await verifyJws(decodeJwt(token), did, didKeys)
  assert.ok(signed.proof.ok && signed.binding.ok, JSON.stringify(signed))
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const forged = await new CompactSign(payload)
    .setProtectedHeader({ alg: 'ES256', kid: `${did}#${multikey}` })
    .sign(await importJWK(other.privateKey.export({ format: 'jwk' }), 'ES256'))
  assert.is((await verifyJws(decodeJwt(forged), did, didKeys)).proof.code, 'PROOF_INVALID')
})

test('node:crypto and WebCrypto agree: EdDSA, ES256 and RS256, good and bad signatures, wrong keys', async () => {
  const data = new TextEncoder().encode('header.payload')
  const keys = [
    { alg: 'EdDSA', pair: generateKeyPairSync('ed25519'), sign: (k: KeyObject) => sign(null, data, k) },
    {
      alg: 'ES256',
      pair: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      sign: (k: KeyObject) => sign('sha256', data, { key: k, dsaEncoding: 'ieee-p1363' }),
    },
    {
      alg: 'RS256',
      pair: generateKeyPairSync('rsa', { modulusLength: 2048 }),
      sign: (k: KeyObject) => sign('sha256', data, k),
    },
  ] as const
  for (const { alg, pair, sign: signWith } of keys) {
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), alg } as PublicJwk
    const signature = new Uint8Array(signWith(pair.privateKey))
    const tampered = signature.slice()
    tampered[5] = (tampered[5] as number) ^ 1
    for (const check of [nodeCrypto, webCrypto, pureJs]) {
      assert.is(
        await check(jwk, alg, data, signature),
        true,
        `${alg} ${check === webCrypto ? 'WebCrypto' : check === pureJs ? 'pure-js' : 'node'}`,
      )
      assert.is(await check(jwk, alg, data, tampered), false, alg)
      assert.is(await check(jwk, alg, new TextEncoder().encode('other'), signature), false, alg)
    }
    for (const other of keys.filter((k) => k.alg !== alg)) {
      for (const check of [nodeCrypto, webCrypto, pureJs]) {
        try {
          await check(jwk, other.alg, data, signature)
          assert.unreachable(`${other.alg} with a ${alg} key`)
        } catch (error) {
          assert.ok(isTesseraError(error) && error.code === 'UNSUPPORTED_KEY', String(error))
        }
      }
    }
  }
})

test.run()
