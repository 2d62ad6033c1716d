/** What every crypto provider requires of a key before using it, checked once, before the provider runs. */
import * as base64url from 'jose/base64url'
import type { SignatureAlg } from './crypto-provider.js'
import { fail } from './errors.js'
import type { PublicJwk } from './keys.js'

export type { SignatureAlg }

/** Throws UNSUPPORTED_KEY for a key `alg` cannot use: the wrong type, or an RSA modulus under 2048 bits. */
export function signatureKeyProblem(jwk: PublicJwk, alg: SignatureAlg): void {
  const fits =
    alg === 'RS256'
      ? jwk.kty === 'RSA'
      : alg === 'ES256'
        ? jwk.kty === 'EC' && jwk.crv === 'P-256'
        : jwk.kty === 'OKP' && jwk.crv === 'Ed25519'
  if (!fits) fail('UNSUPPORTED_KEY', `${alg} cannot be used with a ${jwk.kty} key`)
  if (alg === 'RS256') {
    const n = base64url.decode(jwk.n ?? '')
    let bits = n.length * 8
    for (let i = 0; i < n.length && n[i] === 0; i++) bits -= 8
    if (bits < 2048) {
      fail(
        'UNSUPPORTED_KEY',
        `RS256 requires an RSA modulus of 2048 bits or more, this one has about ${bits}`,
      )
    }
  }
}
