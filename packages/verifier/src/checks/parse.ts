/**
 * The `parse` check: reads any accepted input (a credential object, JSON or JWT text, the bytes of a
 * PNG, SVG, JSON or JWT file) into the credential the other checks judge, or fails with the reader's code.
 */
import { failedFrom, passed } from '@tessera/proofs'
import {
  type DecodedJwt,
  decodeJwt,
  decodeUtf8,
  type InputLimits,
  isJsonObject,
  type JsonObject,
  parseCredential,
} from '@tessera/schema'
import type { BakedImagesCapability } from '../capabilities.js'
import { verifierError } from '../errors.js'
import { isPng } from '../png-signature.js'
import type { Check, CredentialFormat } from '../result.js'
import { check } from './check.js'

/** A credential as read. */
export interface Parsed {
  format: CredentialFormat
  credential: JsonObject
  jwt?: DecodedJwt
  form?: 'payload' | 'vc-claim'
}

const PNG_LIMIT = 16 * 1024 * 1024

/**
 * The `parse` line and the credential read, or the failed line alone. `baked`: the reader of baked
 * images, when the verifier has one (without it, an image is BAKED_IMAGES_NOT_INSTALLED).
 */
export function parseCheck(
  input: unknown,
  limits: InputLimits | undefined,
  { jwtCopy = true, baked }: { jwtCopy?: boolean; baked?: BakedImagesCapability | undefined } = {},
): { check: Check; parsed?: Parsed } {
  let parsed: Parsed
  try {
    parsed = parseInput(input, limits, baked)
    if (jwtCopy) parsed = withEmbeddedJwt(parsed, limits)
  } catch (error) {
    return { check: check('parse', failedFrom(error, 'MALFORMED_INPUT')) }
  }
  const { format } = parsed
  const what =
    format === 'jwt' && jwtCopy ? `a VC-JWT (${parsed.form === 'vc-claim' ? 'vc claim' : 'payload'})` : format
  return { check: check('parse', passed(`read as ${what}`)), parsed }
}

/** Reads any accepted input: a credential object, JSON or JWT text, or the bytes of a file (PNG, SVG, JSON, JWT). */
function parseInput(
  input: unknown,
  limits: InputLimits | undefined,
  baked: BakedImagesCapability | undefined,
): Parsed {
  if (!(input instanceof Uint8Array) && typeof input !== 'string') {
    if (isJsonObject(input)) return { format: 'json', credential: input }
    throw verifierError('NOT_AN_OBJECT', 'a credential is given as an object, text or bytes')
  }
  if (input instanceof Uint8Array && isPng(input)) {
    if (input.byteLength > (limits?.maxBytes ?? PNG_LIMIT)) {
      throw verifierError(
        'INPUT_TOO_LARGE',
        `the image is ${input.byteLength} bytes, over the ${limits?.maxBytes ?? PNG_LIMIT} accepted`,
      )
    }
    return { ...parseCredential(readerOf(baked, 'a PNG').extractFromPng(input), limits), format: 'png' }
  }
  const text =
    typeof input === 'string' ? input : decodeUtf8(input, { maxBytes: limits?.maxBytes ?? PNG_LIMIT })
  const trimmed = text.replace(/^\uFEFF/, '').trimStart()
  if (trimmed.startsWith('<'))
    return { ...parseCredential(readerOf(baked, 'an SVG').extractFromSvg(trimmed), limits), format: 'svg' }
  return parseCredential(text, limits)
}

/** The baked-image reader, or BAKED_IMAGES_NOT_INSTALLED: an image is never read as something else. */
function readerOf(baked: BakedImagesCapability | undefined, what: string): BakedImagesCapability {
  if (baked !== undefined) return baked
  throw verifierError(
    'BAKED_IMAGES_NOT_INSTALLED',
    `this is ${what} image, and this verifier reads no baked images: pass bakedImages from @tessera/verifier/baked in capabilities`,
  )
}

/**
 * A JSON credential carrying its VC-JWT in `proof.jwt` (JwtProof2020, as Veramo writes): the JWT is what
 * counts, and the JSON copy must be the JWT's credential, property for property (JWT_COPY_MISMATCH).
 */
function withEmbeddedJwt(parsed: Parsed, limits: InputLimits | undefined): Parsed {
  if (parsed.jwt !== undefined) return parsed
  const proof = parsed.credential.proof
  if (!isJsonObject(proof) || typeof proof.jwt !== 'string') return parsed
  const inner: DecodedJwt = decodeJwt(proof.jwt, limits)
  const { proof: _, ...copy } = parsed.credential
  const carried = parseCredential(inner.compact, limits)
  if (canonical(copy) !== canonical(carried.credential)) {
    throw verifierError(
      'JWT_COPY_MISMATCH',
      'the JSON credential differs from the credential its JWT carries',
    )
  }
  return { ...parsed, jwt: inner, form: carried.format === 'jwt' ? carried.form : 'payload' }
}

/** Canonical JSON (sorted keys) for comparing two copies of a credential. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}
