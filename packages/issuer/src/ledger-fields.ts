/**
 * The fields of a credential its ledger row records (subject, achievement, dates), read alone: a batch
 * row and a wallet's copy need these three, not readCredential's whole view (endorsements, embedded
 * credentials, the recipient's name...), for every credential issued.
 */
import { achievementOf, subjectsOf, validityOf } from '@tessera/schema'

export interface LedgerFields {
  subjectId?: string
  achievementId?: string
  validFrom: string
  validUntil?: string
}

/** What `readCredential(credential)` gives as `subjectId`, `achievementId` and `validity`'s text. */
export function ledgerFieldsOf(credential: unknown): LedgerFields {
  const subject = subjectsOf(credential)[0]?.id
  const achievement = achievementOf(credential)?.id
  const { validFrom, validUntil } = validityOf(credential)
  return {
    ...(typeof subject === 'string' ? { subjectId: subject } : {}),
    ...(typeof achievement === 'string' ? { achievementId: achievement } : {}),
    validFrom: String(validFrom),
    ...(validUntil === undefined ? {} : { validUntil }),
  }
}
