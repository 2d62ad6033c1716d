/**
 * Checking a wallet's `jwt` key proof (OpenID4VCI 1.0, F.1 and F.4): typed `openid4vci-proof+jwt`, an
 * asymmetric algorithm of the published list, signed by the key its header names, for this credential
 * issuer (`aud`), recently (`iat`, by the server's clock), with a nonce this service gave out and that
 * has not expired. The cheap checks run first; the key is resolved and the signature verified last.
 */
import { constants, type KeyObject, verify } from 'node:crypto'
import { decodeJwt } from '@tessera/schema'
import { PROOF_ALGORITHMS } from './configurations.js'
import { refuse } from './errors.js'
import { type HolderKey, holderKeyOf } from './holder-key.js'
import type { HolderKeyCache } from './holder-key-cache.js'
import type { NonceBox } from './nonces.js'

export interface ProofContext {
  /** The credential issuer identifier: the `aud` a proof must name. */
  audience: string
  nonces: NonceBox
  now: Date
  /** How far in the past a proof's `iat` may be, in ms. */
  maxAgeMs: number
  /** How far in the future (the wallet's clock ahead of ours), in ms. */
  maxSkewMs: number
  /** Keys read from proofs before (holder-key-cache.ts); without it, each proof's key is read afresh. */
  holderKeys?: HolderKeyCache
}

const ACCEPTED = new Set<string>(PROOF_ALGORITHMS)
/** A proof JWT is a few hundred bytes; an RSA key in its header a few more. */
const PROOF_LIMITS = { maxBytes: 16 * 1024, maxDepth: 8, maxValues: 200 }

/**
 * Whether a JOSE `typ` names the key proof media type. RFC 7515 (4.1.9) reads a `typ` without a `/` as if
 * `application/` came first, and media types compare without regard to case (RFC 2045): so
 * `application/openid4vci-proof+jwt` and `OpenID4VCI-proof+JWT` are the same type.
 */
function isProofType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false
  const type = typ.toLowerCase()
  return type === 'openid4vci-proof+jwt' || type === 'application/openid4vci-proof+jwt'
}

/** The holder's key and DID, when the proof holds; a ProtocolError (`invalid_proof`, `invalid_nonce`) when not. */
export async function checkJwtProof(jwt: unknown, context: ProofContext): Promise<HolderKey> {
  if (typeof jwt !== 'string') refuse('invalid_proof', 'a jwt proof is a compact JWT string')
  let header: Record<string, unknown>
  let payload: Record<string, unknown>
  try {
    ;({ header, payload } = decodeJwt(jwt, PROOF_LIMITS))
  } catch (error) {
    return refuse('invalid_proof', `the proof is not a JWT: ${(error as Error).message}`)
  }
  if (!isProofType(header.typ)) refuse('invalid_proof', 'the proof JWT must be typed openid4vci-proof+jwt')
  const alg = header.alg
  if (typeof alg !== 'string' || !ACCEPTED.has(alg))
    refuse(
      'invalid_proof',
      `the proof is signed with ${String(alg).slice(0, 20)}: accepted are ${PROOF_ALGORITHMS.join(', ')}`,
    )
  if (header.crit !== undefined)
    refuse('invalid_proof', 'the proof header names critical extensions this issuer does not know')

  const audience = payload.aud
  const audiences = Array.isArray(audience) ? audience : [audience]
  if (!audiences.some((a) => typeof a === 'string' && a.replace(/\/+$/, '') === context.audience))
    refuse('invalid_proof', `the proof's aud must be the credential issuer ${context.audience}`)
  const now = context.now.getTime()
  const iat = payload.iat
  if (typeof iat !== 'number' || !Number.isFinite(iat)) refuse('invalid_proof', 'the proof has no iat')
  if (iat * 1000 > now + context.maxSkewMs)
    refuse('invalid_proof', 'the proof was issued in the future (iat)')
  if (iat * 1000 < now - context.maxAgeMs)
    refuse(
      'invalid_proof',
      `the proof is stale: its iat is more than ${Math.round(context.maxAgeMs / 1000)} s old`,
    )
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= now)
    refuse('invalid_proof', 'the proof has expired (exp)')
  const nonce = payload.nonce
  if (nonce === undefined)
    refuse('invalid_proof', 'the proof holds no nonce: get one from the nonce endpoint')
  if (typeof nonce !== 'string') refuse('invalid_nonce', 'the proof nonce is not a string')
  context.nonces.check(nonce, context.now)

  const holder = await holderKeyOf(header, alg, context.holderKeys)
  if (!signatureHolds(jwt, alg, holder.key))
    refuse('invalid_proof', 'the proof signature does not verify with the key its header names')
  return holder
}

/**
 * Whether the JWS signature of the compact `jwt` verifies under `key` with `alg` (RFC 7518, 3), by
 * node:crypto at once: through jose and WebCrypto (key import, a promise per step) it cost about 2.5 times
 * the CPU.
 * `holderKeyOf` has matched the key to the algorithm.
 */
function signatureHolds(jwt: string, alg: string, key: KeyObject): boolean {
  const dot = jwt.lastIndexOf('.')
  const input = Buffer.from(jwt.slice(0, dot), 'ascii')
  const signature = Buffer.from(jwt.slice(dot + 1), 'base64url')
  try {
    switch (alg) {
      case 'EdDSA':
      case 'Ed25519':
        return verify(null, input, key, signature)
      case 'ES256':
        // JWS carries r || s, 32 bytes each (RFC 7518, 3.4).
        return (
          signature.length === 64 && verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature)
        )
      case 'RS256':
        return verify('sha256', input, key, signature)
      case 'PS256':
        // The salt is as long as the hash (RFC 7518, 3.5).
        return verify(
          'sha256',
          input,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          signature,
        )
      default:
        return false
    }
  } catch {
    return false
  }
}
