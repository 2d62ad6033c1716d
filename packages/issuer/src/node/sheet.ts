/**
 * A spreadsheet as rows of text, whatever program wrote it: delimited text (sheet-text.ts) or an Excel
 * workbook (sheet-xlsx.ts), told apart by their first bytes (a workbook is a ZIP archive), not by the
 * file's name. Readers yield the header, then each row or the reason a row could not be read.
 */
import type { Readable } from 'node:stream'
import { TesseraError } from '@tessera/schema'
import type { SheetErrorCode } from '../errors.js'
import { bytesOf, readTextSheet } from './sheet-text.js'

export type SheetEvent =
  | { kind: 'header'; line: number; cells: string[]; format: string }
  | { kind: 'row'; line: number; cells: string[] }
  | { kind: 'bad'; line: number; code: 'MALFORMED_ROW'; reason: string }

export interface SheetOptions {
  /** The column names the header should hold, to choose a text file's delimiter. */
  expected: readonly string[]
  /** How a header cell becomes a column name. */
  normalise: (name: string) => string
  /** A workbook's sheet, by name or number (1 is the first). Default the first. */
  sheet?: string | number
}

/** The rows of a spreadsheet file or stream. */
export async function* readSheet(
  input: string | URL | Readable,
  options: SheetOptions,
): AsyncGenerator<SheetEvent> {
  const bytes = bytesOf(input)
  try {
    yield* readFrom(bytes, options)
  } finally {
    // Closes the file when the reader stops early (an error, or a caller that breaks off).
    await bytes.return(undefined)
  }
}

async function* readFrom(
  bytes: AsyncGenerator<Uint8Array>,
  options: SheetOptions,
): AsyncGenerator<SheetEvent> {
  let first: Uint8Array = new Uint8Array(0)
  // Four bytes tell a ZIP archive (PK\x03\x04) or a byte order mark.
  while (first.length < 4) {
    const next = await bytes.next()
    if (next.done) break
    first = first.length === 0 ? next.value : Buffer.concat([first, next.value])
  }
  const isZip = first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04
  if (first[0] === 0xd0 && first[1] === 0xcf && first[2] === 0x11 && first[3] === 0xe0)
    throw new TesseraError<SheetErrorCode>(
      'INVALID_WORKBOOK',
      'an Excel 97-2003 workbook (.xls) is not read: save it as .xlsx or as CSV UTF-8',
    )
  // The workbook reader (read-excel-file, its unzipping) is loaded with the first workbook read: a
  // process that reads none (tessera serve, a CSV run) never loads it.
  if (isZip) yield* (await import('./sheet-xlsx.js')).readXlsxSheet(first, bytes, options.sheet)
  else yield* readTextSheet(first, bytes, options.expected, options.normalise)
}
