/**
 * The issuer's side of status: lists in a store, indices handed out at random and never twice,
 * revocation (final), suspension and reinstatement, and the list credentials to sign and publish.
 */
import type {
  BitstringStatusListEntry,
  JsonObject,
  StatusList2021Entry,
  StatusMessage,
  StatusPurpose,
} from '@tessera/schema'
import { randomIndex } from '@tessera/schema'
import { Bitstring, MIN_ENTRIES } from './bitstring.js'
import type { StatusListType } from './codec.js'
import type { StatusEntry } from './entry.js'
import { makeStatusEntry } from './entry-making.js'
import { statusError } from './errors.js'
import { buildStatusListCredential, type StatusListCredentialOptions } from './list-credential.js'
import { shuffle } from './random.js'
import { checkStatusMessages, checkStatusSize, sameStatusMessages } from './status-messages.js'
import { type ListKind, listKindKey, type StatusListRecord, type StatusListStore } from './store.js'

export interface StatusListManagerOptions {
  store: StatusListStore
  /** The issuer's id, written as the issuer of every list credential. */
  issuer: string
  /** Lists are published under this URL: `<baseUrl>/revocation-1.json`, `<baseUrl>/sl2021-suspension-1.json`, ... */
  baseUrl: string
  /** Entries per new list. Default and minimum: 131,072. */
  listLength?: number
}

export interface AllocateOptions {
  /** Who holds the index: the credential's id. */
  holder: string
  /** Default BitstringStatusList (StatusList2021 is for VCDM 1.1 credentials). */
  type?: StatusListType
  /** Default revocation. */
  purpose?: StatusPurpose
  /** Bitstring Status List only: bits per entry, 1 to 8. Default 1. */
  statusSize?: number
  /** Required when statusSize > 1: a message for each of the 2^statusSize values. */
  statusMessage?: StatusMessage[]
}

export interface Allocation extends StatusEntry {
  /** The entry to put in the credential's `credentialStatus`. */
  credentialStatus: BitstringStatusListEntry | StatusList2021Entry
}

/** Random probes before a list is deemed crowded and its free indices are drawn from a shuffled pool. */
const PROBES = 8

export class StatusListManager {
  private readonly store: StatusListStore
  private readonly issuer: string
  private readonly baseUrl: string
  private readonly listLength: number
  /** Shuffled free indices of crowded lists, by URL: drawing from them stays uniform. */
  private readonly pools = new Map<string, number[]>()
  /** The list each kind last allocated from: asked of the store again only once it is full. */
  private readonly open = new Map<string, StatusListRecord>()

  constructor(options: StatusListManagerOptions) {
    const listLength = options.listLength ?? MIN_ENTRIES
    if (!Number.isSafeInteger(listLength) || listLength < MIN_ENTRIES) {
      throw statusError('INVALID_LIST_OPTIONS', `a list has at least ${MIN_ENTRIES} entries (herd privacy)`)
    }
    this.store = options.store
    this.issuer = options.issuer
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.listLength = listLength
  }

  /** Hands out an index no credential has had, uniformly at random among the free ones. */
  async allocate(options: AllocateOptions): Promise<Allocation> {
    const kind: ListKind = {
      type: options.type ?? 'BitstringStatusList',
      purpose: options.purpose ?? 'revocation',
      statusSize: options.statusSize ?? 1,
    }
    const statusMessage = this.checkKind(kind, options.statusMessage)
    const kindKey = listKindKey(kind)
    for (;;) {
      const list =
        this.open.get(kindKey) ??
        (await this.store.openList(kind)) ??
        (await this.createList(kind, statusMessage))
      if (!sameStatusMessages(list.statusMessage, statusMessage)) {
        // One table per kind of list: a credential's entry must say what its list's values mean.
        throw statusError(
          'INVALID_LIST_OPTIONS',
          `the open list ${list.url} has another status message table; give the same table, or use another purpose`,
        )
      }
      const index = await this.claimIn(list, options.holder)
      if (index === undefined) {
        this.open.delete(kindKey)
        continue
      }
      this.open.set(kindKey, list)
      const entry: StatusEntry = {
        type: list.type,
        purpose: list.purpose,
        index,
        listUrl: list.url,
        statusSize: list.statusSize,
        ...(list.statusMessage === undefined ? {} : { statusMessage: list.statusMessage }),
      }
      return { ...entry, credentialStatus: makeStatusEntry(entry) }
    }
  }

  /** Checks the kind and its message table; returns the table in value order. */
  private checkKind(
    kind: ListKind,
    statusMessage: readonly StatusMessage[] | undefined,
  ): StatusMessage[] | undefined {
    if (
      kind.type === 'StatusList2021' &&
      (kind.statusSize !== 1 ||
        statusMessage !== undefined ||
        !['revocation', 'suspension'].includes(kind.purpose))
    ) {
      throw statusError(
        'INVALID_LIST_OPTIONS',
        'StatusList2021 lists are one bit per entry, without messages, for revocation or suspension',
      )
    }
    checkStatusSize(kind.statusSize)
    return checkStatusMessages(kind.statusSize, statusMessage)
  }

