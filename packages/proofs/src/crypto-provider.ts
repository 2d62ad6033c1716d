/**
 * The crypto seam: everything the verification side asks of cryptography (signature checks, SHA-256,
 * and optionally GZIP for status lists) goes through one small interface, so that a runtime without
 * node:crypto or WebCrypto (React Native's Hermes) can verify with pure JavaScript, and a wallet can hand
 * in its own (a native module). Signing (the issuer) keeps node:crypto and does not use it.
 */
import type { PublicJwk } from './keys.js'

/** The JWS algorithms a provider checks (`Ed25519` is the fully specified name of EdDSA). */
export type SignatureAlg = 'EdDSA' | 'Ed25519' | 'ES256' | 'RS256'

export interface CryptoProvider {
  /** For results and benchmarks: `node`, `webcrypto`, `pure-js`, or the wallet's own. */
  readonly name: string
  /**
   * Whether `signature` is `alg`'s signature over `data` by `jwk`, in JOSE's forms: ES256 as r || s
   * (any s, as node:crypto and WebCrypto accept), RS256 as RSASSA-PKCS1-v1_5 with SHA-256, Ed25519 as
   * RFC 8032 strict verification. False for a signature that does not match; throws only for a key it
   * cannot use. The key's fitness for `alg` (type, RSA size) is checked before, by `verifySignature`.
   */
  verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array): Promise<boolean>
  /** The SHA-256 digest of `data` (32 bytes). */
  sha256(data: Uint8Array): Promise<Uint8Array>
  /**
   * GZIP decompression with a cap on its output, for status lists; throws past `maxBytes`. When absent,
   * the status package's own is used (native zlib on Node, fflate elsewhere).
   */
  gunzip?(compressed: Uint8Array, maxBytes: number): Uint8Array
}
