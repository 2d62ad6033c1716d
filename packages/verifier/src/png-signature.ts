/**
 * Whether bytes are a PNG file, by its signature: what the core's parse check asks of every input, apart
 * from the baked-image reader (baked.ts, an opt-in capability) so that asking loads none of the reader.
 */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b)
}
