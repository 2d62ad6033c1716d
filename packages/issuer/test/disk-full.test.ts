import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorCodeOf, isTesseraError } from '@tessera/schema'
import { collect } from '@tessera/testkit'
import { issuerOn as issuerOnStore, kmsIssuer, membershipRows } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchStoppedError, type Issuer, type IssuerStore } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const ROWS = 1_200
const dir = mkdtempSync(join(tmpdir(), 'tessera-full-'))
const { did, signer } = await kmsIssuer()
const issuerOn = (store: IssuerStore): Issuer => issuerOnStore(store, signer)
const rows = () => membershipRows(did, ROWS)

test('a batch on a full disk stops with STORE_FULL and its summary; nothing half-written; a re-run finishes', async () => {
  const file = join(dir, 'full.db')
  // Room for a few hundred of the 1,200 rows: an empty store with its first list takes about 150 KB, a
  // row about 2.1 KB with its index, and a batch commits up to 256 rows at once (on an idle machine the
  // first commit holds all 256: a smaller cap fills before anything is reported).
  const small = new SqliteIssuerStore(file, { maxBytes: 1_400_000 })
  const reported = new Map<string, string>()
  let stopped: unknown
  try {
    await issuerOn(small).issueBatch(rows(), {
      onResult: (result) => {
        if (!result.ok) throw new Error(`${result.key}: ${result.code}`)
        reported.set(result.key, result.issued.credentialId)
      },
    })
  } catch (error) {
    stopped = error
  }
  await small.close()
  assert.ok(stopped instanceof BatchStoppedError, String(stopped))
  const { code, message, summary } = stopped as BatchStoppedError
  assert.is(code, 'STORE_FULL')
  assert.ok(isTesseraError(stopped))
  assert.equal(summary, { issued: reported.size, existing: 0, failed: 0 })
  assert.ok(reported.size > 0 && reported.size < ROWS, `${reported.size} rows before the disk filled`)
  assert.match(message, new RegExp(`issuing ${reported.size} \\(already issued 0, failed 0\\)`))
  assert.match(message, /free space and run again/)

  // Every reported row is in the ledger, whole; the only others are rows that were in flight, pending as
  // after a crash (nothing handed out for them), each holding its index for the re-run to finish.
  const store = new SqliteIssuerStore(file)
  const ledger = await collect(store.rows())
  const active = ledger.filter((r) => r.state === 'active')
  assert.equal(active.map((r) => r.key).sort(), [...reported.keys()].sort())
  assert.ok(
    active.every((r) => r.credential !== undefined && reported.get(r.key as string) === r.credentialId),
  )
  assert.ok(
    ledger.every((r) => r.state === 'active' || (r.state === 'pending' && r.credential === undefined)),
  )
  assert.ok(ledger.length - active.length <= 64, 'at most one window of rows in flight')
  // No index is claimed but by a ledger row (a pending row may hold none yet: the re-run gives it one).
  const [list] = await store.lists()
  const free = (await store.freeIndices(list?.url as string)).length
  const heldBy = await Promise.all(ledger.map((r) => store.entriesOf(r.credentialId)))
  assert.is((list?.length as number) - free, heldBy.flat().length, 'every claimed index held by a ledger row')
  ledger.forEach((r, n) => {
    if (r.state === 'active') assert.is(heldBy[n]?.length, 1, `${r.key} holds its index`)
  })

  // With room again, the same batch finishes: the rows reported are found, the rest issued.
  const summaryAgain = await issuerOn(store).issueBatch(rows())
  assert.equal(summaryAgain, { issued: ROWS - reported.size, existing: reported.size, failed: 0 })
  const all = await collect(store.rows())
  assert.is(all.length, ROWS)
  const indices = new Set<string>()
  for (const row of all) {
    const held = await store.entriesOf(row.credentialId)
    assert.is(held.length, 1, row.key)
    indices.add(`${held[0]?.url}#${held[0]?.index}`)
  }
  assert.is(indices.size, ROWS)
  await store.close()
})

test('one credential at a time on a full disk: STORE_FULL, a TesseraError, not a SqliteError', async () => {
  const store = new SqliteIssuerStore(join(dir, 'one.db'), { maxBytes: 200_000 })
  const issuer = issuerOn(store)
  let error: unknown
  for (const row of rows()) {
    error = await issuer.issue(row.credential, { format: 'jwt', key: row.key }).then(
      () => undefined,
      (e: unknown) => e,
    )
    if (error !== undefined) break
  }
  assert.ok(isTesseraError(error), String(error))
  assert.is(errorCodeOf(error), 'STORE_FULL')
  await store.close()
})

test('a store that cannot even be created for want of room: STORE_FULL', async () => {
  let error: unknown
  try {
    new SqliteIssuerStore(join(dir, 'none.db'), { maxBytes: 1 })
  } catch (e) {
    error = e
  }
  assert.is(errorCodeOf(error), 'STORE_FULL')
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
