/**
 * Each member's Comprehensive Learner Record (CLR 2.0), the run's last issuing step: one credential that
 * gathers the member's standing awards (the Data Integrity one of each award: CLR 2.0 embeds credentials
 * as objects with their proofs), issued by `Issuer.issueClr` and written to out/records/<member>-clr.json.
 * A member whose record has not changed since their CLR (the same credentials standing) keeps it; a
 * changed record gets a new CLR, which supersedes (revokes) the last; a member who leaves has theirs
 * revoked with their membership.
 */
import { join } from 'node:path'
import { CLR_ACHIEVEMENT_ID, type LedgerRow } from '@tessera/issuer'
import type { OpenedIssuer } from '@tessera/issuer/node'
import { embeddedCredentialsOf, isJsonObject, parseJsonObject } from '@tessera/schema'
import type { Member } from './association.js'
import type { Output } from './output.js'

export interface RecordsTally {
  issued: number
  unchanged: number
}

/** The rows a member's record is made of: one credential per award, Data Integrity, standing at `now`. */
const gathers = (row: LedgerRow) => row.format === 'data-integrity' && row.copyOf === undefined

function standsAt(row: LedgerRow, now: number): boolean {
  return (
    row.state === 'active' &&
    Date.parse(row.validFrom) <= now &&
    (row.validUntil === undefined || Date.parse(row.validUntil) > now)
  )
}

/** The ids a CLR's ledger row embeds. */
function embeddedIds(row: LedgerRow): string[] {
  if (row.credential === undefined || row.format !== 'data-integrity') return []
  return embeddedCredentialsOf(parseJsonObject(row.credential)).flatMap(({ credential }) =>
    isJsonObject(credential) && typeof credential.id === 'string' ? [credential.id] : [],
  )
}

/** Whether the member's current CLR holds exactly what would be gathered now. */
async function unchanged(opened: OpenedIssuer, memberId: string, now: number): Promise<boolean | undefined> {
  let current: LedgerRow | undefined
  const standing = new Set<string>()
  for await (const row of opened.store.rows({ recipient: memberId })) {
    if (row.achievementId === CLR_ACHIEVEMENT_ID) {
      if (row.copyOf === undefined && standsAt(row, now)) current = row
    } else if (gathers(row) && standsAt(row, now)) standing.add(row.credentialId)
  }
  if (standing.size === 0) return undefined
  const held = current === undefined ? [] : embeddedIds(current)
  return held.length === standing.size && held.every((id) => standing.has(id))
}

/** Issues the CLR of each member whose record changed; returns how many were issued and kept. */
export async function issueRecords(
  opened: OpenedIssuer,
  members: readonly Member[],
  out: Output,
  now: Date,
): Promise<RecordsTally> {
  const tally: RecordsTally = { issued: 0, unchanged: 0 }
  for (const member of members) {
    const same = await unchanged(opened, member.memberId, now.getTime())
    if (same === undefined) continue
    if (same) {
      tally.unchanged++
      continue
    }
    const issued = await opened.issuer.issueClr(member.memberId, { only: gathers })
    await out.write(
      join(out.dir, 'records', `${member.memberId}-clr.json`),
      `${JSON.stringify(issued.credential, null, 2)}\n`,
    )
    tally.issued++
  }
  return tally
}

/** Revokes the member's standing CLRs (they leave); returns how many. */
export async function revokeRecords(opened: OpenedIssuer, memberId: string): Promise<number> {
  const records = (await opened.issuer.standing(memberId)).filter(
    (row) => row.achievementId === CLR_ACHIEVEMENT_ID && row.copyOf === undefined,
  )
  for (const row of records) await opened.issuer.revoke(row.credentialId)
  return records.length
}
