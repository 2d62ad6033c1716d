/**
 * Ids the credential endpoint writes into indexed columns, ordered by the time they are made (issue #17).
 *
 * The id of a wallet's copy: a UUID of version 7 (RFC 9562, 5.7), its first 48 bits the time of issuing
 * in ms, its other 74 bits random (node:crypto's `randomUUID`, whose version nibble is replaced). Copies
 * issued one after another get ids that sort in that order, so the entries each one adds to the indices
 * keyed by its id (the ledger's credential ids, the status entries' holders, the offered credentials'
 * credential ids) go to the right edge of those B-trees, onto the leaf the previous copy wrote: a commit of
 * a group of copies writes one such page to the WAL where random (version 4) ids wrote one per copy and
 * index (issue #17). What the id tells a reader beyond a random one: when the copy was issued, to the
 * ms. A Data Integrity copy shows it already to the second (its proof's `created`); a VC-JWT copy's other
 * dates are its original's.
 *
 * A copy's `notification_id`, the same way: the time in base 36 before 128 random bits, so that its entry in
 * the offered credentials' unique index goes to the right edge as well. The wallet sees it, and treats it
 * as opaque.
 */
import { randomUUID } from 'node:crypto'
import { randomToken } from './secrets.js'

/** A version 7 UUID URN for a credential issued at `now` (ms since the epoch). */
export function timeOrderedCredentialId(now: number): string {
  const time = Math.max(0, Math.min(Math.floor(now), 2 ** 48 - 1))
    .toString(16)
    .padStart(12, '0')
  // randomUUID: 8-4-4-4-12 hex digits, the version at 14; what follows it is random but the variant bits.
  return `urn:uuid:${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`
}

/** A `notification_id` for a copy issued at `now` (ms): 10 base-36 digits of the time, 128 random bits. */
export function timeOrderedNotificationId(now: number): string {
  const time = Math.max(0, Math.min(Math.floor(now), 36 ** 10 - 1))
  return `${time.toString(36).padStart(10, '0')}${randomToken(16)}`
}
