// A batch's WAL checkpoints on a worker thread (issue #16): while the batch's connection commits, the
// worker copies what is committed and the batch's thread the remainder, so the WAL restarts and stays
// short instead of growing through the batch; every row committed is in the file; the connection's
// auto-checkpoint is off meanwhile and given back at the end, or as soon as the worker fails; a process
// never waits for the worker to end.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { SqliteIssuerStore } from '../src/sqlite.js'
import { WalCheckpointer } from '../src/stores/sqlite-checkpointer.js'

const it = suite('a WAL checkpointing on a worker thread')
let dir: string
it.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-checkpointer-'))
})
it.after.each(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A WAL database as the store opens one, with a table of 1 KB rows. */
function open(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('create table if not exists t (id integer primary key, v blob not null)')
  return db
}

/** One transaction of 20 rows, as a batch commits them, then a turn of the loop. */
async function commitOne(db: Database.Database, checkpoints: WalCheckpointer) {
  db.exec('begin immediate')
  const insert = db.prepare('insert into t (v) values (randomblob(1000))')
  for (let r = 0; r < 20; r++) insert.run()
  db.exec('commit')
  checkpoints.afterCommit()
  await sleep(2)
}

/** Runs the child script `name` on a database file `file` of the test folder: it must end by itself, well. */
function exitsByItself(name: string, file: string, keptUp: string): void {
  const child = fileURLToPath(new URL(`./${name}`, import.meta.url))
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, join(dir, file)], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  assert.is(run.signal, null, `ended by the timeout: ${keptUp} kept the process up`)
  assert.is(run.status, 0, run.stderr)
  assert.is(run.stdout, 'done\n')
}

/** The WAL's checkpoint sequence number (its header's fourth word): one more at each restart. */
function restarts(file: string): number {
  const header = Buffer.alloc(16)
  const fd = openSync(`${file}-wal`, 'r')
  try {
    return readSync(fd, header, 0, 16, 0) < 16 ? 0 : header.readUInt32BE(12)
  } finally {
    closeSync(fd)
  }
}

async function write(db: Database.Database, checkpoints: WalCheckpointer, commits: number) {
  for (let c = 0; c < commits; c++) await commitOne(db, checkpoints)
}

it('the WAL restarts while the batch commits; every row is in the file; auto-checkpoint off, then back', async () => {
  const file = join(dir, 'batch.db')
  const db = open(file)
  const checkpoints = new WalCheckpointer(db, file, 64)
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0)
  await commitOne(db, checkpoints)
  const first = restarts(file)
  let commits = 1
  // A few pages a commit: without the restarts, 1,000 commits would make a WAL of thousands of pages.
  while (restarts(file) < first + 3 && commits < 1_000) {
    await commitOne(db, checkpoints)
    commits++
  }
  assert.ok(
    restarts(file) >= first + 3,
    `the WAL restarted ${restarts(file) - first} times in ${commits} commits`,
  )
  await checkpoints.close()
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 64)
  db.close()
  const again = new Database(file, { readonly: true })
  assert.equal(again.prepare('select count(*) as n from t').get(), { n: commits * 20 })
  assert.is(again.pragma('integrity_check', { simple: true }), 'ok')
  again.close()
})

it('a worker that cannot open the file: the connection gets its auto-checkpoint back, writes go on', async () => {
  const file = join(dir, 'batch.db')
  const db = open(file)
  // A folder is no database: the worker's first round fails.
  const checkpoints = new WalCheckpointer(db, dir, 64)
  let back = false
  for (let round = 0; round < 100 && !back; round++) {
    await write(db, checkpoints, 4)
    back = db.pragma('wal_autocheckpoint', { simple: true }) === 64
  }
  assert.ok(back, 'auto-checkpoint given back')
  await write(db, checkpoints, 4)
  await checkpoints.close()
  assert.ok((db.prepare('select count(*) as n from t').get() as { n: number }).n >= 160)
  db.close()
})

it('a process that never closes its checkpointer still exits when its work is done', () => {
  exitsByItself('checkpointer-exit-child.ts', 'exit.db', 'the worker')
})

it('the service: group commits on the shared connection drive the checkpointer; the WAL restarts; closed with the store', async () => {
  const file = join(dir, 'issuer.db')
  const store = new SqliteIssuerStore(file)
  const { db, writes } = store.sharedConnection()
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0)
  db.exec('create table t (id integer primary key, v blob not null)')
  const insert = db.prepare('insert into t (v) values (randomblob(4000))')
  /** A turn of the loop's concurrent writes, 8 of a page each, in one group commit; then a pause. */
  const group = async () => {
    await Promise.all(Array.from({ length: 8 }, () => writes.run(() => insert.run())))
    await sleep(2)
  }
  await group()
  const first = restarts(file)
  let commits = 1
  // The store's limit is 8,000 pages: without the restarts, 4,000 groups would make a WAL of 32,000.
  while (restarts(file) < first + 2 && commits < 4_000) {
    await group()
    commits++
  }
  assert.ok(
    restarts(file) >= first + 2,
    `the WAL restarted ${restarts(file) - first} times in ${commits} group commits`,
  )
  // A batch on the same connection uses the connection's checkpointer and leaves it running.
  const batch = await store.writeGroup()
  await batch.close()
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0)
  // The checkpointer is closed, the auto-checkpoint given back, before the connection closes.
  let autoAtClose: unknown
  const closeConnection = db.close.bind(db)
  db.close = () => {
    autoAtClose = db.pragma('wal_autocheckpoint', { simple: true })
    return closeConnection()
  }
  await store.close()
  assert.is(autoAtClose, 8_000)
  const again = new Database(file, { readonly: true })
  assert.equal(again.prepare('select count(*) as n from t').get(), { n: commits * 8 })
  assert.is(again.pragma('integrity_check', { simple: true }), 'ok')
  again.close()
})

it('a process whose store lent its connection exits once the store is closed', () => {
  exitsByItself('checkpointer-store-child.ts', 'serve.db', 'the store or its worker')
})

it.run()
