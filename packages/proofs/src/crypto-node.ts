/// <reference types="node" />
/**
 * The crypto provider in Node: node:crypto (OpenSSL) verifies and hashes synchronously, on the calling
 * thread. WebCrypto would hand each check to libuv's thread pool and back, which on a busy machine costs
 * more than the check itself (see bench/README.md). Each key is read once, by its key object, then reused.
 */
import * as node from 'node:crypto'
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto'
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'
import type { PublicJwk } from './keys.js'

const keys = new WeakMap<PublicJwk, KeyObject>()

/** node:crypto's one-shot `hash` (Node 20.12 and later): no Hash object per digest. */
const oneShot = typeof node.hash === 'function' ? node.hash : undefined

function keyObject(jwk: PublicJwk): KeyObject {
  let key = keys.get(jwk)
  if (key === undefined) {
    key = createPublicKey({ key: { ...jwk }, format: 'jwk' })
    keys.set(jwk, key)
  }
  return key
}

/** node:crypto's `verify` arguments for `alg`: the digest and the key as it takes them. */
function verifyArguments(
  alg: SignatureAlg,
  jwk: PublicJwk,
): [string | null, KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' }] {
  const key = keyObject(jwk)
  switch (alg) {
    case 'EdDSA':
    case 'Ed25519':
      return [null, key]
    case 'ES256':
      return ['sha256', { key, dsaEncoding: 'ieee-p1363' }]
    case 'RS256':
      return ['sha256', key]
  }
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return oneShot === undefined
    ? createHash('sha256').update(data).digest()
    : oneShot('sha256', data as Buffer, 'buffer')
}

export const nodeCrypto: CryptoProvider = {
  name: 'node',
  async verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    const [digest, key] = verifyArguments(alg, jwk)
    return verify(digest, data, key, signature)
  },
  sha256,
}

/**
 * node:crypto checking each signature on libuv's thread pool (`verify` with a callback): the calling
 * thread hands the check over (about 9 µs of its time for an Ed25519 check, against 78 µs done in place)
 * and goes on. For work that keeps many checks in flight on a machine with a core to spare (an issuer's
 * batch, whose thread would otherwise wait on each check); one check at a time gains nothing by it.
 */
export const nodeThreadPoolCrypto: CryptoProvider = {
  name: 'node-thread-pool',
  verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    const [digest, key] = verifyArguments(alg, jwk)
    return new Promise<boolean>((resolve, reject) =>
      verify(digest, data, key, signature, (error, ok) => (error === null ? resolve(ok) : reject(error))),
    )
  },
  sha256,
}
