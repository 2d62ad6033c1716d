// Issuer.issueCopy (one-commit.ts): a credential issued with one write to the store (issueCopy) where
// issue makes three, the same credential otherwise (status entries of its own, checked, recorded), and
// `issue` taking over whatever that path does not cover: no open list yet, a key recorded already,
// indices taken at every try, a store without issueCopy. On memory and SQLite.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt, type JsonObject, readCredential } from '@tessera/schema'
import { issuerOn, kmsIssuer, ledgerRowCount, membership } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type IssuerStore, MemoryIssuerStore } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-one-commit-'))
const { did, signer } = await kmsIssuer()
const WRITES = ['addRow', 'claim', 'completeRow', 'issueCopy'] as const

/** The store, counting the writes that issuing makes; `taken` makes issueCopy find every index taken. */
function counted(
  store: IssuerStore,
  options: { taken?: boolean; withoutIssueCopy?: boolean } = {},
): { store: IssuerStore; calls: Map<string, number> } {
  const calls = new Map<string, number>()
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'issueCopy' && options.withoutIssueCopy) return undefined
      const value: unknown = Reflect.get(target, name, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if ((WRITES as readonly (string | symbol)[]).includes(name))
          calls.set(String(name), (calls.get(String(name)) ?? 0) + 1)
        if (name === 'issueCopy' && options.taken) return Promise.resolve(false)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { store: proxy, calls }
}

const copyDraft = (n: number): JsonObject => ({
  ...membership(did, n),
  id: `urn:uuid:${crypto.randomUUID()}`,
})

/** The status entries the signed VC-JWT names, as [purpose, index]. */
function signedEntries(jwt: string): [string, number][] {
  const vc = decodeJwt(jwt).payload as JsonObject
  const status = vc.credentialStatus
  const list = (Array.isArray(status) ? status : [status]) as JsonObject[]
  return list.map((s) => [String(s.statusPurpose), Number(s.statusListIndex)])
}

async function oneCommit(base: IssuerStore): Promise<void> {
  const { store, calls } = counted(base)
  const issuer = issuerOn(store, signer)
  // No open list yet: issue makes it, in its three steps.
  const first = await issuer.issueCopy(copyDraft(1), { format: 'jwt', suspension: true, key: 'oid4vci:1' })
  assert.ok(first.row.state === 'active' && !first.existing)
  assert.is(calls.get('issueCopy'), undefined)
  assert.is(calls.get('completeRow'), 1)
  calls.clear()

  // With the lists there: one write, the row and its two entries.
  const second = await issuer.issueCopy(copyDraft(2), {
    format: 'jwt',
    suspension: true,
    key: 'oid4vci:2',
    recipient: 'M-2',
    copyOf: first.credentialId,
  })
  assert.equal(Object.fromEntries(calls), { issueCopy: 1 })
  const row = await store.row(second.credentialId)
  assert.is(row?.state, 'active')
  assert.is(row?.key, 'oid4vci:2')
  assert.is(row?.recipient, 'M-2')
  assert.is(row?.copyOf, first.credentialId)
  assert.is(row?.credential, second.credential)
  const held = (await store.entriesOf(second.credentialId)).map((e) => [e.purpose, e.index])
  assert.equal(held.sort(), signedEntries(String(second.credential)).sort())
  assert.is(held.length, 2)
  // Its own indices: none is the first credential's.
  const firstHeld = await store.entriesOf(first.credentialId)
  for (const entry of await store.entriesOf(second.credentialId))
    assert.not.ok(firstHeld.some((f) => f.url === entry.url && f.index === entry.index))

  // The same key again: the credential recorded, nothing written (the one write tried is refused as a
  // duplicate; the key is not looked up before).
  calls.clear()
  const rows = await ledgerRowCount(base)
  const again = await issuer.issueCopy(copyDraft(2), { format: 'jwt', suspension: true, key: 'oid4vci:2' })
  assert.ok(again.existing)
  assert.is(again.credentialId, second.credentialId)
  assert.equal(Object.fromEntries(calls), { issueCopy: 1 })
  assert.is(await ledgerRowCount(base), rows)

  // Revoking the original revokes the copy made in one commit, through its entry.
  await issuer.revoke(first.credentialId)
  assert.is((await store.row(second.credentialId))?.state, 'revoked')
  const revocation = (await store.entriesOf(second.credentialId)).find((e) => e.purpose === 'revocation')
  assert.is(revocation?.status, 1)

  // A data-integrity copy without suspension: one entry.
  calls.clear()
  const plain = await issuer.issueCopy(copyDraft(3), { key: 'oid4vci:3' })
  assert.equal(Object.fromEntries(calls), { issueCopy: 1 })
  assert.is((await store.entriesOf(plain.credentialId)).length, 1)
  assert.is((plain.credential as JsonObject).id, plain.credentialId)
  // The row's fields are the credential's, as readCredential reads them: its subject (the recipient when
  // none is given), its achievement, its dates.
  const view = readCredential(plain.credential)
  assert.ok(view.achievementId !== undefined && view.validity.validUntil !== undefined)
  const stored = await store.row(plain.credentialId)
  assert.equal(
    [stored?.recipient, stored?.achievementId, stored?.validFrom, stored?.validUntil],
    [
      view.subjectId ?? 'hashed recipient',
      view.achievementId,
      view.validity.validFrom,
      view.validity.validUntil,
    ],
  )
}

