/**
 * Random bytes from the platform's cryptographic RNG, drawn from a pool refilled 4 KiB at a time: one
 * `crypto.getRandomValues` call per few hundred salts or status indices instead of one each (as Node's
 * own `randomUUID` does). Bytes are never handed out twice. And a uniform index drawn from them, for
 * status indices picked at random (@tessera/status's lists, @tessera/issuer's wallet copies).
 */
const POOL_SIZE = 4096
const pool = new Uint8Array(POOL_SIZE)
let used = POOL_SIZE

export function randomBytes(length: number): Uint8Array {
  if (length > POOL_SIZE / 4) return crypto.getRandomValues(new Uint8Array(length))
  if (used + length > POOL_SIZE) {
    crypto.getRandomValues(pool)
    used = 0
  }
  const bytes = pool.slice(used, used + length)
  used += length
  return bytes
}

/** A uniform random integer in [0, bound) from the platform's cryptographic RNG, without modulo bias. */
export function randomIndex(bound: number): number {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > 2 ** 32) throw new RangeError(`bad bound ${bound}`)
  const limit = 2 ** 32 - (2 ** 32 % bound)
  for (;;) {
    const value = new DataView(randomBytes(4).buffer).getUint32(0)
    if (value < limit) return value % bound
  }
}
