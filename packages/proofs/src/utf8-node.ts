/// <reference types="node" />
/**
 * UTF-8 encoding in Node: Buffer's native encoder, on every signature check (a JWT's signing input, a few
 * KB) and every canonical document hashed; the JavaScript one (utf8.ts) is for runtimes without it.
 */

/** The UTF-8 bytes of `text` (lone surrogates become U+FFFD, as TextEncoder and utf8.ts make them). */
export const utf8Encode = (text: string): Uint8Array => Buffer.from(text, 'utf8')
