/**
 * The `recipient` check (when asked): the credential's first subject against the recipient asked for.
 * Its code (`../recipient.ts`, SHA-256 and MD5 for hashed identities) is loaded with the first
 * verification that asks for one.
 */
import { failedFrom, type Outcome } from '@tessera/proofs'
import { type JsonObject, subjectsOf } from '@tessera/schema'
import type { RecipientQuery } from '../result.js'
import { lazy } from './lazy.js'

const loadRecipient = lazy(() => import('../recipient.js'))

export async function checkRecipientOf(credential: JsonObject, query: RecipientQuery): Promise<Outcome> {
  try {
    return (await loadRecipient()).checkRecipient(subjectsOf(credential)[0], query)
  } catch (error) {
    return failedFrom(error, 'CHECK_UNAVAILABLE')
  }
}
