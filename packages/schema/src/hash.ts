/**
 * The digests of hashed identities, in JavaScript (@noble/hashes: browsers, React Native, Deno, Bun).
 * Node takes `hash-node.ts` instead (the package's `#hash` import): node:crypto, which a Node process has
 * loaded already, where @noble/hashes would be three more modules to load before the first verification.
 */
import { md5 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** Lowercase hex of SHA-256 over the UTF-8 bytes of `text`. */
export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)))

/** Lowercase hex of MD5 over the UTF-8 bytes of `text` (OB 3.0 allows it for identities hashed before). */
export const md5Hex = (text: string): string => bytesToHex(md5(utf8ToBytes(text)))

/** Lowercase hex of `bytes`. */
export const hex = (bytes: Uint8Array): string => bytesToHex(bytes)