  private async createList(
    kind: ListKind,
    statusMessage: StatusMessage[] | undefined,
  ): Promise<StatusListRecord> {
    const prefix = `${kind.type === 'StatusList2021' ? 'sl2021-' : ''}${kind.purpose}${kind.statusSize > 1 ? `-${kind.statusSize}bit` : ''}`
    const taken = (await this.store.lists()).filter((l) =>
      l.url.startsWith(`${this.baseUrl}/${prefix}-`),
    ).length
    for (let n = taken + 1; ; n++) {
      const record: StatusListRecord = {
        ...kind,
        url: `${this.baseUrl}/${prefix}-${n}.json`,
        length: this.listLength,
        full: false,
        ...(statusMessage === undefined ? {} : { statusMessage }),
      }
      if (await this.store.createList(record)) return record
    }
  }

  /** Claims a random free index of `list`, or marks it full and returns undefined. */
  private async claimIn(list: StatusListRecord, holder: string): Promise<number | undefined> {
    if (!this.pools.has(list.url)) {
      for (let probe = 0; probe < PROBES; probe++) {
        const index = randomIndex(list.length)
        if (await this.store.claim(list.url, index, holder)) return index
      }
      this.pools.set(list.url, shuffle(await this.store.freeIndices(list.url)))
    }
    const pool = this.pools.get(list.url) as number[]
    for (let index = pool.pop(); index !== undefined; index = pool.pop()) {
      // Another process may have claimed it since the pool was drawn: then try the next.
      if (await this.store.claim(list.url, index, holder)) return index
    }
    this.pools.delete(list.url)
    await this.store.markFull(list.url)
    return undefined
  }

  private async claimed(listUrl: string, index: number): Promise<{ list: StatusListRecord; status: number }> {
    const list = await this.store.getList(listUrl)
    const entry = list === undefined ? undefined : await this.store.entry(listUrl, index)
    if (list === undefined || entry === undefined) {
      throw statusError('UNKNOWN_STATUS_ENTRY', `no credential holds index ${index} of ${listUrl}`)
    }
    return { list, status: entry.status }
  }

  private async change(
    listUrl: string,
    index: number,
    purpose: StatusPurpose,
    status: number,
  ): Promise<void> {
    const { list, status: current } = await this.claimed(listUrl, index)
    if (list.purpose !== purpose) {
      throw statusError('WRONG_STATUS_PURPOSE', `${listUrl} is a ${list.purpose} list, not a ${purpose} list`)
    }
    if (purpose === 'revocation' && current !== 0 && status !== current) {
      throw statusError('STATUS_IS_FINAL', `index ${index} of ${listUrl} is revoked, and revocation is final`)
    }
    await this.store.setStatus(listUrl, index, status)
  }

  /** Revokes: final, there is no way back. Revoking twice is harmless. */
  revoke(listUrl: string, index: number): Promise<void> {
    return this.change(listUrl, index, 'revocation', 1)
  }

  /** Suspends (suspension lists only): `reinstate` lifts it. */
  suspend(listUrl: string, index: number): Promise<void> {
    return this.change(listUrl, index, 'suspension', 1)
  }

  /** Lifts a suspension. On a revocation list this is STATUS_IS_FINAL (when revoked) or WRONG_STATUS_PURPOSE. */
  async reinstate(listUrl: string, index: number): Promise<void> {
    const { list, status } = await this.claimed(listUrl, index)
    if (list.purpose === 'revocation' && status !== 0) {
      throw statusError('STATUS_IS_FINAL', `index ${index} of ${listUrl} is revoked, and revocation is final`)
    }
    return this.change(listUrl, index, 'suspension', 0)
  }

  /**
   * Sets any value 0 to 2^statusSize - 1 of a list (a message list's reason, say); RANGE_ERROR beyond. On a
   * revocation list a value other than 0 is final, as `revoke` is.
   */
  async setStatus(listUrl: string, index: number, status: number): Promise<void> {
    const { list } = await this.claimed(listUrl, index)
    if (!Number.isInteger(status) || status < 0 || status >= 2 ** list.statusSize) {
      throw statusError('RANGE_ERROR', `status ${status} does not fit ${list.statusSize} bits`)
    }
    return this.change(listUrl, index, list.purpose, status)
  }

  async status(listUrl: string, index: number): Promise<number> {
    return (await this.claimed(listUrl, index)).status
  }

  /** The list's current bits. */
  async bitstring(listUrl: string): Promise<Bitstring> {
    const list = await this.store.getList(listUrl)
    if (list === undefined) throw statusError('UNKNOWN_STATUS_ENTRY', `no list at ${listUrl}`)
    const bits = new Bitstring({ length: list.length, statusSize: list.statusSize })
    for (const { index, status } of await this.store.nonZeroStatuses(listUrl)) bits.set(index, status)
    return bits
  }

  /** The list credential to sign and publish at `listUrl`, with the list as it stands. */
  async listCredential(
    listUrl: string,
    options: Pick<StatusListCredentialOptions, 'validFrom' | 'validUntil' | 'ttl'> = {},
  ): Promise<JsonObject> {
    const list = await this.store.getList(listUrl)
    if (list === undefined) throw statusError('UNKNOWN_STATUS_ENTRY', `no list at ${listUrl}`)
    return buildStatusListCredential({
      ...options,
      type: list.type,
      url: list.url,
      issuer: this.issuer,
      purpose: list.purpose,
      list: await this.bitstring(listUrl),
    })
  }

  /** Every list of the store, to publish them all. */
  lists(): Promise<StatusListRecord[]> {
    return this.store.lists()
  }
}
