/**
 * MD5 (RFC 1321), for the recipient check alone: OB 3.0 lets an IdentityHash be `md5$` as well as
 * `sha256$` ("The only supported algorithms are MD5 and SHA-256"), so a verifier must recompute one, and
 * no platform offers MD5 (WebCrypto has none). SHA-256 comes from the crypto provider (WebCrypto in
 * browsers); this small MD5 replaces @noble/hashes in the browser builds' recipient chunk. Not used for
 * anything that needs collision resistance: it only recomputes a hash an issuer chose to publish.
 */

/** Per-round left rotations, four for each of the four rounds. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]

/** RFC 1321's table: the integer part of 2^32 * |sin(i + 1)|, computed as the RFC defines it. */
let constants: number[] | undefined

/** The MD5 digest of `data` (16 bytes). */
export function md5(data: Uint8Array): Uint8Array {
  constants ??= Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32))
  const padded = new Uint8Array(((data.length + 72) >>> 6) << 6)
  padded.set(data)
  padded[data.length] = 0x80
  const words = new DataView(padded.buffer)
  words.setUint32(padded.length - 8, (data.length * 8) >>> 0, true)
  words.setUint32(padded.length - 4, Math.floor(data.length / 2 ** 29), true)
  const state = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
  for (let block = 0; block < padded.length; block += 64) {
    let [a, b, c, d] = state as [number, number, number, number]
    for (let i = 0; i < 64; i++) {
      const round = i >> 4
      const f =
        round === 0
          ? (b & c) | (~b & d)
          : round === 1
            ? (d & b) | (~d & c)
            : round === 2
              ? b ^ c ^ d
              : c ^ (b | ~d)
      const word =
        round === 0 ? i : round === 1 ? (5 * i + 1) & 15 : round === 2 ? (3 * i + 5) & 15 : (7 * i) & 15
      const sum = (a + f + (constants[i] as number) + words.getUint32(block + word * 4, true)) | 0
      const shift = SHIFTS[(round << 2) | (i & 3)] as number
      a = d
      d = c
      c = b
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0
    }
    state[0] = ((state[0] as number) + a) | 0
    state[1] = ((state[1] as number) + b) | 0
    state[2] = ((state[2] as number) + c) | 0
    state[3] = ((state[3] as number) + d) | 0
  }
  const digest = new Uint8Array(16)
  const out = new DataView(digest.buffer)
  for (let i = 0; i < 4; i++) out.setUint32(i * 4, state[i] as number, true)
  return digest
}
