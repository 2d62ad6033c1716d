/**
 * The recipient check, loaded when a verification asks for one rather than at import. A hashed email
 * identity (OB 3.0 IdentityObject: `sha256$` or `md5$` + hex over the address and its salt) is
 * recomputed here as @tessera/schema's `matchesIdentity` does (its `identityHashCheck` says what to
 * hash), but with the crypto provider's SHA-256 (WebCrypto in browsers, asynchronous) and the small MD5
 * of md5.ts, so that the browser builds carry no hash library: the schema's synchronous digests are
 * @noble/hashes outside Node.
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import {
  type IdentityHashCheck,
  type IdentityObject,
  identityHashCheck,
  isJsonObject,
  type JsonObject,
  plainIdentityMatches,
} from '@tessera/schema'
import { md5 } from './md5.js'
import type { RecipientQuery } from './result.js'

/** SHA-256, as the crypto provider gives it. */
export type Sha256 = (data: Uint8Array) => Promise<Uint8Array>

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * Does the email identity name `email`? By @tessera/schema's rules (`plainIdentityMatches`,
 * `identityHashCheck`: those of its `matchesIdentity`), with the digests computed here. An identity of
 * another form (an unknown algorithm, a value that is no text) matches nothing.
 */
async function emailMatches(identity: JsonObject, email: string, sha256: Sha256): Promise<boolean> {
  let check: IdentityHashCheck
  try {
    if (!identity.hashed) return plainIdentityMatches(identity as unknown as IdentityObject, email)
    check = identityHashCheck(identity as unknown as IdentityObject, email)
  } catch {
    return false
  }
  for (const input of check.inputs) {
    const bytes = new TextEncoder().encode(input)
    if (hex(check.algorithm === 'md5' ? md5(bytes) : await sha256(bytes)) === check.expected) return true
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
