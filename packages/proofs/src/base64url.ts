/**
 * Base64url for the JWT signer, in JavaScript (browsers, React Native, Deno, Bun). Node takes
 * `base64url-node.ts` instead (the package's `#base64url` import): Buffer's native encoder.
 */
import * as base64url from 'jose/base64url'

/** The UTF-8 bytes of `text`, base64url-encoded without padding. */
export const base64urlText = (text: string): string => base64url.encode(text)

const ENCODER = new TextEncoder()

/** The UTF-8 bytes of `text`. */
export const utf8Bytes = (text: string): Uint8Array => ENCODER.encode(text)

/** `bytes`, base64url-encoded without padding. */
export const base64urlBytes = (bytes: Uint8Array): string => base64url.encode(bytes)
