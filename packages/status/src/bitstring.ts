/**
 * Writing a status list: a BitstringReader (bitstring-reader.ts) whose entries can be set and counted,
 * for the issuer and the tools; the verifier reads lists with the reader alone.
 */
import { BitstringReader } from './bitstring-reader.js'
import { statusError } from './errors.js'

export { MIN_ENTRIES } from './bitstring-reader.js'

/** A status list that can be written: BitstringReader's entries, with `set` and `countSet`. */
export class Bitstring extends BitstringReader {
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

const POPCOUNT = /* @__PURE__ */ Uint8Array.from({ length: 256 }, (_, byte) => {
  let n = 0
  for (let b = byte; b > 0; b >>= 1) n += b & 1
  return n
})
