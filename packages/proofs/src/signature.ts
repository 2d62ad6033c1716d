/**
 * Signature checks and hashing through the crypto seam (crypto-provider.ts): the caller's provider, or
 * the platform's default (the package's `#crypto` import: node:crypto on Node, pure JavaScript under
 * React Native, WebCrypto elsewhere).
 */
import { backgroundCrypto, defaultCrypto } from '#crypto'
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'

export type { SignatureAlg }

import type { PublicJwk } from './keys.js'
import { signatureKeyProblem } from './signature-common.js'

export { backgroundCrypto, defaultCrypto }

/** Whether `signature` is `alg`'s signature over `data` by `jwk` (JOSE forms: ES256 as r || s). */
export async function verifySignature(
  jwk: PublicJwk,
  alg: SignatureAlg,
  data: Uint8Array,
  signature: Uint8Array,
  provider: CryptoProvider = defaultCrypto,
): Promise<boolean> {
  signatureKeyProblem(jwk, alg)
  return provider.verify(alg, jwk, data, signature)
}
