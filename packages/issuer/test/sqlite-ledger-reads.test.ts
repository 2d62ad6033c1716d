// The SQLite store's reads of the ledger by member and by original (`rows({ recipient })`,
// `rows({ copyOf })`) go through the ledger's indices, not the whole ledger: a filter written
// `(? is null or recipient = ?)` cannot use an index, and an offer for each of 12,000 members read the
// whole ledger each time (bench/oid4vci.ts --flows 4000 never got past preparing). Also what they return:
// every filter narrows, across pages.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collect } from '@tessera/testkit'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { LedgerQuery, LedgerRow } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'
import { ledgerPage } from '../src/stores/sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-ledger-reads-'))

const row = (n: number, extra: Partial<LedgerRow> = {}): LedgerRow => ({
  credentialId: `urn:uuid:row-${n}`,
  recipient: `M-${n % 3}`,
  achievementId: 'https://guild.example/achievements/membership',
  validFrom: '2026-01-01T00:00:00Z',
  state: n % 2 === 0 ? 'active' : 'revoked',
  format: 'jwt',
  issuedAt: '2026-01-01T00:00:00Z',
  ...extra,
})

/** SQLite's plan for the page statement of `query`, its steps joined. */
function plan(file: string, query: LedgerQuery): string {
  const db = new Database(file, { readonly: true })
  try {
    const { sql, values } = ledgerPage(query)
    return (db.prepare(`explain query plan ${sql}`).all(...values, 0) as { detail: string }[])
      .map((r) => r.detail)
      .join('; ')
  } finally {
    db.close()
  }
}

test("a member's rows and a credential's copies are read through their indices", async () => {
  const file = join(dir, 'plans.db')
  await new SqliteIssuerStore(file).close()
  assert.match(plan(file, { recipient: 'M-1' }), /USING INDEX ledger_recipient/)
  assert.match(plan(file, { recipient: 'M-1', state: 'active' }), /USING INDEX ledger_recipient/)
  assert.match(plan(file, { copyOf: 'urn:uuid:row-1' }), /USING INDEX ledger_copy_of/)
  assert.match(plan(file, { copyOf: 'urn:uuid:row-1', state: 'active' }), /USING INDEX ledger_copy_of/)
})

test('each filter narrows, in ledger order, across pages of 512', async () => {
  const file = join(dir, 'rows.db')
  const store = new SqliteIssuerStore(file)
  try {
    const originals = Array.from({ length: 1200 }, (_, n) => row(n))
    for (const original of originals) await store.addRow(original)
    const copies = Array.from({ length: 600 }, (_, n) =>
      row(2000 + n, { recipient: 'M-1', state: 'active', copyOf: 'urn:uuid:row-4' }),
    )
    for (const copy of copies) await store.addRow(copy)
    const all = [...originals, ...copies]
    const ids = async (query: LedgerQuery) => (await collect(store.rows(query))).map((r) => r.credentialId)
    const expected = (keep: (r: LedgerRow) => boolean) => all.filter(keep).map((r) => r.credentialId)
    assert.equal(
      await ids({}),
      expected(() => true),
    )
    assert.equal(
      await ids({ recipient: 'M-1' }),
      expected((r) => r.recipient === 'M-1'),
    )
    assert.equal(
      await ids({ recipient: 'M-1', state: 'active' }),
      expected((r) => r.recipient === 'M-1' && r.state === 'active'),
    )
    assert.equal(
      await ids({ state: 'revoked' }),
      expected((r) => r.state === 'revoked'),
    )
    assert.equal(
      await ids({ copyOf: 'urn:uuid:row-4' }),
      copies.map((r) => r.credentialId),
    )
    assert.equal(await ids({ copyOf: 'urn:uuid:row-4', recipient: 'M-2' }), [])
    assert.equal(await ids({ recipient: 'nobody' }), [])
  } finally {
    await store.close()
  }
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
