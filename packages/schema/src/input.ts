/**
 * Reading untrusted credential input: bytes or text holding a credential as JSON or as a compact VC-JWT.
 * Every rejection is a `TesseraError` with an `InputErrorCode`; nothing here evaluates or fetches.
 */
import * as base64url from 'jose/base64url'
import { TesseraError } from './errors.js'
import { fail } from './fail.js'
import { isJsonObject, type JsonObject } from './json.js'
import { pointer } from './json-pointer.js'
import { nestingDepth } from './json-text.js'
import { issuerIdOf, subjectsOf, validityOf } from './reader.js'

export type InputErrorCode =
  | 'INPUT_EMPTY'
  | 'INPUT_TOO_LARGE'
  | 'INVALID_UTF8'
  | 'MALFORMED_JSON'
  | 'JSON_TOO_DEEP'
  | 'JSON_TOO_MANY_VALUES'
  | 'UNSAFE_KEY'
  | 'NOT_AN_OBJECT'
  | 'MALFORMED_JWT'

export interface InputLimits {
  /** Largest input accepted, in bytes (UTF-8). Default 8 MiB. */
  maxBytes?: number
  /** Deepest nesting of arrays and objects accepted. Default 64. */
  maxDepth?: number
  /**
   * Most values (objects, arrays, strings, numbers, ...) accepted in one JSON text. Default 100,000: a
   * credential holds hundreds, and what comes after parsing (schema validation, canonicalisation) costs
   * per value, so 8 MiB of tiny values would otherwise take seconds.
   */
  maxValues?: number
}

export const DEFAULT_INPUT_LIMITS: Readonly<Required<InputLimits>> = Object.freeze({
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 64,
  maxValues: 100_000,
})

/** Keys that can reach `Object.prototype` once the object is merged or assigned elsewhere. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

function limitsOf(limits?: InputLimits): Required<InputLimits> {
  return { ...DEFAULT_INPUT_LIMITS, ...limits }
}

function checkSize(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) fail('INPUT_TOO_LARGE', `input is ${bytes} bytes, more than the ${maxBytes} accepted`)
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Decodes UTF-8 bytes strictly (a byte-order mark is dropped); invalid sequences are INVALID_UTF8. */
export function decodeUtf8(bytes: Uint8Array, limits?: InputLimits): string {
  checkSize(bytes.byteLength, limitsOf(limits).maxBytes)
  try {
    return utf8.decode(bytes)
  } catch (cause) {
    return fail('INVALID_UTF8', 'input is not valid UTF-8 text', { cause })
  }
}

/**
 * `JSON.parse` for untrusted text: bounded size and depth, and no `__proto__`, `constructor` or
 * `prototype` keys anywhere (they are how parsed JSON pollutes prototypes once merged).
 */
export function parseJson(text: string, limits?: InputLimits): unknown {
  const { maxBytes, maxDepth, maxValues } = limitsOf(limits)
  // A UTF-16 code unit is at least one UTF-8 byte: a cheap lower bound before the exact count.
  checkSize(text.length, maxBytes)
  if (text.length * 3 > maxBytes) checkSize(new TextEncoder().encode(text).byteLength, maxBytes)
  if (text.trim() === '') fail('INPUT_EMPTY', 'input is empty')
  const depth = nestingDepth(text, maxDepth)
  if (depth > maxDepth) fail('JSON_TOO_DEEP', `JSON nests deeper than ${maxDepth} levels`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return fail('MALFORMED_JSON', `input is not valid JSON: ${reason}`, { cause: error })
  }
  // Walked once parsed: a reviver, called from the parser for every value, made parsing four times slower.
  checkValues(parsed, { max: maxValues, left: maxValues })
  return parsed
}

/** Counts `value`'s values against the budget and refuses unsafe keys; depth is bounded before parsing. */
function checkValues(value: unknown, budget: { max: number; left: number }): void {
  if (--budget.left < 0) fail('JSON_TOO_MANY_VALUES', `JSON holds more than ${budget.max} values`)
  if (typeof value !== 'object' || value === null) return
  if (Array.isArray(value)) {
    for (const item of value) checkValues(item, budget)
    return
  }
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key)) fail('UNSAFE_KEY', `JSON holds the forbidden key "${key}"`)
    checkValues((value as JsonObject)[key], budget)
  }
}

/**
 * What `parseJson` refuses, for a value already in memory (a credential about to be signed): nesting past
 * `maxDepth` (JSON_TOO_DEEP, a cycle too), more than `maxValues` values (JSON_TOO_MANY_VALUES), an unsafe
 * key (UNSAFE_KEY), and what JSON text cannot carry as it is (MALFORMED_JSON): a number that is not
 * finite, a bigint, function or symbol, an object that is not plain (a Date, a Map, a class instance).
 * `undefined` passes, as `JSON.stringify` leaves it out. Walked without recursion; the error's `path` is
 * the offending value's JSON Pointer.
 */
