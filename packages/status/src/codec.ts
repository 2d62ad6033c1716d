/**
 * The two encodings of a status list: StatusList2021 (`encodedList` = base64url of the GZIP of the
 * bits) and Bitstring Status List (the same with the multibase prefix `u`). Decompression is capped
 * (`#gunzip`: native zlib on Node, fflate elsewhere; `#inflate`, for the asynchronous decodeListAsync,
 * browsers' DecompressionStream), so a compression bomb stops at the cap.
 */
import { gzipSync } from 'fflate'
import * as base64url from 'jose/base64url'
import { gunzipCapped } from '#gunzip'
import { inflateCapped } from '#inflate'
import { Bitstring } from './bitstring.js'
import { BitstringReader, MIN_ENTRIES } from './bitstring-reader.js'
import { statusError } from './errors.js'

export type StatusListType = 'BitstringStatusList' | 'StatusList2021'

/** Default cap on a decoded list: 2^26 one-bit entries, 8 MiB. */
export const DEFAULT_MAX_ENTRIES = 2 ** 26

export interface DecodeOptions {
  type: StatusListType
  /** Bits per entry (Bitstring Status List only). Default 1. */
  statusSize?: number
  /** Largest list accepted, in entries. Default 2^26. */
  maxEntries?: number
  /** Smallest list accepted, in entries. Default 131,072, the Recommendation's minimum. */
  minEntries?: number
  /**
   * GZIP decompression with a cap (a verifier's crypto provider may bring its own, a native one, say).
   * Default `#gunzip`'s: native zlib on Node, fflate elsewhere.
   */
  gunzip?: (compressed: Uint8Array, maxBytes: number) => Uint8Array
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/

/** A GZIP member is at least a 10-byte header, an empty deflate block and an 8-byte trailer. */
const GZIP_MIN = 20

export interface DecodeAsyncOptions extends Omit<DecodeOptions, 'gunzip'> {
  /**
   * GZIP decompression with a cap, synchronous or not. Default `#inflate`'s: DecompressionStream in
   * browsers, `#gunzip`'s elsewhere.
   */
  gunzip?: (compressed: Uint8Array, maxBytes: number) => Uint8Array | Promise<Uint8Array>
}

/** Decodes an `encodedList` into its entries, refusing malformed, short and oversized lists. */
export function decodeList(encodedList: unknown, options: DecodeOptions): Bitstring {
  const compressed = compressedList(encodedList, options.type)
  const gunzip = options.gunzip ?? gunzipCapped
  return Bitstring.fromBytes(listBytes(gunzip(compressed, maxBytesOf(options)), options), options.statusSize)
}

/**
 * decodeList, with a decompression that may be asynchronous, giving the list to read (no `set` nor
 * `countSet`): what the status check uses, so that a browser inflates with its DecompressionStream and
 * its bundle carries neither an inflater nor the list's writer.
 */
export async function decodeListAsync(
  encodedList: unknown,
  options: DecodeAsyncOptions,
): Promise<BitstringReader> {
  const compressed = compressedList(encodedList, options.type)
  const gunzip = options.gunzip ?? inflateCapped
  return BitstringReader.fromBytes(
    listBytes(await gunzip(compressed, maxBytesOf(options)), options),
    options.statusSize,
  )
}

/** The decompressed size allowed: `maxEntries` entries of `statusSize` bits. */
const maxBytesOf = (options: Pick<DecodeOptions, 'maxEntries' | 'statusSize'>): number =>
  Math.ceil(((options.maxEntries ?? DEFAULT_MAX_ENTRIES) * (options.statusSize ?? 1)) / 8)

/** The GZIP bytes an `encodedList` carries, refusing what is not a string of its type's base64url. */
function compressedList(encodedList: unknown, type: StatusListType): Uint8Array {
  if (typeof encodedList !== 'string')
    throw statusError('MALFORMED_VALUE_ERROR', 'encodedList is not a string')
  let text = encodedList
  if (type === 'BitstringStatusList') {
    if (!text.startsWith('u')) {
      throw statusError(
        'MALFORMED_VALUE_ERROR',
        `a Bitstring Status List encodedList is multibase base64url and starts with "u", not ${JSON.stringify(text.slice(0, 1))}`,
      )
    }
    text = text.slice(1)
  }
  if (!BASE64URL.test(text)) {
    throw statusError(
      'MALFORMED_VALUE_ERROR',
      'encodedList is not base64url (base64 "+" or "/", or other characters)',
    )
  }
  let compressed: Uint8Array
  try {
    compressed = base64url.decode(text.replace(/=+$/, ''))
  } catch (cause) {
    throw statusError('MALFORMED_VALUE_ERROR', 'encodedList is not base64url', cause)
  }
  if (compressed.length < GZIP_MIN)
    throw statusError('MALFORMED_VALUE_ERROR', 'the list is too short to be GZIP')
  return compressed
}

/** The decompressed bytes, refusing a list shorter than herd privacy requires. */
function listBytes(bytes: Uint8Array, options: Pick<DecodeOptions, 'statusSize' | 'minEntries'>): Uint8Array {
  const statusSize = options.statusSize ?? 1
  // Counted before the list is made: an empty list would otherwise fail as INVALID_LIST_OPTIONS.
  const entries = Math.floor((bytes.length * 8) / statusSize)
  const minEntries = options.minEntries ?? MIN_ENTRIES
  if (entries < minEntries || entries === 0) {
    throw statusError(
      'STATUS_LIST_LENGTH_ERROR',
      `the list has ${entries} entries, fewer than the ${minEntries} herd privacy requires`,
    )
  }
  return bytes
}

/** Encodes a list as the `encodedList` of its type. */
export function encodeList(list: BitstringReader, type: StatusListType): string {
  const encoded = base64url.encode(gzipSync(list.bytes, { mtime: 0 }))
  return type === 'BitstringStatusList' ? `u${encoded}` : encoded
}
