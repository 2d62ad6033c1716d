// GroupCommit (issue #17): SQLite writes asked for in one turn share one transaction, each in its own
// savepoint. A write that fails fails alone; when SQLite drops the whole transaction (a full disk) no
// write is reported done that is not in the file; inside a transaction someone holds open (a batch's
// write group) the writes go in as savepoints of it. The SQLite store's issueCopy on it: copies issued
// by concurrent requests in one turn all stand, each with its indices, and a copy whose index is taken,
// whose key is recorded already or that would hold two entries of a purpose fails alone, writing nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { thrownCodeAsync } from '@tessera/testkit'
import Database from 'better-sqlite3'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { LedgerRow } from '../src/index.js'
import { GroupCommit, SqliteIssuerStore } from '../src/sqlite.js'

const it = suite('SQLite group commit')
let dir: string
it.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-group-commit-'))
})
it.after.each(() => {
  rmSync(dir, { recursive: true, force: true })
})

it('a write that fails fails alone; its group commits the others', async () => {
  const db = new Database(join(dir, 'plain.db'))
  db.exec('create table t (id text primary key)')
  const group = new GroupCommit(db)
  const insert = db.prepare('insert into t (id) values (?)')
  const outcomes = await Promise.allSettled([
    group.run(() => insert.run('a')),
    group.run(() => {
      insert.run('b')
      insert.run('a') // a duplicate: this write is rolled back whole, 'b' with it
    }),
    group.run(() => {
      throw new Error('refused')
    }),
    group.run(() => insert.run('c').changes),
  ])
  assert.equal(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
  )
  assert.is((outcomes[3] as PromiseFulfilledResult<number>).value, 1)
  assert.equal(
    (db.prepare('select id from t order by id').all() as { id: string }[]).map((r) => r.id),
    ['a', 'c'],
  )
  assert.is(db.inTransaction, false)
  db.close()
})

it('a full disk: every write reported done is in the file, none reported failed is', async () => {
  const db = new Database(join(dir, 'full.db'))
  db.pragma('journal_mode = WAL')
  db.exec('create table t (id text primary key, body blob)')
  const pages = db.pragma('page_count', { simple: true }) as number
  db.pragma(`max_page_count = ${pages + 4}`)
  const group = new GroupCommit(db)
  const insert = db.prepare('insert into t (id, body) values (?, ?)')
  const ids = ['s1', 'big', 's2', 's3']
  const outcomes = await Promise.allSettled(
    ids.map((id) => group.run(() => insert.run(id, Buffer.alloc(id === 'big' ? 1_000_000 : 10)))),
  )
  assert.is(outcomes[1]?.status, 'rejected')
  const stored = new Set((db.prepare('select id from t').all() as { id: string }[]).map((r) => r.id))
  for (const [i, id] of ids.entries()) assert.is(stored.has(id), outcomes[i]?.status === 'fulfilled', id)
  assert.is(db.inTransaction, false)
  // The store goes on after it: a small write alone commits.
  assert.is(await group.run(() => insert.run('after', Buffer.alloc(1)).changes), 1)
  db.close()
})

it('inside a transaction held open: savepoints of it, committed or rolled back by its owner', async () => {
  const db = new Database(join(dir, 'held.db'))
  db.exec('create table t (id text primary key)')
  const group = new GroupCommit(db)
  const insert = db.prepare('insert into t (id) values (?)')
  db.exec('begin immediate')
  const outcomes = await Promise.allSettled([
    group.run(() => insert.run('a')),
    group.run(() => insert.run('a')),
    group.run(() => insert.run('b')),
  ])
  assert.equal(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  )
  assert.ok(db.inTransaction, 'the owner still holds its transaction')
  db.exec('rollback')
  assert.equal(db.prepare('select id from t').all(), [])
  db.close()
})

const LIST = 'https://guild.example/status/revocation-1'

const copy = (n: number, key = `oid4vci:item-${n}`): LedgerRow => ({
  credentialId: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  key,
  recipient: `M-${n}`,
  achievementId: 'https://guild.example/membership',
  validFrom: '2026-01-01T00:00:00Z',
  state: 'active',
  format: 'jwt',
  credential: `jwt-${n}`,
  issuedAt: '2026-01-01T00:00:00.000Z',
})

it('issueCopy: concurrent copies in one commit, a failing one alone', async () => {
  const store = new SqliteIssuerStore(join(dir, 'issuer.db'))
  const other = new SqliteIssuerStore(join(dir, 'issuer.db'))
  try {
    await store.createList({
      url: LIST,
      type: 'BitstringStatusList',
      purpose: 'revocation',
      statusSize: 1,
      length: 1024,
      full: false,
    })
    assert.ok(await store.issueCopy(copy(0), [{ url: LIST, index: 0 }]))
    const issueCopy = (row: LedgerRow, indices: number[]) =>
      store.issueCopy(
        row,
        indices.map((index) => ({ url: LIST, index })),
      )
    const good = Array.from({ length: 30 }, (_, n) => issueCopy(copy(n + 1), [n + 1]))
    const taken = issueCopy(copy(100), [0])
    const duplicate = thrownCodeAsync(() => issueCopy(copy(101, 'oid4vci:item-0'), [500]))
    const twice = thrownCodeAsync(() => issueCopy(copy(102), [501, 502]))
    assert.equal(await Promise.all(good), Array(30).fill(true))
    assert.is(await taken, false)
    assert.is(await duplicate, 'DUPLICATE_CREDENTIAL')
    assert.is(await twice, 'STATUS_ENTRY_HELD')
    // Committed: another connection (another process) sees every good copy and its index, nothing else.
    for (let n = 1; n <= 30; n++) {
      assert.is((await other.row(copy(n).credentialId))?.credential, `jwt-${n}`)
      assert.equal(await other.entry(LIST, n), { holder: copy(n).credentialId, status: 0 })
    }
    for (const n of [100, 101, 102]) assert.is(await other.row(copy(n).credentialId), undefined)
    for (const index of [500, 501, 502]) assert.is(await other.entry(LIST, index), undefined)
  } finally {
    await store.close()
    await other.close()
  }
})

it.run()
