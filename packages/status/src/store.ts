/** Where an issuer keeps its status lists. `MemoryStatusListStore` here; the issuer adds a database one. */
import type { StatusMessage, StatusPurpose } from '@tessera/schema'
import type { StatusListType } from './codec.js'

/** What tells lists apart when allocating: an entry goes to a list of its own kind. */
export interface ListKind {
  type: StatusListType
  purpose: StatusPurpose
  statusSize: number
}

/** A kind of list as one string, to keep the open list of each kind by (the manager's, an issuer's copies'). */
export const listKindKey = (kind: ListKind): string => `${kind.type} ${kind.purpose} ${kind.statusSize}`

export interface StatusListRecord extends ListKind {
  /** Where the list credential is published; also its id. */
  url: string
  /** Number of entries. */
  length: number
  statusMessage?: StatusMessage[]
  /** Every index is claimed. */
  full: boolean
}

export interface ClaimedEntry {
  /** Who holds the index: the credential's id. */
  holder: string
  status: number
}

/**
 * The storage contract. `claim` is the one that matters: it must be atomic, so that no index is ever
 * held by two credentials, even across processes (a unique key on list and index, in a database).
 */
export interface StatusListStore {
  /** A list of this kind that is not full, if any. */
  openList(kind: ListKind): Promise<StatusListRecord | undefined>
  getList(url: string): Promise<StatusListRecord | undefined>
  lists(): Promise<StatusListRecord[]>
  /** Adds a list; false when a list with that URL exists already. */
  createList(record: StatusListRecord): Promise<boolean>
  markFull(url: string): Promise<void>
  /** Claims an index for a holder with status 0; false when the index is taken. */
  claim(url: string, index: number, holder: string): Promise<boolean>
  /** The indices of a list that nobody holds, in any order. */
  freeIndices(url: string): Promise<number[]>
  entry(url: string, index: number): Promise<ClaimedEntry | undefined>
  setStatus(url: string, index: number, status: number): Promise<void>
  /** The indices whose status is not 0, with their status. */
  nonZeroStatuses(url: string): Promise<{ index: number; status: number }[]>
}

interface MemoryList {
  record: StatusListRecord
  entries: Map<number, ClaimedEntry>
}

/** A store in memory, for tests and short-lived issuers. */
export class MemoryStatusListStore implements StatusListStore {
  private readonly byUrl = new Map<string, MemoryList>()

  async openList(kind: ListKind): Promise<StatusListRecord | undefined> {
    for (const { record } of this.byUrl.values()) {
      const same =
        record.type === kind.type && record.purpose === kind.purpose && record.statusSize === kind.statusSize
      if (same && !record.full) return { ...record }
    }
    return undefined
  }

  async getList(url: string): Promise<StatusListRecord | undefined> {
    const list = this.byUrl.get(url)
    return list === undefined ? undefined : { ...list.record }
  }

  async lists(): Promise<StatusListRecord[]> {
    return [...this.byUrl.values()].map(({ record }) => ({ ...record }))
  }

  async createList(record: StatusListRecord): Promise<boolean> {
    if (this.byUrl.has(record.url)) return false
    this.byUrl.set(record.url, { record: { ...record }, entries: new Map() })
    return true
  }

  async markFull(url: string): Promise<void> {
    const list = this.byUrl.get(url)
    if (list !== undefined) list.record.full = true
  }

  async claim(url: string, index: number, holder: string): Promise<boolean> {
    const list = this.byUrl.get(url)
    if (list === undefined || index < 0 || index >= list.record.length || list.entries.has(index))
      return false
    list.entries.set(index, { holder, status: 0 })
    return true
  }

  async freeIndices(url: string): Promise<number[]> {
    const list = this.byUrl.get(url)
    if (list === undefined) return []
    const free: number[] = []
    for (let i = 0; i < list.record.length; i++) if (!list.entries.has(i)) free.push(i)
    return free
  }

  async entry(url: string, index: number): Promise<ClaimedEntry | undefined> {
    const entry = this.byUrl.get(url)?.entries.get(index)
    return entry === undefined ? undefined : { ...entry }
  }

  async setStatus(url: string, index: number, status: number): Promise<void> {
    const entry = this.byUrl.get(url)?.entries.get(index)
    if (entry !== undefined) entry.status = status
  }

  async nonZeroStatuses(url: string): Promise<{ index: number; status: number }[]> {
    const list = this.byUrl.get(url)
    if (list === undefined) return []
    return [...list.entries]
      .filter(([, e]) => e.status !== 0)
      .map(([index, e]) => ({ index, status: e.status }))
  }
}
