/// <reference types="node" />
/**
 * SHA-256 for Data Integrity proofs in Node: node:crypto, synchronously on the calling thread (WebCrypto
 * would hop to libuv's thread pool and back for a few kilobytes of N-Quads), through its one-shot `hash`
 * where Node has it (20.12 and later).
 */
import * as nodeCrypto from 'node:crypto'

const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

/** The SHA-256 digest of `text`'s UTF-8 bytes (32 bytes). */
export async function sha256Text(text: string): Promise<Uint8Array> {
  return oneShot === undefined
    ? nodeCrypto.createHash('sha256').update(text, 'utf8').digest()
    : oneShot('sha256', text, 'buffer')
}
