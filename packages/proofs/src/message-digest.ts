/**
 * The SHA-256 that RDFC-1.0 hashes blank nodes with, through the crypto seam (the platform's default
 * provider): rdf-canonize's own uses node:crypto on Node and `crypto.subtle` everywhere else, which
 * React Native's Hermes does not have. Handed to rdf-canonize as its `createMessageDigest`.
 */

// Node resolves #utf8 to Buffer's native encoder, every other runtime to utf8.ts (package.json "imports").
import { utf8Encode } from '#utf8'
import { defaultCrypto } from './signature.js'

export interface MessageDigest {
  update(text: string): void
  /** The lowercase hex SHA-256 of everything updated with, as UTF-8. */
  digest(): Promise<string>
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function createMessageDigest(): MessageDigest {
  let content = ''
  return {
    update(text: string) {
      content += text
    },
    async digest() {
      const bytes = await defaultCrypto.sha256(utf8Encode(content))
      let hex = ''
      for (const byte of bytes) hex += HEX[byte]
      return hex
    },
  }
}
