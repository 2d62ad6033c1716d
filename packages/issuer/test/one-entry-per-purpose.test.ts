// Issue #15: no credential ever holds two status indices of one purpose. The stores hold each credential
// to one entry per purpose (STATUS_ENTRY_HELD); the issuer, racing another run on the same pending row,
// takes the entry that run claimed, and reports a row that run finished as already issued (with that
// run's credential) instead of UNKNOWN_CREDENTIAL. Each interleaving of two-runs.test.ts is forced here
// by a store whose reads answer as they would have just before the other run wrote. Stores made before
// the rule are repaired as they open: the entry the signed credential names is kept, with the status the
// other one had taken by mistake.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { StatusListManager } from '@tessera/status'
import { thrownCodeAsync } from '@tessera/testkit'
import { DATABASE_URL, freshSchema, postgresAvailable } from '@tessera/testkit/postgres'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import Database from 'better-sqlite3'
import { decodeJwt } from 'jose'
import pg from 'pg'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { Issuer, type IssuerStore } from '../src/index.js'
import { PostgresIssuerStore } from '../src/postgres.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const BASE = 'https://guild.example/status'
const LIST = `${BASE}/revocation-1.json`
const dir = mkdtempSync(join(tmpdir(), 'tessera-one-entry-'))
const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
const key = await kms.importKey({ type: 'Ed25519', privateKeyHex: randomBytes(32).toString('hex') })
const { did, verificationMethod } = didKeyOf(key)
const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })

