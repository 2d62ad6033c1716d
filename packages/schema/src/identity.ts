/**
 * Hashed recipient identities (OB 3.0 IdentityObject): `sha256$` + hex of SHA-256 over the UTF-8
 * bytes of identifier + salt. The spec's own example: sha256("a@example.comKosher").
 */
// Node resolves #hash to node:crypto, every other runtime to @noble/hashes (package.json "imports").
import { hex, md5Hex, sha256Hex } from '#hash'
import { fail } from './fail.js'
import { identityHashCheck, normalize, plainIdentityMatches } from './identity-check.js'
import { randomBytes } from './random.js'
import type { IdentityObject } from './types.js'
import type { IdentifierType } from './vocabulary.js'

export type IdentityErrorCode = 'INVALID_IDENTIFIER' | 'UNSUPPORTED_HASH'
export {
  type IdentityHashCheck,
  identityHashCheck,
  normalizeEmail,
  plainIdentityMatches,
} from './identity-check.js'

/** `sha256$<hex>` of identifier + salt. */
export function identityHash(identifier: string, salt = ''): string {
  return `sha256$${sha256Hex(identifier + salt)}`
}

export interface HashIdentityOptions {
  identityType?: IdentifierType
  /** Defaults to 16 random bytes in hex (a fresh salt per credential keeps hashes unlinkable). */
  salt?: string
}

/** Makes a hashed IdentityObject; the default identity type is `emailAddress`. */
export function hashedIdentity(identifier: string, options: HashIdentityOptions = {}): IdentityObject {
  const identityType = options.identityType ?? 'emailAddress'
  const value = normalize(identifier, identityType)
  if (value === '') fail('INVALID_IDENTIFIER', 'the identifier is empty')
  const salt = options.salt ?? hex(randomBytes(16))
  return { type: 'IdentityObject', hashed: true, identityHash: identityHash(value, salt), identityType, salt }
}

/**
 * Does `identity` name this identifier? Hashed identities are recomputed (sha256 and md5, as the spec
 * allows, hex in either case); emails are tried normalised and as given. Unhashed ones compare directly.
 */
export function matchesIdentity(identity: IdentityObject, identifier: string): boolean {
  if (!identity.hashed) return plainIdentityMatches(identity, identifier)
  const { algorithm, expected, inputs } = identityHashCheck(identity, identifier)
  const digest = algorithm === 'sha256' ? sha256Hex : md5Hex
  return inputs.some((input) => digest(input) === expected)
}
