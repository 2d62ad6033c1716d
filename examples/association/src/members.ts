/**
 * Reading the members spreadsheet (CSV, as exported by any spreadsheet program): one row per member,
 * every row checked, bad rows refused with their line and reason while the others go on.
 * Columns: member_id, name, email, join_date (YYYY-MM-DD), tier, did (optional), and the awards:
 * certified, conference_2026 ("yes"), volunteering (what for), contribution (which project),
 * referrals (how many new members).
 */
import type { Readable } from 'node:stream'
import { type ColumnProblem, isRealDate, type RowProblem, readRecipients } from '@tessera/issuer'
import type { Member } from './association.js'

export interface MembersSheet {
  members: Member[]
  refused: RowProblem[]
}

const YES = new Set(['yes', 'y', 'true', '1', 'x'])

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)
}

/** The example's columns, beyond what every recipients sheet is checked for. */
function problemsOf(row: Readonly<Record<string, string>>, today: string): ColumnProblem[] {
  const problems: ColumnProblem[] = []
  const joined = row.join_date ?? ''
  if (joined !== '' && !isCalendarDate(joined))
    problems.push({ column: 'join_date', reason: `join date ${JSON.stringify(joined)} is not a date` })
  else if (joined > today)
    problems.push({ column: 'join_date', reason: `join date ${joined} is in the future` })
  const referrals = row.referrals ?? ''
  if (referrals !== '' && !/^\d+$/.test(referrals))
    problems.push({ column: 'referrals', reason: `referrals ${JSON.stringify(referrals)} is not a number` })
  return problems
}

export interface ReadOptions {
  /** Join dates after this day (YYYY-MM-DD) are refused. Default today. */
  today?: string
}

/**
 * The members of a CSV file (or stream), read by @tessera/issuer's `readRecipients` with the example's
 * own columns required (email, join date, tier) and checked (join date, referrals). A refused row comes
 * with its line and every reason; a member id seen on an earlier row is refused (the earlier row kept).
 */
export async function readMembers(
  input: string | URL | Readable,
  options: ReadOptions = {},
): Promise<MembersSheet> {
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const members: Member[] = []
  const refused: RowProblem[] = []
  for await (const row of readRecipients(input, {
    require: ['email', 'join_date', 'tier'],
    check: (fields) => problemsOf(fields, today),
  })) {
    if (!row.ok) {
      refused.push(row.problem)
      continue
    }
    const { memberId, name, email, did, fields } = row.recipient
    const optional = (column: string) => ((fields[column] ?? '') === '' ? undefined : fields[column])
    const volunteering = optional('volunteering')
    const contribution = optional('contribution')
    const referrals = Number(fields.referrals ?? '') || 0
    members.push({
      memberId,
      name,
      email: email as string,
      joinDate: fields.join_date as string,
      tier: fields.tier as string,
      ...(did === undefined ? {} : { did }),
      certified: YES.has((fields.certified ?? '').toLowerCase()),
      conference2026: YES.has((fields.conference_2026 ?? '').toLowerCase()),
      ...(volunteering === undefined ? {} : { volunteering }),
      ...(contribution === undefined ? {} : { contribution }),
      ...(referrals > 0 ? { referrals } : {}),
    })
  }
  return { members, refused }
}
