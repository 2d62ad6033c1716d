/**
 * A delimited-text spreadsheet (CSV) read as members' systems export it: comma-, semicolon- or
 * tab-separated (Excel writes semicolons where the comma is the decimal mark, and "Unicode Text" as
 * tab-separated UTF-16), UTF-8 with or without a byte order mark, UTF-16 with one, Excel's `sep=;` first
 * line honoured. The delimiter is the one of the three that best splits the header row into the columns
 * the caller expects. Rows stream through csv-parse: memory stays flat whatever the length of the file.
 */
import { open } from 'node:fs/promises'
import { pipeline, Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { fail } from '../errors.js'
import type { SheetEvent } from './sheet.js'

export type Delimiter = ',' | ';' | '\t'
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t']

/** A record (one row, all its fields) longer than this ends the read: usually a quote that never closes. */
export const MAX_RECORD_BYTES = 1024 * 1024
/** The header row must end within this many characters. */
const MAX_HEADER_CHARS = 64 * 1024

export const delimiterName = (delimiter: Delimiter): string =>
  delimiter === ',' ? 'comma' : delimiter === ';' ? 'semicolon' : 'tab'

/** The bytes of a file or stream, chunk by chunk; a file that cannot be opened is FILE_NOT_READABLE. */
export async function* bytesOf(input: string | URL | Readable): AsyncGenerator<Uint8Array> {
  if (!(typeof input === 'string' || input instanceof URL)) {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>)
      yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    return
  }
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(input, 'r')
  } catch (cause) {
    fail('FILE_NOT_READABLE', `cannot read ${String(input)}: ${(cause as Error).message}`, cause)
  }
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false })) yield chunk as Uint8Array
  } finally {
    await handle.close()
  }
}

/** Text from bytes: the encoding from a byte order mark (UTF-8 otherwise); bytes that are not that encoding are INVALID_ENCODING. */
async function* textOf(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<string> {
  const encoding =
    first[0] === 0xff && first[1] === 0xfe
      ? 'utf-16le'
      : first[0] === 0xfe && first[1] === 0xff
        ? 'utf-16be'
        : 'utf-8'
  // ignoreBOM false: the decoder drops the mark itself.
  const decoder = new TextDecoder(encoding, { fatal: true })
  const decode = (chunk: Uint8Array | undefined) => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true })
    } catch (cause) {
      fail(
        'INVALID_ENCODING',
        `the file is not ${encoding.toUpperCase()} text (save it as "CSV UTF-8" in the spreadsheet program)`,
        cause,
      )
    }
  }
  yield decode(first)
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield decode(next.value)
  yield decode(undefined)
}

/** Splits one line on `delimiter`, outside double quotes. */
function splitLine(line: string, delimiter: Delimiter): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const character = line[i] as string
    if (character === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"'
        i++
      } else quoted = !quoted
    } else if (character === delimiter && !quoted) {
      fields.push(field)
      field = ''
    } else field += character
  }
  fields.push(field)
  return fields.map((f) => f.trim())
}

/** The end of the first line (outside quotes), or -1 when `text` does not hold a whole one yet. */
function endOfFirstLine(text: string): number {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const character = text[i]
    if (character === '"') quoted = !quoted
    else if (!quoted && (character === '\n' || character === '\r')) return i
  }
  return -1
}

/**
 * The delimiter that splits `header` into the most of the `expected` column names (then into the most
 * columns); a comma when nothing tells.
 */
export function sniffDelimiter(
  header: string,
  expected: readonly string[],
  normalise: (name: string) => string,
): Delimiter {
  let best: { delimiter: Delimiter; matched: number; columns: number } | undefined
  for (const delimiter of DELIMITERS) {
    const names = splitLine(header, delimiter).map(normalise)
    const matched = expected.filter((name) => names.includes(name)).length
    const columns = names.length
    if (best === undefined || matched > best.matched || (matched === best.matched && columns > best.columns))
      best = { delimiter, matched, columns }
  }
  return best?.delimiter ?? ','
}

/**
 * The rows of a delimited-text sheet: first its header, then each row (or the reason csv-parse refused
 * it: a wrong number of fields, a broken quote), each with its line in the file.
 */
export async function* readTextSheet(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
  expected: readonly string[],
  normalise: (name: string) => string,
): AsyncGenerator<SheetEvent> {
  const text = textOf(first, rest)
  // Enough text for the header row (and a `sep=` line before it).
  let head = ''
  let lineOffset = 0
  let delimiter: Delimiter | undefined
  for (;;) {
    const end = endOfFirstLine(head)
    const sep = /^sep=(.)$/i.exec(end === -1 ? '' : head.slice(0, end))
    if (sep !== null && delimiter === undefined) {
      const named = sep[1] as Delimiter
      if (!DELIMITERS.includes(named))
        fail('MISSING_COLUMNS', `the file names the separator ${JSON.stringify(named)}: use , ; or tab`)
      delimiter = named
      head = head.slice(end).replace(/^\r?\n/, '')
      lineOffset = 1
      continue
    }
    if (end !== -1 || head.length > MAX_HEADER_CHARS) break
    const next = await text.next()
    if (next.done) break
    head += next.value
  }
  const end = endOfFirstLine(head)
  const header = end === -1 ? head.slice(0, MAX_HEADER_CHARS) : head.slice(0, end)
  delimiter ??= sniffDelimiter(header, expected, normalise)
  const parser = parse({
    delimiter,
    bom: false,
    info: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
    on_skip: (error: { code?: string; message: string; lines?: number } | undefined) => {
      if (error !== undefined) skipped.push(error)
    },
  })
  const skipped: { code?: string; message: string; lines?: number }[] = []
  async function* all(): AsyncGenerator<string> {
    yield head
    for (let next = await text.next(); !next.done; next = await text.next()) yield next.value
  }
  pipeline(Readable.from(all()), parser, () => undefined)
  let headerSeen = false
  const format = `${delimiterName(delimiter)}-separated text`
  const drain = function* (): Generator<SheetEvent> {
    for (let error = skipped.shift(); error !== undefined; error = skipped.shift()) {
      const line = (error.lines ?? 0) + lineOffset
      if (error.code === 'CSV_MAX_RECORD_SIZE')
        fail(
          'ROW_TOO_LARGE',
          `line ${line} is over ${MAX_RECORD_BYTES} bytes (a quote that never closes?): the rest of the file is not read`,
        )
      const reason =
        error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
          ? `the row has another number of fields than the header (a value holding the separator, not in quotes?): ${error.message}`
          : error.message
      yield { kind: 'bad', line, code: 'MALFORMED_ROW', reason }
    }
  }
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[]
    info: { lines: number }
  }>) {
    yield* drain()
    // csv-parse counts the line a record ends on (each CR and LF inside quotes as a line of its own).
    const breaks = record.reduce((n, field) => n + (field.match(/[\r\n]/g)?.length ?? 0), 0)
    const line = info.lines - breaks + lineOffset
    if (!headerSeen) {
      headerSeen = true
      yield { kind: 'header', line, cells: record, format }
    } else yield { kind: 'row', line, cells: record }
  }
  yield* drain()
  if (!headerSeen) yield { kind: 'header', line: 1, cells: [], format }
}
