/**
 * The `recipient` check (when asked): the credential's first subject against the recipient asked for.
 * Its code (`../recipient.ts`, with MD5 for hashed identities; SHA-256 is the crypto provider's) is
 * loaded with the first verification that asks for one.
 */
import { type CryptoProvider, defaultCrypto, failedFrom, type Outcome } from '@tessera/proofs'
import { type JsonObject, subjectsOf } from '@tessera/schema'
import type { RecipientQuery } from '../result.js'
import { lazy } from './lazy.js'

const loadRecipient = lazy(() => import('../recipient.js'))

export async function checkRecipientOf(
  credential: JsonObject,
  query: RecipientQuery,
  crypto: CryptoProvider = defaultCrypto,
): Promise<Outcome> {
  try {
    return await (await loadRecipient()).checkRecipient(subjectsOf(credential)[0], query, (data) =>
      crypto.sha256(data),
    )
  } catch (error) {
    return failedFrom(error, 'CHECK_UNAVAILABLE')
  }
}
