// The SQLite store's checkpoints from a worker thread (`checkpointInBackground`, the issuing service's
// setting): the worker copies the WAL back into the database without the store's connection doing it
// (the store's own limit, 8,000 pages, is far from reached here), closing leaves no WAL behind and every
// row readable, and a store in memory or a second call starts nothing.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { collect } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { LedgerRow } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-checkpointer-'))

const row = (n: number): LedgerRow => ({
  credentialId: `urn:uuid:row-${n}`,
  recipient: `M-${n}`,
  achievementId: 'https://guild.example/achievements/membership',
  validFrom: '2026-01-01T00:00:00Z',
  state: 'active',
  format: 'jwt',
  credential: 'x'.repeat(2000),
  issuedAt: '2026-01-01T00:00:00Z',
})

/** Waits (up to a minute, polling) until `done` holds; false if it never did. */
async function eventually(done: () => boolean): Promise<boolean> {
  for (let tries = 0; tries < 600; tries++) {
    if (done()) return true
    await sleep(100)
  }
  return done()
}

test('the worker copies the WAL back into the database; closing leaves no WAL and every row', async () => {
  const file = join(dir, 'background.db')
  const store = new SqliteIssuerStore(file)
  store.checkpointInBackground()
  store.checkpointInBackground()
  const before = statSync(file).size
  for (let n = 0; n < 200; n++) await store.addRow(row(n))
  assert.ok(existsSync(`${file}-wal`))
  // 200 rows of 2 KB: about 100 pages in the WAL; the database file grows only by a checkpoint.
  assert.ok(
    await eventually(() => statSync(file).size >= before + 200 * 2000),
    'the database file grew by the rows',
  )
  await store.close()
  assert.not.ok(existsSync(`${file}-wal`), 'no WAL left after closing')
  const reopened = new SqliteIssuerStore(file)
  try {
    assert.is((await collect(reopened.rows())).length, 200)
  } finally {
    await reopened.close()
  }
})

test('a store in memory starts no worker and closes as before', async () => {
  const store = new SqliteIssuerStore(':memory:')
  store.checkpointInBackground()
  await store.addRow(row(1))
  assert.is((await collect(store.rows())).length, 1)
  await store.close()
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
