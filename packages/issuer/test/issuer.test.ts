// Issuing through the SQLite store: validated, recorded, given status, signed, verified; revoked and
// suspended through published lists; idempotent by key; resumable after a crash mid-issue.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { collect, thrownCodeAsync } from '@tessera/testkit'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { Verifier } from '@tessera/verifier'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Issuer } from '../src/index.js'
import { publish } from '../src/node/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const dir = mkdtempSync(join(tmpdir(), 'tessera-issuer-'))
const BASE = 'https://guild.example/status'

async function setup(file = `store-${crypto.randomUUID()}.db`) {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Ed25519' })
  const { did, verificationMethod } = didKeyOf(key)
  const store = new SqliteIssuerStore(join(dir, file))
  const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })
  const issuer = new Issuer({
    store,
    signer,
    statusBaseUrl: BASE,
    clock: () => NOW,
    verifier: new Verifier({ offline: true }),
  })
  const membership = (member: string): JsonObject =>
    buildMembershipCredential({
      issuer: { id: did, name: 'Guild of Bookbinders' },
      recipient: { did: `did:example:${member}` },
      achievement: { id: 'https://guild.example/membership' },
      term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
    }) as unknown as JsonObject
  /** A verifier that sees the lists as they are published now. */
  const published = async () =>
    new Verifier({
      documents: await issuer.signedStatusLists({ validFrom: '2026-01-01T00:00:00Z' }),
      offline: true,
    })
  return { kms, key, did, store, signer, issuer, membership, published }
}

test('issue: a verified credential, a ledger row, a Bitstring entry; revoke and publish: REVOKED', async () => {
  const { issuer, store, membership, published } = await setup()
  const { credentialId, credential, row } = await issuer.issue(membership('ada'), {
    key: 'M-1/membership/2026',
    recipient: 'M-1',
  })
  assert.is(row.state, 'active')
  assert.is(row.recipient, 'M-1')
  assert.is(row.achievementId, 'https://guild.example/membership')
  assert.is(row.validUntil, '2026-12-31T23:59:59Z')
  const entry = (credential as JsonObject).credentialStatus as JsonObject
  assert.is(entry.type, 'BitstringStatusListEntry')
  assert.equal(await store.entriesOf(credentialId), [
    {
      url: `${BASE}/revocation-1.json`,
      index: Number(entry.statusListIndex),
      purpose: 'revocation',
      status: 0,
    },
  ])
  assert.ok((await (await published()).verifyCredential(credential as JsonObject, { now: NOW })).verified)
  await issuer.revoke(credentialId)
  const after = await (await published()).verifyCredential(credential as JsonObject, { now: NOW })
  assert.is(after.checks.find((c) => c.id === 'status')?.code, 'REVOKED')
  assert.is((await store.row(credentialId))?.state, 'revoked')
})

test('VC-JWT with StatusList2021 and a suspension entry: suspend, reinstate', async () => {
  const { issuer, membership, published } = await setup()
  const { credentialId, credential } = await issuer.issue(membership('bo'), {
    format: 'jwt',
    status: 'statuslist2021',
    suspension: true,
  })
  assert.type(credential, 'string')
  await issuer.suspend(credentialId)
  assert.is(
    (await (await published()).verifyCredential(credential as string, { now: NOW })).checks.find(
      (c) => c.id === 'status',
    )?.code,
    'SUSPENDED',
  )
  await issuer.reinstate(credentialId)
  assert.ok((await (await published()).verifyCredential(credential as string, { now: NOW })).verified)
})

test('the same key issues once: a re-run returns the first credential', async () => {
  const { issuer, store, membership } = await setup()
  const first = await issuer.issue(membership('cy'), { key: 'M-3/membership/2026' })
  const again = await issuer.issue(membership('cy'), { key: 'M-3/membership/2026' })
  assert.ok(again.existing)
  assert.is(again.credentialId, first.credentialId)
  assert.equal(again.credential, first.credential)
  assert.is((await collect(store.rows())).length, 1)
  // the first credential is returned as it was made, whatever format the re-run asks for
  const jwt = await issuer.issue(membership('cz'), { key: 'M-5/membership/2026', format: 'jwt' })
  const asked = await issuer.issue(membership('cz'), { key: 'M-5/membership/2026', format: 'data-integrity' })
  assert.is(asked.credential, jwt.credential)
})

test("a Data Integrity proof and a signed status list are dated by the issuer's clock, not the machine's", async () => {
  const { issuer, membership } = await setup()
  const { credential } = await issuer.issue(membership('clock'), {
    key: 'M-9/membership/2026',
    format: 'data-integrity',
  })
  assert.is(((credential as JsonObject).proof as JsonObject).created, '2026-06-01T00:00:00Z')
  for (const list of (await issuer.signedStatusLists()).values())
    assert.is(((list as JsonObject).proof as JsonObject).created, '2026-06-01T00:00:00Z')
})

