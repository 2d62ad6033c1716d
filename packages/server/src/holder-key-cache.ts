/**
 * The keys of wallets' proofs, read once per key: a did:key or did:jwk names its key in the identifier
 * itself (nothing is fetched, nothing can be revoked or rotated behind it), so what `holderKeyOf` reads
 * from one identifier is the same every time, and a wallet that proves with one key for several
 * credentials (every credential of an offer, or of later offers) need not have it decoded and imported
 * again (a document made, base64url decoded, `createPublicKey`: about 40 µs of the service's CPU a
 * credential request, issue #17). The cache is keyed by the whole verification method id, fragment
 * included, so two identifiers never share an entry; it holds only what was read without error (a
 * refused key is judged again each time), and what it returns is frozen. The signature and every claim
 * of each proof are still checked for each request: only the reading of the key is kept. Bounded: the
 * least recently used entry goes first.
 */
import type { KeyObject } from 'node:crypto'
import type { PublicJwk } from '@tessera/proofs'
import { fail } from './errors.js'

/** The key and binding read from one verification method id. */
export interface ReadKey {
  /** The DID the credential's subject becomes. */
  readonly did: string
  readonly jwk: Readonly<PublicJwk>
  /** The key as node:crypto verifies with it (a KeyObject cannot be changed). */
  readonly key: KeyObject
}

/** Entries kept by default: a few thousand wallets' keys, a few hundred bytes each. */
export const HOLDER_KEY_CACHE_SIZE = 4096

export class HolderKeyCache {
  private readonly entries = new Map<string, ReadKey>()

  constructor(readonly size: number = HOLDER_KEY_CACHE_SIZE) {
    if (!Number.isInteger(size) || size < 1)
      fail('INVALID_OPTIONS', `a holder key cache holds at least one key, not ${String(size)}`)
  }

  /** What was read from `methodId` before, if it is still kept; it becomes the most recently used. */
  get(methodId: string): ReadKey | undefined {
    const found = this.entries.get(methodId)
    if (found !== undefined) {
      this.entries.delete(methodId)
      this.entries.set(methodId, found)
    }
    return found
  }

  /** Keeps what was read from `methodId` (frozen), dropping the least recently used entry when full. */
  set(methodId: string, read: ReadKey): ReadKey {
    const kept = Object.freeze({ did: read.did, jwk: Object.freeze({ ...read.jwk }), key: read.key })
    this.entries.delete(methodId)
    this.entries.set(methodId, kept)
    if (this.entries.size > this.size) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
    }
    return kept
  }

  get count(): number {
    return this.entries.size
  }
}
