/**
 * The issuer's store in memory: the whole `IssuerStore` contract (status lists and claimed indices, the
 * ledger, the communications log) with the same refusals as the database stores, for tests, previews and
 * issuers whose state lives elsewhere. Nothing survives the process; one process only.
 */
import type { ClaimedEntry, LedgerCredential, ListKind, StatusListRecord } from '@tessera/status'
import { checkMarkable, duplicateCommunication } from './communication-rules.js'
import { issuerError } from './errors.js'
import type {
  CommunicationKey,
  CommunicationOutcome,
  CommunicationQuery,
  CommunicationRow,
  HeldEntry,
  IssuerStore,
  LedgerNote,
  LedgerQuery,
  LedgerRow,
  LedgerState,
  MemberRecord,
  StatusIndex,
} from './store.js'

interface MemoryList {
  record: StatusListRecord
  entries: Map<number, ClaimedEntry>
}

const keyOf = (key: CommunicationKey) => JSON.stringify([key.kind, key.recipient, key.subject, key.step])

export class MemoryIssuerStore implements IssuerStore {
  private readonly statusLists = new Map<string, MemoryList>()
  /** `holder purpose` → the entry it holds: one per purpose, as the databases' unique key has it. */
  private readonly held = new Map<string, { url: string; index: number }>()
  /** The ledger in issuing order (a Map keeps insertion order). */
  private readonly ledger = new Map<string, LedgerRow>()
  private readonly byKey = new Map<string, string>()
  private readonly messages: CommunicationRow[] = []
  private readonly communicationKeys = new Set<string>()
  private readonly members = new Map<string, MemberRecord>()
  private readonly notes: LedgerNote[] = []

  // --- Status lists (the @tessera/status storage contract)

  async openList(kind: ListKind): Promise<StatusListRecord | undefined> {
    for (const { record } of this.statusLists.values()) {
      const same =
        record.type === kind.type && record.purpose === kind.purpose && record.statusSize === kind.statusSize
      if (same && !record.full) return structuredClone(record)
    }
    return undefined
  }

  async getList(url: string): Promise<StatusListRecord | undefined> {
    const list = this.statusLists.get(url)
    return list === undefined ? undefined : structuredClone(list.record)
  }

  async lists(): Promise<StatusListRecord[]> {
    return [...this.statusLists.values()].map(({ record }) => structuredClone(record))
  }

  async createList(record: StatusListRecord): Promise<boolean> {
    if (this.statusLists.has(record.url)) return false
    this.statusLists.set(record.url, { record: structuredClone(record), entries: new Map() })
    return true
  }

  async markFull(url: string): Promise<void> {
    const list = this.statusLists.get(url)
    if (list !== undefined) list.record.full = true
  }

  async claim(url: string, index: number, holder: string): Promise<boolean> {
    const list = this.statusLists.get(url)
    if (list === undefined || !Number.isInteger(index) || index < 0 || index >= list.record.length)
      return false
    if (list.entries.has(index)) return false
    const purpose = `${holder} ${list.record.purpose}`
    if (this.held.has(purpose))
      throw issuerError(
        'STATUS_ENTRY_HELD',
        `${holder} holds a ${list.record.purpose} entry already: a credential holds one per purpose`,
      )
    list.entries.set(index, { holder, status: 0 })
    this.held.set(purpose, { url, index })
    return true
  }

  async freeIndices(url: string): Promise<number[]> {
    const list = this.statusLists.get(url)
    if (list === undefined) return []
    const free: number[] = []
    for (let i = 0; i < list.record.length; i++) if (!list.entries.has(i)) free.push(i)
    return free
  }

  async entry(url: string, index: number): Promise<ClaimedEntry | undefined> {
    const entry = this.statusLists.get(url)?.entries.get(index)
    return entry === undefined ? undefined : { ...entry }
  }

  async setStatus(url: string, index: number, status: number): Promise<void> {
    const entry = this.statusLists.get(url)?.entries.get(index)
    if (entry !== undefined) entry.status = status
  }

  async nonZeroStatuses(url: string): Promise<{ index: number; status: number }[]> {
    const list = this.statusLists.get(url)
    if (list === undefined) return []
    return [...list.entries]
      .filter(([, e]) => e.status !== 0)
      .map(([index, e]) => ({ index, status: e.status }))
  }

  async entriesOf(credentialId: string): Promise<HeldEntry[]> {
    const entries: HeldEntry[] = []
    for (const { record, entries: claimed } of this.statusLists.values()) {
      const at = this.held.get(`${credentialId} ${record.purpose}`)
      const entry = at?.url === record.url ? claimed.get(at.index) : undefined
      if (at !== undefined && entry !== undefined)
        entries.push({ url: record.url, index: at.index, purpose: record.purpose, status: entry.status })
    }
    return entries
  }

  // --- The ledger

  async addRow(row: LedgerRow): Promise<void> {
    if (this.ledger.has(row.credentialId) || (row.key !== undefined && this.byKey.has(row.key)))
      throw issuerError(
        'DUPLICATE_CREDENTIAL',
        `credential ${row.credentialId} (key ${row.key ?? '-'}) is in the ledger already`,
      )
    this.ledger.set(row.credentialId, { ...row })
    if (row.key !== undefined) this.byKey.set(row.key, row.credentialId)
  }

