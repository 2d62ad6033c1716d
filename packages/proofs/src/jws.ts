/**
 * VC-JWT (and VP-JWT) signatures (through the crypto seam: node:crypto in Node, WebCrypto or pure JavaScript elsewhere): EdDSA, ES256 and RS256 only, the key found
 * through `kid` in the issuer's DID (or an embedded `jwk` only where the issuer is that very key).
 */

import { type DecodedJwt, isJsonObject, type JsonObject } from '@tessera/schema'
import * as base64url from 'jose/base64url'
import type { CryptoProvider } from './crypto-provider.js'
import type { KeyLookup, VerificationRelationship } from './key-lookup.js'
import { type PublicJwk, readPublicJwk, type VerificationMethod } from './keys.js'
import { failed, failedFrom, type Outcome, passed } from './outcome.js'
import { verifySignature } from './signature.js'
import type { SignatureAlg } from './signature-common.js'

/** Accepted algorithms and the key each one needs. `Ed25519` is the fully specified name of EdDSA. */
const ALGORITHMS: Record<string, (jwk: PublicJwk) => boolean> = {
  EdDSA: (jwk) => jwk.kty === 'OKP' && jwk.crv === 'Ed25519',
  Ed25519: (jwk) => jwk.kty === 'OKP' && jwk.crv === 'Ed25519',
  ES256: (jwk) => jwk.kty === 'EC' && jwk.crv === 'P-256',
  RS256: (jwk) => jwk.kty === 'RSA',
}

export interface JwsResult {
  proof: Outcome
  binding: Outcome
  verificationMethod?: string
}

function both(outcome: Outcome): JwsResult {
  return { proof: outcome, binding: outcome }
}

/** Header checks that need no key: the algorithm and the members that would fetch or trust keys. */
export function checkHeader(header: JsonObject): Outcome {
  const alg = header.alg
  if (typeof alg !== 'string') return failed('ALG_MISSING', 'the JOSE header has no alg')
  if (alg.toLowerCase() === 'none')
    return failed('ALG_NONE', 'alg "none": an unsigned token is never accepted')
  if (/^HS\d+$/i.test(alg))
    return failed('ALG_HMAC', `${alg} is a shared-secret algorithm: credentials are signed with public keys`)
  if (ALGORITHMS[alg] === undefined)
    return failed('ALG_NOT_ALLOWED', `${alg} is not accepted (EdDSA, ES256 and RS256 are)`)
  for (const member of ['jku', 'x5u']) {
    if (header[member] !== undefined) {
      return failed(
        'JOSE_HEADER_NOT_ALLOWED',
        `the JOSE header's ${member} would make the verifier fetch a key the token chose`,
      )
    }
  }
  if (header.crit !== undefined)
    return failed(
      'JOSE_HEADER_NOT_ALLOWED',
      'the JOSE header has crit extensions, none of which are understood',
    )
  return passed('header accepted')
}

/** The members of each key type that make its JWK thumbprint (RFC 7638, section 3.2). */
const THUMBPRINT_MEMBERS: Record<PublicJwk['kty'], (keyof PublicJwk)[]> = {
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
  RSA: ['e', 'n'],
}

/** Whether two keys have the same JWK thumbprint: the same type and the same required members. */
function sameKey(a: PublicJwk, b: PublicJwk): boolean {
  const members = THUMBPRINT_MEMBERS[a.kty]
  return a.kty === b.kty && members !== undefined && members.every((m) => a[m] === b[m])
}

/**
 * An embedded key that nothing ties to the issuer: the signature is still checked with it (to tell a
 * changed token from a stranger's key), and the binding fails with JWK_NOT_BOUND_TO_ISSUER.
 */
function unbound(
  jwk: PublicJwk,
  reason: string,
): { method: VerificationMethod; relationships: VerificationRelationship[]; unbound: string } {
  return {
    method: { id: 'jwk', type: 'JsonWebKey', controller: '', jwk },
    relationships: [],
    unbound: reason,
  }
}

/** The verification method the header designates, bound to `controller` or not. */
async function keyOf(
  header: JsonObject,
  controller: string | undefined,
  resolver: KeyLookup,
  relationship: VerificationRelationship,
): Promise<
  { method: VerificationMethod; relationships: VerificationRelationship[]; unbound?: string } | Outcome
