/// <reference types="node" />
/**
 * JWS signature checks in Node: node:crypto (OpenSSL) verifies synchronously, on the calling thread.
 * WebCrypto would hand each check to libuv's thread pool and back, which on a busy machine costs more
 * than the check itself (see bench/README.md). Each key is read once, by its key object, then reused.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import type { PublicJwk } from './keys.js'
import { type SignatureAlg, signatureKeyProblem } from './signature-common.js'

const keys = new WeakMap<PublicJwk, KeyObject>()

function keyObject(jwk: PublicJwk): KeyObject {
  let key = keys.get(jwk)
  if (key === undefined) {
    key = createPublicKey({ key: { ...jwk }, format: 'jwk' })
    keys.set(jwk, key)
  }
  return key
}

/** Whether `signature` is `alg`'s signature over `data` by `jwk` (JOSE forms: ES256 as r || s). */
export async function verifySignature(
  jwk: PublicJwk,
  alg: SignatureAlg,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  signatureKeyProblem(jwk, alg)
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
}

export type { SignatureAlg }
