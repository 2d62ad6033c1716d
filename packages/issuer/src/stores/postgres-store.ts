/**
 * The issuer's state in PostgreSQL (node-postgres, a pool): the same tables and semantics as the SQLite
 * store, for several issuer processes on one state. Every write is one statement, and the unique keys
 * (list + index, credential id, batch key) make `claim` and `addRow` atomic across processes.
 */
import { errorCodeOf, TesseraError } from '@tessera/schema'
import type { ClaimedEntry, LedgerCredential, ListKind, StatusListRecord } from '@tessera/status'
import type pg from 'pg'
import { checkMarkable, duplicateCommunication } from '../communication-rules.js'
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
  StoreErrorCode,
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
import {
  openPostgresPool,
  type PostgresPoolOptions,
  type PostgresTarget,
  postgresFailure,
  postgresTarget,
} from './postgres-pool.js'
import {
  type CommunicationDbRow,
  communicationRow,
  communicationsTable,
  type LedgerDbRow,
  type ListRow,
  ledgerRow,
  listRecord,
} from './store-rows.js'

/** A schema of the store's own (`schema`), the pool's size (`max`, default 10) and `connectTimeoutMs` (default 10,000). */
export type PostgresStoreOptions = Pick<PostgresPoolOptions, 'schema' | 'max' | 'connectTimeoutMs'>

const TABLES = `
create table if not exists status_lists (
  seq bigserial not null unique,
  url text primary key,
  type text not null,
  purpose text not null,
  status_size integer not null,
  length integer not null,
  status_message text,
  "full" boolean not null default false
);
create table if not exists status_entries (
  list_url text not null references status_lists(url),
  idx integer not null,
  holder text not null,
  status integer not null default 0,
  primary key (list_url, idx)
);
create index if not exists status_entries_holder on status_entries(holder);
create table if not exists ledger (
  seq bigserial primary key,
  credential_id text not null unique,
  key text unique,
  recipient text not null,
  achievement_id text not null,
  valid_from text not null,
  valid_until text,
  valid_until_ms bigint,
  state text not null,
  format text not null,
  credential text,
  issued_at text not null
);
create index if not exists ledger_valid_until on ledger(valid_until_ms);
create index if not exists ledger_recipient on ledger(recipient);
`

/** The communications log's table (see `CommunicationLog`). */
const COMMUNICATIONS_TABLES = communicationsTable('bigserial primary key')

/** Serialises table creation between processes opening a new database at the same moment. */
const MIGRATION_LOCK = 0x7e55e7a
/** Ledger rows read per query by `rows()`. */
const PAGE = 512
/** The largest index an `integer` column holds. */
const MAX_INDEX = 2 ** 31 - 1

/** A ledger row as the values $1 to $12 of an insert into the ledger. */
function ledgerValues(row: LedgerRow): unknown[] {
  const until = row.validUntil === undefined ? Number.NaN : Date.parse(row.validUntil)
  return [
    row.credentialId,
    row.key ?? null,
    row.recipient,
    row.achievementId,
    row.validFrom,
    row.validUntil ?? null,
    Number.isFinite(until) ? until : null,
    row.state,
    row.format,
    row.credential ?? null,
    row.issuedAt,
    row.copyOf ?? null,
  ]
}

export class PostgresIssuerStore implements IssuerStore {
  private closed = false
  /** Names of prepared statements, by text: each connection parses a statement once. */
  private readonly names = new Map<string, string>()

  private constructor(
    private readonly pool: pg.Pool,
    private readonly target: PostgresTarget,
  ) {}

