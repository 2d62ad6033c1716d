/**
 * Checking a wallet's `jwt` key proof (OpenID4VCI 1.0, F.1 and F.4): typed `openid4vci-proof+jwt`, an
 * asymmetric algorithm of the published list, signed by the key its header names, for this credential
 * issuer (`aud`), recently (`iat`, by the server's clock), with a nonce this service gave out and that
 * has not expired. The cheap checks run first; the key is resolved and the signature verified last.
 */
import { decodeJwt } from '@tessera/schema'
import { compactVerify } from 'jose'
import { PROOF_ALGORITHMS } from './configurations.js'
import { refuse } from './errors.js'
import { type HolderKey, holderKeyOf } from './holder-key.js'
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
}

const ACCEPTED = new Set<string>(PROOF_ALGORITHMS)
/** A proof JWT is a few hundred bytes; an RSA key in its header a few more. */
const PROOF_LIMITS = { maxBytes: 16 * 1024, maxDepth: 8, maxValues: 200 }

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
  if (header.typ !== 'openid4vci-proof+jwt')
    refuse('invalid_proof', 'the proof JWT must be typed openid4vci-proof+jwt')
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

  const holder = await holderKeyOf(header, alg)
  try {
    await compactVerify(jwt, holder.key, { algorithms: [alg] })
  } catch {
    return refuse('invalid_proof', 'the proof signature does not verify with the key its header names')
  }
  return holder
}
