/**
 * Reading the members spreadsheet (CSV, semicolon- or tab-separated text, or .xlsx, as @tessera/issuer's
 * `readRecipients` reads them): one row per member, every row checked, bad rows refused with their line
 * and reason while the others go on.
 * Columns: member_id, name, email, join_date (YYYY-MM-DD), tier, did (optional), and what the member
 * earned in the term: certified, conference ("yes": this term's conference; conference_2026 names a
 * year), volunteering (what for), contribution (which project); referred_by (the referral code a new
 * member joined with: it counts toward its holder's Ambassador tiers, data/rules.yaml).
 */
import type { Readable } from 'node:stream'
import { isCertificateError, layoutName } from '@tessera/certificate'
import {
  type ColumnProblem,
  fileNameFor,
  isRealDate,
  type RowProblem,
  readRecipients,
} from '@tessera/issuer/node'
import type { Member } from './association.js'

export interface MembersSheet {
  members: Member[]
  refused: RowProblem[]
}

const YES = new Set(['yes', 'y', 'true', '1', 'x'])
const NO = new Set(['no', 'n', 'false', '0'])
const CONFERENCE_OF_YEAR = /^conference_(\d{4})$/

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isRealDate(text)
}

/**
 * Why a member id cannot name its files apart from every other id, or undefined when it can. Files are
 * named `<member id>-<award>` (fileNameFor), so the id must come through fileNameFor unchanged: `M-1.`
 * would lose its dot and share `M-1`'s files.
 */
export function fileNameProblem(memberId: string): string | undefined {
  if (memberId === '' || fileNameFor(memberId) === memberId) return undefined
  return `member id ${JSON.stringify(memberId)} cannot name its files as it is (they would be named ${JSON.stringify(fileNameFor(memberId))}): end it with a letter or digit`
}

/**
 * Why a certified member's name cannot be printed on the certificate (NAME_NOT_RENDERABLE naming the
 * characters no font draws, FONT_NOT_INSTALLED, NAME_TOO_LONG), or undefined: the row is refused rather
 * than the certificate printed with a blank where the name should be.
 */
function certificateNameProblem(row: Readonly<Record<string, string>>): ColumnProblem | undefined {
  const name = row.name ?? ''
  if (name === '' || !YES.has((row.certified ?? '').toLowerCase())) return undefined
  try {
    layoutName(name)
    return undefined
  } catch (error) {
    if (!isCertificateError(error, 'NAME_NOT_RENDERABLE', 'FONT_NOT_INSTALLED', 'NAME_TOO_LONG')) throw error
    return { column: 'name', code: error.code, reason: error.message }
  }
}

/** The example's columns, beyond what every recipients sheet is checked for. */
function problemsOf(row: Readonly<Record<string, string>>, today: string): ColumnProblem[] {
  const problems: ColumnProblem[] = []
  const naming = fileNameProblem(row.member_id ?? '')
  if (naming !== undefined) problems.push({ column: 'member_id', code: 'INVALID_MEMBER_ID', reason: naming })
  const joined = row.join_date ?? ''
  if (joined !== '' && !isCalendarDate(joined))
    problems.push({ column: 'join_date', reason: `join date ${JSON.stringify(joined)} is not a date` })
  else if (joined > today)
    problems.push({ column: 'join_date', reason: `join date ${joined} is in the future` })
  const printed = certificateNameProblem(row)
  if (printed !== undefined) problems.push(printed)
  const publicPage = (row.public_page ?? '').toLowerCase()
  if (publicPage !== '' && !YES.has(publicPage) && publicPage !== 'search')
    problems.push({
      column: 'public_page',
      reason: `public_page ${JSON.stringify(row.public_page)} is not "yes", "search" or empty`,
    })
  const reminders = (row.reminders ?? '').toLowerCase()
  if (reminders !== '' && !YES.has(reminders) && !NO.has(reminders))
    problems.push({
      column: 'reminders',
      reason: `reminders ${JSON.stringify(row.reminders)} is not "yes", "no" or empty`,
    })
  const language = row.language ?? ''
  if (language !== '' && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))
    problems.push({
      column: 'language',
      reason: `language ${JSON.stringify(language)} is not a language tag`,
    })
  for (const [column, value] of Object.entries(row)) {
    const year = CONFERENCE_OF_YEAR.exec(column)?.[1]
    if (year !== undefined && YES.has(value.toLowerCase()) && year > today.slice(0, 4))
      problems.push({ column, reason: `${column}: the conference of ${year} is still to come` })
  }
  return problems
}

