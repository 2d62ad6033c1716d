/**
 * Reading the members spreadsheet (CSV, as exported by any spreadsheet program): one row per member,
 * every row checked, bad rows refused with their line and reason while the others go on.
 * Columns: member_id, name, email, join_date (YYYY-MM-DD), tier, did (optional), and the awards:
 * certified, conference_2026 ("yes"), volunteering (what for), contribution (which project),
 * referrals (how many new members).
 */
import { isRealDate } from '@tessera/issuer'
import { parse } from 'csv-parse/sync'
import type { Member } from './association.js'

export interface RefusedRow {
  /** The line of the file the row starts on (the header is line 1). */
  line: number
  memberId?: string
  reason: string
}

export interface MembersSheet {
  members: Member[]
  refused: RefusedRow[]
}

const REQUIRED = ['member_id', 'name', 'email', 'join_date', 'tier'] as const
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DID = /^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/
const YES = new Set(['yes', 'y', 'true', '1', 'x'])

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)
}

function problemsOf(row: Record<string, string>, today: string): string[] {
  const problems: string[] = []
  for (const column of REQUIRED)
    if ((row[column] ?? '') === '') problems.push(`no ${column.replace('_', ' ')}`)
  const email = row.email ?? ''
  if (email !== '' && !EMAIL.test(email)) problems.push(`email ${JSON.stringify(email)} is not an address`)
  const joined = row.join_date ?? ''
  if (joined !== '' && !isCalendarDate(joined))
    problems.push(`join date ${JSON.stringify(joined)} is not a date`)
  else if (joined > today) problems.push(`join date ${joined} is in the future`)
  const did = row.did ?? ''
  if (did !== '' && !DID.test(did)) problems.push(`did ${JSON.stringify(did)} is not a DID`)
  const referrals = row.referrals ?? ''
  if (referrals !== '' && !/^\d+$/.test(referrals))
    problems.push(`referrals ${JSON.stringify(referrals)} is not a number`)
  return problems
}

export interface ReadOptions {
  /** Join dates after this day (YYYY-MM-DD) are refused. Default today. */
  today?: string
}

/**
 * The members of a CSV text. A row missing a required column, with an impossible date, a malformed
 * email or DID, or a member id seen on an earlier row is refused (the earlier row is kept).
 * Throws csv-parse's error (with its line) when the file itself is not CSV.
 */
export function readMembers(csv: string, options: ReadOptions = {}): MembersSheet {
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const rows = parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
  }) as { record: Record<string, string>; info: { lines: number } }[]
  const members: Member[] = []
  const refused: RefusedRow[] = []
  const seen = new Map<string, number>()
  for (const { record, info } of rows) {
    const line = info.lines
    const memberId = record.member_id ?? ''
    const problems = problemsOf(record, today)
    const first = seen.get(memberId)
    if (memberId !== '' && first !== undefined)
      problems.push(`member id ${memberId} is already on line ${first}`)
    if (problems.length > 0) {
      refused.push({ line, ...(memberId === '' ? {} : { memberId }), reason: problems.join('; ') })
      continue
    }
    seen.set(memberId, line)
    const optional = (column: string) => ((record[column] ?? '') === '' ? undefined : record[column])
    const did = optional('did')
    const volunteering = optional('volunteering')
    const contribution = optional('contribution')
    const referrals = Number(record.referrals ?? '') || 0
    members.push({
      memberId,
      name: record.name ?? '',
      email: record.email ?? '',
      joinDate: record.join_date ?? '',
      tier: record.tier ?? '',
      ...(did === undefined ? {} : { did }),
      certified: YES.has((record.certified ?? '').toLowerCase()),
      conference2026: YES.has((record.conference_2026 ?? '').toLowerCase()),
      ...(volunteering === undefined ? {} : { volunteering }),
      ...(contribution === undefined ? {} : { contribution }),
      ...(referrals > 0 ? { referrals } : {}),
    })
  }
  return { members, refused }
}
