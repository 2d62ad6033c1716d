/**
 * The recipient check, loaded when a verification asks for one rather than at import. A hashed email
 * identity (OB 3.0 IdentityObject: `sha256$` or `md5$` + hex over the address and its salt) is
 * recomputed here, as @tessera/schema's `matchesIdentity` does, but with the crypto provider's SHA-256
 * (WebCrypto in browsers, asynchronous) and the small MD5 of md5.ts, so that the browser builds carry no
 * hash library: the schema's synchronous digests are @noble/hashes outside Node.
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { md5 } from './md5.js'
import type { RecipientQuery } from './result.js'

/** SHA-256, as the crypto provider gives it. */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>

const HASH_FORMAT = /^(sha256|md5)\$([0-9a-fA-F]+)$/

const normalizeEmail = (email: string): string => email.trim().toLowerCase()

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * Does the email identity name `email`? Unhashed: compared without case and surrounding blanks. Hashed:
 * the address as given and normalised, each with the salt appended, against the digest (hex in either
 * case). An identityHash of another form (an unknown algorithm) matches nothing.
 */
async function emailMatches(identity: JsonObject, email: string, sha256: Sha256): Promise<boolean> {
  const { identityHash, salt } = identity
  if (!identity.hashed)
    return typeof identityHash === 'string' && normalizeEmail(email) === normalizeEmail(identityHash)
  // read as text, as the schema's matchesIdentity reads it (a value the schema check refuses, alike)
  const match = HASH_FORMAT.exec(String(identityHash))
  if (match === null) return false
  const [, algorithm, digestHex] = match as unknown as [string, 'sha256' | 'md5', string]
  const expected = digestHex.toLowerCase()
  for (const candidate of new Set([email, normalizeEmail(email)])) {
    const bytes = new TextEncoder().encode(`${candidate}${salt ?? ''}`)
    if (hex(algorithm === 'md5' ? md5(bytes) : await sha256(bytes)) === expected) return true
  }
  return false
}

/** Whether `subject` (the credential's first subject, as the verification read it) is the recipient asked for. */
export async function checkRecipient(
  subject: JsonObject | undefined,
  query: RecipientQuery,
  sha256: Sha256,
): Promise<Outcome> {
  if (query.did !== undefined && subject?.id === query.did) return passed(`issued to ${query.did}`)
  if (query.email !== undefined) {
    const identifiers = subject?.identifier
    const all = identifiers === undefined ? [] : Array.isArray(identifiers) ? identifiers : [identifiers]
    for (const identity of all.filter(isJsonObject)) {
      if (identity.identityType !== 'emailAddress') continue
      if (await emailMatches(identity, query.email, sha256)) return passed('issued to this email address')
    }
  }
  return failed('RECIPIENT_MISMATCH', 'the credential was not issued to this recipient')
}