export function checkJsonValue(value: unknown, limits?: InputLimits): void {
  const { maxDepth, maxValues } = limitsOf(limits)
  let left = maxValues
  // Each value's place is its container's entry and its key: the JSON Pointer is spelled out only for an
  // error (a pointer string per value was most of the walk's time on a credential being signed).
  const pending: Pending[] = [{ item: value, depth: 1, parent: undefined, key: '' }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { item, depth } = next
    if (--left < 0) failAt(next, 'JSON_TOO_MANY_VALUES', `the value holds more than ${maxValues} values`)
    if (typeof item === 'number' && !Number.isFinite(item))
      failAt(next, 'MALFORMED_JSON', `${item} is no JSON number`)
    if (typeof item === 'bigint' || typeof item === 'function' || typeof item === 'symbol')
      failAt(next, 'MALFORMED_JSON', `a ${typeof item} is no JSON value`)
    if (typeof item !== 'object' || item === null) continue
    if (depth > maxDepth) failAt(next, 'JSON_TOO_DEEP', `the value nests deeper than ${maxDepth} levels`)
    // counted before anything is queued: a sparse array of a billion holes fails here, at once
    const keys = Array.isArray(item) ? undefined : Object.keys(item)
    if ((keys ?? (item as unknown[])).length > left)
      failAt(next, 'JSON_TOO_MANY_VALUES', `the value holds more than ${maxValues} values`)
    if (keys === undefined) {
      const array = item as unknown[]
      for (let i = 0; i < array.length; i++)
        pending.push({ item: array[i], depth: depth + 1, parent: next, key: i })
      continue
    }
    const prototype = Object.getPrototypeOf(item)
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = Object.prototype.toString.call(item).slice(8, -1)
      failAt(
        next,
        'MALFORMED_JSON',
        `${kind === 'Object' ? 'a class instance' : `a ${kind}`} is no JSON value`,
      )
    }
    for (const key of keys) {
      const entry: Pending = { item: (item as JsonObject)[key], depth: depth + 1, parent: next, key }
      if (UNSAFE_KEYS.has(key)) failAt(entry, 'UNSAFE_KEY', `the forbidden key "${key}"`)
      pending.push(entry)
    }
  }
}

/** A value `checkJsonValue` has still to look at, and where it is: its container's entry and its key. */
interface Pending {
  item: unknown
  depth: number
  parent: Pending | undefined
  key: string | number
}

/** The JSON Pointer of a value `checkJsonValue` reached. */
function pointerOf(entry: Pending): string {
  let path = ''
  for (let at: Pending | undefined = entry; at?.parent !== undefined; at = at.parent)
    path = pointer('', at.key) + path
  return path
}

/** A refusal of `checkJsonValue`, naming the offending value by its JSON Pointer. */
function failAt(entry: Pending, code: InputErrorCode, message: string): never {
  const path = pointerOf(entry)
  return fail(code, `${message}${path === '' ? '' : ` at ${path}`}`, { path })
}

/** `parseJson`, and the value must be an object (not an array, string, number, ...). */
export function parseJsonObject(text: string, limits?: InputLimits): JsonObject {
  const value = parseJson(text, limits)
  if (!isJsonObject(value)) {
    fail('NOT_AN_OBJECT', `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`)
  }
  return value
}

/** A compact JWS, decoded but not verified. */
export interface DecodedJwt {
  compact: string
  header: JsonObject
  payload: JsonObject
  /** Base64url signature, as it stands in the token. */
  signature: string
  /** The bytes the signature covers: `header.payload` as ASCII. */
  signingInput: string
}

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]*$/
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Whether unpadded base64url text is the one encoding of its bytes: a possible length, no stray bits. */
function isCanonicalBase64url(segment: string): boolean {
  const rest = segment.length % 4
  if (rest === 0) return true
  if (rest === 1) return false
  const last = BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1))
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0
}

function decodeSegment(segment: string, name: string, limits: Required<InputLimits>): JsonObject {
  if (segment === '' || !BASE64URL_SEGMENT.test(segment)) {
    fail('MALFORMED_JWT', `the JWT ${name} is not base64url`)
  }
  let bytes: Uint8Array
  try {
    bytes = base64url.decode(segment)
  } catch (cause) {
    return fail('MALFORMED_JWT', `the JWT ${name} is not base64url`, { cause })
  }
  try {
    return parseJsonObject(decodeUtf8(bytes, limits), limits)
  } catch (error) {
    if (error instanceof TesseraError)
      fail('MALFORMED_JWT', `the JWT ${name} is not a JSON object: ${error.message}`, { cause: error })
    throw error
  }
}

/** Splits and decodes a compact JWS (three base64url segments) without checking its signature. */
export function decodeJwt(compact: string, limits?: InputLimits): DecodedJwt {
  const all = limitsOf(limits)
  const token = compact.trim()
  checkSize(token.length, all.maxBytes)
  const parts = token.split('.')
  if (parts.length !== 3) {
    fail('MALFORMED_JWT', `a compact JWT has 3 dot-separated segments, this one has ${parts.length}`)
  }
  const [h, p, s] = parts as [string, string, string]
  if (!BASE64URL_SEGMENT.test(s)) fail('MALFORMED_JWT', 'the JWT signature is not base64url')
  // Base64url decoding ignores the unused low bits of a last character: without this, one signature
  // could be written four ways, and a changed token would still verify.
  if (!isCanonicalBase64url(s)) fail('MALFORMED_JWT', 'the JWT signature is not canonical base64url')
  return {
    compact: token,
    header: decodeSegment(h, 'header', all),
    payload: decodeSegment(p, 'payload', all),
    signature: s,
    signingInput: `${h}.${p}`,
  }
}