async function fallsBack(base: IssuerStore): Promise<void> {
  await issuerOn(base, signer).issue(copyDraft(10), { format: 'jwt' })
  // Every index taken at each of the tries: issue finds one, nothing was written by the tries.
  const taken = counted(base, { taken: true })
  const issued = await issuerOn(taken.store, signer).issueCopy(copyDraft(11), { format: 'jwt', key: 'k-11' })
  assert.is(taken.calls.get('issueCopy'), 3)
  assert.is(taken.calls.get('completeRow'), 1)
  assert.is((await base.row(issued.credentialId))?.state, 'active')
  assert.is((await base.entriesOf(issued.credentialId)).length, 1)
  // A store without issueCopy: issue.
  const without = counted(base, { withoutIssueCopy: true })
  const other = await issuerOn(without.store, signer).issueCopy(copyDraft(12), { format: 'jwt' })
  assert.is(without.calls.get('completeRow'), 1)
  assert.is((await base.row(other.credentialId))?.state, 'active')
  // A draft the schema refuses signs and records nothing.
  const before = (await base.lists()).length
  const bad = { ...copyDraft(13), type: ['VerifiableCredential'] }
  let code: string | undefined
  try {
    await issuerOn(base, signer).issueCopy(bad, { format: 'jwt', key: 'k-13' })
  } catch (error) {
    code = (error as { code?: string }).code
  }
  assert.ok(code !== undefined, 'refused with a typed error')
  assert.is(await base.rowByKey('k-13'), undefined)
  assert.is((await base.lists()).length, before)
}

/** Claims every index of `url` but those of `keep`, for holders of no credential. */
type Fill = (store: IssuerStore, url: string, keep: ReadonlySet<number>) => Promise<void>
const fillInMemory: Fill = async (store, url, keep) => {
  for (const index of await store.freeIndices(url))
    if (!keep.has(index)) await store.claim(url, index, `f-${index}`)
}
const fillInSqlite: Fill = async (store, url, keep) => {
  const group = await (store as SqliteIssuerStore).writeGroup()
  await fillInMemory(store, url, keep)
  await group.close()
}

/**
 * A list with eight free indices left of 131,072: each copy still takes the one write (one more for the
 * copy that first finds an index taken), and gets one of the eight; then `issue` marks the list full and
 * the next copy goes on a new list. Picked at random in the whole list, a copy found its indices taken
 * three times and went through `issue` (issue #17: the cost of a flow grew as the list filled).
 */
