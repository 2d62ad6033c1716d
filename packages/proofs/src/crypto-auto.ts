/**
 * The default crypto provider outside Node and React Native (the package's `#crypto` import): WebCrypto
 * (browsers, Deno, Bun, workers). The pure-JavaScript provider is not a fallback here: as a lazy chunk it
 * added about 20 KiB min+gzip to the JWT-only browser build, for engines every current browser is not.
 * An engine without `crypto.subtle` is told to pass `crypto: pureCrypto` (`@tessera/proofs/pure-crypto`,
 * or `@tessera/verifier/react-native`, which does so).
 */
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'
import { webCrypto } from './crypto-web.js'
import type { PublicJwk } from './keys.js'

function requireSubtle(): void {
  if (typeof globalThis.crypto?.subtle?.verify !== 'function') {
    throw new TypeError(
      'this platform has no WebCrypto (crypto.subtle): pass `crypto: pureCrypto` from @tessera/proofs/pure-crypto',
    )
  }
}

export const defaultCrypto: CryptoProvider = {
  name: 'webcrypto',
  async verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array) {
    requireSubtle()
    return webCrypto.verify(alg, jwk, data, signature)
  },
  async sha256(data: Uint8Array) {
    requireSubtle()
    return webCrypto.sha256(data)
  },
}

/** WebCrypto's checks are promises already, run where the engine runs them: the same provider. */
export const backgroundCrypto: CryptoProvider = defaultCrypto
