// A process whose issuer store lends its connection to the service (sqlite-checkpointer.test.ts): the WAL
// checkpointer that the group commits drive is closed with the store, and the process then exits.
import { SqliteIssuerStore } from '../src/sqlite.js'

const store = new SqliteIssuerStore(process.argv[2] as string)
const { db, writes } = store.sharedConnection()
db.exec('create table if not exists t (id integer primary key, v blob not null)')
const insert = db.prepare('insert into t (v) values (randomblob(4000))')
for (let c = 0; c < 400; c++)
  await Promise.all(Array.from({ length: 8 }, () => writes.run(() => insert.run())))
await store.close()
process.stdout.write('done\n')
