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

export const nodeCrypto: CryptoProvider = {
  name: 'node',
  async verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    const key = keyObject(jwk)
    switch (alg) {
      case 'EdDSA':
      case 'Ed25519':
        return verify(null, data, key, signature)
      case 'ES256':
        return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
      case 'RS256':
        return verify('sha256', data, key, signature)
    }
  },
  async sha256(data: Uint8Array) {
    return oneShot === undefined
      ? createHash('sha256').update(data).digest()
      : oneShot('sha256', data as Buffer, 'buffer')
  },
}
