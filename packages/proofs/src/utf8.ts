/**
 * UTF-8 encoding without TextEncoder (absent from React Native's Hermes): the signing input of a JWS and
 * the N-Quads of a canonical document are hashed as UTF-8. Lone surrogates become U+FFFD, as TextEncoder
 * makes them.
 */
export function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3)
  let at = 0
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code < 0x80) {
      out[at++] = code
      continue
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        i++
      } else {
        code = 0xfffd
      }
    }
    if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6)
    } else if (code < 0x10000) {
      out[at++] = 0xe0 | (code >> 12)
      out[at++] = 0x80 | ((code >> 6) & 0x3f)
    } else {
      out[at++] = 0xf0 | (code >> 18)
      out[at++] = 0x80 | ((code >> 12) & 0x3f)
      out[at++] = 0x80 | ((code >> 6) & 0x3f)
    }
    if (code >= 0x80) out[at++] = 0x80 | (code & 0x3f)
  }
  return out.subarray(0, at)
}