const membership = (n: number) =>
  buildMembershipCredential({
    issuer: { id: did, name: 'Guild of Bookbinders' },
    recipient: { did: `did:example:member-${n}` },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject

const issuerOn = (store: IssuerStore) => new Issuer({ store, signer, clock: () => NOW, statusBaseUrl: BASE })

/** `store`, except that the named methods answer through `overrides` (each called with the real one). */
function racing(
  store: IssuerStore,
  overrides: Partial<Record<keyof IssuerStore, (...args: never[]) => unknown>>,
) {
  return new Proxy(store, {
    get(target, name, receiver) {
      const override = overrides[name as keyof IssuerStore]
      const real = Reflect.get(target, name, receiver)
      return override ?? (typeof real === 'function' ? real.bind(target) : real)
    },
  })
}

// --- The stores' rule, on both

interface Backend {
  name: string
  fresh(): Promise<IssuerStore>
  /** A store in the layout of before the rule, holding credential `urn:c` twice, then opened. */
  old(): Promise<IssuerStore>
}

const OLD_TABLES = `
create table status_lists (url text primary key, type text not null, purpose text not null, status_size integer not null, length integer not null, status_message text, full integer not null default 0);
create table status_entries (list_url text not null references status_lists(url), idx integer not null, holder text not null, status integer not null default 0, primary key (list_url, idx));
create table ledger (seq integer primary key, credential_id text not null unique, key text unique, recipient text not null, achievement_id text not null, valid_from text not null, valid_until text, valid_until_ms integer, state text not null, format text not null, credential text, issued_at text not null);
`
/** The credential names index 7; index 3 was claimed first, and `revoke` (first by insertion) set it. */
const OLD_ROWS = [
  `insert into status_lists (url, type, purpose, status_size, length) values ('${LIST}', 'BitstringStatusList', 'revocation', 1, 131072)`,
  `insert into status_entries (list_url, idx, holder, status) values ('${LIST}', 3, 'urn:c', 1)`,
  `insert into status_entries (list_url, idx, holder, status) values ('${LIST}', 7, 'urn:c', 0)`,
  `insert into status_entries (list_url, idx, holder, status) values ('${LIST}', 9, 'urn:d', 0)`,
  `insert into ledger (credential_id, key, recipient, achievement_id, valid_from, state, format, credential, issued_at) values ('urn:c', 'K', 'M-1', 'a', '2026-01-01T00:00:00Z', 'revoked', 'data-integrity', '${JSON.stringify({ id: 'urn:c', credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: LIST } })}', '2026-01-01T00:00:00Z')`,
]

const sqlite: Backend = {
  name: 'SQLite',
  async fresh() {
    return new SqliteIssuerStore(join(dir, `${crypto.randomUUID()}.db`))
  },
  async old() {
    const file = join(dir, `${crypto.randomUUID()}.db`)
    const db = new Database(file)
    db.exec(OLD_TABLES)
    for (const row of OLD_ROWS) db.exec(row)
    db.close()
    chmodSync(file, 0o600)
    return new SqliteIssuerStore(file)
  },
}

const schemas: string[] = []
const postgres: Backend = {
  name: 'PostgreSQL',
  async fresh() {
    const schema = freshSchema('one_entry')
    schemas.push(schema)
    return PostgresIssuerStore.open(DATABASE_URL as string, { schema })
  },
  async old() {
    const schema = freshSchema('one_entry_old')
    schemas.push(schema)
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    await client.query(`create schema ${schema}; set search_path = ${schema}`)
    await client.query(
      OLD_TABLES.replace(
        'full integer not null default 0',
        'seq bigserial not null unique, "full" boolean not null default false',
      ).replace('seq integer primary key', 'seq bigserial primary key'),
    )
    for (const row of OLD_ROWS) await client.query(row)
    await client.end()
    return PostgresIssuerStore.open(DATABASE_URL as string, { schema })
  },
}

const backends = [sqlite, ...(postgresAvailable('one entry per purpose') ? [postgres] : [])]
for (const backend of backends) {
  const rule = suite(`one entry per purpose: ${backend.name}`)

  rule(
    'a second index of one purpose for a credential is STATUS_ENTRY_HELD; another purpose is not',
    async () => {
      const store = await backend.fresh()
      try {
        const lists = new StatusListManager({ store, issuer: did, baseUrl: BASE })
        const first = await lists.allocate({ holder: 'urn:c', purpose: 'revocation' })
        assert.is(
          await thrownCodeAsync(() => lists.allocate({ holder: 'urn:c', purpose: 'revocation' })),
          'STATUS_ENTRY_HELD',
        )
        assert.is(
          await thrownCodeAsync(() => store.claim(first.listUrl, (first.index + 1) % 131072, 'urn:c')),
          'STATUS_ENTRY_HELD',
        )
        assert.not.ok(await store.claim(first.listUrl, first.index, 'urn:c'), 'its own index again: taken')
        await lists.allocate({ holder: 'urn:c', purpose: 'suspension' })
        assert.equal((await store.entriesOf('urn:c')).map((e) => e.purpose).sort(), [
          'revocation',
          'suspension',
        ])
      } finally {
        await store.close()
      }
    },
  )

  rule(
    'a store from before the rule: the named entry kept, with the revocation; the other set aside',
    async () => {
      const store = await backend.old()
      try {
        assert.equal(await store.entriesOf('urn:c'), [
          { url: LIST, index: 7, purpose: 'revocation', status: 1 },
        ])
        assert.equal(await store.entry(LIST, 3), { holder: `unused:${LIST}#3`, status: 0 })
        assert.equal(
          await store.nonZeroStatuses(LIST),
          [{ index: 7, status: 1 }],
          'the published list revokes 7',
        )
        assert.not.ok(await store.claim(LIST, 3, 'urn:e'), 'the index set aside is never handed out again')
        assert.equal(await store.entriesOf('urn:d'), [
          { url: LIST, index: 9, purpose: 'revocation', status: 0 },
        ])
        assert.is(await thrownCodeAsync(() => store.claim(LIST, 11, 'urn:c')), 'STATUS_ENTRY_HELD')
      } finally {
        await store.close()
      }
    },
  )

  rule.run()
}

// --- The issuer racing another run on one row (SQLite)

const race = suite('the issuer racing another run on one row')

race(
  'the other run claims an index for the pending row after this one looked: that index is taken',
  async () => {
    const store = new SqliteIssuerStore(join(dir, 'claimed.db'))
    // The other run recorded the row, and is giving it its index, as this one reads what the row holds.
    const pending = {
      credentialId: 'urn:uuid:5e0c8d2e-61a4-4c53-9bb7-4f0a6d9f1b11',
      key: 'K-1',
      recipient: 'M-1',
      achievementId: 'https://guild.example/membership',
      validFrom: '2026-01-01T00:00:00Z',
      state: 'pending' as const,
      format: 'jwt' as const,
      issuedAt: NOW.toISOString(),
    }
    await store.addRow(pending)
    let read = false
    const issuer = issuerOn(
      racing(store, {
        entriesOf: async (credentialId: string) => {
          if (read) return store.entriesOf(credentialId)
          read = true
          const before = await store.entriesOf(credentialId)
          const other = new StatusListManager({ store, issuer: did, baseUrl: BASE })
          await other.allocate({ holder: credentialId, purpose: 'revocation' })
          return before
        },
      } as never),
    )
    const issued = await issuer.issue(membership(1), { format: 'jwt', key: 'K-1' })
    const held = await store.entriesOf(pending.credentialId)
    assert.is(held.length, 1, 'one index')
    const { statusListIndex } = decodeJwt(issued.credential as string).credentialStatus as {
      statusListIndex: string
    }
    assert.is(statusListIndex, String(held[0]?.index), 'and the credential names it')
    await store.close()
  },
)

race('the other run finishes the row first: its credential is reported, as already issued', async () => {
  const store = new SqliteIssuerStore(join(dir, 'finished.db'))
  const theirs = 'the.other.run'
  const issuer = issuerOn(
    racing(store, {
      completeRow: async (credentialId: string, _credential: string, format: 'jwt') => {
        await store.completeRow(credentialId, theirs, format)
        return store.completeRow(credentialId, _credential, format)
      },
    } as never),
  )
  const issued = await issuer.issue(membership(2), { format: 'jwt', key: 'K-2' })
  assert.is(issued.existing, true)
  assert.is(issued.credential, theirs)
  assert.is((await store.rowByKey('K-2'))?.credential, theirs)
  await store.close()
})

race(
  'the other run records the key after this one looked: its row is taken, not DUPLICATE_CREDENTIAL',
  async () => {
    const store = new SqliteIssuerStore(join(dir, 'recorded.db'))
    const other = await issuerOn(store).issue(membership(3), { format: 'jwt', key: 'K-3' })
    let looked = false
    const issuer = issuerOn(
      racing(store, {
        rowByKey: async (key: string) => {
          if (looked) return store.rowByKey(key)
          looked = true
          return undefined
        },
      } as never),
    )
    const issued = await issuer.issue(membership(3), { format: 'jwt', key: 'K-3' })
    assert.is(issued.existing, true)
    assert.is(issued.credentialId, other.credentialId)
    assert.is((await store.entriesOf(other.credentialId)).length, 1)
    await store.close()
  },
)

race.after(async () => {
  rmSync(dir, { recursive: true, force: true })
  if (schemas.length === 0) return
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  for (const schema of schemas) await client.query(`drop schema ${pg.escapeIdentifier(schema)} cascade`)
  await client.end()
})

race.run()
