/**
 * Public keys as verification methods express them (publicKeyJwk, publicKeyMultibase, publicKeyBase58),
 * brought to one form: a JWK, plus the Ed25519 multikey where there is one.
 */

import { base58 } from '@scure/base'
import type { JsonObject } from '@tessera/schema'
import * as base64url from 'jose/base64url'
import { fail } from './errors.js'

/** The JWK members Tessera reads: public keys only. */
export interface PublicJwk {
  kty: 'OKP' | 'EC' | 'RSA'
  crv?: string
  x?: string
  y?: string
  n?: string
  e?: string
  alg?: string
}

/** A verification method, its key in one form. */
export interface VerificationMethod {
  id: string
  type: string
  controller: string
  jwk: PublicJwk
  /** `z6Mk...` for Ed25519 keys: what Data Integrity suites read. */
  ed25519Multikey?: string
}

const ED25519_PREFIX = [0xed, 0x01]
const P256_PREFIX = [0x80, 0x24]

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

export function ed25519Multikey(raw: Uint8Array): string {
  return `z${base58.encode(Uint8Array.from([...ED25519_PREFIX, ...raw]))}`
}

function ed25519Jwk(raw: Uint8Array): PublicJwk {
  if (raw.length !== 32) fail('UNSUPPORTED_KEY', 'an Ed25519 public key is 32 bytes')
  return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(raw) }
}

// P-256 (NIST, SEC 2): y^2 = x^3 - 3x + b over the prime p
const P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n
  let b = base % P
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P
    b = (b * b) % P
  }
  return result
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n
  for (const byte of bytes) n = (n << 8n) | BigInt(byte)
  return n
}

function to32Bytes(n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 31, v = n; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn)
  return out
}

/**
 * The affine coordinates of a P-256 point in SEC 1 form: compressed (0x02 or 0x03, then x), as did:key
 * writes it, or uncompressed (0x04, x, y). A point off the curve is refused. For a compressed point, y is
 * the square root of x^3 - 3x + b: since p = 3 mod 4, that is (x^3 - 3x + b)^((p + 1) / 4), if any.
 */
export function p256Point(bytes: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const prefix = bytes[0]
  const compressed = (prefix === 0x02 || prefix === 0x03) && bytes.length === 33
  if (!compressed && !(prefix === 0x04 && bytes.length === 65))
    throw new Error('not a compressed (33 bytes) or uncompressed (65 bytes) SEC 1 point')
  const x = toBigInt(bytes.subarray(1, 33))
  if (x >= P) throw new Error('x is not a field element')
  const rhs = (((x * x) % P) * x - 3n * x + B + 3n * P) % P
  let y: bigint
  if (compressed) {
    y = modPow(rhs, (P + 1n) / 4n)
    if ((y * y) % P !== rhs) throw new Error('no point of the curve has this x')
    if ((y & 1n) !== BigInt(prefix & 1)) y = P - y
  } else {
    y = toBigInt(bytes.subarray(33))
    if (y >= P || (y * y) % P !== rhs) throw new Error('the point is not on the curve')
  }
  return { x: to32Bytes(x), y: to32Bytes(y) }
}

/** A `z...` multibase (base58btc) multikey: Ed25519 or P-256 (a SEC 1 point, compressed or not). */
export async function multikeyToJwk(multibase: string): Promise<PublicJwk> {
  if (!multibase.startsWith('z'))
    fail('UNSUPPORTED_KEY', `multibase ${JSON.stringify(multibase.slice(0, 12))} is not base58btc`)
  let bytes: Uint8Array
  try {
    bytes = base58.decode(multibase.slice(1))
  } catch (cause) {
    return fail('UNSUPPORTED_KEY', 'publicKeyMultibase is not base58btc', cause)
  }
  if (startsWith(bytes, ED25519_PREFIX)) return ed25519Jwk(bytes.subarray(2))
  if (startsWith(bytes, P256_PREFIX)) {
    try {
      const { x, y } = p256Point(bytes.subarray(2))
      return { kty: 'EC', crv: 'P-256', x: base64url.encode(x), y: base64url.encode(y) }
    } catch (cause) {
      return fail('UNSUPPORTED_KEY', 'publicKeyMultibase is not a P-256 point', cause)
    }
  }
  return fail('UNSUPPORTED_KEY', 'publicKeyMultibase is neither an Ed25519 nor a P-256 key')
}

/** A JWK reduced to its public members; private or symmetric keys and unsupported curves are refused. */
export function readPublicJwk(value: unknown): PublicJwk {
  const jwk = value as Record<string, unknown>
  if (typeof value !== 'object' || value === null) fail('UNSUPPORTED_KEY', 'publicKeyJwk is not an object')
  if ('d' in jwk || 'p' in jwk || 'k' in jwk)
    fail('UNSUPPORTED_KEY', 'publicKeyJwk holds private or symmetric key material')
  const out: PublicJwk = { kty: jwk.kty as PublicJwk['kty'] }
  for (const member of ['crv', 'x', 'y', 'n', 'e', 'alg'] as const) {
    if (typeof jwk[member] === 'string') out[member] = jwk[member] as string
  }
  const known =
    (out.kty === 'OKP' && out.crv === 'Ed25519' && out.x !== undefined) ||
    (out.kty === 'EC' && out.crv === 'P-256' && out.x !== undefined && out.y !== undefined) ||
    (out.kty === 'RSA' && out.n !== undefined && out.e !== undefined)
  if (!known)
    fail(
      'UNSUPPORTED_KEY',
      `unsupported JWK (kty ${String(jwk.kty)}, crv ${String(jwk.crv)}): Ed25519, P-256 and RSA are`,
    )
  return out
}

/** Reads a verification method object of a DID or controller document. */
export async function readVerificationMethod(
  method: JsonObject,
  fallbackController: string,
): Promise<VerificationMethod> {
  const id = method.id
  const type = method.type
  if (typeof id !== 'string' || typeof type !== 'string')
    fail('UNSUPPORTED_KEY', 'a verification method needs an id and a type')
  const controller = typeof method.controller === 'string' ? method.controller : fallbackController
  let jwk: PublicJwk
  if (method.publicKeyJwk !== undefined) jwk = readPublicJwk(method.publicKeyJwk)
  else if (typeof method.publicKeyMultibase === 'string') jwk = await multikeyToJwk(method.publicKeyMultibase)
  else if (typeof method.publicKeyBase58 === 'string') {
    let raw: Uint8Array
    try {
      raw = base58.decode(method.publicKeyBase58)
    } catch (cause) {
      return fail('UNSUPPORTED_KEY', 'publicKeyBase58 is not base58', cause)
    }
    jwk = ed25519Jwk(raw)
  } else return fail('UNSUPPORTED_KEY', `verification method ${id} carries no public key`)
  const vm: VerificationMethod = { id, type, controller, jwk }
  if (jwk.kty === 'OKP' && jwk.x !== undefined) vm.ed25519Multikey = ed25519Multikey(base64url.decode(jwk.x))
  return vm
}
