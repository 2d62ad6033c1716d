/**
 * What comparing an identifier with an OB 3.0 IdentityObject takes, short of computing a digest: the
 * normalisation of emails and the reading of `identityHash`. Apart from identity.ts (whose digests are
 * @noble/hashes outside Node) so that the verifier's recipient check, which hashes through its crypto
 * provider, follows the same rules without carrying a hash library into browser builds.
 */
import { fail } from './fail.js'
import type { IdentityObject } from './types.js'
import type { IdentifierType } from './vocabulary.js'

/**
 * Emails are compared without case and surrounding blanks: `normalizeEmail(" A@Example.com ")` is
 * `a@example.com`. Issuers hash the normalised address, and checks try it as well as the raw text.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export function normalize(identifier: string, identityType: IdentifierType): string {
  return identityType === 'emailAddress' ? normalizeEmail(identifier) : identifier
}

const HASH_FORMAT = /^(sha256|md5)\$([0-9a-fA-F]+)$/

/** What checking an identifier against a hashed identity takes: the digest, what it must equal, what to hash. */
export interface IdentityHashCheck {
  algorithm: 'sha256' | 'md5'
  /** The identity's digest, lower-case hex. */
  expected: string
  /** The identifier as given and normalised (emails), each with the salt appended: any may match. */
  inputs: string[]
}

/**
 * How to check `identifier` against the hashed `identity`, for a caller that hashes by its own means (the
 * verifier's recipient check, through its crypto provider). UNSUPPORTED_HASH for a hash of another form.
 */
export function identityHashCheck(identity: IdentityObject, identifier: string): IdentityHashCheck {
  const match = HASH_FORMAT.exec(identity.identityHash)
  if (match === null) {
    fail(
      'UNSUPPORTED_HASH',
      `identityHash ${JSON.stringify(identity.identityHash.slice(0, 80))} is neither sha256$<hex> nor md5$<hex>`,
    )
  }
  const [, algorithm, digestHex] = match as unknown as [string, 'sha256' | 'md5', string]
  const salt = identity.salt ?? ''
  const candidates = new Set([identifier, normalize(identifier, identity.identityType)])
  return { algorithm, expected: digestHex.toLowerCase(), inputs: [...candidates].map((c) => c + salt) }
}

/** Does the unhashed `identity` name this identifier (emails compared normalised)? */
export function plainIdentityMatches(identity: IdentityObject, identifier: string): boolean {
  return (
    normalize(identifier, identity.identityType) === normalize(identity.identityHash, identity.identityType)
  )
}