/** Registered JWT claims that VC-JWT maps onto credential properties. */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'] as const

/**
 * The credential a VC-JWT carries. OB 3.0 / VC-JOSE put the credential itself in the payload, next to
 * the registered claims; older VCDM 1.1 tokens wrap it in a `vc` claim and may carry some of its
 * properties only as claims, which are mapped back here (`jti` -> id, `iss` -> issuer, `nbf` ->
 * issuanceDate, `exp` -> expirationDate, `sub` -> credentialSubject.id).
 */
export function credentialFromJwt(jwt: DecodedJwt): { credential: JsonObject; form: 'payload' | 'vc-claim' } {
  const { payload } = jwt
  const vc = payload.vc
  if (vc === undefined) {
    const credential: JsonObject = {}
    for (const [key, value] of Object.entries(payload)) {
      if (!(JWT_CLAIMS as readonly string[]).includes(key)) credential[key] = value
    }
    return { credential, form: 'payload' }
  }
  if (!isJsonObject(vc)) fail('MALFORMED_JWT', 'the JWT `vc` claim is not an object')
  const credential: JsonObject = { ...vc }
  if (credential.id === undefined && typeof payload.jti === 'string') credential.id = payload.jti
  if (credential.issuer === undefined && typeof payload.iss === 'string') credential.issuer = payload.iss
  const v2 = credential.validFrom !== undefined
  if (!v2 && credential.issuanceDate === undefined && typeof payload.nbf === 'number') {
    credential.issuanceDate = secondsToDateTime(payload.nbf)
  }
  if (!v2 && credential.expirationDate === undefined && typeof payload.exp === 'number') {
    credential.expirationDate = secondsToDateTime(payload.exp)
  }
  const subject = credential.credentialSubject
  if (isJsonObject(subject) && subject.id === undefined && typeof payload.sub === 'string') {
    credential.credentialSubject = { ...subject, id: payload.sub }
  }
  return { credential, form: 'vc-claim' }
}

function secondsToDateTime(seconds: number): string {
  const date = new Date(seconds * 1000)
  if (Number.isNaN(date.getTime())) fail('MALFORMED_JWT', 'a JWT date claim is out of range')
  return date.toISOString().replace('.000Z', 'Z')
}

export interface JwtCredentialClaims {
  iss?: string
  jti?: string
  sub?: string
  nbf?: number
  exp?: number
}

function epochSeconds(date: Date | undefined): number | undefined {
  return date === undefined ? undefined : Math.floor(date.getTime() / 1000)
}

/**
 * The registered claims VC-JWT maps from a credential (the inverse of `credentialFromJwt`): `iss` from
 * the issuer, `jti` from the id, `sub` from the subject's id, `nbf` and `exp` from the validity dates.
 * Only the claims the credential has a value for.
 */
export function jwtClaimsOf(credential: JsonObject): JwtCredentialClaims {
  // the parts it needs alone: it runs for every JWT signed and verified
  const issuerId = issuerIdOf(credential)
  const subjectId = subjectsOf(credential)[0]?.id
  const { from, until } = validityOf(credential)
  const claims: JwtCredentialClaims = {}
  if (issuerId !== undefined) claims.iss = issuerId
  if (typeof credential.id === 'string') claims.jti = credential.id
  if (typeof subjectId === 'string') claims.sub = subjectId
  const nbf = epochSeconds(from)
  if (nbf !== undefined) claims.nbf = nbf
  const exp = epochSeconds(until)
  if (exp !== undefined) claims.exp = exp
  return claims
}

export type ParsedCredential =
  | { format: 'json'; credential: JsonObject }
  | { format: 'jwt'; credential: JsonObject; jwt: DecodedJwt; form: 'payload' | 'vc-claim' }

const LOOKS_LIKE_JWS = /^[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)+$/

/**
 * Reads a credential given as JSON or as a compact VC-JWT (bytes or text). The JWT is decoded, not
 * verified: signature checking is `@tessera/verifier`'s job.
 */
export function parseCredential(input: string | Uint8Array, limits?: InputLimits): ParsedCredential {
  const text = (typeof input === 'string' ? input : decodeUtf8(input, limits)).trim()
  if (text === '') fail('INPUT_EMPTY', 'input is empty')
  if (LOOKS_LIKE_JWS.test(text) && !/^-?\d/.test(text)) {
    const jwt = decodeJwt(text, limits)
    return { format: 'jwt', jwt, ...credentialFromJwt(jwt) }
  }
  return { format: 'json', credential: parseJsonObject(text, limits) }
}
