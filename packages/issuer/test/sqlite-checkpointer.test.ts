// A batch's WAL checkpoints on a worker thread (issue #16): while the batch's connection commits, the
// worker copies what is committed and the batch's thread the remainder, so the WAL restarts and stays
// short instead of growing through the batch; every row committed is in the file; the connection's
// auto-checkpoint is off meanwhile and given back at the end, or as soon as the worker fails.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchCheckpointer } from '../src/stores/sqlite-checkpointer.js'

const it = suite('a batch checkpointing on a worker thread')
let dir: string
it.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-checkpointer-'))
})
it.after.each(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A WAL database as the store opens one, with a table of 4 KB rows (a page each, about). */
function open(file: string): Database.Database {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('create table if not exists t (id integer primary key, v blob not null)')
  return db
}

/** `commits` transactions of `rows` rows each, as a batch makes them: the loop turns between two. */
async function write(
  db: Database.Database,
  checkpoints: BatchCheckpointer,
  commits: number,
  onCommit: () => void = () => undefined,
) {
  const insert = db.prepare('insert into t (v) values (randomblob(4000))')
  for (let c = 0; c < commits; c++) {
    db.exec('begin immediate')
    for (let r = 0; r < 20; r++) insert.run()
    db.exec('commit')
    checkpoints.afterCommit()
    onCommit()
    await sleep(2)
  }
}

it('the WAL restarts while the batch commits; every row is in the file; auto-checkpoint off, then back', async () => {
  const file = join(dir, 'batch.db')
  const db = open(file)
  const checkpoints = new BatchCheckpointer(db, file, 100)
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0)
  let largest = 0
  await write(db, checkpoints, 120, () => {
    largest = Math.max(largest, statSync(`${file}-wal`).size)
  })
  await checkpoints.close()
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 100)
  // 120 commits of 20 pages or more: 2,400 pages and more of WAL if it never restarted.
  assert.ok(largest < 1_200 * 4096, `the WAL grew to ${largest} bytes`)
  db.close()
  const again = new Database(file, { readonly: true })
  assert.equal(again.prepare('select count(*) as n from t').get(), { n: 2_400 })
  assert.is(again.pragma('integrity_check', { simple: true }), 'ok')
  again.close()
})

it('a worker that cannot open the file: the connection gets its auto-checkpoint back, writes go on', async () => {
  const file = join(dir, 'batch.db')
  const db = open(file)
  // A folder is no database: the worker's first round fails.
  const checkpoints = new BatchCheckpointer(db, dir, 100)
  let back = false
  for (let round = 0; round < 100 && !back; round++) {
    await write(db, checkpoints, 4)
    back = db.pragma('wal_autocheckpoint', { simple: true }) === 100
  }
  assert.ok(back, 'auto-checkpoint given back')
  await write(db, checkpoints, 4)
  await checkpoints.close()
  assert.ok((db.prepare('select count(*) as n from t').get() as { n: number }).n >= 160)
  db.close()
})

it.run()
