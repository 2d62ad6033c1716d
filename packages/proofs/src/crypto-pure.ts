/**
 * The crypto provider in pure JavaScript, for engines with neither node:crypto nor WebCrypto (React
 * Native's Hermes): Ed25519 and P-256 from @noble/curves, SHA-256 from @noble/hashes (audited, maintained,
 * no dependencies of their own), RSA PKCS#1 v1.5 from rsa-pkcs1.ts. Its verdicts match node:crypto's:
 * Ed25519 strictly as RFC 8032 (not ZIP-215), ECDSA with any s (not only low s), as OpenSSL does.
 */
import { ed25519 } from '@noble/curves/ed25519'
import { p256 } from '@noble/curves/p256'
import { sha256 } from '@noble/hashes/sha2'
import * as base64url from 'jose/base64url'
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'
import type { PublicJwk } from './keys.js'
import { verifyPkcs1Sha256 } from './rsa-pkcs1.js'

const member = (value: string | undefined): Uint8Array => base64url.decode(value ?? '')

function p256Point(jwk: PublicJwk): Uint8Array {
  const x = member(jwk.x)
  const y = member(jwk.y)
  const point = new Uint8Array(65)
  point[0] = 0x04
  point.set(x, 33 - x.length)
  point.set(y, 65 - y.length)
  return point
}

/** False instead of noble's exceptions for a malformed signature or point: a signature that does not verify. */
function safely(run: () => boolean): boolean {
  try {
    return run()
  } catch {
    return false
  }
}

export const pureCrypto: CryptoProvider = {
  name: 'pure-js',
  async verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    switch (alg) {
      case 'EdDSA':
      case 'Ed25519': {
        const key = member(jwk.x)
        return safely(() => ed25519.verify(signature, data, key, { zip215: false }))
      }
      case 'ES256': {
        if (signature.length !== 64) return false
        const point = p256Point(jwk)
        return safely(() =>
          p256.verify(signature, sha256(data), point, { prehash: false, lowS: false, format: 'compact' }),
        )
      }
      case 'RS256':
        return verifyPkcs1Sha256(member(jwk.n), member(jwk.e), sha256(data), signature)
    }
  },
  async sha256(data: Uint8Array) {
    return sha256(data)
  },
}
