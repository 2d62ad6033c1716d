// A process whose WAL checkpointer is never closed (sqlite-checkpointer.test.ts): it must still exit
// when its work is done, not wait for the worker thread.
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import { WalCheckpointer } from '../src/stores/sqlite-checkpointer.js'

const file = process.argv[2] as string
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.exec('create table if not exists t (id integer primary key, v blob not null)')
const checkpoints = new WalCheckpointer(db, file, 64)
const insert = db.prepare('insert into t (v) values (randomblob(1000))')
for (let c = 0; c < 40; c++) {
  db.exec('begin immediate')
  for (let r = 0; r < 20; r++) insert.run()
  db.exec('commit')
  checkpoints.afterCommit()
  await sleep(2)
}
process.stdout.write('done\n')
