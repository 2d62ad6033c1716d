/// <reference types="node" />
/**
 * The digests of hashed identities in Node: node:crypto (see `hash.ts`, which other runtimes take through
 * the package's `#hash` import). The same digests, byte for byte.
 */
import { createHash } from 'node:crypto'

/** Lowercase hex of SHA-256 over the UTF-8 bytes of `text`. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** Lowercase hex of MD5 over the UTF-8 bytes of `text` (OB 3.0 allows it for identities hashed before). */
export const md5Hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex')

/** Lowercase hex of `bytes`. */
export const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
