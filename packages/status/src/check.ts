/**
 * The verifier's side: does a credential still stand? Every status entry is checked against its list,
 * fetched through an injected fetcher and verified through an injected function. It fails closed: a list
 * that cannot be fetched, verified or decoded is an error, never "not revoked".
 */
import {
  isJsonObject,
  issuerIdOf,
  isTesseraError,
  type JsonObject,
  parseCredential,
  type StatusPurpose,
  statusEntriesOf,
  validityOf,
} from '@tessera/schema'
import { BitstringReader, MIN_ENTRIES } from './bitstring-reader.js'
import { decodeListAsync, type StatusListType } from './codec.js'
import { parseStatusEntry, type StatusEntry } from './entry.js'
import { type StatusErrorCode, statusError } from './errors.js'

/** Fetches the status list credential at a URL: a JSON object, JSON text, or a compact VC-JWT. */
export type StatusListFetcher = (url: string) => Promise<unknown>

/**
 * Checks the status list credential's proof and that its proof was made by its issuer. Given the list
 * as fetched (object or JWT) and as a JSON object; returns whether it verifies.
 */
export type StatusListVerifier = (fetched: unknown, credential: JsonObject) => Promise<boolean>

export interface CheckStatusOptions {
  fetchStatusList: StatusListFetcher
  verifyStatusListCredential: StatusListVerifier
  /** The time to judge at. Default now. */
  now?: Date
  /** List issuers accepted besides the credential's own issuer (a status service, say). */
  trustedListIssuers?: readonly string[]
  /** Largest list accepted, in entries. Default 2^26. */
  maxEntries?: number
  /** Decoded lists kept between checks; default none (each check fetches). */
  cache?: StatusListCache
  /**
   * GZIP decompression with a cap (a verifier's crypto provider's). Default native zlib on Node,
   * DecompressionStream in browsers, fflate elsewhere (React Native).
   */
  gunzip?: (compressed: Uint8Array, maxBytes: number) => Uint8Array | Promise<Uint8Array>
}

export interface StatusEntryResult {
  /** The entry's type as written: BitstringStatusListEntry, StatusList2021Entry, 1EdTechRevocationList... */
  type: string
  purpose?: StatusPurpose
  listUrl?: string
  index?: number
  /** Whether the entry was checked and its status does not stop the credential. */
  ok: boolean
  /** The status value read from the list. */
  value?: number
  /** For revocation and suspension: the bit is set. */
  set?: boolean
  /** The status message of `value`, for lists with messages. */
  message?: string
  code?: StatusErrorCode
  error?: string
}

export interface StatusCheckResult {
  /** True when every entry was checked and none revokes or suspends the credential. */
  ok: boolean
  revoked: boolean
  suspended: boolean
  entries: StatusEntryResult[]
  /** The same results, by purpose. */
  byPurpose: Partial<Record<StatusPurpose, StatusEntryResult[]>>
}

/** A fetched, verified and decoded list, with what the per-credential checks still need. */
export interface CachedStatusList {
  type: StatusListType
  purposes: readonly string[]
  issuer: string | undefined
  /** The decoded list, as the first entry that fetched it reads it. */
  bits: BitstringReader
  validFrom: Date | undefined
  validUntil: Date | undefined
  /** When this copy must be fetched again. */
  expiresAt: number
}

/** Decoded lists by URL, kept until their `ttl` or `validUntil`, whichever comes first. */
export class StatusListCache {
  private readonly lists = new Map<string, Promise<CachedStatusList>>()

  /** How long a list without `ttl` or `validUntil` is kept, in milliseconds. Default 5 minutes. */
  constructor(readonly defaultTtlMs = 5 * 60_000) {}