> {
  if (typeof header.kid === 'string') {
    const kid = header.kid.startsWith('#') && controller !== undefined ? controller + header.kid : header.kid
    try {
      return await resolver.method(kid)
    } catch (error) {
      return failedFrom(error, 'CANNOT_DEREFERENCE')
    }
  }
  if (header.jwk !== undefined) {
    // An embedded key proves nothing by itself: it must be a key the issuer's own document lists.
    let embedded: PublicJwk
    try {
      embedded = readPublicJwk(header.jwk)
    } catch (error) {
      return failedFrom(error, 'UNSUPPORTED_KEY')
    }
    if (controller === undefined || !controller.startsWith('did:')) {
      return unbound(
        embedded,
        'the token carries its own key (jwk), and its issuer is no DID that could list it',
      )
    }
    let document: JsonObject
    try {
      document = await resolver.document(controller)
    } catch (error) {
      return failedFrom(error, 'CANNOT_DEREFERENCE')
    }
    const listed = Array.isArray(document[relationship]) ? (document[relationship] as unknown[]) : []
    for (const entry of listed) {
      const id = isJsonObject(entry) ? entry.id : entry
      if (typeof id !== 'string') continue
      try {
        const found = await resolver.method(id.startsWith('#') ? controller + id : id)
        if (sameKey(found.method.jwk, embedded)) return found
      } catch {
        // a method that cannot be read is not the one
      }
    }
    return unbound(embedded, `the token's embedded jwk is not a key ${controller} lists for ${relationship}`)
  }
  return failed('KEY_NOT_FOUND', 'the JOSE header names no key: it has neither kid nor jwk')
}

/**
 * Verifies a compact JWS whose signer must be `controller` (the credential's issuer, or a presentation's
 * holder), through a key listed for `relationship`.
 */
export async function verifyJws(
  jwt: DecodedJwt,
  controller: string | undefined,
  resolver: KeyLookup,
  relationship: VerificationRelationship = 'assertionMethod',
  provider?: CryptoProvider,
): Promise<JwsResult> {
  const header = checkHeader(jwt.header)
  if (!header.ok) return both(header)
  const alg = jwt.header.alg as string
  const found = await keyOf(jwt.header, controller, resolver, relationship)
  if ('ok' in found) return both(found)
  const { method, relationships } = found
  if (!(ALGORITHMS[alg] as (jwk: PublicJwk) => boolean)(method.jwk)) {
    return both(
      failed(
        'ALG_KEY_MISMATCH',
        `${alg} cannot be used with ${method.id}, a ${method.jwk.kty} ${method.jwk.crv ?? ''} key`,
      ),
    )
  }
  let proof: Outcome
  try {
    const valid = await verifySignature(
      method.jwk,
      alg as SignatureAlg,
      // ASCII (base64url and a dot): TextEncoder, which every engine the verifier runs in has (React
      // Native's through the verifier's hermes-globals.ts), rather than utf8.ts's encoder for any text
      new TextEncoder().encode(jwt.signingInput),
      base64url.decode(jwt.signature),
      provider,
    )
    proof = valid
      ? passed(`the ${alg} signature verifies`)
      : failed(
          'PROOF_INVALID',
          'the signature does not match: the token was changed or signed with another key',
        )
  } catch (error) {
    proof = failedFrom(error, 'PROOF_INVALID')
  }
  let binding: Outcome
  if (found.unbound !== undefined) {
    binding = failed('JWK_NOT_BOUND_TO_ISSUER', found.unbound)
  } else if (controller === undefined || method.controller !== controller) {
    const [code, who] =
      relationship === 'authentication' ? ['KEY_NOT_HOLDERS', 'holder'] : ['KEY_NOT_ISSUERS', 'issuer']
    binding = failed(
      code,
      `the signing key belongs to ${method.controller}, not to ${controller ?? `(no ${who} id)`}`,
    )
  } else if (!relationships.includes(relationship)) {
    binding = failed('KEY_NOT_AUTHORIZED', `${controller} does not list ${method.id} for ${relationship}`)
  } else {
    binding = passed(`signed with ${method.id}, a key of ${controller}`)
  }
  return { proof, binding, verificationMethod: method.id }
}
