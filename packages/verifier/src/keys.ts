/**
 * Public keys as verification methods express them (publicKeyJwk, publicKeyMultibase, publicKeyBase58),
 * brought to one form: a JWK, plus the Ed25519 multikey where there is one.
 */

import { base58 } from '@scure/base'
import { type JsonObject, TesseraError } from '@tessera/schema'
import * as base64url from 'jose/base64url'

export type KeyErrorCode = 'UNSUPPORTED_KEY'

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

function fail(message: string, cause?: unknown): never {
  throw new TesseraError<KeyErrorCode>(
    'UNSUPPORTED_KEY',
    message,
    cause === undefined ? undefined : { cause },
  )
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

export function ed25519Multikey(raw: Uint8Array): string {
  return `z${base58.encode(Uint8Array.from([...ED25519_PREFIX, ...raw]))}`
}

function ed25519Jwk(raw: Uint8Array): PublicJwk {
  if (raw.length !== 32) fail('an Ed25519 public key is 32 bytes')
  return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(raw) }
}

/**
 * A `z...` multibase (base58btc) multikey: Ed25519 or P-256 (compressed). P-256 points are decompressed
 * with @noble/curves, loaded only when one turns up (WebCrypto cannot import compressed points everywhere).
 */
export async function multikeyToJwk(multibase: string): Promise<PublicJwk> {
  if (!multibase.startsWith('z')) fail(`multibase ${JSON.stringify(multibase.slice(0, 12))} is not base58btc`)
  let bytes: Uint8Array
  try {
    bytes = base58.decode(multibase.slice(1))
  } catch (cause) {
    return fail('publicKeyMultibase is not base58btc', cause)
  }
  if (startsWith(bytes, ED25519_PREFIX)) return ed25519Jwk(bytes.subarray(2))
  if (startsWith(bytes, P256_PREFIX)) {
    try {
      const { p256 } = await import('@noble/curves/nist.js')
      const point = p256.Point.fromBytes(bytes.subarray(2)).toBytes(false)
      return {
        kty: 'EC',
        crv: 'P-256',
        x: base64url.encode(point.subarray(1, 33)),
        y: base64url.encode(point.subarray(33)),
      }
    } catch (cause) {
      return fail('publicKeyMultibase is not a P-256 point', cause)
    }
  }
  return fail('publicKeyMultibase is neither an Ed25519 nor a P-256 key')
}

/** A JWK reduced to its public members; private or symmetric keys and unsupported curves are refused. */
export function readPublicJwk(value: unknown): PublicJwk {
  const jwk = value as Record<string, unknown>
  if (typeof value !== 'object' || value === null) fail('publicKeyJwk is not an object')
  if ('d' in jwk || 'p' in jwk || 'k' in jwk) fail('publicKeyJwk holds private or symmetric key material')
  const out: PublicJwk = { kty: jwk.kty as PublicJwk['kty'] }
  for (const member of ['crv', 'x', 'y', 'n', 'e', 'alg'] as const) {
    if (typeof jwk[member] === 'string') out[member] = jwk[member] as string
  }
  const known =
    (out.kty === 'OKP' && out.crv === 'Ed25519' && out.x !== undefined) ||
    (out.kty === 'EC' && out.crv === 'P-256' && out.x !== undefined && out.y !== undefined) ||
    (out.kty === 'RSA' && out.n !== undefined && out.e !== undefined)
  if (!known)
    fail(`unsupported JWK (kty ${String(jwk.kty)}, crv ${String(jwk.crv)}): Ed25519, P-256 and RSA are`)
  return out
}

/** Reads a verification method object of a DID or controller document. */
export async function readVerificationMethod(
  method: JsonObject,
  fallbackController: string,
): Promise<VerificationMethod> {
  const id = method.id
  const type = method.type
  if (typeof id !== 'string' || typeof type !== 'string') fail('a verification method needs an id and a type')
  const controller = typeof method.controller === 'string' ? method.controller : fallbackController
  let jwk: PublicJwk
  if (method.publicKeyJwk !== undefined) jwk = readPublicJwk(method.publicKeyJwk)
  else if (typeof method.publicKeyMultibase === 'string') jwk = await multikeyToJwk(method.publicKeyMultibase)
  else if (typeof method.publicKeyBase58 === 'string') {
    let raw: Uint8Array
    try {
      raw = base58.decode(method.publicKeyBase58)
    } catch (cause) {
      return fail('publicKeyBase58 is not base58', cause)
    }
    jwk = ed25519Jwk(raw)
  } else return fail(`verification method ${id} carries no public key`)
  const vm: VerificationMethod = { id, type, controller, jwk }
  if (jwk.kty === 'OKP' && jwk.x !== undefined) vm.ed25519Multikey = ed25519Multikey(base64url.decode(jwk.x))
  return vm
}
