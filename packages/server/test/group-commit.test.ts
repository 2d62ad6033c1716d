// The SQLite group commit of the service's writes (issue #17): writes asked for in one turn share one
// transaction, each caller hears of its write only once it is committed (another connection sees it then,
// not before), a write that fails fails alone, racing claims on one offered credential still have one
// winner, and when SQLite drops the whole transaction (a full disk) no write is reported done that is not
// in the file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type OfferItem, type OfferRecord, SqliteServerStore } from '../src/index.js'
import { GroupCommit } from '../src/sqlite-group-commit.js'

const NOW = Date.parse('2027-03-01T10:00:00Z')

function offer(id: string): OfferRecord {
  return {
    id,
    codeHash: `code-${id}`,
    member: 'M-1',
    credentialIssuer: 'https://guild.example/wallet',
    configurationIds: ['membership-1a2b3c4d_jwt_vc_json'],
    state: 'open',
    failedAttempts: 0,
    createdAt: NOW,
    expiresAt: NOW + 86_400_000,
  }
}

function item(id: string, offerId: string): OfferItem {
  return {
    id,
    offerId,
    configurationId: 'membership-1a2b3c4d_jwt_vc_json',
    sourceCredentialId: `urn:uuid:${id}`,
    state: 'open',
    updatedAt: NOW,
  }
}

const it = suite('SQLite group commit')
let dir: string
it.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-group-commit-'))
})
it.after.each(() => {
  rmSync(dir, { recursive: true, force: true })
})

it('concurrent redemptions and claims: each done once, seen by another connection once answered', async () => {
  const a = new SqliteServerStore(join(dir, 'tessera.db'))
  const b = new SqliteServerStore(join(dir, 'tessera.db'))
  try {
    for (let i = 0; i < 40; i++) await a.addOffer(offer(`o${i}`), [item(`i${i}`, `o${i}`)])
    // Every code redeemed twice in the same turn, on one connection: one grant each.
    const redeemed = Array.from({ length: 80 }, (_, n) =>
      a.redeem(
        `code-o${n % 40}`,
        (o) => (o.state === 'open' ? { kind: 'grant' } : { kind: 'refuse', reason: 'redeemed' }),
        { hash: `token-${n}`, expiresAt: NOW + 600_000 },
        5,
        NOW,
      ),
    )
    // Not written before the group's commit: the other connection sees every code open still.
    assert.is((await b.offerByCode('code-o0'))?.offer.state, 'open')
    const results = await Promise.all(redeemed)
    assert.is(results.filter((r) => r?.redemption.kind === 'grant').length, 40)
    for (let i = 0; i < 40; i++) assert.is((await b.offerByCode(`code-o${i}`))?.offer.state, 'redeemed')
    // Claims racing for each item from two holders, in one turn: one winner per item.
    const claims = await Promise.all(
      Array.from({ length: 80 }, (_, n) =>
        a.claimItem(`i${n % 40}`, `did:example:${n < 40 ? 'x' : 'y'}`, NOW),
      ),
    )
    assert.is(claims.filter((c) => c === 'claimed').length, 40)
    assert.is(claims.filter((c) => c === 'taken').length, 40)
    // Completed together with their events; a completion of an item not claimed changes nothing.
    await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => a.completeItem(`i${n}`, `urn:uuid:copy-${n}`, `n-${n}`, NOW)),
      a.completeItem('no-such-item', 'urn:uuid:none', 'n-none', NOW),
    ])
    const found = await b.offer('o7')
    assert.is(found?.items[0]?.state, 'issued')
    assert.is(found?.items[0]?.credentialId, 'urn:uuid:copy-7')
  } finally {
    await a.close()
    await b.close()
  }
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

it('closing the store commits the writes still queued', async () => {
  const path = join(dir, 'tessera.db')
  const a = new SqliteServerStore(path)
  await a.addOffer(offer('o1'), [item('i1', 'o1')])
  const claimed = a.claimItem('i1', 'did:example:x', NOW)
  await a.close()
  assert.is(await claimed, 'claimed')
  const b = new SqliteServerStore(path)
  assert.is((await b.offer('o1'))?.items[0]?.state, 'claimed')
  await b.close()
})

it.run()
