/**
 * The default crypto provider outside Node (the package's `#crypto` import; Node takes node:crypto):
 * WebCrypto where there is `crypto.subtle`, pure JavaScript where there is none (React Native's Hermes),
 * or where WebCrypto lacks the algorithm (Ed25519 in older browsers). The pure provider is loaded only
 * when first needed, so that a browser never downloads it.
 */
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'
import { webCrypto } from './crypto-web.js'
import type { PublicJwk } from './keys.js'

let pure: Promise<CryptoProvider> | undefined
const loadPure = (): Promise<CryptoProvider> => {
  pure ??= import('./crypto-pure.js').then((m) => m.pureCrypto)
  return pure
}

const hasSubtle = (): boolean =>
  typeof globalThis.crypto === 'object' && typeof globalThis.crypto?.subtle?.verify === 'function'

/** Algorithms this platform's WebCrypto turned out not to have (NotSupportedError): checked in JavaScript. */
const unsupported = new Set<SignatureAlg>()

export const defaultCrypto: CryptoProvider = {
  name: 'auto',
  async verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    if (!hasSubtle() || unsupported.has(alg)) return (await loadPure()).verify(alg, jwk, data, signature)
    try {
      return await webCrypto.verify(alg, jwk, data, signature)
    } catch (error) {
      if (!(error instanceof Error && error.name === 'NotSupportedError')) throw error
      unsupported.add(alg)
      return (await loadPure()).verify(alg, jwk, data, signature)
    }
  },
  async sha256(data: Uint8Array) {
    return hasSubtle() ? webCrypto.sha256(data) : (await loadPure()).sha256(data)
  },
}
