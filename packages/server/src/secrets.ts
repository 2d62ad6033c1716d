/**
 * The secrets of the flow (pre-authorized codes, transaction codes, access tokens): made from the
 * system's random source, and stored only as SHA-256 hashes, so that a copy of the database redeems
 * nothing. Hashes are compared in constant time. A transaction code is hashed together with its offer's
 * pre-authorized code: six digits alone would fall to a dictionary in a millisecond.
 */
import * as nodeCrypto from 'node:crypto'
import { createHash, createHmac, randomFillSync, timingSafeEqual } from 'node:crypto'

/** node:crypto's one-shot `hash` (Node 20.12 and later): no Hash object per digest, about 1.5 µs less a hash. */
const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

/**
 * Random bytes drawn from the system's source 4 KiB at a time and handed out once each (zeroed as they
 * go), as node:crypto's `randomUUID` does: a call to the source costs about 8 µs whatever its size, and a
 * wallet flow asks for four or five tokens (issue #17).
 */
const POOL_BYTES = 4096
const pool = Buffer.alloc(POOL_BYTES)
let used = POOL_BYTES

/** `bytes` random bytes as base64url (32 bytes: 256 bits, 43 characters). */
export function randomToken(bytes = 32): string {
  if (bytes > POOL_BYTES) return randomFillSync(Buffer.alloc(bytes)).toString('base64url')
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool)
    used = 0
  }
  const token = pool.toString('base64url', used, used + bytes)
  pool.fill(0, used, used + bytes)
  used += bytes
  return token
}

/** SHA-256 of the text, base64url: what the database holds instead of a secret. */
export function hashSecret(text: string): string {
  return oneShot === undefined
    ? createHash('sha256').update(text, 'utf8').digest('base64url')
    : oneShot('sha256', text, 'base64url')
}

/** The stored form of an offer's transaction code: bound to the offer's pre-authorized code. */
export function hashTransactionCode(preAuthorizedCode: string, txCode: string): string {
  return hashSecret(`${preAuthorizedCode}\u0000${txCode}`)
}

/** Whether two base64url hashes are equal, in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/** HMAC-SHA-256 of `text` under `key`, base64url. */
export function mac(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url')
}

const DIGITS = '0123456789'
/** Letters and digits a person can tell apart on paper (no 0/O, 1/I/l). */
const LEGIBLE = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A transaction code of `length` characters, each drawn uniformly (rejection sampling, no modulo bias). */
export function transactionCode(length: number, mode: 'numeric' | 'text'): string {
  const alphabet = mode === 'numeric' ? DIGITS : LEGIBLE
  const limit = 256 - (256 % alphabet.length)
  let code = ''
  while (code.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && code.length < length) code += alphabet[byte % alphabet.length]
    }
  }
  return code
}
