/**
 * The recipients spreadsheet: a header row naming `member_id`, `name`, `email` and optionally `did` and
 * `valid_until`, plus whatever columns a caller requires or checks; comma-, semicolon- or tab-separated
 * text, or an Excel workbook (sheet.ts). Each row is checked on its own, every column against a
 * documented rule and length limit: a bad row is reported with its line, first bad column, a stable code
 * and every reason, and the good rows go on.
 */
import type { Readable } from 'node:stream'
import { fail } from '../errors.js'
import { BIDI_CONTROLS, COLUMN_LIMITS, CONTROL_CHARACTERS } from '../text-rules.js'
import { readSheet } from './sheet.js'

/** Why one row is refused (`RowProblem.code`). */
export type RowErrorCode =
  | 'MISSING_VALUE'
  | 'INVALID_MEMBER_ID'
  | 'DUPLICATE_MEMBER_ID'
  | 'INVALID_EMAIL'
  | 'INVALID_DID'
  | 'INVALID_DATE'
  | 'NO_EMAIL_OR_DID'
  | 'CONTROL_CHARACTER'
  | 'BIDI_CONTROL'
  | 'VALUE_TOO_LONG'
  | 'MALFORMED_ROW'
  | 'INVALID_VALUE'

export interface Recipient {
  /** The line of the row in the file (1 is the header). */
  line: number
  memberId: string
  /** The member's name, NFC-normalised. */
  name: string
  email?: string
  did?: string
  /** End of validity for this member (ISO date), overriding the template's. */
  validUntil?: string
  /** Every column of the row, by column name (lower case, spaces as `_`). */
  fields: Record<string, string>
}

export interface RowProblem {
  line: number
  /** The row's member id, when it has a valid one. */
  memberId?: string
  /** The first column at fault, when the fault is a column's. */
  column?: string
  /** The code of the first fault. */
  code: RowErrorCode | (string & {})
  /** Every reason the row is refused, joined by "; ". Values are quoted, shortened, never raw controls. */
  reason: string
}

export type RecipientRow = { ok: true; recipient: Recipient } | { ok: false; problem: RowProblem }

export interface ColumnProblem {
  column: string
  /** A stable code; INVALID_VALUE when the caller's check gives none. */
  code?: RowErrorCode | (string & {})
  reason: string
}

export interface RecipientsOptions {
  /** More columns the header must name and every row must fill (`email` makes the email mandatory). */
  require?: readonly string[]
  /** The caller's own checks of a row's columns, after the built-in ones. */
  check?: (fields: Readonly<Record<string, string>>) => ColumnProblem[]
  /** A workbook's sheet, by name or number (1 is the first). Default the first. */
  sheet?: string | number
}

/**
 * What a member id may be: a letter or digit, then letters, digits, `.`, `_` or `-`, 64 characters at
 * most. It names files and ledger rows, so nothing in it can be a path, a control or a space.
 */
export const MEMBER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

const REQUIRED = ['member_id', 'name', 'email'] as const
const OPTIONAL = ['did', 'valid_until'] as const
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** DID syntax (DID Core): `did:`, a method name, then method-specific id characters and colons. */
const DID = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)+$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/

