/**
 * A key as Node's crypto holds it, for Veramo's hex forms: private and public keys to and from hex, the
 * public JWK, and signing with a `KeyObject`. No Veramo module is loaded here (types only): the KMS builds
 * on it, and so does the sealed-key reader that `tessera serve` signs with without opening an agent.
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto'
import type { PublicJwk } from '@tessera/proofs'
import { TesseraError } from '@tessera/schema'
import type { IKey, TKeyType } from '@veramo/core-types'
import { fail } from './errors.js'

/** Key types this KMS makes: Veramo's names, plus RSA (for which Veramo has none). */
export type TesseraKeyType = 'Ed25519' | 'Secp256r1' | 'RSA'

/** The JOSE algorithms each key type signs with; the first is the default. */
export const KEY_ALGORITHMS: Record<TesseraKeyType, readonly string[]> = {
  Ed25519: ['EdDSA', 'Ed25519'],
  Secp256r1: ['ES256'],
  RSA: ['RS256'],
}

export function keyType(type: TKeyType): TesseraKeyType {
  if (type === 'Ed25519' || type === 'Secp256r1' || type === 'RSA') return type as TesseraKeyType
  return fail('UNSUPPORTED_KEY_TYPE', `key type ${type} is not supported (Ed25519, Secp256r1 and RSA are)`)
}

// DER prefixes that wrap a raw private key into a structure OpenSSL reads.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')
const P256_SEC1 = [
  Buffer.from('30310201010420', 'hex'),
  Buffer.from('a00a06082a8648ce3d030107', 'hex'),
] as const

/**
 * Veramo's hex form of private keys: Ed25519 as its 32-byte seed (kms-local appends the public key:
 * accepted), P-256 as its 32-byte scalar, RSA as PKCS#8 DER.
 */
export function privateKeyObject(type: TesseraKeyType, privateKeyHex: string): KeyObject {
  const bytes = Buffer.from(privateKeyHex, 'hex')
  try {
    switch (type) {
      case 'Ed25519':
        if (bytes.length !== 32 && bytes.length !== 64)
          fail('INVALID_KEY', 'an Ed25519 private key is 32 bytes')
        return createPrivateKey({
          key: Buffer.concat([ED25519_PKCS8, bytes.subarray(0, 32)]),
          format: 'der',
          type: 'pkcs8',
        })
      case 'Secp256r1':
        if (bytes.length !== 32) fail('INVALID_KEY', 'a P-256 private key is 32 bytes')
        return createPrivateKey({
          key: Buffer.concat([P256_SEC1[0], bytes, P256_SEC1[1]]),
          format: 'der',
          type: 'sec1',
        })
      case 'RSA':
        return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
    }
  } catch (error) {
    if (error instanceof TesseraError) throw error
    return fail('INVALID_KEY', `the ${type} private key cannot be read`)
  }
}

export function privateKeyHex(type: TesseraKeyType, key: KeyObject): string {
  if (type === 'RSA') return key.export({ format: 'der', type: 'pkcs8' }).toString('hex')
  return Buffer.from(key.export({ format: 'jwk' }).d as string, 'base64url').toString('hex')
}

/**
 * Veramo's hex form of public keys: Ed25519 raw (32 bytes), P-256 compressed (33 bytes, as kms-local),
 * RSA as SPKI DER.
 */
export function publicKeyHex(type: TesseraKeyType, key: KeyObject): string {
  const publicKey = createPublicKey(key)
  if (type === 'RSA') return publicKey.export({ format: 'der', type: 'spki' }).toString('hex')
  const jwk = publicKey.export({ format: 'jwk' })
  const x = Buffer.from(jwk.x as string, 'base64url')
  if (type === 'Ed25519') return x.toString('hex')
  const y = Buffer.from(jwk.y as string, 'base64url')
  return Buffer.concat([Buffer.from([0x02 | ((y[31] as number) & 1)]), x]).toString('hex')
}

/** The public key of a Veramo key as a JWK, for DID documents and verifiers. */
export function publicJwk(key: Pick<IKey, 'type' | 'publicKeyHex'>): PublicJwk {
  const bytes = Buffer.from(key.publicKeyHex, 'hex')
  switch (keyType(key.type)) {
    case 'Ed25519':
      return { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }
    case 'RSA': {
      const jwk = createPublicKey({ key: bytes, format: 'der', type: 'spki' }).export({ format: 'jwk' })
      return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string }
    }
    case 'Secp256r1': {
      const spki = Buffer.concat([
        Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
        bytes,
      ])
      const jwk = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' })
      return { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string }
    }
  }
}

/** node:crypto's `sign` arguments for a key of `type`: the digest and the key as it takes them. */
function signArguments(
  type: TesseraKeyType,
  key: KeyObject,
): [string | null, KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' }] {
  return type === 'Ed25519'
    ? [null, key]
    : type === 'Secp256r1'
      ? ['sha256', { key, dsaEncoding: 'ieee-p1363' }]
      : ['sha256', key]
}

/**
 * `signWithKey` on libuv's thread pool (node:crypto's `sign` with a callback): the same signature, while
 * the calling thread goes on (a batch's other rows).
 */
export function signWithKeyInBackground(
  type: TesseraKeyType,
  key: KeyObject,
  data: Uint8Array,
): Promise<Buffer> {
  const [digest, keyArgument] = signArguments(type, key)
  return new Promise((resolve, reject) =>
    sign(digest, data, keyArgument, (error, signature) =>
      error === null ? resolve(signature) : reject(error),
    ),
  )
}

/** Signs `data` with a key of `type`: the signature's bytes (JOSE form for ES256). */
export function signWithKey(type: TesseraKeyType, key: KeyObject, data: Uint8Array): Buffer {
  const [digest, keyArgument] = signArguments(type, key)
  return sign(digest, data, keyArgument)
}
