/// <reference types="node" />
/**
 * SHA-256 for Data Integrity proofs in Node: node:crypto, synchronously on the calling thread (WebCrypto
 * would hop to libuv's thread pool and back for a few kilobytes of N-Quads).
 */
import { createHash } from 'node:crypto'

/** The SHA-256 digest of `text`'s UTF-8 bytes (32 bytes). */
export async function sha256Text(text: string): Promise<Uint8Array> {
  return createHash('sha256').update(text, 'utf8').digest()
}
