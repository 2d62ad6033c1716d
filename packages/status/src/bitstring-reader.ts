/**
 * Reading a status list: what a verifier needs of the decoded bits (an entry's value), apart from the
 * writer (bitstring.ts: setting entries, counting the set ones), so that the verifier's status check
 * carries no writer.
 */
import { statusError } from './errors.js'

/** The Recommendation's minimum for herd privacy: 131,072 entries (16 KiB at one bit per entry). */
export const MIN_ENTRIES = 131_072

/**
 * A list of `length` statuses of `statusSize` bits each, packed in a byte array: entry i occupies bits
 * i*statusSize to (i+1)*statusSize - 1, and bit 0 is the most significant bit of byte 0.
 */
export class BitstringReader {
  readonly bytes: Uint8Array
  readonly statusSize: number
  /** Number of entries. */
  readonly length: number

  constructor(options: { length: number; statusSize?: number; bytes?: Uint8Array }) {
    const statusSize = options.statusSize ?? 1
    if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8) {
      throw statusError(
        'INVALID_LIST_OPTIONS',
        `statusSize must be an integer from 1 to 8, not ${statusSize}`,
      )
    }
    const bytes = options.bytes ?? new Uint8Array(Math.ceil((options.length * statusSize) / 8))
    if (
      !Number.isSafeInteger(options.length) ||
      options.length < 1 ||
      bytes.length * 8 < options.length * statusSize
    ) {
      throw statusError(
        'INVALID_LIST_OPTIONS',
        `a list of ${options.length} entries does not fit ${bytes.length} bytes`,
      )
    }
    this.bytes = bytes
    this.statusSize = statusSize
    this.length = options.length
  }

  /** The list a decoded byte array holds: as many whole entries as its bits make (a Bitstring's from Bitstring). */
  static fromBytes<List>(
    this: new (options: {
      length: number
      statusSize: number
      bytes: Uint8Array
    }) => List,
    bytes: Uint8Array,
    statusSize = 1,
  ): List {
    return new this({ bytes, statusSize, length: Math.floor((bytes.length * 8) / statusSize) })
  }

  /** Throws RANGE_ERROR unless `index` is an entry of the list. */
  protected checkIndex(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.length) {
      throw statusError('RANGE_ERROR', `index ${index} is outside the list's ${this.length} entries`)
    }
  }

  get(index: number): number {
    this.checkIndex(index)
    const size = this.statusSize
    if (size === 1) return ((this.bytes[index >>> 3] as number) >>> (7 - (index & 7))) & 1
    let value = 0
    for (let bit = index * size, end = bit + size; bit < end; bit++) {
      value = (value << 1) | (((this.bytes[bit >>> 3] as number) >>> (7 - (bit & 7))) & 1)
    }
    return value
  }
}
