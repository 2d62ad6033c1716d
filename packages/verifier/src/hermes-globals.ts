/**
 * What React Native's Hermes lacks and the verifier's libraries read at load time (jose's base64url,
 * the byte readers of baked images): TextEncoder and TextDecoder (UTF-8, and latin1 for PNG keywords),
 * atob and btoa. Installed only where absent, never over a platform's own; small enough to audit.
 * Imported first by the React Native entry (react-native.ts), before any module that needs them.
 */

const scope = globalThis as Record<string, unknown>

/** UTF-8 bytes of a string; lone surrogates become U+FFFD, as TextEncoder makes them. */
function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3)
  let at = 0
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        i++
      } else code = 0xfffd
    }
    if (code < 0x80) out[at++] = code
    else if (code < 0x800) {
      out[at++] = 0xc0 | (code >> 6)
      out[at++] = 0x80 | (code & 0x3f)
    } else if (code < 0x10000) {
      out[at++] = 0xe0 | (code >> 12)
      out[at++] = 0x80 | ((code >> 6) & 0x3f)
      out[at++] = 0x80 | (code & 0x3f)
    } else {
      out[at++] = 0xf0 | (code >> 18)
      out[at++] = 0x80 | ((code >> 12) & 0x3f)
      out[at++] = 0x80 | ((code >> 6) & 0x3f)
      out[at++] = 0x80 | (code & 0x3f)
    }
  }
  return out.slice(0, at)
}

/**
 * A string from UTF-8 bytes. `fatal`: throw a TypeError on a malformed sequence (an overlong form, a
 * surrogate, past U+10FFFF, a cut sequence), as TextDecoder does; otherwise each becomes U+FFFD.
 */
function utf8Decode(bytes: Uint8Array, fatal: boolean, ignoreBOM: boolean): string {
  let out = ''
  let i = !ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const bad = (): void => {
    if (fatal) throw new TypeError('The encoded data was not valid for encoding utf-8')
    out += '\ufffd'
  }
  const codes: number[] = []
  const flush = () => {
    out += String.fromCharCode.apply(null, codes)
    codes.length = 0
  }
  while (i < bytes.length) {
    const b = bytes[i] as number
    if (b < 0x80) {
      codes.push(b)
      i++
    } else {
      const [need, min] =
        b >= 0xf0 && b <= 0xf4
          ? [3, 0x10000]
          : b >= 0xe0 && b <= 0xef
            ? [2, 0x800]
            : b >= 0xc2 && b <= 0xdf
              ? [1, 0x80]
              : [0, 0]
      let code = need === 3 ? b & 0x07 : need === 2 ? b & 0x0f : b & 0x1f
      let ok = need > 0
      let n = 1
      for (; ok && n <= need; n++) {
        const c = bytes[i + n]
        if (c === undefined || (c & 0xc0) !== 0x80) {
          ok = false
          break
        }
        code = (code << 6) | (c & 0x3f)
      }
      if (ok && (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) ok = false
      if (!ok) {
        flush()
        bad()
        i += n
        continue
      }
      if (code >= 0x10000) {
        code -= 0x10000
        codes.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff))
      } else codes.push(code)
      i += need + 1
    }
    if (codes.length >= 8192) flush()
  }
  flush()
  return out
}

function toBytes(input: unknown): Uint8Array {
  if (input === undefined) return new Uint8Array(0)
  if (input instanceof Uint8Array) return input
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  if (input instanceof ArrayBuffer) return new Uint8Array(input)
  throw new TypeError('TextDecoder.decode takes an ArrayBuffer or a view of one')
}

class MinimalTextEncoder {
  readonly encoding = 'utf-8'
  encode(text = ''): Uint8Array {
    return utf8Encode(String(text))
  }
}

class MinimalTextDecoder {
  readonly encoding: 'utf-8' | 'latin1'
  readonly fatal: boolean
  readonly ignoreBOM: boolean
  constructor(label = 'utf-8', options: { fatal?: boolean; ignoreBOM?: boolean } = {}) {
    const name = String(label).toLowerCase()
    if (name === 'utf-8' || name === 'utf8' || name === 'unicode-1-1-utf-8') this.encoding = 'utf-8'
    else if (name === 'latin1' || name === 'iso-8859-1' || name === 'ascii' || name === 'windows-1252')
      this.encoding = 'latin1'
    else throw new RangeError(`The encoding label ${label} is not supported here (utf-8 and latin1 are)`)
    this.fatal = options.fatal === true
    this.ignoreBOM = options.ignoreBOM === true
  }
  decode(input?: unknown): string {
    const bytes = toBytes(input)
    if (this.encoding === 'utf-8') return utf8Decode(bytes, this.fatal, this.ignoreBOM)
    let out = ''
    for (let i = 0; i < bytes.length; i += 8192)
      out += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 8192)))
    return out
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function btoaMinimal(binary: string): string {
  let out = ''
  for (let i = 0; i < binary.length; i += 3) {
    const a = binary.charCodeAt(i)
    const b = binary.charCodeAt(i + 1)
    const c = binary.charCodeAt(i + 2)
    if (a > 255 || b > 255 || c > 255) throw new TypeError('btoa: a character outside latin1')
    const n = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += ALPHABET[n >> 18] as string
    out += ALPHABET[(n >> 12) & 63] as string
    out += i + 1 < binary.length ? (ALPHABET[(n >> 6) & 63] as string) : '='
    out += i + 2 < binary.length ? (ALPHABET[n & 63] as string) : '='
  }
  return out
}

function atobMinimal(text: string): string {
  const clean = String(text).replace(/[\t\n\f\r ]/g, '')
  const body = clean.length % 4 === 0 ? clean.replace(/={1,2}$/, '') : clean
  if (body.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(body)) throw new TypeError('atob: not base64')
  let out = ''
  let bits = 0
  let value = 0
  for (let i = 0; i < body.length; i++) {
    value = (value << 6) | ALPHABET.indexOf(body[i] as string)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out += String.fromCharCode((value >> bits) & 0xff)
    }
  }
  return out
}

if (typeof scope.TextEncoder !== 'function') scope.TextEncoder = MinimalTextEncoder
if (typeof scope.TextDecoder !== 'function') scope.TextDecoder = MinimalTextDecoder
if (typeof scope.atob !== 'function') scope.atob = atobMinimal
if (typeof scope.btoa !== 'function') scope.btoa = btoaMinimal

/** For tests: the codecs above, whatever the platform has. */
export const minimalCodecs = {
  TextEncoder: MinimalTextEncoder,
  TextDecoder: MinimalTextDecoder,
  atob: atobMinimal,
  btoa: btoaMinimal,
}
