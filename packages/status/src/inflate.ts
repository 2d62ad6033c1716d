/**
 * GZIP decompression with a cap, as a promise, everywhere but browsers: the synchronous `#gunzip`
 * (native zlib on Node, fflate in React Native, whose Hermes has no DecompressionStream). Browsers take
 * inflate-stream.ts instead, chosen by the conditions of the `#inflate` import.
 */
import { gunzipCapped } from '#gunzip'

/** GZIP-decompresses `compressed`, refusing (STATUS_LIST_LENGTH_ERROR) past `maxBytes` of output. */
export async function inflateCapped(compressed: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  return gunzipCapped(compressed, maxBytes)
}
