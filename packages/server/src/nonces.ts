/**
 * The `c_nonce` values of the nonce endpoint, authenticated rather than stored: a nonce is its expiry
 * time and 96 random bits, with an HMAC under a key the store holds (made once, shared by every process
 * on the store). Checking one costs an HMAC and no database round trip, and it proves the server issued
 * it, and when: a proof's freshness is measured by the server's clock, whatever the wallet's says.
 *
 * Why not single-use nonces in a table: OpenID4VCI 1.0 lets a wallet use a nonce "until it is rejected"
 * and the issuer decide for how long (section 13.4), and wallets do reuse one: Sphereon's client sends
 * the nonce it cached for every credential of an offer. What single use would add is already held
 * elsewhere: each credential of an offer is issued once, to the key of the proof that claimed it, for the
 * holder of the access token. A replayed proof brings an attacker a credential bound to a key it does not
 * hold, and only with the victim's access token. So a nonce lives a few minutes (default 5) and is good
 * for any number of proofs in that time.
 */
import { refuse } from './errors.js'
import { mac, randomToken, sameHash } from './secrets.js'

/** The MAC is cut to 128 bits: 22 base64url characters. */
const MAC_LENGTH = 22
const NONCE = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/

export class NonceBox {
  constructor(
    private readonly key: Uint8Array,
    /** How long a nonce is good for, in ms. */
    readonly lifetimeMs: number,
  ) {}

  /** A fresh nonce, and its lifetime in seconds (`c_nonce_expires_in` for draft-13 wallets). */
  issue(now: Date): { nonce: string; expiresIn: number } {
    const expires = Math.ceil((now.getTime() + this.lifetimeMs) / 1000).toString(36)
    const body = `${expires}.${randomToken(12)}`
    return { nonce: `${body}.${this.sign(body)}`, expiresIn: Math.round(this.lifetimeMs / 1000) }
  }

  private sign(body: string): string {
    return mac(this.key, `c_nonce.${body}`).slice(0, MAC_LENGTH)
  }

  /** Refuses, with `invalid_nonce`, a nonce this service did not issue or that has expired. */
  check(nonce: string, now: Date): void {
    const match = NONCE.exec(nonce)
    if (match === null) refuse('invalid_nonce', 'the proof holds a nonce this issuer did not give out')
    const [, expires = '', random = '', signature = ''] = match
    const expected = this.sign(`${expires}.${random}`)
    if (!sameHash(expected, signature))
      refuse('invalid_nonce', 'the proof holds a nonce this issuer did not give out')
    if (Number.parseInt(expires, 36) * 1000 < now.getTime())
      refuse('invalid_nonce', 'the nonce in the proof has expired: get a new one from the nonce endpoint')
  }
}
