import { randomBytes } from '@tessera/schema'

/** A uniform random integer in [0, bound) from the platform's cryptographic RNG, without modulo bias. */
export function randomIndex(bound: number): number {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`bad bound ${bound}`)
  const limit = 2 ** 32 - (2 ** 32 % bound)
  for (;;) {
    const value = new DataView(randomBytes(4).buffer).getUint32(0)
    if (value < limit) return value % bound
  }
}

/** Shuffles in place (Fisher-Yates) with `randomIndex`. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1)
    const item = items[i] as T
    items[i] = items[j] as T
    items[j] = item
  }
  return items
}
