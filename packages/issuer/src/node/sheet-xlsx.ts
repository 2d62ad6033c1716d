import { readSheet as readWorkbookSheet } from 'read-excel-file/node'
import { fail } from '../errors.js'
import type { SheetEvent } from './sheet.js'
import { checkZip } from './zip-bounds.js'

/** A workbook file over this many bytes is refused (SHEET_TOO_LARGE) before it is unpacked. */
export const MAX_WORKBOOK_BYTES = 32 * 1024 * 1024
/** What its XML parts may unpack to, all together. */
export const MAX_WORKBOOK_XML_BYTES = 96 * 1024 * 1024
/** Cells a worksheet may span (rows × columns). */
export const MAX_WORKBOOK_CELLS = 5_000_000

/** A cell as text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) {
    const iso = value.toISOString()
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z')
  }
  return String(value)
}

/** The rows of one sheet of a workbook, the header first; `line` is the sheet's row number. */
export async function* readXlsxSheet(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
  sheet: string | number = 1,
): AsyncGenerator<SheetEvent> {
  const chunks: Uint8Array[] = [first]
  let size = first.length
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    size += next.value.length
    if (size > MAX_WORKBOOK_BYTES)
      fail(
        'SHEET_TOO_LARGE',
        `the workbook is over ${MAX_WORKBOOK_BYTES} bytes: split it, or save the members' sheet as CSV (read as a stream, whatever its length)`,
      )
    chunks.push(next.value)
  }
  const zip = Buffer.concat(chunks)
  checkZip(zip, (name) => name.endsWith('.xml') || name.endsWith('.xml.rels'), {
    maxInflatedBytes: MAX_WORKBOOK_XML_BYTES,
    maxCells: MAX_WORKBOOK_CELLS,
  })
  let rows: unknown[][]
  try {
    rows = (await readWorkbookSheet(zip, sheet)) as unknown[][]
  } catch (cause) {
    const name = (cause as Error).name
    if (name === 'SheetNotFoundError')
      fail('INVALID_WORKBOOK', `the workbook has no sheet ${JSON.stringify(sheet)}`, cause)
    fail('INVALID_WORKBOOK', `not a readable workbook: ${(cause as Error).message}`, cause)
  }
  const format = 'Excel workbook'
  let line = 0
  let headerSeen = false
  for (const row of rows) {
    line++
    const cells = row.map(cellText)
    if (cells.every((cell) => cell === '')) continue
    if (!headerSeen) {
      headerSeen = true
      yield { kind: 'header', line, cells, format }
    } else yield { kind: 'row', line, cells }
  }
  if (!headerSeen) yield { kind: 'header', line: 1, cells: [], format }
}
