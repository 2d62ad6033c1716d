/**
 * The issuer's state in one SQLite file (better-sqlite3, WAL): status lists, every claimed status index,
 * and the ledger of issued credentials. `synchronous = NORMAL`: a commit survives the process being
 * killed at any moment (a power cut may lose the commits since the last checkpoint, never consistency).
 * Checkpoints come every CHECKPOINT_PAGES pages of WAL (32 MB) rather than SQLite's 1,000: a batch's
 * random index pages are copied to the database once per checkpoint, and fsynced a few times per 10,000
 * rows instead of every hundred-odd. A batch's checkpoints, and a serving file's (`sharedConnection`), are
 * done mostly on a worker thread, not inside its commits on the writer's thread (sqlite-checkpointer.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { errorCodeOf, hasErrorCode, TesseraError } from '@tessera/schema'
import type { ClaimedEntry, LedgerCredential, ListKind, StatusListRecord } from '@tessera/status'
import Database from 'better-sqlite3'
import { checkMarkable, duplicateCommunication } from '../communication-rules.js'
import { assertPrivate, createPrivateFile } from '../node/private-files.js'
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
  LedgerStanding,
  LedgerState,
  MemberRecord,
  StatusIndex,
  StoreErrorCode,
  WriteGroup,
} from '../store.js'
import { type HeldTwiceRow, heldTwiceGroups, repairHeldTwice } from './entry-repair.js'
import {
  type LedgerNoteDbRow,
  ledgerNote,
  type MemberDbRow,
  memberRecord,
  memberTables,
  memberValues,
} from './member-rows.js'
import { WalCheckpointer } from './sqlite-checkpointer.js'
import { sqliteStoreError } from './sqlite-errors.js'
import { GroupCommit } from './sqlite-group-commit.js'
import {
  type CommunicationDbRow,
  communicationRow,
  communicationsTable,
  type LedgerDbRow,
  type ListRow,
  ledgerRow,
  listRecord,
} from './store-rows.js'

/** How long a write waits for another process's transaction (SQLite's busy timeout), in ms. */
const STALL_MS = 5_000
/** SQLite's page cache, in KiB. */
const CACHE_KIB = 32 * 1024
/** WAL pages between checkpoints (SQLite's default 1,000): 32 MB with 4 KB pages. */
const CHECKPOINT_PAGES = 8_000
/** How often a batch waiting for another process's batch looks again, in ms. */
const POLL_MS = 50
/** A store nobody committed to for this long has no batch running (batches commit every 250 ms). */
const QUIET_MS = 500

export interface SqliteStoreOptions {
  /**
   * A cap on the database's size in bytes: past it a write fails as on a full disk (STORE_FULL). To keep a
   * store from filling a disk it shares. Default none.
   */
  maxBytes?: number
}

/** A database in a file (not `:memory:`, not a `file:` URI): created 0600 and refused when others can read it. */
function isPlainFile(path: string): boolean {
  return path !== '' && path !== ':memory:' && !path.startsWith('file:')
}

const SCHEMA = `
create table if not exists status_lists (
  url text primary key,
  type text not null,
  purpose text not null,
  status_size integer not null,
  length integer not null,
  status_message text,
  full integer not null default 0
);
create table if not exists status_entries (
  list_url text not null references status_lists(url),
  idx integer not null,
  holder text not null,
  status integer not null default 0,
  primary key (list_url, idx)
);
create table if not exists ledger (
  seq integer primary key,
  credential_id text not null unique,
  key text unique,
  recipient text not null,
  achievement_id text not null,
  valid_from text not null,
  valid_until text,
  valid_until_ms integer,
  state text not null,
  format text not null,
  credential text,
  issued_at text not null
);
create index if not exists ledger_valid_until on ledger(valid_until_ms);
create index if not exists ledger_recipient on ledger(recipient);
`

/** The communications log's table (see `CommunicationLog`). */
const COMMUNICATIONS_SCHEMA = communicationsTable('integer primary key')