async function nearlyFull(base: IssuerStore, fill: Fill): Promise<void> {
  const first = await issuerOn(base, signer).issue(copyDraft(20), { format: 'jwt' })
  const [opened] = await base.entriesOf(first.credentialId)
  const url = opened?.url as string
  const keep = new Set((await base.freeIndices(url)).filter((_, i) => i % 16_384 === 7))
  assert.is(keep.size, 8)
  await fill(base, url, keep)
  const { store, calls } = counted(base)
  const issuer = issuerOn(store, signer)
  const got: number[] = []
  for (let n = 0; n < keep.size; n++) {
    const copy = await issuer.issueCopy(copyDraft(30 + n), { format: 'jwt' })
    assert.is(calls.get('completeRow'), undefined, 'no copy went through issue')
    const [entry] = await base.entriesOf(copy.credentialId)
    assert.is(entry?.url, url)
    got.push(entry?.index as number)
  }
  assert.ok((calls.get('issueCopy') ?? 0) <= keep.size + 1, `${calls.get('issueCopy')} writes for 8 copies`)
  assert.equal(
    got.sort((a, b) => a - b),
    [...keep].sort((a, b) => a - b),
  )
  // None left: issue marks the list full, and the copy goes on the next list.
  calls.clear()
  const next = await issuer.issueCopy(copyDraft(40), { format: 'jwt' })
  assert.is(calls.get('completeRow'), 1)
  const [entry] = await base.entriesOf(next.credentialId)
  assert.ok(entry !== undefined && entry.url !== url)
  assert.ok((await base.getList(url))?.full)
  // The open list is read again after that: the copy after it goes on the new list in one commit, not
  // on the full list it was kept as (every index taken, then `issue` again).
  calls.clear()
  const after = await issuer.issueCopy(copyDraft(41), { format: 'jwt' })
  assert.equal(Object.fromEntries(calls), { issueCopy: 1 })
  assert.is((await base.entriesOf(after.credentialId))[0]?.url, entry.url)
}

test.after(() => rmSync(dir, { recursive: true, force: true }))

test('issueCopy on memory: one write with the lists open, issue otherwise', async () => {
  await oneCommit(new MemoryIssuerStore())
  await fallsBack(new MemoryIssuerStore())
})

test('issueCopy in a nearly full list: one write a copy, on memory', async () => {
  await nearlyFull(new MemoryIssuerStore(), fillInMemory)
})

test('issueCopy in a nearly full list: copies at once get its free indices, each once', async () => {
  const base = new MemoryIssuerStore()
  const first = await issuerOn(base, signer).issue(copyDraft(50), { format: 'jwt' })
  const url = (await base.entriesOf(first.credentialId))[0]?.url as string
  const keep = new Set((await base.freeIndices(url)).filter((_, i) => i % 16_384 === 5))
  await fillInMemory(base, url, keep)
  const { store, calls } = counted(base)
  const issuer = issuerOn(store, signer)
  const copies = await Promise.all(
    [...keep].map((_, n) => issuer.issueCopy(copyDraft(60 + n), { format: 'jwt' })),
  )
  assert.is(calls.get('completeRow'), undefined, 'no copy went through issue')
  const got = await Promise.all(copies.map(async (c) => (await base.entriesOf(c.credentialId))[0]?.index))
  assert.equal(
    got.sort((a, b) => (a as number) - (b as number)),
    [...keep].sort((a, b) => a - b),
  )
})

test('issueCopy in a nearly full list: one write a copy, on SQLite', async () => {
  const store = new SqliteIssuerStore(join(dir, 'full.db'))
  try {
    await nearlyFull(store, fillInSqlite)
  } finally {
    await store.close()
  }
})

test('issueCopy on SQLite: one write with the lists open, issue otherwise', async () => {
  const stores = [new SqliteIssuerStore(join(dir, 'one.db')), new SqliteIssuerStore(join(dir, 'two.db'))]
  try {
    await oneCommit(stores[0] as IssuerStore)
    await fallsBack(stores[1] as IssuerStore)
  } finally {
    for (const store of stores) await store.close()
  }
})

test.run()
