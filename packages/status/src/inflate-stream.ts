/**
 * GZIP decompression with a cap in browsers: the platform's DecompressionStream('gzip') rather than
 * fflate, so a browser bundle carries no inflater of its own. Input is fed a little at a time and output
 * counted as it is read, so a compression bomb stops at the cap (the stream is cancelled) instead of
 * filling memory. React Native (Hermes has no DecompressionStream) and Node take inflate.ts, chosen by
 * the conditions of the `#inflate` import.
 */
import { concatChunks } from './concat.js'
import { statusError } from './errors.js'

/** Compressed input is handed to the stream this many bytes at a time, as gunzip.ts feeds fflate. */
const FEED = 1024

/** GZIP-decompresses `compressed`, refusing (STATUS_LIST_LENGTH_ERROR) past `maxBytes` of output. */
export async function inflateCapped(compressed: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  let at = 0
  const input = new ReadableStream<BufferSource>({
    pull(controller) {
      if (at >= compressed.length) return controller.close()
      controller.enqueue(compressed.slice(at, at + FEED))
      at += FEED
    },
  })
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>
    try {
      step = await reader.read()
    } catch (error) {
      // DecompressionStream refuses what is not GZIP, a stream cut short, a bad CRC or size, trailing bytes
      throw statusError(
        'MALFORMED_VALUE_ERROR',
        `the list is not valid GZIP: ${error instanceof Error ? error.message : String(error)}`,
        error,
      )
    }
    if (step.done) break
    total += step.value.length
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw statusError('STATUS_LIST_LENGTH_ERROR', `the list expands past the cap of ${maxBytes} bytes`)
    }
    chunks.push(step.value)
  }
  return concatChunks(chunks, total)
}
