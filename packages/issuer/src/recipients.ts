/**
 * The recipients spreadsheet: a CSV with a header row naming `member_id`, `name`, `email` and optionally
 * `did` and `valid_until`, plus whatever columns a caller requires or checks. Each row is checked on its
 * own: a bad row is reported with its line, first bad column and every reason, and the good rows go on.
 */
import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { TesseraError } from '@tessera/schema'
import { parse } from 'csv-parse'

export type RecipientsErrorCode = 'MISSING_COLUMNS'

export interface Recipient {
  /** The line of the row in the file (1 is the header). */
  line: number
  memberId: string
  name: string
  email?: string
  did?: string
  /** End of validity for this member (ISO date), overriding the template's. */
  validUntil?: string
  /** Every column of the row, by header name (lower case). */
  fields: Record<string, string>
}

export interface RowProblem {
  line: number
  /** The row's member id, when it has one. */
  memberId?: string
  /** The first column at fault, when the fault is a column's. */
  column?: string
  /** Every reason the row is refused, joined by "; ". */
  reason: string
}

export type RecipientRow = { ok: true; recipient: Recipient } | { ok: false; problem: RowProblem }

export interface ColumnProblem {
  column: string
  reason: string
}

export interface RecipientsOptions {
  /** More columns the header must name and every row must fill (`email` makes the email mandatory). */
  require?: readonly string[]
  /** The caller's own checks of a row's columns, after the built-in ones. */
  check?: (fields: Readonly<Record<string, string>>) => ColumnProblem[]
}

const REQUIRED = ['member_id', 'name', 'email'] as const
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

const columnName = (column: string) => column.replaceAll('_', ' ')

function check(
  fields: Record<string, string>,
  line: number,
  seen: Map<string, number>,
  options: RecipientsOptions,
): RecipientRow {
  const problems: ColumnProblem[] = []
  const value = (column: string) => fields[column] ?? ''
  for (const column of ['member_id', 'name', ...(options.require ?? [])])
    if (value(column) === '') problems.push({ column, reason: `no ${columnName(column)}` })
  const memberId = value('member_id')
  const email = value('email')
  const did = value('did')
  const validUntil = value('valid_until')
  const first = seen.get(memberId)
  if (memberId !== '' && first !== undefined)
    problems.push({ column: 'member_id', reason: `member id ${memberId} is already on line ${first}` })
  if (email !== '' && !EMAIL.test(email))
    problems.push({ column: 'email', reason: `email ${JSON.stringify(email)} is not an address` })
  if (email === '' && did === '' && !options.require?.includes('email'))
    problems.push({ column: 'email', reason: 'no email and no DID' })
  if (did !== '' && !DID.test(did))
    problems.push({ column: 'did', reason: `did ${JSON.stringify(did)} is not a DID` })
  if (validUntil !== '' && !isRealDate(validUntil))
    problems.push({
      column: 'valid_until',
      reason: `valid until ${JSON.stringify(validUntil)} is not a date (YYYY-MM-DD)`,
    })
  problems.push(...(options.check?.(fields) ?? []))
  if (problems.length > 0) {
    return {
      ok: false,
      problem: {
        line,
        ...(memberId === '' ? {} : { memberId }),
        column: (problems[0] as ColumnProblem).column,
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
      name: fields.name as string,
      ...(email === '' ? {} : { email }),
      ...(did === '' ? {} : { did }),
      ...(validUntil === '' ? {} : { validUntil }),
      fields,
    },
  }
}

/**
 * Reads the recipients of a CSV file (or stream) as they come. MISSING_COLUMNS when the header lacks a
 * required column; a malformed row (wrong number of fields, a broken quote) is a problem of its line.
 */
export async function* readRecipients(
  input: string | URL | Readable,
  options: RecipientsOptions = {},
): AsyncIterable<RecipientRow> {
  const required = [...new Set([...REQUIRED, ...(options.require ?? [])])]
  const skipped: RowProblem[] = []
  const parser = (typeof input === 'string' || input instanceof URL ? createReadStream(input) : input).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase())
        const missing = required.filter((r) => !names.includes(r))
        if (missing.length > 0)
          throw new TesseraError<RecipientsErrorCode>(
            'MISSING_COLUMNS',
            `the header row lacks ${missing.join(', ')} (it has ${names.join(', ')})`,
          )
        return names
      },
      info: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: { message: string; lines?: number } | undefined) => {
        if (error !== undefined) skipped.push({ line: error.lines ?? 0, reason: error.message })
      },
    }),
  )
  const seen = new Map<string, number>()
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>
    info: { lines: number }
  }>) {
    while (skipped.length > 0) yield { ok: false, problem: skipped.shift() as RowProblem }
    yield check(record, info.lines, seen, options)
  }
  while (skipped.length > 0) yield { ok: false, problem: skipped.shift() as RowProblem }
}