interface StatementGuards {
  usable(): void
  failure(error: unknown): unknown
}

/**
 * A prepared statement whose every call goes through the store's guard (a full disk is STORE_FULL wherever
 * it strikes, and a broken write group runs nothing more). A class with the four calls the store makes,
 * where a Proxy made a closure and a trap call on every use (0.77 µs a statement against 1.43, issue #17).
 */
class GuardedStatement {
  constructor(
    private readonly statement: Database.Statement,
    private readonly guards: StatementGuards,
  ) {}

  run(...params: unknown[]): Database.RunResult {
    this.guards.usable()
    try {
      return this.statement.run(...params)
    } catch (error) {
      throw this.guards.failure(error)
    }
  }

  get(...params: unknown[]): unknown {
    this.guards.usable()
    try {
      return this.statement.get(...params)
    } catch (error) {
      throw this.guards.failure(error)
    }
  }

  all(...params: unknown[]): unknown[] {
    this.guards.usable()
    try {
      return this.statement.all(...params)
    } catch (error) {
      throw this.guards.failure(error)
    }
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    this.guards.usable()
    try {
      return this.statement.iterate(...params)
    } catch (error) {
      throw this.guards.failure(error)
    }
  }
}

/**
 * An open connection to a store's file and the group commit of its writes, for a store of other tables in
 * the same file (the issuing service's): see `SqliteIssuerStore.sharedConnection`.
 */
export interface SqliteConnection {
  db: Database.Database
  writes: GroupCommit
}

/** Rows a read of the ledger takes at a time. */
const LEDGER_PAGE = 512

/**
 * The statement of one page of `rows(query)` (its last value, the seq to read after, is the caller's)
 * with only the filters given: SQLite then finds a member's rows and a credential's copies through their
 * indices. A filter written `(? is null or recipient = ?)` cannot use one: each offer read the whole
 * ledger, and an offer for each of 12,000 members took minutes once the ledger outgrew the page cache.
 */
export function ledgerPage(query: LedgerQuery): { sql: string; values: string[] } {
  const filters: [column: string, value: string][] = []
  if (query.recipient !== undefined) filters.push(['recipient', query.recipient])
  if (query.state !== undefined) filters.push(['state', query.state])
  if (query.copyOf !== undefined) filters.push(['copy_of', query.copyOf])
  const where = [...filters.map(([column]) => `${column} = ?`), 'seq > ?'].join(' and ')
  return {
    sql: `select * from ledger where ${where} order by seq limit ${LEDGER_PAGE}`,
    values: filters.map(([, value]) => value),
  }
}

export class SqliteIssuerStore implements IssuerStore {
  private readonly db: Database.Database
  private readonly statements = new Map<string, GuardedStatement>()
  /** What a statement checks before it runs and makes of a failure: this store's guard, in two steps. */
  private readonly guards: StatementGuards = {
    usable: () => this.usable(),
    failure: (error) => this.failure(error),
  }
  /** Each status list's length and purpose, by URL, as read once (`listShape`). */
  private readonly shapes = new Map<string, Pick<StatusListRecord, 'length' | 'purpose'>>()
  /** A write group is open on this connection. */
  private grouping = false
  /**
   * The store failure that broke the open write group (SQLite rolls the transaction back on a full disk):
   * every statement fails with it until the group is rolled back, so nothing runs outside the transaction.
   */
  private broken: TesseraError<StoreErrorCode> | undefined
  /** Wallet copies issued by concurrent requests are committed together (`issueCopy`). */
  private copies: GroupCommit | undefined
  /**
   * The WAL checkpointer of a file that serves requests (started by `sharedConnection`), which the group
   * commits drive, and a batch on this connection too; until then, each batch has its own.
   */
  private checkpoints: WalCheckpointer | undefined

