/**
 * The key a wallet's proof names, and the DID the credential is bound to (OpenID4VCI 1.0, F.1): a `kid`
 * that is a did:key or did:jwk URL (resolved here, never fetched), or a `jwk`, bound as the did:jwk of
 * its public members. Exactly one of `kid`, `jwk` and `x5c`; `x5c` is refused, since a certificate's key
 * has no DID a verifier could resolve. Keys are those Tessera's verifier reads (Ed25519, P-256, RSA of
 * 2048 to 8192 bits, an exponent of at most 64), each with its one algorithm. The key is read from the
 * DID or the JWK directly, by the functions the verifier's key resolver uses for did:key and did:jwk
 * documents, without a resolver, its caches and its promises for each wallet's one fresh key (issue #17).
 * Given a `HolderKeyCache`, a key read once is not read again (holder-key-cache.ts); every check of the
 * header still runs.
 */

import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { didJwkDocument, didKeyDocument, methodInDocument, type PublicJwk } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import { refuse } from './errors.js'
import type { HolderKeyCache } from './holder-key-cache.js'

export type { PublicJwk }

export interface HolderKey {
  /** The DID the credential's subject becomes. */
  did: string
  jwk: PublicJwk
  /** The key as node:crypto verifies with it. */
  key: KeyObject
}

/** Members of a JWK that carry private or symmetric key material. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

/** The public members of each key type, in the lexicographic order of RFC 7638. */
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  OKP: ['crv', 'kty', 'x'],
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
}

/**
 * RSA keys whose verification stays cheap: a modulus of 2048 to 8192 bits, an exponent of at most 64 bits
 * (OpenSSL's own cap past 3072-bit moduli). A wallet's key is 65537 and 2048 to 4096 bits; a 3072-bit
 * exponent would make each refused proof cost about 60 usual verifications.
 */
function rsaKeyProblem(jwk: PublicJwk): string | undefined {
  const modulus = Buffer.from(jwk.n ?? '', 'base64url').length
  if (modulus < 256 || modulus > 1024) return 'an RSA modulus is 2048 to 8192 bits long'
  if (Buffer.from(jwk.e ?? '', 'base64url').length > 8) return 'an RSA exponent is at most 64 bits long'
  return undefined
}

/** Which key each algorithm signs with. */
function fitsAlgorithm(jwk: PublicJwk, alg: string): boolean {
  switch (alg) {
    case 'EdDSA':
    case 'Ed25519':
      return jwk.kty === 'OKP' && jwk.crv === 'Ed25519'
    case 'ES256':
      return jwk.kty === 'EC' && jwk.crv === 'P-256'
    case 'RS256':
    case 'PS256':
      return jwk.kty === 'RSA' && rsaKeyProblem(jwk) === undefined
    default:
      return false
  }
}

/** The did:jwk of a public JWK: its public members, in RFC 7638 order, as base64url JSON. */
export function didJwkOf(jwk: Record<string, unknown>): string {
  const members = PUBLIC_MEMBERS[String(jwk.kty)]
  if (members === undefined)
    refuse('invalid_proof', `the proof's jwk has an unsupported kty ${String(jwk.kty).slice(0, 20)}`)
  const publicJwk = Object.fromEntries(members.map((m) => [m, jwk[m]]))
  return `did:jwk:${Buffer.from(JSON.stringify(publicJwk), 'utf8').toString('base64url')}`
}

/**
 * The public JWK a did:key or did:jwk URL names, read from the DID's document (made from the DID alone) by
 * the lookup the verifier's key resolver uses: a fragment must name the document's method (`#<multibase>`
 * of a did:key, `#0` of a did:jwk), a bare DID names it too.
 */
async function jwkOfMethod(methodId: string): Promise<PublicJwk> {
  const hash = methodId.indexOf('#')
  const did = hash < 0 ? methodId : methodId.slice(0, hash)
  const document = did.startsWith('did:key:') ? didKeyDocument(did) : didJwkDocument(did)
  return (await methodInDocument(document, did, methodId)).method.jwk
}

/**
 * The holder's key, from the proof's header; `invalid_proof` for anything the rules above refuse. With a
 * `cache`, what was read from the same verification method id before (and fitted its algorithm then).
 */
export async function holderKeyOf(
  header: JsonObject,
  alg: string,
  cache?: HolderKeyCache,
): Promise<HolderKey> {
  const named = (['kid', 'jwk', 'x5c'] as const).filter((member) => header[member] !== undefined)
  if (named.length !== 1)
    refuse('invalid_proof', 'the proof header must name its key with exactly one of kid, jwk and x5c')
  if (named[0] === 'x5c')
    refuse('invalid_proof', 'x5c keys are not accepted: bind the credential to a did:key, a did:jwk or a jwk')
  let methodId: string
  if (named[0] === 'kid') {
    const kid = header.kid
    if (
      typeof kid !== 'string' ||
      !/^did:(key|jwk):[A-Za-z0-9._%-]+(#[A-Za-z0-9._%-]+)?$/.test(kid) ||
      kid.length > 4096
    )
      refuse('invalid_proof', 'the proof kid must be a did:key or did:jwk URL')
    methodId = kid
  } else {
    const jwk = header.jwk
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
      refuse('invalid_proof', 'the proof jwk is not a JSON object')
    if (PRIVATE_MEMBERS.some((m) => m in jwk))
      refuse('invalid_proof', 'the proof jwk holds private key material')
    methodId = `${didJwkOf(jwk as Record<string, unknown>)}#0`
  }
  const cached = cache?.get(methodId)
  if (cached !== undefined) {
    if (!fitsAlgorithm(cached.jwk, alg)) refuse('invalid_proof', `the proof's key does not sign ${alg}`)
    return cached
  }
  let jwk: PublicJwk
  try {
    jwk = await jwkOfMethod(methodId)
  } catch (error) {
    return refuse('invalid_proof', `the proof's key cannot be read: ${(error as Error).message}`)
  }
  if (!fitsAlgorithm(jwk, alg)) {
    const problem = jwk.kty === 'RSA' ? rsaKeyProblem(jwk) : undefined
    refuse(
      'invalid_proof',
      `the proof's key does not sign ${alg}${problem === undefined ? '' : `: ${problem}`}`,
    )
  }
  let key: KeyObject
  try {
    key = createPublicKey({ key: { ...jwk, alg: undefined } as JsonWebKey, format: 'jwk' })
  } catch (error) {
    return refuse('invalid_proof', `the proof's key cannot be imported: ${(error as Error).message}`)
  }
  const read = { did: methodId.split('#')[0] as string, jwk, key }
  return cache === undefined ? read : cache.set(methodId, read)
}
