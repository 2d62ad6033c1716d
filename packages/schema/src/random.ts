/**
 * Random bytes from the platform's cryptographic RNG, drawn from a pool refilled 4 KiB at a time: one
 * `crypto.getRandomValues` call per few hundred salts or status indices instead of one each (as Node's
 * own `randomUUID` does). Bytes are never handed out twice.
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
