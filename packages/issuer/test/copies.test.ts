// Copies follow their original (IssueOptions.copyOf, the ledger's copy_of): a wallet's holder-bound copy of a
// member's credential is revoked, suspended and reinstated with it, on SQLite and PostgreSQL; a store made
// before the column gets it when opened.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collect } from '@tessera/testkit'
import { issuerOn, kmsIssuer, membership } from '@tessera/testkit/issuer'
import { DATABASE_URL, freshSchema, postgresAvailable } from '@tessera/testkit/postgres'
import Database from 'better-sqlite3'
import pg from 'pg'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { IssuerStore } from '../src/index.js'
import { PostgresIssuerStore } from '../src/postgres.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-copies-'))
const { did, signer } = await kmsIssuer()

/** The status bit of a credential's entry of `purpose`. */
async function bit(store: IssuerStore, credentialId: string, purpose: string): Promise<number | undefined> {
  return (await store.entriesOf(credentialId)).find((e) => e.purpose === purpose)?.status
}

async function followsOriginal(store: IssuerStore): Promise<void> {
  const issuer = issuerOn(store, signer)
  const original = await issuer.issue(membership(did, 1), {
    format: 'jwt',
    suspension: true,
    recipient: 'M-1',
  })
  const copy = (n: number, suspension: boolean) =>
    issuer.issue(
      { ...membership(did, 1), id: `urn:uuid:${crypto.randomUUID()}` },
      { format: 'jwt', suspension, recipient: 'M-1', key: `copy-${n}`, copyOf: original.credentialId },
    )
  const [first, second, bare] = [await copy(1, true), await copy(2, true), await copy(3, false)]
  const other = await issuer.issue(membership(did, 2), { format: 'jwt', suspension: true, recipient: 'M-2' })
  assert.is(first.row.copyOf, original.credentialId)
  assert.is((await store.row(second.credentialId))?.copyOf, original.credentialId)
  assert.is((await store.row(original.credentialId))?.copyOf, undefined)
  assert.equal(
    (await collect(store.rows({ copyOf: original.credentialId }))).map((r) => r.credentialId),
    [first.credentialId, second.credentialId, bare.credentialId],
  )

  // Suspending the original suspends the copies that can be suspended (the bare one has no entry).
  assert.equal(await issuer.suspend(original.credentialId), [
    original.credentialId,
    first.credentialId,
    second.credentialId,
  ])
  for (const id of [first.credentialId, second.credentialId]) {
    assert.is((await store.row(id))?.state, 'suspended')
    assert.is(await bit(store, id, 'suspension'), 1)
  }
  assert.is((await store.row(bare.credentialId))?.state, 'active')
  assert.is((await store.row(other.credentialId))?.state, 'active')

  // Reinstating lifts the suspension of every suspended copy: a member reinstated has their wallet back.
  assert.equal(await issuer.reinstate(original.credentialId), [
    original.credentialId,
    first.credentialId,
    second.credentialId,
  ])
  for (const id of [first.credentialId, second.credentialId]) {
    assert.is((await store.row(id))?.state, 'active')
    assert.is(await bit(store, id, 'suspension'), 0)
  }

  // Revoking: every copy, the one revoked on its own before left as it is.
  await issuer.revoke(second.credentialId)
  assert.equal(await issuer.revoke(original.credentialId), [
    original.credentialId,
    first.credentialId,
    bare.credentialId,
  ])
  for (const id of [first.credentialId, second.credentialId, bare.credentialId]) {
    assert.is((await store.row(id))?.state, 'revoked')
    assert.is(await bit(store, id, 'revocation'), 1)
  }
  assert.is((await store.row(other.credentialId))?.state, 'active')
  assert.is(await bit(store, other.credentialId, 'revocation'), 0)
}

test('SQLite: the copies of a credential are suspended, reinstated and revoked with it', async () => {
  const store = new SqliteIssuerStore(join(dir, 'copies.db'))
  try {
    await followsOriginal(store)
  } finally {
    await store.close()
  }
})

test('SQLite: a store made before copy_of gets the column, its rows none', async () => {
  const file = join(dir, 'old.db')
  const old = new SqliteIssuerStore(file)
  const issuer = issuerOn(old, signer)
  const before = await issuer.issue(membership(did, 3), { format: 'jwt', recipient: 'M-3' })
  await old.close()
  // As a store of the release before: the ledger without the column.
  const db = new Database(file)
  db.exec('drop index ledger_copy_of; alter table ledger drop column copy_of')
  db.close()
  const reopened = new SqliteIssuerStore(file)
  const again = new SqliteIssuerStore(file)
  try {
    assert.is((await reopened.row(before.credentialId))?.copyOf, undefined)
    const copy = await issuerOn(reopened, signer).issue(
      { ...membership(did, 3), id: `urn:uuid:${crypto.randomUUID()}` },
      { format: 'jwt', recipient: 'M-3', copyOf: before.credentialId },
    )
    assert.equal(
      (await collect(again.rows({ copyOf: before.credentialId }))).map((r) => r.credentialId),
      [copy.credentialId],
    )
  } finally {
    await reopened.close()
    await again.close()
  }
})

if (postgresAvailable('copies of credentials')) {
  test('PostgreSQL: the copies of a credential are suspended, reinstated and revoked with it', async () => {
    const schema = freshSchema('copies')
    const store = await PostgresIssuerStore.open(DATABASE_URL as string, { schema })
    try {
      await followsOriginal(store)
      // Opening a schema made before the column (it is dropped here) adds it again.
      const client = new pg.Client({ connectionString: DATABASE_URL })
      await client.connect()
      await client.query(`alter table ${pg.escapeIdentifier(schema)}.ledger drop column copy_of`)
      const reopened = await PostgresIssuerStore.open(DATABASE_URL as string, { schema })
      assert.is((await collect(reopened.rows({ copyOf: 'urn:uuid:none' }))).length, 0)
      await reopened.close()
      await client.query(`drop schema ${pg.escapeIdentifier(schema)} cascade`)
      await client.end()
    } finally {
      await store.close()
    }
  })
}

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