test('a crash after the index was claimed: the re-run finishes with the same id and index', async () => {
  const { issuer, store, membership, signer } = await setup()
  // Simulate the crash: the signer dies after the pending row and the status entry exist.
  const dying = new Issuer({
    store,
    signer: { ...signer, sign: async () => Promise.reject(new Error('killed')) },
    statusBaseUrl: BASE,
    verifier: new Verifier({ offline: true }),
  })
  await dying.issue(membership('di'), { key: 'M-4/membership/2026' }).then(
    () => assert.unreachable('signed'),
    (error: Error) => assert.match(error.message, /killed/),
  )
  const [pending] = await collect(store.rows())
  assert.is(pending?.state, 'pending')
  const held = await store.entriesOf(pending?.credentialId as string)
  assert.is(held.length, 1)
  const done = await issuer.issue(membership('di'), { key: 'M-4/membership/2026' })
  assert.is(done.credentialId, pending?.credentialId)
  assert.equal(await store.entriesOf(done.credentialId), held)
  assert.is(
    Number(((done.credential as JsonObject).credentialStatus as JsonObject).statusListIndex),
    held[0]?.index,
  )
  assert.is((await collect(store.rows())).length, 1)
})

test('refusals: an invalid template signs nothing; unknown credentials; no suspension entry; revoked is final', async () => {
  const { issuer, store, membership } = await setup()
  const broken = membership('ed')
  delete (broken.credentialSubject as JsonObject).achievement
  assert.is(await thrownCodeAsync(() => issuer.issue(broken)), 'INVALID_CREDENTIAL')
  assert.equal(await collect(store.rows()), [])
  assert.equal(await store.lists(), [])
  assert.is(await thrownCodeAsync(() => issuer.revoke('urn:uuid:nobody')), 'NOT_ISSUED_HERE')
  const plain = await issuer.issue(membership('fa'))
  assert.is(await thrownCodeAsync(() => issuer.suspend(plain.credentialId)), 'WRONG_STATE')
  const none = await issuer.issue(membership('gu'), { status: 'none' })
  assert.is(await thrownCodeAsync(() => issuer.revoke(none.credentialId)), 'WRONG_STATE')
  const both = await issuer.issue(membership('hu'), { suspension: true })
  await issuer.revoke(both.credentialId)
  assert.is(await thrownCodeAsync(() => issuer.reinstate(both.credentialId)), 'WRONG_STATE')
})

test('a signer that is not the issuer: nothing handed out (SIGNER_MISMATCH)', async () => {
  const { issuer } = await setup()
  const other = await setup()
  assert.is(await thrownCodeAsync(() => issuer.issue(other.membership('io'))), 'SIGNER_MISMATCH')
})

test('the store survives a reopen, and expiring credentials are found in the ledger', async () => {
  const file = 'reopen.db'
  const first = await setup(file)
  const issued = await first.issuer.issue(first.membership('ju'))
  first.store.close()
  const store = new SqliteIssuerStore(join(dir, file))
  assert.is((await store.row(issued.credentialId))?.state, 'active')
  const soon = await store.validUntilBetween(
    new Date('2026-12-01T00:00:00Z'),
    new Date('2027-01-01T00:00:00Z'),
  )
  assert.equal(
    soon.map((r) => r.credentialId),
    [issued.credentialId],
  )
  assert.equal(
    await store.validUntilBetween(new Date('2027-01-01T00:00:00Z'), new Date('2028-01-01T00:00:00Z')),
    [],
  )
  store.close()
})

test('a batch: good rows issued, a bad row reported by key, a re-run issues nothing twice', async () => {
  const { issuer, store, membership } = await setup()
  const broken = membership('zz')
  delete (broken.credentialSubject as JsonObject).achievement
  const rows = [
    { key: 'M-1/membership/2026', credential: membership('a1') },
    { key: 'M-2/membership/2026', credential: broken },
    { key: 'M-3/membership/2026', credential: membership('a3') },
  ]
  const results: string[] = []
  const first = await issuer.issueBatch(rows, {
    onResult: (r) => {
      results.push(`${r.key} ${r.ok ? 'ok' : r.code}`)
    },
  })
  assert.equal(first, { issued: 2, existing: 0, failed: 1 })
  assert.equal(results.sort(), [
    'M-1/membership/2026 ok',
    'M-2/membership/2026 INVALID_CREDENTIAL',
    'M-3/membership/2026 ok',
  ])
  async function* again() {
    for (const row of rows) yield row
  }
  assert.equal(await issuer.issueBatch(again()), { issued: 0, existing: 2, failed: 1 })
  assert.is((await collect(store.rows())).length, 2)
  const indices = new Set(
    (await Promise.all((await collect(store.rows())).map((r) => store.entriesOf(r.credentialId))))
      .flat()
      .map((e) => e.index),
  )
  assert.is(indices.size, 2)
})

test('publish: every signed list in <dir>/status, named by its URL, that verifiers accept', async () => {
  const { issuer, membership } = await setup()
  const { credentialId, credential } = await issuer.issue(membership('pu'))
  await issuer.revoke(credentialId)
  const out = join(dir, `publish-${crypto.randomUUID()}`)
  const files = await publish(issuer, out, { validFrom: '2026-01-01T00:00:00Z' })
  assert.equal(files, [join(out, 'status', 'revocation-1.json')])
  assert.equal(readdirSync(join(out, 'status')), ['revocation-1.json'])
  const list = JSON.parse(readFileSync(files[0] as string, 'utf8'))
  const verifier = new Verifier({ documents: new Map([[`${BASE}/revocation-1.json`, list]]), offline: true })
  const result = await verifier.verifyCredential(credential as JsonObject, { now: NOW })
  assert.is(result.checks.find((c) => c.id === 'status')?.code, 'REVOKED')
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
