/**
 * The crypto provider with WebCrypto (browsers, Deno, Bun, workers): each key is imported once, by its
 * key object, then reused. It needs `crypto.subtle` (and Ed25519 in it: Chrome 137, Firefox 129,
 * Safari 17); React Native's Hermes has none and takes the pure-JavaScript provider instead.
 */
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'
import type { PublicJwk } from './keys.js'

/** How WebCrypto verifies each algorithm. */
const PARAMS: Record<SignatureAlg, AlgorithmIdentifier | EcdsaParams> = {
  EdDSA: { name: 'Ed25519' },
  Ed25519: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
}

/** How WebCrypto imports a key for each algorithm. */
const IMPORT: Record<SignatureAlg, AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams> = {
  EdDSA: { name: 'Ed25519' },
  Ed25519: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
}

const imported = new WeakMap<PublicJwk, Map<string, Promise<CryptoKey>>>()

function cryptoKey(jwk: PublicJwk, alg: SignatureAlg): Promise<CryptoKey> {
  const byAlg = imported.get(jwk) ?? new Map<string, Promise<CryptoKey>>()
  imported.set(jwk, byAlg)
  let key = byAlg.get(alg)
  if (key === undefined) {
    // the public members alone: WebCrypto refuses a JWK whose `alg` names the algorithm otherwise
    const { alg: _, ...members } = jwk
    key = crypto.subtle.importKey('jwk', { ...members, ext: true }, IMPORT[alg], true, ['verify'])
    byAlg.set(alg, key)
    key.catch(() => byAlg.delete(alg))
  }
  return key
}

export const webCrypto: CryptoProvider = {
  name: 'webcrypto',
  async verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    const key = await cryptoKey(jwk, alg)
    return crypto.subtle.verify(PARAMS[alg], key, signature as BufferSource, data as BufferSource)
  },
  async sha256(data: Uint8Array) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource))
  },
}
