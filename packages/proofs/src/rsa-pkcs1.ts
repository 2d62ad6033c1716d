/**
 * RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017, section 8.2.2), on BigInt: the noble family has
 * no RSA, and verifying needs only one modular exponentiation by the public exponent and a byte compare,
 * short enough to audit here. No secret is involved, so nothing needs constant time. The encoded message
 * is compared whole against the one expected (never parsed), which rules out the Bleichenbacher-2006
 * family of forgeries that lenient parsers of the padding allowed.
 */

/** The DER DigestInfo prefix of a SHA-256 digest (RFC 8017, section 9.2, note 1). */
const SHA256_DIGEST_INFO = [
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04,
  0x20,
]

function toBigInt(bytes: Uint8Array): bigint {
  let value = BigInt(0)
  for (const byte of bytes) value = (value << BigInt(8)) | BigInt(byte)
  return value
}

/** `value` as exactly `length` big-endian bytes (it is known to fit: it is below the modulus). */
function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = length - 1; i >= 0 && value > BigInt(0); i--) {
    out[i] = Number(value & BigInt(0xff))
    value >>= BigInt(8)
  }
  return out
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = BigInt(1)
  base %= modulus
  while (exponent > BigInt(0)) {
    if ((exponent & BigInt(1)) === BigInt(1)) result = (result * base) % modulus
    exponent >>= BigInt(1)
    base = (base * base) % modulus
  }
  return result
}

/**
 * Whether `signature` is the RSASSA-PKCS1-v1_5 signature of a message whose SHA-256 digest is `digest`,
 * under the public key (`n`, `e`: big-endian bytes, as a JWK's members decode). The signature must be as
 * long as the modulus (as OpenSSL requires) and below it.
 */
export function verifyPkcs1Sha256(
  modulus: Uint8Array,
  exponent: Uint8Array,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  let start = 0
  while (start < modulus.length && modulus[start] === 0) start++
  const k = modulus.length - start
  const n = toBigInt(modulus)
  const e = toBigInt(exponent)
  if (signature.length !== k || digest.length !== 32 || e < BigInt(3)) return false
  const s = toBigInt(signature)
  if (s >= n) return false
  const encoded = toBytes(modPow(s, e, n), k)
  // EM = 0x00 || 0x01 || PS (0xff, at least 8) || 0x00 || DigestInfo || digest
  const tail = SHA256_DIGEST_INFO.length + digest.length
  const padding = k - 3 - tail
  if (padding < 8) return false
  let same = encoded[0] === 0x00 && encoded[1] === 0x01 && encoded[2 + padding] === 0x00
  for (let i = 2; i < 2 + padding; i++) same = same && encoded[i] === 0xff
  for (let i = 0; i < SHA256_DIGEST_INFO.length; i++)
    same = same && encoded[k - tail + i] === SHA256_DIGEST_INFO[i]
  for (let i = 0; i < digest.length; i++) same = same && encoded[k - digest.length + i] === digest[i]
  return same
}