  /**
   * Opens (or creates) the store at `path` (`:memory:` for a throwaway one). A new file is made 0600 (its
   * -wal and -shm files follow); one that group or others can read is STORE_PERMISSIONS_TOO_OPEN.
   * SQLITE_BINDING_MISSING when better-sqlite3's native part is not built, STORE_IN_USE when another
   * process holds the file past the 5 s wait, STORE_CORRUPT, STORE_READ_ONLY, STORE_UNREACHABLE.
   */
  constructor(
    private readonly path: string,
    options: SqliteStoreOptions = {},
  ) {
    let db: Database.Database | undefined
    try {
      if (isPlainFile(path)) {
        createPrivateFile(path)
        assertPrivate([path, `${path}-wal`, `${path}-shm`, `${path}-journal`])
      }
      db = new Database(path, { timeout: STALL_MS })
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      // 32 MB of pages in memory (SQLite's default is 2 MB): the ledger's and the status entries' indices
      // on random credential ids stay cached through a batch of 100,000 rows instead of being read back.
      db.pragma(`cache_size = -${CACHE_KIB}`)
      db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`)
      if (options.maxBytes !== undefined) {
        const pageSize = db.pragma('page_size', { simple: true }) as number
        db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`)
      }
      db.exec(SCHEMA)
      db.exec(COMMUNICATIONS_SCHEMA)
      db.exec(memberTables('integer primary key'))
      oneEntryPerPurpose(db)
      noHolderIndex(db)
      copyOfColumn(db)
      this.db = db
    } catch (error) {
      db?.close()
      throw (
        sqliteStoreError(error, path) ??
        new TesseraError<StoreErrorCode>(
          'STORE_UNREACHABLE',
          `cannot open the store ${path}: ${(error as Error).message}`,
          { cause: error },
        )
      )
    }
  }

  /**
   * Runs `work` on the database; a failure of the disk or the file becomes its typed error (STORE_FULL,
   * ...), and breaks an open write group.
   */
  private guard<T>(work: () => T): T {
    this.usable()
    try {
      return work()
    } catch (error) {
      throw this.failure(error)
    }
  }

  /** Throws what broke the open write group, if anything did. */
  private usable(): void {
    if (this.broken !== undefined) throw this.broken
  }

  /** What to throw for `error` of the database: its typed error when it has one, which breaks a write group. */
  private failure(error: unknown): unknown {
    const failure = sqliteStoreError(error, this.path)
    if (failure === undefined) return error
    if (this.grouping) this.broken ??= failure
    return failure
  }

  async close(): Promise<void> {
    this.copies?.flush()
    // Before the connection closes: the worker's connection is closed, the auto-checkpoint given back.
    await this.checkpoints?.close()
    this.checkpoints = undefined
    this.db.close()
  }

  /** The group commit of this connection's writes outside a write group, which drives its checkpointer. */
  private groupCommit(): GroupCommit {
    this.copies ??= new GroupCommit(this.db, () => this.checkpoints?.afterCommit())
    return this.copies
  }

  /**
   * This store's connection and the group commit its `issueCopy` writes go through, for a store of other
   * tables in the same file to share (the issuing service's, issue #17): on one connection the two keep
   * one page cache (a commit on another connection makes a connection read its pages again), and the
   * writes of both that concurrent requests make share one commit. Closing this store closes it. A file's
   * WAL is checkpointed from then on by a worker thread, driven by the group commits, not inside a
   * request's commit on the event loop (`WalCheckpointer`).
   */
  sharedConnection(): SqliteConnection {
    if (isPlainFile(this.path)) this.checkpoints ??= new WalCheckpointer(this.db, this.path, CHECKPOINT_PAGES)
    return { db: this.db, writes: this.groupCommit() }
  }

  async writeGroup(): Promise<WriteGroup> {
    // Copies queued for a group commit are committed before the batch's transaction opens.
    this.copies?.flush()
    await this.begin()
    this.grouping = true
    // A file's batch checkpoints on a worker thread, not inside its commits: with the connection's own
    // checkpointer when it has one (never two at once on a connection), else one of the batch's.
    const own = this.checkpoints === undefined && isPlainFile(this.path)
    const checkpoints = own ? new WalCheckpointer(this.db, this.path, CHECKPOINT_PAGES) : this.checkpoints
    const commit = () =>
      this.guard(() => {
        // An error no code maps may still have rolled SQLite's transaction back: never commit half.
        if (!this.db.inTransaction)
          throw new TesseraError<StoreErrorCode>(
            'STORE_IO_ERROR',
            `the store ${this.path} dropped its transaction after an error: run again`,
          )
        this.db.exec('commit')
      })
    const end = async () => {
      if (own) await checkpoints?.close()
      this.grouping = false
      this.broken = undefined
      // A list made in a group that was rolled back is gone: its shape is read again if it is named.
      this.shapes.clear()
    }
    return {
      commit: async () => {
        commit()
        checkpoints?.afterCommit()
        // At once, so that no statement of the batch runs outside a transaction (the 5 s busy wait if a
        // single write of another process came in between). What was just committed stays so; when the
        // next transaction cannot start, the group is broken and the next statement says why.
        try {
          this.guard(() => this.db.exec('begin immediate'))
        } catch {}
      },
      close: async () => {
        try {
          commit()
        } finally {
          if (this.db.inTransaction) this.db.exec('rollback')
          await end()
        }
      },
      rollback: async () => {
        if (this.db.inTransaction) this.db.exec('rollback')
        await end()
      },
    }
  }

  /**
   * Starts a batch's write transaction. While another process's batch holds the store (it commits every
   * quarter second), this waits for it to end, however long it runs: SQLite has no queue, so the waiting
   * side tries only once the store has been quiet for QUIET_MS, never in the instant between two of the
   * other batch's transactions (which would leave that batch waiting instead). A holder that commits
   * nothing for STALL_MS (stuck, or idle in a transaction) makes it STORE_IN_USE.
   */
  private async begin(): Promise<void> {
    const version = () => this.guard(() => this.db.pragma('data_version', { simple: true }))
    const attempt = () => {
      try {
        this.guard(() => this.db.exec('begin immediate'))
        return true
      } catch (error) {
        if (errorCodeOf(error) !== 'STORE_IN_USE') throw error
        return false
      }
    }
    this.db.pragma('busy_timeout = 0')
    try {
      let seen = version()
      let changed = Date.now()
      for (let first = true; ; first = false) {
        if ((first || Date.now() - changed >= QUIET_MS) && attempt()) return
        if (Date.now() - changed > STALL_MS) {
          // Nothing committed for STALL_MS: the holder is stuck, or idle in a transaction. STORE_IN_USE,
          // unless it let go just now.
          this.guard(() => this.db.exec('begin immediate'))
          return
        }
        await sleep(POLL_MS)
        const now = version()
        if (now !== seen) {
          seen = now
          changed = Date.now()
        }
      }
    } finally {
      this.db.pragma(`busy_timeout = ${STALL_MS}`)
    }
  }

  /** A prepared statement, prepared once. */
  private sql(text: string): GuardedStatement {
    let statement = this.statements.get(text)
    if (statement === undefined) {
      const prepared = this.guard(() => this.db.prepare(text))
      statement = new GuardedStatement(prepared, this.guards)
      this.statements.set(text, statement)
    }
    return statement
  }

  // --- Status lists (the @tessera/status storage contract)

  async openList(kind: ListKind): Promise<StatusListRecord | undefined> {
    const row = this.sql(
      'select * from status_lists where type = ? and purpose = ? and status_size = ? and full = 0 order by rowid limit 1',
    ).get(kind.type, kind.purpose, kind.statusSize) as ListRow | undefined
    return row === undefined ? undefined : listRecord(row)
  }

  async getList(url: string): Promise<StatusListRecord | undefined> {
    const row = this.sql('select * from status_lists where url = ?').get(url) as ListRow | undefined
    return row === undefined ? undefined : listRecord(row)
  }

  /**
   * A list's length and purpose, which never change once it is made: read once per list, not for every
   * index claimed in it.
   */
  private async listShape(url: string): Promise<Pick<StatusListRecord, 'length' | 'purpose'> | undefined> {
    const known = this.shapes.get(url)
    if (known !== undefined) return known
    const list = await this.getList(url)
    if (list !== undefined) this.shapes.set(url, { length: list.length, purpose: list.purpose })
    return list
  }

  async lists(): Promise<StatusListRecord[]> {
    return (this.sql('select * from status_lists order by rowid').all() as ListRow[]).map(listRecord)
  }

  async createList(record: StatusListRecord): Promise<boolean> {
    const result = this.sql(
      'insert or ignore into status_lists (url, type, purpose, status_size, length, status_message, full) values (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      record.url,
      record.type,
      record.purpose,
      record.statusSize,
      record.length,
      record.statusMessage === undefined ? null : JSON.stringify(record.statusMessage),
      record.full ? 1 : 0,
    )
    return result.changes === 1
  }

  async markFull(url: string): Promise<void> {
    this.sql('update status_lists set full = 1 where url = ?').run(url)
  }

  async claim(url: string, index: number, holder: string): Promise<boolean> {
    const list = await this.listShape(url)
    if (list === undefined || !Number.isInteger(index) || index < 0 || index >= list.length) return false
    try {
      return (
        this.sql(
          'insert into status_entries (list_url, idx, holder, purpose) values (?, ?, ?, ?) on conflict (list_url, idx) do nothing',
        ).run(url, index, holder, list.purpose).changes === 1
      )
    } catch (error) {
      if (errorCodeOf(error) !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
      throw new TesseraError<StoreErrorCode>(
        'STATUS_ENTRY_HELD',
        `${holder} holds a ${list.purpose} entry already: a credential holds one per purpose`,
      )
    }
  }

  async freeIndices(url: string): Promise<number[]> {
    const list = await this.getList(url)
    if (list === undefined) return []
    const taken = new Uint8Array(list.length)
    for (const { idx } of this.sql('select idx from status_entries where list_url = ?').iterate(
      url,
    ) as Iterable<{ idx: number }>) {
      taken[idx] = 1
    }
    const free: number[] = []
    for (let i = 0; i < list.length; i++) if (taken[i] === 0) free.push(i)
    return free
  }

  async entry(url: string, index: number): Promise<ClaimedEntry | undefined> {
    const row = this.sql('select holder, status from status_entries where list_url = ? and idx = ?').get(
      url,
      index,
    ) as ClaimedEntry | undefined
    return row === undefined ? undefined : { holder: row.holder, status: row.status }
  }

  async setStatus(url: string, index: number, status: number): Promise<void> {
    this.sql('update status_entries set status = ? where list_url = ? and idx = ?').run(status, url, index)
  }

  async nonZeroStatuses(url: string): Promise<{ index: number; status: number }[]> {
    return this.sql(
      'select idx as "index", status from status_entries where list_url = ? and status != 0',
    ).all(url) as {
      index: number
      status: number
    }[]
  }

  async entriesOf(credentialId: string): Promise<HeldEntry[]> {
    return this.sql(
      'select e.list_url as url, e.idx as "index", l.purpose as purpose, e.status as status from status_entries e join status_lists l on l.url = e.list_url where e.holder = ?',
    ).all(credentialId) as HeldEntry[]
  }

  // --- Communications (the CommunicationLog contract)

  async addCommunications(messageId: string, keys: readonly CommunicationKey[], at: string): Promise<void> {
    const used = this.sql('select 1 from communications where message_id = ? limit 1')
    const insert = this.sql(
      "insert into communications (kind, recipient, subject, step, message_id, state, created_at, updated_at) values (?, ?, ?, ?, ?, 'pending', ?, ?)",
    )
    try {
      this.db
        .transaction(() => {
          if (used.get(messageId) !== undefined) throw duplicateCommunication(messageId)
          for (const key of keys)
            insert.run(key.kind, key.recipient, key.subject, key.step, messageId, at, at)
        })
        .immediate()
    } catch (error) {
      if (errorCodeOf(error) === 'SQLITE_CONSTRAINT_UNIQUE') throw duplicateCommunication(messageId)
      throw error
    }
  }

  async markCommunications(messageId: string, outcome: CommunicationOutcome): Promise<void> {
    const states = this.sql('select state from communications where message_id = ?')
    const update = this.sql(
      "update communications set state = ?, updated_at = ?, sent_at = ?, attempts = attempts + ?, detail = ? where message_id = ? and state in ('pending', 'failed')",
    )
    this.db
      .transaction(() => {
        const found = (states.all(messageId) as { state: CommunicationRow['state'] }[]).map((r) => r.state)
        checkMarkable(messageId, found)
        update.run(
          outcome.state,
          outcome.at,
          outcome.state === 'sent' ? outcome.at : null,
          outcome.state === 'cancelled' ? 0 : 1,
          outcome.detail ?? null,
          messageId,
        )
      })
      .immediate()
  }

  async *communications(query: CommunicationQuery = {}): AsyncIterable<CommunicationRow> {
    const page = this.sql(
      'select * from communications where seq > ? and (? is null or recipient = ?) and (? is null or kind = ?) and (? is null or state = ?) and (? is null or message_id = ?) order by seq limit 512',
    )
    const filters = [query.recipient, query.kind, query.state, query.messageId].flatMap((value) => [
      value ?? null,
      value ?? null,
    ])
    for (let after = 0; ; ) {
      const rows = page.all(after, ...filters) as (CommunicationDbRow & { seq: number })[]
      for (const row of rows) yield communicationRow(row)
      if (rows.length < 512) return
      after = (rows.at(-1) as { seq: number }).seq
    }
  }

  // --- Members and ledger notes (the MemberDirectory contract)

  async putMember(member: MemberRecord): Promise<void> {
    this.sql(
      'insert into members (member_id, email, name, language, reminders, updated_at) values (?, ?, ?, ?, ?, ?) on conflict (member_id) do update set email = excluded.email, name = excluded.name, language = excluded.language, reminders = excluded.reminders, updated_at = excluded.updated_at',
    ).run(...memberValues(member))
  }

  async member(memberId: string): Promise<MemberRecord | undefined> {
    const row = this.sql('select * from members where member_id = ?').get(memberId) as MemberDbRow | undefined
    return row === undefined ? undefined : memberRecord(row)
  }

  async addLedgerNote(note: LedgerNote): Promise<void> {
    this.sql('insert into ledger_notes (credential_id, action, reason, at) values (?, ?, ?, ?)').run(
      note.credentialId,
      note.action,
      note.reason,
      note.at,
    )
  }

  async ledgerNotes(credentialId: string): Promise<LedgerNote[]> {
    const rows = this.sql('select * from ledger_notes where credential_id = ? order by seq').all(
      credentialId,
    ) as LedgerNoteDbRow[]
    return rows.map(ledgerNote)
  }

  // --- The ledger

  async addRow(row: LedgerRow): Promise<void> {
    this.insertRow(row)
  }

  async issueCopy(row: LedgerRow, entries: readonly StatusIndex[]): Promise<boolean> {
    const shapes: Pick<StatusListRecord, 'length' | 'purpose'>[] = []
    for (const { url, index } of entries) {
      const shape = await this.listShape(url)
      if (shape === undefined || !Number.isInteger(index) || index < 0 || index >= shape.length) return false
      shapes.push(shape)
    }
    const claim = this.sql(
      'insert into status_entries (list_url, idx, holder, purpose) values (?, ?, ?, ?) on conflict (list_url, idx) do nothing',
    )
    const taken = new Error('an index is taken')
    const write = () => {
      this.insertRow(row)
      entries.forEach(({ url, index }, i) => {
        const purpose = shapes[i]?.purpose ?? 'revocation'
        try {
          if (claim.run(url, index, row.credentialId, purpose).changes !== 1) throw taken
        } catch (error) {
          if (errorCodeOf(error) !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
          throw new TesseraError<StoreErrorCode>(
            'STATUS_ENTRY_HELD',
            `${row.credentialId} would hold two ${purpose} entries: a credential holds one per purpose`,
          )
        }
      })
    }
    try {
      // One transaction (a savepoint inside a write group): the row and its indices, or nothing. Outside a
      // write group, copies that concurrent requests issue share one commit, each in its own savepoint.
      if (this.grouping) this.db.transaction(write).immediate()
      else {
        await this.groupCommit().run(write)
      }
      return true
    } catch (error) {
      if (error === taken) return false
      throw sqliteStoreError(error, this.path) ?? error
    }
  }

  private insertRow(row: LedgerRow): void {
    try {
      this.sql(
        'insert into ledger (credential_id, key, recipient, achievement_id, valid_from, valid_until, valid_until_ms, state, format, credential, issued_at, copy_of) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        row.credentialId,
        row.key ?? null,
        row.recipient,
        row.achievementId,
        row.validFrom,
        row.validUntil ?? null,
        row.validUntil === undefined ? null : Date.parse(row.validUntil),
        row.state,
        row.format,
        row.credential ?? null,
        row.issuedAt,
        row.copyOf ?? null,
      )
    } catch (error) {
      if (hasErrorCode(error, 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY')) {
        throw new TesseraError<StoreErrorCode>(
          'DUPLICATE_CREDENTIAL',
          `credential ${row.credentialId} (key ${row.key ?? '-'}) is in the ledger already`,
        )
      }
      throw error
    }
  }

  async completeRow(credentialId: string, credential: string, format: LedgerRow['format']): Promise<void> {
    const changed = this.sql(
      "update ledger set state = 'active', credential = ?, format = ? where credential_id = ? and state = 'pending'",
    ).run(credential, format, credentialId)
    if (changed.changes !== 1)
      throw new TesseraError<StoreErrorCode>('UNKNOWN_CREDENTIAL', `no pending credential ${credentialId}`)
  }

  async setState(credentialId: string, state: LedgerState): Promise<void> {
    const changed = this.sql('update ledger set state = ? where credential_id = ?').run(state, credentialId)
    if (changed.changes !== 1)
      throw new TesseraError<StoreErrorCode>(
        'UNKNOWN_CREDENTIAL',
        `no credential ${credentialId} in the ledger`,
      )
  }

  async row(credentialId: string): Promise<LedgerRow | undefined> {
    const row = this.sql('select * from ledger where credential_id = ?').get(credentialId) as
      | LedgerDbRow
      | undefined
    return row === undefined ? undefined : ledgerRow(row)
  }

  async standingOf(credentialId: string): Promise<LedgerStanding | undefined> {
    const row = this.sql(
      'select state, key, valid_until, credential is not null as signed from ledger where credential_id = ?',
    ).get(credentialId) as
      | { state: LedgerState; key: string | null; valid_until: string | null; signed: number }
      | undefined
    if (row === undefined) return undefined
    return {
      state: row.state,
      ...(row.key === null ? {} : { key: row.key }),
      ...(row.valid_until === null ? {} : { validUntil: row.valid_until }),
      signed: row.signed === 1,
    }
  }

  async rowByKey(key: string): Promise<LedgerRow | undefined> {
    const row = this.sql('select * from ledger where key = ?').get(key) as LedgerDbRow | undefined
    return row === undefined ? undefined : ledgerRow(row)
  }

  async *rows(query: LedgerQuery = {}): AsyncIterable<LedgerRow> {
    const { sql, values } = ledgerPage(query)
    const page = this.sql(sql)
    for (let after = 0; ; ) {
      const rows = page.all(...values, after) as (LedgerDbRow & { seq: number })[]
      for (const row of rows) yield ledgerRow(row)
      if (rows.length < LEDGER_PAGE) return
      after = (rows.at(-1) as { seq: number }).seq
    }
  }

  async validUntilBetween(from: Date, to: Date): Promise<LedgerCredential[]> {
    const rows = this.sql(
      "select * from ledger where valid_until_ms >= ? and valid_until_ms < ? and state != 'pending'",
    ).all(from.getTime(), to.getTime()) as LedgerDbRow[]
    return rows.map((r) => ({
      credentialId: r.credential_id,
      recipient: r.recipient,
      achievementId: r.achievement_id,
      validUntil: r.valid_until as string,
      state: r.state === 'pending' ? 'active' : r.state,
    }))
  }
}

/**
 * Each credential holds at most one status entry per purpose: a unique key on (holder, purpose). A store
 * made before it gets the column, and any credential holding two is repaired first (entry-repair.ts).
 * In one immediate transaction, so that two processes opening an old store migrate it once.
 */
function oneEntryPerPurpose(db: Database.Database): void {
  const done = () =>
    db
      .prepare("select 1 from sqlite_master where type = 'index' and name = 'status_entries_holder_purpose'")
      .get() !== undefined
  if (done()) return
  db.transaction(() => {
    if (done()) return
    const columns = db.prepare('pragma table_info(status_entries)').all() as { name: string }[]
    if (!columns.some((c) => c.name === 'purpose'))
      db.exec('alter table status_entries add column purpose text')
    db.exec(
      'update status_entries set purpose = (select purpose from status_lists l where l.url = status_entries.list_url) where purpose is null',
    )
    const twice = db
      .prepare(
        'select e.holder, e.purpose, e.list_url as url, e.idx as "index", e.status, l.credential from status_entries e left join ledger l on l.credential_id = e.holder where (e.holder, e.purpose) in (select holder, purpose from status_entries group by holder, purpose having count(*) > 1) order by e.holder, e.purpose, e.rowid',
      )
      .all() as HeldTwiceRow[]
    const setStatus = db.prepare('update status_entries set status = ? where list_url = ? and idx = ?')
    const setAside = db.prepare(
      'update status_entries set holder = ?, status = 0 where list_url = ? and idx = ?',
    )
    for (const group of heldTwiceGroups(twice)) {
      const { keep, setAside: others } = repairHeldTwice(group)
      for (const other of others) setAside.run(other.holder, other.url, other.index)
      setStatus.run(keep.status, keep.url, keep.index)
    }
    db.exec('create unique index status_entries_holder_purpose on status_entries(holder, purpose)')
  }).immediate()
}

/**
 * Stores made before the unique (holder, purpose) index had an index on `holder` alone, which that one's
 * first column serves as well: every claimed index wrote to both (a random place in each, credential ids
 * being random). Dropped once, when found: a store that has none is not written to.
 */
function noHolderIndex(db: Database.Database): void {
  const found = () =>
    db
      .prepare("select 1 from sqlite_master where type = 'index' and name = 'status_entries_holder'")
      .get() !== undefined
  if (found()) db.exec('drop index if exists status_entries_holder')
}

/** The ledger's `copy_of` column (a wallet copy's original), added to a store made before it. */
function copyOfColumn(db: Database.Database): void {
  const columns = db.prepare('pragma table_info(ledger)').all() as { name: string }[]
  if (columns.some((c) => c.name === 'copy_of')) return
  db.transaction(() => {
    const again = db.prepare('pragma table_info(ledger)').all() as { name: string }[]
    if (!again.some((c) => c.name === 'copy_of')) db.exec('alter table ledger add column copy_of text')
    db.exec('create index if not exists ledger_copy_of on ledger(copy_of)')
  }).immediate()
}