  /** The cached list, or the one `load` brings (loads of one URL at the same time are shared). */
  async get(url: string, now: number, load: () => Promise<CachedStatusList>): Promise<CachedStatusList> {
    const cached = this.lists.get(url)
    if (cached !== undefined) {
      const list = await cached.catch(() => undefined)
      if (list !== undefined && list.expiresAt > now) return list
      if (this.lists.get(url) === cached) this.lists.delete(url)
    }
    const loading = load()
    this.lists.set(url, loading)
    loading.catch(() => this.lists.delete(url))
    return loading
  }

  clear(): void {
    this.lists.clear()
  }
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

async function loadList(
  entry: StatusEntry,
  options: CheckStatusOptions,
  defaultTtlMs: number,
): Promise<CachedStatusList> {
  let fetched: unknown
  try {
    fetched = await options.fetchStatusList(entry.listUrl)
  } catch (error) {
    throw statusError(
      'STATUS_RETRIEVAL_ERROR',
      `the status list ${entry.listUrl} could not be fetched: ${(error as Error).message}`,
      error,
    )
  }
  let credential: JsonObject
  try {
    credential = isJsonObject(fetched) ? fetched : parseCredential(fetched as string | Uint8Array).credential
  } catch (error) {
    const why = isTesseraError(error) ? error.message : String(error)
    throw statusError(
      'STATUS_RETRIEVAL_ERROR',
      `the status list ${entry.listUrl} is not a credential: ${why}`,
      error,
    )
  }
  let verified = false
  try {
    verified = await options.verifyStatusListCredential(fetched, credential)
  } catch (error) {
    throw statusError(
      'STATUS_VERIFICATION_ERROR',
      `the status list's proof could not be checked: ${(error as Error).message}`,
      error,
    )
  }
  if (!verified)
    throw statusError('STATUS_VERIFICATION_ERROR', `the status list ${entry.listUrl} does not verify`)

  // a list's credential type is its subject's type with "Credential": BitstringStatusListCredential, StatusList2021Credential
  const listType = `${entry.type}Credential`
  if (!asArray(credential.type).includes(listType))
    throw statusError('STATUS_VERIFICATION_ERROR', `${entry.listUrl} is not a ${listType}`)
  const subject = credential.credentialSubject
  if (!isJsonObject(subject) || subject.type !== entry.type) {
    throw statusError('STATUS_VERIFICATION_ERROR', `the list's subject is not a ${entry.type}`)
  }
  const ttl = typeof subject.ttl === 'number' && subject.ttl > 0 ? subject.ttl : defaultTtlMs
  const { from, until } = validityOf(credential)
  const fetchedAt = (options.now ?? new Date()).getTime()
  return {
    type: entry.type,
    purposes: asArray(subject.statusPurpose).filter((p): p is string => typeof p === 'string'),
    issuer: issuerIdOf(credential),
    // the options' maxEntries and gunzip, when given, as they are (decodeListAsync has the same defaults)
    bits: await decodeListAsync(subject.encodedList, {
      ...options,
      type: entry.type,
      statusSize: entry.statusSize,
    }),
    validFrom: from,
    validUntil: until,
    expiresAt: Math.min(fetchedAt + ttl, until?.getTime() ?? Number.POSITIVE_INFINITY),
  }
}

async function checkEntry(
  raw: unknown,
  credentialIssuer: string | undefined,
  options: CheckStatusOptions,
  cache: StatusListCache,
): Promise<StatusEntryResult> {
  const entry = parseStatusEntry(raw)
  const now = (options.now ?? new Date()).getTime()
  const list = await cache.get(entry.listUrl, now, () => loadList(entry, options, cache.defaultTtlMs))
  if (list.type !== entry.type) {
    throw statusError(
      'STATUS_VERIFICATION_ERROR',
      `${entry.listUrl} is a ${list.type}, the entry wants a ${entry.type}`,
    )
  }
  if (!list.purposes.includes(entry.purpose)) {
    throw statusError(
      'STATUS_VERIFICATION_ERROR',
      `the list's purpose is ${list.purposes.join(', ')}, not ${entry.purpose}`,
    )
  }
  const trusted =
    list.issuer !== undefined &&
    (list.issuer === credentialIssuer || options.trustedListIssuers?.includes(list.issuer))
  if (!trusted) {
    throw statusError(
      'STATUS_VERIFICATION_ERROR',
      `the list is issued by ${list.issuer ?? 'nobody'}, not by the credential's issuer ${credentialIssuer ?? '(none)'}`,
    )
  }
  if (list.validUntil !== undefined && list.validUntil.getTime() < now) {
    throw statusError(
      'STATUS_VERIFICATION_ERROR',
      `the status list expired on ${list.validUntil.toISOString()}`,
    )
  }
  if (list.validFrom !== undefined && list.validFrom.getTime() > now) {
    throw statusError(
      'STATUS_VERIFICATION_ERROR',
      `the status list is not valid before ${list.validFrom.toISOString()}`,
    )
  }
  const bits = readAs(list.bits, entry.statusSize)
  if (entry.index >= bits.length) {
    throw statusError('RANGE_ERROR', `index ${entry.index} is past the list's ${bits.length} entries`)
  }
  const value = bits.get(entry.index)
  const message = entry.statusMessage?.find((m) => Number.parseInt(m.status, 16) === value)?.message
  const stops = entry.purpose === 'revocation' || entry.purpose === 'suspension'
  return {
    type: (raw as JsonObject).type as string,
    purpose: entry.purpose,
    listUrl: entry.listUrl,
    index: entry.index,
    ok: !(stops && value !== 0),
    value,
    ...(stops ? { set: value !== 0 } : {}),
    ...(message === undefined ? {} : { message }),
  }
}

/** The same bytes read as `statusSize`-bit entries, held to the minimum length for that size. */
function readAs(bits: BitstringReader, statusSize: number): BitstringReader {
  if (statusSize === bits.statusSize) return bits
  const list = BitstringReader.fromBytes(bits.bytes, statusSize)
  if (list.length < MIN_ENTRIES) {
    throw statusError(
      'STATUS_LIST_LENGTH_ERROR',
      `the list has ${list.length} entries, fewer than ${MIN_ENTRIES}`,
    )
  }
  return list
}

/**
 * Checks every status entry of a credential. Never throws on bad data: each failure is an entry with
 * its code. `ok` is true only when every entry was checked and none revokes or suspends.
 */
export async function checkStatus(
  credential: JsonObject,
  options: CheckStatusOptions,
): Promise<StatusCheckResult> {
  const cache = options.cache ?? new StatusListCache()
  const issuer = issuerIdOf(credential)
  const entries = await Promise.all(
    statusEntriesOf(credential).map(async (raw): Promise<StatusEntryResult> => {
      try {
        return await checkEntry(raw, issuer, options, cache)
      } catch (error) {
        const type = isJsonObject(raw) && typeof raw.type === 'string' ? raw.type : 'unknown'
        const purpose =
          isJsonObject(raw) && typeof raw.statusPurpose === 'string' ? raw.statusPurpose : undefined
        return {
          type,
          ...(purpose === undefined ? {} : { purpose: purpose as StatusPurpose }),
          ok: false,
          code: isTesseraError(error) ? (error.code as StatusErrorCode) : 'STATUS_VERIFICATION_ERROR',
          error: error instanceof Error ? error.message : String(error),
        }
      }
    }),
  )
  const byPurpose: StatusCheckResult['byPurpose'] = {}
  for (const result of entries) {
    if (result.purpose !== undefined)
      byPurpose[result.purpose] = [...(byPurpose[result.purpose] ?? []), result]
  }
  const setFor = (purpose: StatusPurpose) => entries.some((e) => e.purpose === purpose && e.set === true)
  return {
    ok: entries.every((e) => e.ok),
    revoked: setFor('revocation'),
    suspended: setFor('suspension'),
    entries,
    byPurpose,
  }
}