export interface ReadOptions {
  /** Today (YYYY-MM-DD), from the run's clock: join dates after it are refused. */
  today: string
  /** The term's name (`2027`): what the `conference` column's "yes" stands for. */
  term: string
}

/**
 * The members of a spreadsheet file (or a CSV stream), read by @tessera/issuer's `readRecipients` with
 * the example's own columns required (email, join date, tier) and checked (join date, the
 * conferences, ids that name files). A refused row comes with its line, code and every reason; a member
 * id seen on an earlier row is refused (the earlier row kept), and so is one that differs from an earlier
 * one only in case (`m-0001` after `M-0001`), whose files would be the same on Windows and macOS.
 */
export async function readMembers(
  input: string | URL | Readable,
  options: ReadOptions,
): Promise<MembersSheet> {
  const members: Member[] = []
  const refused: RowProblem[] = []
  const lineOfId = new Map<string, number>()
  for await (const row of readRecipients(input, {
    require: ['email', 'join_date', 'tier'],
    check: (fields) => problemsOf(fields, options.today),
  })) {
    if (!row.ok) {
      refused.push(row.problem)
      continue
    }
    const { memberId, name, email, did, fields, line } = row.recipient
    const sameFile = lineOfId.get(memberId.toLowerCase())
    if (sameFile !== undefined) {
      refused.push({
        line,
        memberId,
        column: 'member_id',
        code: 'DUPLICATE_MEMBER_ID',
        reason: `member id ${memberId} differs only in case from the one on line ${sameFile}: their files would be the same on Windows and macOS`,
      })
      continue
    }
    lineOfId.set(memberId.toLowerCase(), line)
    const optional = (column: string) => ((fields[column] ?? '') === '' ? undefined : fields[column])
    const volunteering = optional('volunteering')
    const contribution = optional('contribution')
    const conferences = Object.entries(fields)
      .filter(([, value]) => YES.has(value.toLowerCase()))
      .flatMap(([column]) =>
        column === 'conference' ? [options.term] : (CONFERENCE_OF_YEAR.exec(column)?.slice(1, 2) ?? []),
      )
    members.push({
      memberId,
      name,
      email: email as string,
      joinDate: fields.join_date as string,
      tier: fields.tier as string,
      ...(did === undefined ? {} : { did }),
      certified: YES.has((fields.certified ?? '').toLowerCase()),
      ...(conferences.length === 0 ? {} : { conferences: [...new Set(conferences)].sort() }),
      ...(volunteering === undefined ? {} : { volunteering }),
      ...(contribution === undefined ? {} : { contribution }),
      ...(optional('referred_by') === undefined ? {} : { referredBy: optional('referred_by') as string }),
      ...publicPageOf(fields.public_page),
      ...remindersOf(fields.reminders),
      ...(optional('language') === undefined ? {} : { language: optional('language') as string }),
    })
  }
  return { members, refused }
}

/** The member's choice about reminders (column reminders: no stops them, yes restarts them, empty keeps it). */
function remindersOf(value: string | undefined): Pick<Member, 'reminders'> {
  const chosen = (value ?? '').toLowerCase()
  if (NO.has(chosen)) return { reminders: false }
  return YES.has(chosen) ? { reminders: true } : {}
}

/** The member's choice of a public page for their credentials (column public_page: yes, search, empty). */
function publicPageOf(value: string | undefined): Pick<Member, 'publicPage'> {
  const chosen = (value ?? '').toLowerCase()
  if (chosen === 'search') return { publicPage: 'search' }
  return YES.has(chosen) ? { publicPage: 'yes' } : {}
}
