/** The `validity` check: `validFrom`/`validUntil` (or VCDM 1.1's dates) against the verification's time. */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { type JsonObject, validityOf } from '@tessera/schema'

export function checkValidity(credential: JsonObject, now: Date, skewSeconds: number): Outcome {
  const { validFrom, validUntil, from, until } = validityOf(credential)
  const skew = skewSeconds * 1000
  if (from === undefined) return failed('VALIDITY_MISSING', 'the credential states no valid start date')
  if (from.getTime() - skew > now.getTime()) return failed('NOT_YET_VALID', `not valid before ${validFrom}`)
  if (validUntil !== undefined) {
    if (until === undefined) return failed('VALIDITY_MISSING', `the end date ${validUntil} is not a date`)
    if (until.getTime() + skew < now.getTime()) return failed('EXPIRED', `expired on ${validUntil}`)
  }
  return passed(
    validUntil === undefined ? `valid since ${validFrom}` : `valid from ${validFrom} until ${validUntil}`,
  )
}
