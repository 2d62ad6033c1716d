/// <reference types="node" />
/**
 * The digests of hashed identities in Node: node:crypto (see `hash.ts`, which other runtimes take through
 * the package's `#hash` import). The same digests, byte for byte. SHA-256 goes through node:crypto's
 * one-shot `hash` where Node has it (20.12 and later): no Hash object per identity hashed.
 */
import * as nodeCrypto from 'node:crypto'

const oneShot = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

/** Lowercase hex of SHA-256 over the UTF-8 bytes of `text`. */
export const sha256Hex = (text: string): string =>
  oneShot === undefined
    ? nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex')
    : oneShot('sha256', text, 'hex')

/** Lowercase hex of MD5 over the UTF-8 bytes of `text` (OB 3.0 allows it for identities hashed before). */
export const md5Hex = (text: string): string =>
  nodeCrypto.createHash('md5').update(text, 'utf8').digest('hex')

/** Lowercase hex of `bytes`. */
export const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
