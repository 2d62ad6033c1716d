/**
 * @tessera/testkit: what Tessera's tests share (a private workspace package, never published). This entry
 * is the light part, the assertions on thrown codes; the rest has entries of its own so that a test loads
 * only what it uses: `/signing` (peer libraries' signers), `/fixtures` (1EdTech's files), `/issuer` (a KMS,
 * a did:key, an Issuer on a store, membership rows), `/postgres`, `/xlsx`.
 */
import { isTesseraError } from '@tessera/schema'

/** The code of the TesseraError that `fn` throws; anything else (or nothing) fails the test. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (isTesseraError(error)) return error.code
    throw error
  }
  throw new Error('expected a TesseraError, nothing was thrown')
}

/** The code of the TesseraError that the promise `fn` returns rejects with. */
export async function thrownCodeAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn()
  } catch (error) {
    return thrownCode(() => {
      throw error
    })
  }
  throw new Error('expected a TesseraError, nothing was thrown')
}

/** Every item of an async iterable, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}
