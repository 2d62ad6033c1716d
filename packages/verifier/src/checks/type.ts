/**
 * The `type` check: a credential is a VerifiableCredential and one of Open Badges 3.0's types (or a CLR
 * 2.0 ClrCredential, which gathers them); a presentation is a VerifiablePresentation.
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import { asArray } from './values.js'

export function checkType(credential: JsonObject): Outcome {
  const types = asArray(credential.type)
  if (!types.includes('VerifiableCredential'))
    return failed('TYPE_INVALID', 'type lacks VerifiableCredential')
  const ob = types.find(
    (t) =>
      t === 'OpenBadgeCredential' ||
      t === 'AchievementCredential' ||
      t === 'EndorsementCredential' ||
      t === 'ClrCredential',
  )
  if (ob === undefined) {
    return failed(
      'TYPE_INVALID',
      `type (${types.join(', ')}) names no OpenBadgeCredential, AchievementCredential, EndorsementCredential or ClrCredential`,
    )
  }
  return passed(String(ob))
}

export function checkPresentationType(presentation: JsonObject): Outcome {
  return asArray(presentation.type).includes('VerifiablePresentation')
    ? passed('VerifiablePresentation')
    : failed('TYPE_INVALID', 'type lacks VerifiablePresentation')
}
