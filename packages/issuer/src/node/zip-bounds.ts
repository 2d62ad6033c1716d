/**
 * A look inside a ZIP archive (an .xlsx workbook) before a library unpacks it, so that a hostile
 * workbook cannot take unbounded memory: a small file that inflates to gigabytes (a "zip bomb"), sizes
 * that lie, entries hidden from the central directory, or a sheet whose cells sit so far apart that a
 * reader filling the grid allocates billions of cells. Each entry is inflated with Node's zlib under a
 * byte budget; the archive must be laid out as every spreadsheet program writes it (local entries back
 * to back, then the central directory), so that a streaming unzipper sees exactly what was checked.
 */
import { inflateRawSync } from 'node:zlib'
import { errorCodeOf, TesseraError } from '@tessera/schema'
import type { ZipBoundsErrorCode } from '../errors.js'

export interface ZipLimits {
  /** Bytes that the checked entries may inflate to, all together. */
  maxInflatedBytes: number
  /** Cells (rows × columns, from the cell references) a worksheet may span. */
  maxCells: number
}

export interface ZipEntry {
  name: string
  /** The inflated bytes (only for entries `wanted` selected). */
  data?: Buffer
}

function invalid(message: string): never {
  throw new TesseraError<ZipBoundsErrorCode>('INVALID_WORKBOOK', `not a readable workbook: ${message}`)
}

function tooLarge(message: string): never {
  throw new TesseraError<ZipBoundsErrorCode>('SHEET_TOO_LARGE', message)
}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const DESCRIPTOR = 0x08074b50

/**
 * Checks the archive's layout and inflates each entry `wanted` selects within `limits`; returns every
 * entry (with its bytes when wanted). INVALID_WORKBOOK for an archive that is not plain ZIP as
 * spreadsheet programs write it (encrypted, ZIP64, unknown compression, overlapping or hidden entries,
 * sizes that do not match), SHEET_TOO_LARGE past the limits.
 */
export function checkZip(zip: Buffer, wanted: (name: string) => boolean, limits: ZipLimits): ZipEntry[] {
  let end = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i
      break
    }
  }
  if (end === -1) invalid('no end of central directory')
  const count = zip.readUInt16LE(end + 10)
  const directorySize = zip.readUInt32LE(end + 12)
  const directoryOffset = zip.readUInt32LE(end + 16)
  if (count === 0xffff || directoryOffset === 0xffffffff) invalid('ZIP64 archives are not read')
  if (directoryOffset + directorySize > end) invalid('the central directory overlaps its end record')
  const records: {
    name: string
    flags: number
    method: number
    compressed: number
    size: number
    offset: number
  }[] = []
  let at = directoryOffset
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL) invalid('a broken central directory')
    const nameLength = zip.readUInt16LE(at + 28)
    const record = {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    }
    if (record.flags & 0x1) invalid(`${record.name} is encrypted`)
    if (record.method !== 0 && record.method !== 8)
      invalid(`${record.name} uses compression ${record.method}`)
    records.push(record)
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
  }
  // Local entries back to back from the start, then the central directory: nothing hidden between.
  records.sort((a, b) => a.offset - b.offset)
  let expected = 0
  let budget = limits.maxInflatedBytes
  const entries: ZipEntry[] = []
  for (const record of records) {
    if (record.offset !== expected || zip.readUInt32LE(record.offset) !== LOCAL)
      invalid(`${record.name} is not where the central directory says`)
    const nameLength = zip.readUInt16LE(record.offset + 26)
    const localName = zip.toString('utf8', record.offset + 30, record.offset + 30 + nameLength)
    if (localName !== record.name) invalid(`${record.name} has another name in its local header`)
    const localFlags = zip.readUInt16LE(record.offset + 6)
    const localSize = zip.readUInt32LE(record.offset + 22)
    // A streaming unzipper sizes its buffer from the local header when it names a size.
    if (!(localFlags & 0x8) && localSize !== record.size) invalid(`${record.name} states two sizes`)
    const start = record.offset + 30 + nameLength + zip.readUInt16LE(record.offset + 28)
    let next = start + record.compressed
    if (next > directoryOffset) invalid(`${record.name} runs into the central directory`)
    if (localFlags & 0x8) {
      const signed = next + 4 <= zip.length && zip.readUInt32LE(next) === DESCRIPTOR
      next += signed ? 16 : 12
    }
    expected = next
    if (!wanted(record.name)) {
      entries.push({ name: record.name })
      continue
    }
    if (record.size > budget)
      tooLarge(`the workbook's content is over ${limits.maxInflatedBytes} bytes once unpacked`)
    const raw = zip.subarray(start, start + record.compressed)
    let data: Buffer
    try {
      data =
        record.method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) })
    } catch (error) {
      if (errorCodeOf(error) === 'ERR_BUFFER_TOO_LARGE')
        tooLarge(`the workbook's content is over ${limits.maxInflatedBytes} bytes once unpacked`)
      invalid(`${record.name} does not inflate: ${(error as Error).message}`)
    }
    if (data.length !== record.size) invalid(`${record.name} is not the size its header states`)
    budget -= data.length
    entries.push({ name: record.name, data })
  }
  if (expected !== directoryOffset) invalid('there are bytes between the last entry and the directory')
  for (const entry of entries)
    if (entry.data !== undefined && /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name))
      checkCells(entry.name, entry.data.toString('utf8'), limits.maxCells)
  return entries
}

/** Column letters (A, Z, AA, XFD) as a number from 1. */
function columnNumber(letters: string): number {
  let n = 0
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64)
  return n
}

/** The grid a worksheet's cell references span, rows × columns, must stay within `maxCells`. */
function checkCells(name: string, xml: string, maxCells: number): void {
  let rows = 0
  let columns = 0
  let cells = 0
  for (const match of xml.matchAll(/<(?:\w+:)?(row|c)\b([^>]*)>/g)) {
    const reference = /\br="([A-Z]{0,3})(\d+)"/.exec(match[2] as string)
    if (match[1] === 'row') rows = Math.max(rows + 1, Number(reference?.[2] ?? 0))
    else {
      cells++
      if (reference?.[1]) columns = Math.max(columns, columnNumber(reference[1]))
      if (reference?.[2]) rows = Math.max(rows, Number(reference[2]))
    }
  }
  if (rows * Math.max(columns, 1) > maxCells || cells > maxCells)
    tooLarge(
      `${name} spans ${rows} rows × ${columns} columns: over ${maxCells} cells (delete what lies outside the members' table)`,
    )
}
