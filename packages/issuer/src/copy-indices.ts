/**
 * Where a wallet copy's status indices come from (one-commit.ts). They are picked before the copy is
 * signed, so an index found taken at commit costs a signature and its check again, and three in a row
 * send the copy to `issue` (three commits). At random in the whole list, a pick is taken with the
 * probability that the list is full: 92% by the end of a 60,000-flow bench (60,000 members and their
 * copies in a list of 131,072), when most copies cost three signatures and then `issue` (issue #17: a
 * flow's CPU grew from 1.1 to 2.0 ms with the ledger). So a list's picks are at random in the whole list
 * until one is found taken, and from then on drawn from the list's free indices, read once from the
 * store: uniform among the free ones either way (rejection, then a draw without replacement), as
 * `StatusListManager` does for `issue`.
 *
 * The open list of each kind is kept too, read from the store once every `OPEN_LIST_READS` copies rather
 * than for each (a statement, and a read transaction of its own, a wallet flow; issue #17). A list that
 * filled since it was read (here, or by another process, which then opens the next) is found when its
 * indices run out or are taken three times in a row: the copy goes to `issue` as before, and the open
 * lists are read again for the next copy (`forgetOpenLists`).
 */
import { randomIndex } from '@tessera/schema'
import { type ListKind, listKindKey, type StatusListRecord } from '@tessera/status'
import type { IssuerStore } from './store.js'

/** Copies signed in a list kept as the open one before it is read from the store again. */
const OPEN_LIST_READS = 256

export class CopyIndices {
  /** The free indices of each list one was found taken in, as read then, less those handed out since. */
  private readonly free = new Map<string, number[]>()
  /** The open list of each kind as last read, and how many copies were given it since. */
  private readonly open = new Map<string, { list: StatusListRecord; given: number }>()

  constructor(private readonly store: Pick<IssuerStore, 'freeIndices' | 'openList'>) {}

  /** The open list of `kind` (undefined when there is none yet: `issue` makes it). */
  async openList(kind: ListKind): Promise<StatusListRecord | undefined> {
    const name = listKindKey(kind)
    const kept = this.open.get(name)
    if (kept !== undefined && kept.given < OPEN_LIST_READS) {
      kept.given++
      return kept.list
    }
    const list = await this.store.openList(kind)
    if (list === undefined) this.open.delete(name)
    else this.open.set(name, { list, given: 1 })
    return list
  }

  /** A copy went to `issue`, which may have filled a list and opened the next: read them again. */
  forgetOpenLists(): void {
    this.open.clear()
  }

  /**
   * An index of `list` to sign a copy with; undefined when none of the list's free indices is left (the
   * list is full as far as this process knows: `issue` finds out, and marks it).
   */
  pick(list: StatusListRecord): number | undefined {
    const free = this.free.get(list.url)
    if (free === undefined) return randomIndex(list.length)
    if (free.length === 0) {
      // Read again at the next index found taken, should the list still be open then.
      this.free.delete(list.url)
      return undefined
    }
    // Swap-remove a uniform pick: no shuffle of the whole list up front.
    const at = randomIndex(free.length)
    const index = free[at] as number
    free[at] = free[free.length - 1] as number
    free.pop()
    return index
  }

  /**
   * An index picked in `list` was found taken: its free indices are read now, once (a scan of the list's
   * entries), and picks come from them from then on. Another process's claims since are found at commit,
   * as before.
   */
  async taken(list: StatusListRecord): Promise<void> {
    if (this.free.has(list.url)) return
    const free = await this.store.freeIndices(list.url)
    // Another request's read may have ended first, and handed out some of its indices since: keep it.
    if (!this.free.has(list.url)) this.free.set(list.url, free)
  }
}
