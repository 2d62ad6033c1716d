/**
 * Verifiable presentations: JSON with a Data Integrity proof (purpose authentication), or a VP-JWT.
 * The holder's proof must be made with the holder's key, for this verifier's challenge and domain, and
 * every credential inside is verified in full.
 */
import {
  type CryptoProvider,
  type EmbeddedProofChecker,
  failed,
  failedFrom,
  type Outcome,
  passed,
  verifyJws,
} from '@tessera/proofs'
import { decodeJwt, isJsonObject, type JsonObject, parseJsonObject } from '@tessera/schema'
import { fail } from './errors.js'
import type { KeyResolver } from './resolve.js'

export interface PresentationOptions {
  /** The nonce this verifier gave the holder: the proof must carry it (`challenge`, or `nonce` in a VP-JWT). */
  challenge?: string
  /** Who the presentation is for: the proof's `domain`, or the VP-JWT's `aud`. */
  domain?: string
}

export interface ParsedPresentation {
  format: 'json' | 'jwt'
  presentation: JsonObject
  holder: string | undefined
  /** The credentials as they appear: objects, JWT strings, or the JWTs of enveloped credentials. */
  credentials: (JsonObject | string)[]
}

const ENVELOPED_JWT = /^data:application\/(?:vc\+jwt|vc\+ld\+json\+jwt|jwt),(.+)$/

function credentialsOf(presentation: JsonObject): (JsonObject | string)[] {
  const listed = presentation.verifiableCredential
  const items = listed === undefined ? [] : Array.isArray(listed) ? listed : [listed]
  return items.map((item) => {
    if (typeof item === 'string') return item
    if (isJsonObject(item) && item.type === 'EnvelopedVerifiableCredential' && typeof item.id === 'string') {
      const match = ENVELOPED_JWT.exec(item.id)
      if (match !== null) return match[1] as string
    }
    if (!isJsonObject(item))
      fail('MALFORMED_PRESENTATION', 'verifiableCredential holds something that is not a credential')
    return item
  })
}

function holderOf(presentation: JsonObject): string | undefined {
  const holder = presentation.holder
  if (typeof holder === 'string') return holder
  return isJsonObject(holder) && typeof holder.id === 'string' ? holder.id : undefined
}

/** Reads a presentation given as a JSON object, JSON text or a VP-JWT (a `vp` claim, or the presentation as payload). */
export function parsePresentation(
  input: string | JsonObject,
): ParsedPresentation & { jwt?: ReturnType<typeof decodeJwt> } {
  if (typeof input !== 'string')
    return { format: 'json', presentation: input, holder: holderOf(input), credentials: credentialsOf(input) }
  const text = input.trim()
  if (text.startsWith('{')) {
    const presentation = parseJsonObject(text)
    return {
      format: 'json',
      presentation,
      holder: holderOf(presentation),
      credentials: credentialsOf(presentation),
    }
  }
  const jwt = decodeJwt(text)
  const vp = jwt.payload.vp
  const presentation = isJsonObject(vp) ? vp : jwt.payload
  const holder = holderOf(presentation) ?? (typeof jwt.payload.iss === 'string' ? jwt.payload.iss : undefined)
  return { format: 'jwt', presentation, holder, credentials: credentialsOf(presentation), jwt }
}

function audiences(aud: unknown): string[] {
  return typeof aud === 'string'
    ? [aud]
    : Array.isArray(aud)
      ? aud.filter((a): a is string => typeof a === 'string')
      : []
}

/** The holder's proof over the presentation: signature, key binding to the holder, challenge and domain. */
export async function verifyHolderProof(
  parsed: ParsedPresentation & { jwt?: ReturnType<typeof decodeJwt> },
  resolver: KeyResolver,
  verifyEmbeddedProofs: EmbeddedProofChecker,
  options: PresentationOptions & { now?: Date; crypto?: CryptoProvider | undefined },
): Promise<{ proof: Outcome; holder: Outcome; binding: Outcome }> {
  if (parsed.jwt !== undefined) {
    const claims = parsed.jwt.payload
    const { proof, binding } = await verifyJws(
      parsed.jwt,
      parsed.holder,
      resolver,
      'authentication',
      options.crypto,
    )
    let holder = binding
    if (binding.ok && typeof claims.iss === 'string' && claims.iss !== parsed.holder) {
      holder = failed(
        'CLAIM_MISMATCH',
        `the VP-JWT's iss (${claims.iss}) is not its holder (${String(parsed.holder)})`,
      )
    }
    let challenge = passed(options.challenge === undefined ? 'no challenge asked' : 'the challenge matches')
    if (options.challenge !== undefined && claims.nonce !== options.challenge) {
      challenge = failed(
        'CHALLENGE_MISMATCH',
        'the presentation was not made for this challenge (nonce): it may be replayed',
      )
    } else if (options.domain !== undefined && !audiences(claims.aud).includes(options.domain)) {
      challenge = failed(
        'DOMAIN_MISMATCH',
        `the presentation is for ${audiences(claims.aud).join(', ') || 'no audience'}, not ${options.domain}`,
      )
    }
    return { proof, holder, binding: challenge }
  }
  const proofs = [parsed.presentation.proof].flat().filter(isJsonObject)
  for (const p of proofs) {
    if (options.challenge !== undefined && p.challenge !== options.challenge) {
      const outcome = failed(
        'CHALLENGE_MISMATCH',
        'the presentation was not made for this challenge: it may be replayed',
      )
      return { proof: outcome, holder: outcome, binding: outcome }
    }
    if (options.domain !== undefined && p.domain !== options.domain) {
      const outcome = failed(
        'DOMAIN_MISMATCH',
        `the presentation is for ${String(p.domain ?? 'no domain')}, not ${options.domain}`,
      )
      return { proof: outcome, holder: outcome, binding: outcome }
    }
  }
  try {
    const result = await verifyEmbeddedProofs(parsed.presentation, parsed.holder, resolver, {
      purpose: 'authentication',
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.crypto === undefined ? {} : { crypto: options.crypto }),
      ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
      ...(options.domain === undefined ? {} : { domain: options.domain }),
    })
    return {
      proof: result.proof,
      holder: result.binding,
      binding: passed(options.challenge === undefined ? 'no challenge asked' : 'the challenge matches'),
    }
  } catch (error) {
    const outcome = failedFrom(error, 'PROOF_INVALID')
    return { proof: outcome, holder: outcome, binding: outcome }
  }
}
