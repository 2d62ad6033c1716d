/**
 * The recipients spreadsheet: a CSV with a header row naming `member_id`, `name`, `email` and optionally
 * `did` and `valid_until` (other columns are kept for the caller). Each row is checked on its own: a bad
 * row is reported with its line, column and reason, and the good rows go on.
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
  /** Every column of the row, by header name. */
  fields: Record<string, string>
}

export interface RowProblem {
  line: number
  column?: string
  reason: string
}

export type RecipientRow = { ok: true; recipient: Recipient } | { ok: false; problem: RowProblem }

const REQUIRED = ['member_id', 'name', 'email'] as const
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/

/** A calendar date that exists (2025-02-30 does not), optionally with a time. */
export function isRealDate(text: string): boolean {
  const match = DATE.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function check(fields: Record<string, string>, line: number, seen: Set<string>): RecipientRow {
  const problem = (column: string, reason: string): RecipientRow => ({
    ok: false,
    problem: { line, column, reason },
  })
  const memberId = fields.member_id ?? ''
  if (memberId === '') return problem('member_id', 'the member id is empty')
  if (seen.has(memberId)) return problem('member_id', `member id ${memberId} comes twice in the file`)
  seen.add(memberId)
  if ((fields.name ?? '') === '') return problem('name', 'the name is empty')
  const email = fields.email ?? ''
  const did = fields.did ?? ''
  if (email !== '' && !EMAIL.test(email))
    return problem('email', `${JSON.stringify(email)} is not an email address`)
  if (did !== '' && !/^did:[a-z0-9]+:\S+$/.test(did))
    return problem('did', `${JSON.stringify(did)} is not a DID`)
  if (email === '' && did === '') return problem('email', 'the email is empty and there is no DID')
  const validUntil = fields.valid_until ?? ''
  if (validUntil !== '' && !isRealDate(validUntil))
    return problem('valid_until', `${JSON.stringify(validUntil)} is not a real date (YYYY-MM-DD)`)
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
export async function* readRecipients(input: string | Readable): AsyncIterable<RecipientRow> {
  const skipped: RowProblem[] = []
  const parser = (typeof input === 'string' ? createReadStream(input) : input).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase())
        const missing = REQUIRED.filter((r) => !names.includes(r))
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
  const seen = new Set<string>()
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>
    info: { lines: number }
  }>) {
    while (skipped.length > 0) yield { ok: false, problem: skipped.shift() as RowProblem }
    yield check(record, info.lines, seen)
  }
  while (skipped.length > 0) yield { ok: false, problem: skipped.shift() as RowProblem }
}