  async issueCopy(row: LedgerRow, entries: readonly StatusIndex[]): Promise<boolean> {
    if (this.ledger.has(row.credentialId) || (row.key !== undefined && this.byKey.has(row.key)))
      throw issuerError(
        'DUPLICATE_CREDENTIAL',
        `credential ${row.credentialId} (key ${row.key ?? '-'}) is in the ledger already`,
      )
    // Everything is checked before anything is written: all or nothing, as in a transaction.
    const purposes = new Set<string>()
    for (const { url, index } of entries) {
      const list = this.statusLists.get(url)
      if (list === undefined || !Number.isInteger(index) || index < 0 || index >= list.record.length)
        return false
      if (list.entries.has(index)) return false
      if (purposes.has(list.record.purpose))
        throw issuerError(
          'STATUS_ENTRY_HELD',
          `${row.credentialId} would hold two ${list.record.purpose} entries: a credential holds one per purpose`,
        )
      purposes.add(list.record.purpose)
    }
    await this.addRow(row)
    for (const { url, index } of entries) await this.claim(url, index, row.credentialId)
    return true
  }

  async completeRow(credentialId: string, credential: string, format: LedgerRow['format']): Promise<void> {
    const row = this.ledger.get(credentialId)
    if (row?.state !== 'pending')
      throw issuerError('UNKNOWN_CREDENTIAL', `no pending credential ${credentialId}`)
    Object.assign(row, { state: 'active', credential, format })
  }

  async setState(credentialId: string, state: LedgerState): Promise<void> {
    const row = this.ledger.get(credentialId)
    if (row === undefined)
      throw issuerError('UNKNOWN_CREDENTIAL', `no credential ${credentialId} in the ledger`)
    row.state = state
  }

  async row(credentialId: string): Promise<LedgerRow | undefined> {
    const row = this.ledger.get(credentialId)
    return row === undefined ? undefined : { ...row }
  }

  async rowByKey(key: string): Promise<LedgerRow | undefined> {
    const id = this.byKey.get(key)
    return id === undefined ? undefined : this.row(id)
  }

  async *rows(query: LedgerQuery = {}): AsyncIterable<LedgerRow> {
    for (const row of this.ledger.values()) {
      if (query.recipient !== undefined && row.recipient !== query.recipient) continue
      if (query.state !== undefined && row.state !== query.state) continue
      if (query.copyOf !== undefined && row.copyOf !== query.copyOf) continue
      yield { ...row }
    }
  }

  async validUntilBetween(from: Date, to: Date): Promise<LedgerCredential[]> {
    const found: LedgerCredential[] = []
    for (const row of this.ledger.values()) {
      if (row.validUntil === undefined || row.state === 'pending') continue
      const at = Date.parse(row.validUntil)
      if (at < from.getTime() || at >= to.getTime()) continue
      found.push({
        credentialId: row.credentialId,
        recipient: row.recipient,
        achievementId: row.achievementId,
        validUntil: row.validUntil,
        state: row.state,
      })
    }
    return found
  }

  // --- Communications (the CommunicationLog contract)

  async addCommunications(messageId: string, keys: readonly CommunicationKey[], at: string): Promise<void> {
    const added = keys.map(keyOf)
    if (
      this.messages.some((m) => m.messageId === messageId) ||
      added.some((k) => this.communicationKeys.has(k)) ||
      new Set(added).size !== added.length
    )
      throw duplicateCommunication(messageId)
    for (const [i, key] of keys.entries()) {
      this.communicationKeys.add(added[i] as string)
      this.messages.push({
        kind: key.kind,
        recipient: key.recipient,
        subject: key.subject,
        step: key.step,
        messageId,
        state: 'pending',
        createdAt: at,
        updatedAt: at,
        attempts: 0,
      })
    }
  }

  async markCommunications(messageId: string, outcome: CommunicationOutcome): Promise<void> {
    const rows = this.messages.filter((m) => m.messageId === messageId)
    checkMarkable(
      messageId,
      rows.map((r) => r.state),
    )
    for (const row of rows) {
      if (row.state !== 'pending' && row.state !== 'failed') continue
      row.state = outcome.state
      row.updatedAt = outcome.at
      if (outcome.state === 'sent') row.sentAt = outcome.at
      else delete row.sentAt
      if (outcome.state !== 'cancelled') row.attempts++
      if (outcome.detail === undefined) delete row.detail
      else row.detail = outcome.detail
    }
  }

  async *communications(query: CommunicationQuery = {}): AsyncIterable<CommunicationRow> {
    for (const row of this.messages) {
      if (query.recipient !== undefined && row.recipient !== query.recipient) continue
      if (query.kind !== undefined && row.kind !== query.kind) continue
      if (query.state !== undefined && row.state !== query.state) continue
      if (query.messageId !== undefined && row.messageId !== query.messageId) continue
      yield { ...row }
    }
  }

  // --- Members and ledger notes (the MemberDirectory contract)

  async putMember(member: MemberRecord): Promise<void> {
    this.members.set(member.memberId, { ...member })
  }

  async member(memberId: string): Promise<MemberRecord | undefined> {
    const member = this.members.get(memberId)
    return member === undefined ? undefined : { ...member }
  }

  async addLedgerNote(note: LedgerNote): Promise<void> {
    this.notes.push({ ...note })
  }

  async ledgerNotes(credentialId: string): Promise<LedgerNote[]> {
    return this.notes.filter((n) => n.credentialId === credentialId).map((n) => ({ ...n }))
  }

  async close(): Promise<void> {}
}
