/**
 * The recipient check, loaded when a verification asks for one rather than at import: a hashed
 * identity brings SHA-256 and MD5 (@noble/hashes), which a verification without a recipient never needs.
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { type IdentityObject, isJsonObject, type JsonObject, matchesIdentity } from '@tessera/schema'
import type { RecipientQuery } from './result.js'

/** Whether `subject` (the credential's first subject, as the verification read it) is the recipient asked for. */
export function checkRecipient(subject: JsonObject | undefined, query: RecipientQuery): Outcome {
  if (query.did !== undefined && subject?.id === query.did) return passed(`issued to ${query.did}`)
  if (query.email !== undefined) {
    const identifiers = subject?.identifier
    const all = identifiers === undefined ? [] : Array.isArray(identifiers) ? identifiers : [identifiers]
    for (const identity of all.filter(isJsonObject)) {
      if (identity.identityType !== 'emailAddress') continue
      try {
        if (matchesIdentity(identity as unknown as IdentityObject, query.email))
          return passed('issued to this email address')
      } catch {
        // an identity hash of an unknown algorithm matches nothing
      }
    }
  }
  return failed('RECIPIENT_MISMATCH', 'the credential was not issued to this recipient')
}
