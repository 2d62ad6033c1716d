// The SQLite store's indices on status entries: the unique (holder, purpose) index serves lookups by
// holder, so a store has no index on holder alone (each claimed index wrote to both, at a random place,
// credential ids being random). A store made with that index loses it as it opens; its entries are
// found as before, through the unique index.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-indices-'))
const LIST = 'https://guild.example/status/revocation-1.json'

function indices(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return (
      db
        .prepare("select name from sqlite_master where type = 'index' and tbl_name = 'status_entries'")
        .all() as {
        name: string
      }[]
    )
      .map((r) => r.name)
      .filter((name) => !name.startsWith('sqlite_autoindex'))
      .sort()
  } finally {
    db.close()
  }
}

function holderLookupPlan(file: string): string {
  const db = new Database(file, { readonly: true })
  try {
    return (
      db
        .prepare('explain query plan select list_url, idx from status_entries where holder = ?')
        .all('urn:c') as {
        detail: string
      }[]
    )
      .map((r) => r.detail)
      .join('; ')
  } finally {
    db.close()
  }
}

test('a new store: the unique (holder, purpose) index, none on holder alone, and lookups by holder use it', async () => {
  const file = join(dir, 'new.db')
  await new SqliteIssuerStore(file).close()
  assert.equal(indices(file), ['status_entries_holder_purpose'])
  assert.match(holderLookupPlan(file), /USING INDEX status_entries_holder_purpose/)
})

test('a store made with an index on holder alone loses it as it opens; its entries are found as before', async () => {
  const file = join(dir, 'old.db')
  await new SqliteIssuerStore(file).close()
  const db = new Database(file)
  db.exec('create index status_entries_holder on status_entries(holder)')
  db.exec(
    `insert into status_lists (url, type, purpose, status_size, length) values ('${LIST}', 'BitstringStatusList', 'revocation', 1, 131072)`,
  )
  db.exec(
    `insert into status_entries (list_url, idx, holder, status, purpose) values ('${LIST}', 7, 'urn:c', 1, 'revocation')`,
  )
  db.close()
  chmodSync(file, 0o600)
  assert.equal(indices(file), ['status_entries_holder', 'status_entries_holder_purpose'])
  const store = new SqliteIssuerStore(file)
  try {
    assert.equal(indices(file), ['status_entries_holder_purpose'])
    assert.equal(await store.entriesOf('urn:c'), [{ url: LIST, index: 7, purpose: 'revocation', status: 1 }])
  } finally {
    await store.close()
  }
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
