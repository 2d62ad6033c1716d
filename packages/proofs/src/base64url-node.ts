/// <reference types="node" />
/**
 * Base64url for the JWT signer in Node: Buffer's native encoder, faster than one in JavaScript on the
 * issuing path (a JWT's payload is the whole credential).
 */

/** The UTF-8 bytes of `text`, base64url-encoded without padding. */
export const base64urlText = (text: string): string => Buffer.from(text).toString('base64url')

/** The UTF-8 bytes of `text` (Buffer's pooled allocation: faster than TextEncoder for a token's few KB). */
export const utf8Bytes = (text: string): Uint8Array => Buffer.from(text)

/** `bytes`, base64url-encoded without padding. */
export const base64urlBytes = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
