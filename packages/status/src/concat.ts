/**
 * The inflaters' output, read in chunks, as one array: shared by the fflate (gunzip.ts) and
 * DecompressionStream (inflate-stream.ts) inflaters.
 */

/** `chunks` (`total` bytes in all) as one Uint8Array; a single chunk is returned as it is. */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
