import { statusError } from './errors.js'

/** The Recommendation's minimum for herd privacy: 131,072 entries (16 KiB at one bit per entry). */
export const MIN_ENTRIES = 131_072

/**
 * A list of `length` statuses of `statusSize` bits each, packed in a byte array: entry i occupies bits
 * i*statusSize to (i+1)*statusSize - 1, and bit 0 is the most significant bit of byte 0.
 */
export class Bitstring {
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

  /** The list a decoded byte array holds: as many whole entries as its bits make. */
  static fromBytes(bytes: Uint8Array, statusSize = 1): Bitstring {
    return new Bitstring({ bytes, statusSize, length: Math.floor((bytes.length * 8) / statusSize) })
  }

  private checkIndex(index: number): void {
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

  set(index: number, value: number): void {
    this.checkIndex(index)
    const size = this.statusSize
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** size) {
      throw statusError('RANGE_ERROR', `status ${value} does not fit ${size} bit${size === 1 ? '' : 's'}`)
    }
    for (let i = 0; i < size; i++) {
      const bit = index * size + i
      const mask = 1 << (7 - (bit & 7))
      const on = (value >>> (size - 1 - i)) & 1
      const at = bit >>> 3
      this.bytes[at] = on ? (this.bytes[at] as number) | mask : (this.bytes[at] as number) & ~mask
    }
  }

  /** How many entries hold a non-zero status. */
  countSet(): number {
    if (this.statusSize === 1) {
      let count = 0
      for (const byte of this.bytes) count += POPCOUNT[byte] as number
      return count
    }
    let count = 0
    for (let i = 0; i < this.length; i++) if (this.get(i) !== 0) count++
    return count
  }
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, byte) => {
  let n = 0
  for (let b = byte; b > 0; b >>= 1) n += b & 1
  return n
})
