/**
 * What evaluation reads besides the rules and the clock: the members' rows, the credentials they hold
 * already (ledger facts), and the referrals made. `heldFromLedger` reads ledger rows into facts: a row
 * issued under an awards key (`<member id>/<award key>`, optionally followed by `/<format>`) counts once
 * per award key, whatever the number of formats it was issued in; revoked and suspended ones do not count.
 */
import type { LedgerRow } from '@tessera/issuer'

/** One member's row of the spreadsheet: their id and every column, as text. */
export interface MemberRow {
  memberId: string
  fields: Readonly<Record<string, string>>
}

/** A credential a member holds. */
export interface HeldCredential {
  memberId: string
  /** The award key it was issued under (`volunteer-2027`). */
  awardKey: string
  achievementId: string
  credentialId: string
  validFrom: string
}

/** A referral that counts: `referred` joined with `referrer`'s code. */
export interface ReferralUse {
  referrer: string
  referred: string
}

/** The award key a batch key names: `M-0001/volunteer-2027/jwt` gives M-0001 and volunteer-2027. */
export function splitAwardKey(key: string): { memberId: string; awardKey: string } | undefined {
  const [memberId, awardKey] = key.split('/')
  return memberId === undefined || memberId === '' || awardKey === undefined || awardKey === ''
    ? undefined
    : { memberId, awardKey }
}

/** The ledger key an award is issued under. */
export const ledgerKeyOf = (memberId: string, awardKey: string): string => `${memberId}/${awardKey}`

/** The credentials of ledger rows that count (issued under an award key, neither revoked nor suspended). */
export async function heldFromLedger(
  rows: AsyncIterable<LedgerRow> | Iterable<LedgerRow>,
): Promise<HeldCredential[]> {
  const held = new Map<string, HeldCredential>()
  for await (const row of rows) {
    if (row.key === undefined || row.state === 'revoked' || row.state === 'suspended') continue
    const split = splitAwardKey(row.key)
    if (split === undefined) continue
    const id = `${split.memberId}/${split.awardKey}`
    if (held.has(id)) continue
    held.set(id, {
      ...split,
      achievementId: row.achievementId,
      credentialId: row.credentialId,
      validFrom: row.validFrom,
    })
  }
  return [...held.values()]
}
