/**
 * SHA-256 for Data Integrity proofs, with WebCrypto (browsers, Deno, Bun, workers). Node takes
 * `digest-node.ts` instead (the package's `#digest` import), which hashes with node:crypto on the
 * calling thread.
 */

const ENCODER = new TextEncoder()

/** The SHA-256 digest of `text`'s UTF-8 bytes (32 bytes). */
export async function sha256Text(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', ENCODER.encode(text)))
}
