/// <reference types="node" />
/**
 * GZIP decompression with a cap, on Node: native zlib, whose `maxOutputLength` stops a compression bomb
 * as soon as the output passes the cap (and which checks the CRC). Elsewhere gunzip.ts (fflate) is used,
 * chosen by the `#gunzip` import.
 */
import { gunzipSync } from 'node:zlib'
import { errorCodeOf } from '@tessera/schema'
import { statusError } from './errors.js'

/** GZIP-decompresses `compressed`, refusing (STATUS_LIST_LENGTH_ERROR) past `maxBytes` of output. */
export function gunzipCapped(compressed: Uint8Array, maxBytes: number): Uint8Array {
  try {
    const out = gunzipSync(compressed, { maxOutputLength: maxBytes })
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  } catch (error) {
    if (errorCodeOf(error) === 'ERR_BUFFER_TOO_LARGE')
      throw statusError('STATUS_LIST_LENGTH_ERROR', `the list expands past the cap of ${maxBytes} bytes`)
    throw statusError(
      'MALFORMED_VALUE_ERROR',
      `the list is not valid GZIP: ${error instanceof Error ? error.message : String(error)}`,
      error,
    )
  }
}