/** A calendar date that exists (2025-02-30 does not), optionally with a time. */
export function isRealDate(text: string): boolean {
  const match = DATE.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** A header cell as a column name: `Member ID` is `member_id`, `E-mail` is `email`. */
export function columnNameOf(header: string): string {
  const name = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
  return name === 'e_mail' ? 'email' : name
}

const columnWords = (column: string) => column.replaceAll('_', ' ')

/** A value quoted for a reason: JSON-escaped and cut to 40 characters. */
function quote(value: string): string {
  const characters = [...value]
  return JSON.stringify(characters.length > 40 ? `${characters.slice(0, 40).join('')}…` : value)
}

const codePoint = (character: string) =>
  `U+${(character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`

/** Length and character checks every column gets; undefined when the value passes them. */
function unsafe(column: string, value: string): ColumnProblem | undefined {
  const limit = COLUMN_LIMITS[column as keyof typeof COLUMN_LIMITS] ?? COLUMN_LIMITS.other
  // Counting stops past the limit: a megabyte of text costs no more than the limit.
  let length = 0
  for (const _ of value) if (++length > limit) break
  if (length > limit)
    return {
      column,
      code: 'VALUE_TOO_LONG',
      reason: `${columnWords(column)} is over ${limit} characters`,
    }
  const control = CONTROL_CHARACTERS.exec(value)
  if (control !== null)
    return {
      column,
      code: 'CONTROL_CHARACTER',
      reason: `${columnWords(column)} holds a control character (${codePoint(control[0])}, such as a line break or an escape)`,
    }
  const bidi = BIDI_CONTROLS.exec(value)
  if (bidi !== null)
    return {
      column,
      code: 'BIDI_CONTROL',
      reason: `${columnWords(column)} holds a bidirectional control (${codePoint(bidi[0])}), which can make text display in another order`,
    }
  return undefined
}

function check(
  fields: Record<string, string>,
  line: number,
  seen: Map<string, number>,
  options: RecipientsOptions,
): RecipientRow {
  const problems: ColumnProblem[] = []
  const refusedColumns = new Set<string>()
  for (const [column, value] of Object.entries(fields)) {
    const problem = value === '' ? undefined : unsafe(column, value)
    if (problem !== undefined) {
      problems.push(problem)
      refusedColumns.add(column)
    }
  }
  const value = (column: string) => (refusedColumns.has(column) ? '' : (fields[column] ?? ''))
  for (const column of ['member_id', 'name', ...(options.require ?? [])])
    if ((fields[column] ?? '') === '')
      problems.push({ column, code: 'MISSING_VALUE', reason: `no ${columnWords(column)}` })
  const memberId = value('member_id')
  const email = value('email')
  const did = value('did')
  const validUntil = value('valid_until')
  const validId = MEMBER_ID_PATTERN.test(memberId)
  if (memberId !== '' && !validId)
    problems.push({
      column: 'member_id',
      code: 'INVALID_MEMBER_ID',
      reason: `member id ${quote(memberId)} is not letters, digits, ".", "_" and "-" (starting with a letter or digit, 64 at most)`,
    })
  const first = seen.get(memberId)
  if (validId && first !== undefined)
    problems.push({
      column: 'member_id',
      code: 'DUPLICATE_MEMBER_ID',
      reason: `member id ${memberId} is already on line ${first}`,
    })
  if (email !== '' && !EMAIL.test(email))
    problems.push({
      column: 'email',
      code: 'INVALID_EMAIL',
      reason: `email ${quote(email)} is not an address`,
    })
  if ((fields.email ?? '') === '' && (fields.did ?? '') === '' && !options.require?.includes('email'))
    problems.push({ column: 'email', code: 'NO_EMAIL_OR_DID', reason: 'no email and no DID' })
  if (did !== '' && !DID.test(did))
    problems.push({ column: 'did', code: 'INVALID_DID', reason: `did ${quote(did)} is not a DID` })
  if (validUntil !== '' && !isRealDate(validUntil))
    problems.push({
      column: 'valid_until',
      code: 'INVALID_DATE',
      reason: `valid until ${quote(validUntil)} is not a date (YYYY-MM-DD)`,
    })
  // The caller's checks see only values that passed the length and character checks.
  if (options.check !== undefined && refusedColumns.size === 0)
    problems.push(...options.check(fields).map((p) => ({ ...p, code: p.code ?? 'INVALID_VALUE' })))
  if (problems.length > 0) {
    const [head] = problems as [ColumnProblem, ...ColumnProblem[]]
    return {
      ok: false,
      problem: {
        line,
        ...(validId ? { memberId } : {}),
        column: head.column,
        code: head.code ?? 'INVALID_VALUE',
        reason: problems.map((p) => p.reason).join('; '),
      },
    }
  }
  seen.set(memberId, line)
  return {
    ok: true,
    recipient: {
      line,
      memberId,
      name: (fields.name as string).normalize('NFC'),
      ...(email === '' ? {} : { email }),
      ...(did === '' ? {} : { did }),
      ...(validUntil === '' ? {} : { validUntil }),
      fields,
    },
  }
}

/**
 * Reads the recipients of a spreadsheet file (or stream) as they come: CSV with commas, semicolons or
 * tabs, or an .xlsx workbook. MISSING_COLUMNS when the header lacks a required column (the message says
 * what it found and what it expected), DUPLICATE_COLUMNS when it names one twice; the sheet's own codes
 * (sheet.ts) for a file that cannot be read. A malformed row is a problem of its line.
 */
export async function* readRecipients(
  input: string | URL | Readable,
  options: RecipientsOptions = {},
): AsyncIterable<RecipientRow> {
  const required = [...new Set([...REQUIRED, ...(options.require ?? [])])]
  let names: string[] = []
  const seen = new Map<string, number>()
  for await (const event of readSheet(input, {
    expected: [...required, ...OPTIONAL],
    normalise: columnNameOf,
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
  })) {
    if (event.kind === 'header') {
      names = event.cells.map(columnNameOf)
      const missing = required.filter((r) => !names.includes(r))
      if (missing.length > 0) {
        const found = names.filter((n) => n !== '').map((n) => quote(n))
        fail(
          'MISSING_COLUMNS',
          `the header row (line ${event.line}, read as ${event.format}) lacks ${missing.join(', ')}: ` +
            `it has ${found.length === 0 ? 'no column names' : found.join(', ')}; ` +
            `expected ${required.join(', ')} (and optionally ${OPTIONAL.join(', ')})`,
        )
      }
      const twice = names.filter((n, i) => n !== '' && names.indexOf(n) !== i)
      if (twice.length > 0)
        fail('DUPLICATE_COLUMNS', `the header row names ${[...new Set(twice)].join(', ')} more than once`)
    } else if (event.kind === 'bad')
      yield { ok: false, problem: { line: event.line, code: event.code, reason: event.reason } }
    else {
      // fromEntries defines own properties: a column named __proto__ is only a column.
      const fields = Object.fromEntries(
        names.flatMap((name, i) => (name === '' ? [] : [[name, event.cells[i] ?? '']])),
      ) as Record<string, string>
      yield check(fields, event.line, seen, options)
    }
  }
}