  /**
   * Connects to `connectionString` (`postgres://user:password@host:port/db`) and creates the tables when
   * missing. STORE_UNREACHABLE when the server cannot be reached or refuses the login; the password
   * never appears in the error (see `openPostgresPool`).
   */
  static async open(
    connectionString: string,
    options: PostgresStoreOptions = {},
  ): Promise<PostgresIssuerStore> {
    const pool = await openPostgresPool(connectionString, {
      what: "the issuer's tables",
      migrationLock: MIGRATION_LOCK,
      tables: async (client) => {
        await client.query(TABLES)
        await client.query(COMMUNICATIONS_TABLES)
        await client.query(memberTables('bigserial primary key'))
        await oneEntryPerPurpose(client)
        // A wallet copy's original (see LedgerRow.copyOf), on a schema made before it.
        await client.query(
          'alter table ledger add column if not exists copy_of text; create index if not exists ledger_copy_of on ledger(copy_of)',
        )
      },
      ...options,
    })
    return new PostgresIssuerStore(pool, postgresTarget(connectionString))
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }

  /** A connection failure, a full disk, a read-only server as the house's codes (postgres-pool.ts); anything else as it is. */
  private mapped(error: unknown): unknown {
    return postgresFailure(this.target, error) ?? error
  }

  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    let name = this.names.get(text)
    if (name === undefined) {
      name = `tessera_${this.names.size + 1}`
      this.names.set(text, name)
    }
    try {
      return await this.pool.query<R>({ name, text, values })
    } catch (error) {
      throw this.mapped(error)
    }
  }

  // --- Status lists (the @tessera/status storage contract)

  async openList(kind: ListKind): Promise<StatusListRecord | undefined> {
    const { rows } = await this.query<ListRow>(
      'select * from status_lists where type = $1 and purpose = $2 and status_size = $3 and not "full" order by seq limit 1',
      [kind.type, kind.purpose, kind.statusSize],
    )
    return rows[0] === undefined ? undefined : listRecord(rows[0])
  }

  async getList(url: string): Promise<StatusListRecord | undefined> {
    const { rows } = await this.query<ListRow>('select * from status_lists where url = $1', [url])
    return rows[0] === undefined ? undefined : listRecord(rows[0])
  }

  async lists(): Promise<StatusListRecord[]> {
    return (await this.query<ListRow>('select * from status_lists order by seq')).rows.map(listRecord)
  }

  async createList(record: StatusListRecord): Promise<boolean> {
    const { rowCount } = await this.query(
      'insert into status_lists (url, type, purpose, status_size, length, status_message, "full") values ($1, $2, $3, $4, $5, $6, $7) on conflict (url) do nothing',
      [
        record.url,
        record.type,
        record.purpose,
        record.statusSize,
        record.length,
        record.statusMessage === undefined ? null : JSON.stringify(record.statusMessage),
        record.full,
      ],
    )
    return rowCount === 1
  }

  async markFull(url: string): Promise<void> {
    await this.query('update status_lists set "full" = true where url = $1', [url])
  }

  async claim(url: string, index: number, holder: string): Promise<boolean> {
    if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) return false
    // One statement: the list must exist and hold the index, the primary key refuses a second holder, and
    // the unique (holder, purpose) a second entry of one purpose for the holder.
    try {
      const { rowCount } = await this.query(
        'insert into status_entries (list_url, idx, holder, purpose) select url, $2::integer, $3::text, purpose from status_lists where url = $1::text and $2::integer < length on conflict (list_url, idx) do nothing',
        [url, index, holder],
      )
      return rowCount === 1
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== 'status_entries_holder_purpose') throw error
      throw new TesseraError<StoreErrorCode>(
        'STATUS_ENTRY_HELD',
        `${holder} holds an entry of the purpose of ${url} already: a credential holds one per purpose`,
      )
    }
  }

  async freeIndices(url: string): Promise<number[]> {
    const { rows } = await this.query<{ i: number }>(
      'select g.i from status_lists l cross join generate_series(0, l.length - 1) as g(i) where l.url = $1 and not exists (select 1 from status_entries e where e.list_url = $1 and e.idx = g.i)',
      [url],
    )
    return rows.map((r) => r.i)
  }

  async entry(url: string, index: number): Promise<ClaimedEntry | undefined> {
    if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) return undefined
    const { rows } = await this.query<ClaimedEntry>(
      'select holder, status from status_entries where list_url = $1 and idx = $2',
      [url, index],
    )
    return rows[0] === undefined ? undefined : { holder: rows[0].holder, status: rows[0].status }
  }

  async setStatus(url: string, index: number, status: number): Promise<void> {
    if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX) return
    await this.query('update status_entries set status = $1 where list_url = $2 and idx = $3', [
      status,
      url,
      index,
    ])
  }

  async nonZeroStatuses(url: string): Promise<{ index: number; status: number }[]> {
    return (
      await this.query<{ index: number; status: number }>(
        'select idx as "index", status from status_entries where list_url = $1 and status <> 0 order by idx',
        [url],
      )
    ).rows
  }

  async entriesOf(credentialId: string): Promise<HeldEntry[]> {
    return (
      await this.query<HeldEntry>(
        'select e.list_url as url, e.idx as "index", l.purpose as purpose, e.status as status from status_entries e join status_lists l on l.url = e.list_url where e.holder = $1 order by l.seq, e.idx',
        [credentialId],
      )
    ).rows
  }

  // --- Communications (the CommunicationLog contract)

  async addCommunications(messageId: string, keys: readonly CommunicationKey[], at: string): Promise<void> {
    if (keys.length === 0) return
    let added: number | null
    try {
      // One statement, so all or none; a message id in use adds nothing.
      ;({ rowCount: added } = await this.query(
        "insert into communications (kind, recipient, subject, step, message_id, state, created_at, updated_at) select k.kind, k.recipient, k.subject, k.step, $5, 'pending', $6, $6 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as k(kind, recipient, subject, step) where not exists (select 1 from communications where message_id = $5)",
        [
          keys.map((k) => k.kind),
          keys.map((k) => k.recipient),
          keys.map((k) => k.subject),
          keys.map((k) => k.step),
          messageId,
          at,
        ],
      ))
    } catch (error) {
      // 23505: unique_violation (a key recorded already, or twice in this message).
      if (errorCodeOf(error) === '23505') throw duplicateCommunication(messageId)
      throw error
    }
    if (added === 0) throw duplicateCommunication(messageId)
  }

  async markCommunications(messageId: string, outcome: CommunicationOutcome): Promise<void> {
    // One statement: the rows still open change; the states seen say why nothing changed otherwise.
    const { rows } = await this.query<{ state: CommunicationRow['state']; changed: boolean }>(
      "with changed as (update communications set state = $2, updated_at = $3, sent_at = $4, attempts = attempts + $5, detail = $6 where message_id = $1 and state in ('pending', 'failed') returning seq) select c.state, exists (select 1 from changed) as changed from communications c where c.message_id = $1",
      [
        messageId,
        outcome.state,
        outcome.at,
        outcome.state === 'sent' ? outcome.at : null,
        outcome.state === 'cancelled' ? 0 : 1,
        outcome.detail ?? null,
      ],
    )
    if (rows[0]?.changed === true) return
    checkMarkable(
      messageId,
      rows.map((r) => r.state),
    )
  }

  async *communications(query: CommunicationQuery = {}): AsyncIterable<CommunicationRow> {
    const values: unknown[] = ['0']
    const where = ['seq > $1']
    for (const [column, value] of [
      ['recipient', query.recipient],
      ['kind', query.kind],
      ['state', query.state],
      ['message_id', query.messageId],
    ] as const) {
      if (value === undefined) continue
      values.push(value)
      where.push(`${column} = $${values.length}`)
    }
    const text = `select * from communications where ${where.join(' and ')} order by seq limit ${PAGE}`
    for (;;) {
      const { rows } = await this.query<CommunicationDbRow & { seq: string }>(text, values)
      for (const row of rows) yield communicationRow(row)
      const last = rows.at(-1)
      if (rows.length < PAGE || last === undefined) return
      values[0] = last.seq
    }
  }

  // --- Members and ledger notes (the MemberDirectory contract)

  async putMember(member: MemberRecord): Promise<void> {
    await this.query(
      'insert into members (member_id, email, name, language, reminders, updated_at) values ($1, $2, $3, $4, $5, $6) on conflict (member_id) do update set email = excluded.email, name = excluded.name, language = excluded.language, reminders = excluded.reminders, updated_at = excluded.updated_at',
      memberValues(member),
    )
  }

  async member(memberId: string): Promise<MemberRecord | undefined> {
    const { rows } = await this.query<MemberDbRow>('select * from members where member_id = $1', [memberId])
    return rows[0] === undefined ? undefined : memberRecord(rows[0])
  }

  async addLedgerNote(note: LedgerNote): Promise<void> {
    await this.query('insert into ledger_notes (credential_id, action, reason, at) values ($1, $2, $3, $4)', [
      note.credentialId,
      note.action,
      note.reason,
      note.at,
    ])
  }

  async ledgerNotes(credentialId: string): Promise<LedgerNote[]> {
    const { rows } = await this.query<LedgerNoteDbRow>(
      'select * from ledger_notes where credential_id = $1 order by seq',
      [credentialId],
    )
    return rows.map(ledgerNote)
  }

  // --- The ledger

  async addRow(row: LedgerRow): Promise<void> {
    try {
      await this.query(
        'insert into ledger (credential_id, key, recipient, achievement_id, valid_from, valid_until, valid_until_ms, state, format, credential, issued_at, copy_of) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
        ledgerValues(row),
      )
    } catch (error) {
      // 23505: unique_violation (the credential id or the batch key).
      if (errorCodeOf(error) === '23505') {
        throw new TesseraError<StoreErrorCode>(
          'DUPLICATE_CREDENTIAL',
          `credential ${row.credentialId} (key ${row.key ?? '-'}) is in the ledger already`,
        )
      }
      throw error
    }
  }

  async issueCopy(row: LedgerRow, entries: readonly StatusIndex[]): Promise<boolean> {
    if (entries.some(({ index }) => !Number.isInteger(index) || index < 0 || index > MAX_INDEX)) return false
    // One statement, so one transaction without a round trip for begin and commit: the row, then each
    // index (the list must exist and hold it). A taken index inserts nothing, which the count shows and
    // the check at the end turns into a rollback of the whole statement.
    const text = `with copy as (insert into ledger (credential_id, key, recipient, achievement_id, valid_from, valid_until, valid_until_ms, state, format, credential, issued_at, copy_of) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning credential_id),
claimed as (insert into status_entries (list_url, idx, holder, purpose) select l.url, e.idx, c.credential_id, l.purpose from copy c cross join unnest($13::text[], $14::integer[]) as e(url, idx) join status_lists l on l.url = e.url and e.idx < l.length on conflict (list_url, idx) do nothing returning 1)
select 1 / (case when (select count(*) from claimed) = cardinality($13::text[]) then 1 else 0 end) as ok`
    try {
      await this.query(text, [...ledgerValues(row), entries.map((e) => e.url), entries.map((e) => e.index)])
      return true
    } catch (error) {
      const code = errorCodeOf(error)
      // 22012: division_by_zero, the check that every index was claimed.
      if (code === '22012') return false
      if ((error as { constraint?: string }).constraint === 'status_entries_holder_purpose')
        throw new TesseraError<StoreErrorCode>(
          'STATUS_ENTRY_HELD',
          `${row.credentialId} would hold two entries of one purpose: a credential holds one per purpose`,
        )
      if (code === '23505')
        throw new TesseraError<StoreErrorCode>(
          'DUPLICATE_CREDENTIAL',
          `credential ${row.credentialId} (key ${row.key ?? '-'}) is in the ledger already`,
        )
      throw error
    }
  }

  async completeRow(credentialId: string, credential: string, format: LedgerRow['format']): Promise<void> {
    const { rowCount } = await this.query(
      "update ledger set state = 'active', credential = $1, format = $2 where credential_id = $3 and state = 'pending'",
      [credential, format, credentialId],
    )
    if (rowCount !== 1)
      throw new TesseraError<StoreErrorCode>('UNKNOWN_CREDENTIAL', `no pending credential ${credentialId}`)
  }

  async setState(credentialId: string, state: LedgerState): Promise<void> {
    const { rowCount } = await this.query('update ledger set state = $1 where credential_id = $2', [
      state,
      credentialId,
    ])
    if (rowCount !== 1)
      throw new TesseraError<StoreErrorCode>(
        'UNKNOWN_CREDENTIAL',
        `no credential ${credentialId} in the ledger`,
      )
  }

  async row(credentialId: string): Promise<LedgerRow | undefined> {
    const { rows } = await this.query<LedgerDbRow>('select * from ledger where credential_id = $1', [
      credentialId,
    ])
    return rows[0] === undefined ? undefined : ledgerRow(rows[0])
  }

  async rowByKey(key: string): Promise<LedgerRow | undefined> {
    const { rows } = await this.query<LedgerDbRow>('select * from ledger where key = $1', [key])
    return rows[0] === undefined ? undefined : ledgerRow(rows[0])
  }

  async *rows(query: LedgerQuery = {}): AsyncIterable<LedgerRow> {
    const values: unknown[] = ['0']
    const where = ['seq > $1']
    if (query.recipient !== undefined) {
      values.push(query.recipient)
      where.push(`recipient = $${values.length}`)
    }
    if (query.state !== undefined) {
      values.push(query.state)
      where.push(`state = $${values.length}`)
    }
    if (query.copyOf !== undefined) {
      values.push(query.copyOf)
      where.push(`copy_of = $${values.length}`)
    }
    const text = `select * from ledger where ${where.join(' and ')} order by seq limit ${PAGE}`
    for (;;) {
      const { rows } = await this.query<LedgerDbRow & { seq: string }>(text, values)
      for (const row of rows) yield ledgerRow(row)
      const last = rows.at(-1)
      if (rows.length < PAGE || last === undefined) return
      values[0] = last.seq
    }
  }

  async validUntilBetween(from: Date, to: Date): Promise<LedgerCredential[]> {
    const { rows } = await this.query<LedgerDbRow>(
      "select * from ledger where valid_until_ms >= $1 and valid_until_ms < $2 and state <> 'pending' order by seq",
      [from.getTime(), to.getTime()],
    )
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
 * Each credential holds at most one status entry per purpose: a unique key on (holder, purpose). A schema
 * made before it gets the column, and any credential holding two is repaired first (entry-repair.ts).
 * Runs inside open()'s migration transaction, under its advisory lock.
 */
async function oneEntryPerPurpose(client: pg.PoolClient): Promise<void> {
  const done = await client.query(
    "select 1 from pg_indexes where schemaname = current_schema() and indexname = 'status_entries_holder_purpose'",
  )
  if (done.rowCount !== 0) return
  await client.query('alter table status_entries add column if not exists purpose text')
  await client.query(
    'update status_entries e set purpose = l.purpose from status_lists l where l.url = e.list_url and e.purpose is null',
  )
  const { rows } = await client.query<HeldTwiceRow>(
    'select e.holder, e.purpose, e.list_url as url, e.idx as "index", e.status, l.credential from status_entries e join status_lists s on s.url = e.list_url left join ledger l on l.credential_id = e.holder where (e.holder, e.purpose) in (select holder, purpose from status_entries group by holder, purpose having count(*) > 1) order by e.holder, e.purpose, s.seq, e.idx',
  )
  for (const group of heldTwiceGroups(rows)) {
    const { keep, setAside } = repairHeldTwice(group)
    for (const other of setAside)
      await client.query(
        'update status_entries set holder = $1, status = 0 where list_url = $2 and idx = $3',
        [other.holder, other.url, other.index],
      )
    await client.query('update status_entries set status = $1 where list_url = $2 and idx = $3', [
      keep.status,
      keep.url,
      keep.index,
    ])
  }
  await client.query('create unique index status_entries_holder_purpose on status_entries(holder, purpose)')
}
