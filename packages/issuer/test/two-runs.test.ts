// Issue #15: two `tessera issue` runs of the same spreadsheet on one SQLite store at once. Before, the
// second reported rows as "UNKNOWN_CREDENTIAL: no pending credential" and a few credentials ended up
// holding a second, unused status index. Now: no row fails, each row is issued once (by one run; the
// other reports it as already issued, with the same credential), and every credential holds exactly one
// index per purpose, the one its signed credential names. A batch that finds another batch writing the
// store waits for it (however long, as long as it commits); one held by a stuck process is STORE_IN_USE.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collect } from '@tessera/testkit'
import { issuerOn, kmsIssuer } from '@tessera/testkit/issuer'
import Database from 'better-sqlite3'
import { decodeJwt } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { BatchStoppedError } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-two-runs-'))
const child = fileURLToPath(new URL('./two-runs-child.ts', import.meta.url))
const RUN_KEY = randomBytes(32).toString('hex')
/** Enough rows that the two runs overlap on many of them (the race hit 10 rows in 3,000 before). */
const ROWS = 1_500

interface RunOutput {
  summary: { issued: number; existing: number; failed: number }
  failed: string[]
  reported: [string, string][]
}

function run(db: string): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const running = spawn(process.execPath, ['--import', 'tsx', child, db, String(ROWS)], {
      env: { ...process.env, RUN_KEY },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    running.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
    })
    running.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as RunOutput) : reject(new Error(`a run exited with ${code}`)),
    )
  })
}

test('two runs of one batch on one SQLite store: no row fails, one index per purpose each', async () => {
  const db = join(dir, 'store.db')
  await new SqliteIssuerStore(db).close()
  const [first, second] = await Promise.all([run(db), run(db)])
  for (const output of [first, second] as RunOutput[]) {
    assert.equal(output.failed, [], 'no row reported as failed')
    assert.is(output.summary.issued + output.summary.existing, ROWS, 'every row reported')
  }
  // Each row issued by exactly one of them; the other reported that very credential.
  assert.is((first as RunOutput).summary.issued + (second as RunOutput).summary.issued, ROWS)
  const firstReported = new Map((first as RunOutput).reported)
  for (const [key, credential] of (second as RunOutput).reported)
    assert.is(firstReported.get(key), credential, `${key}: both runs hand out the same credential`)

  const store = new SqliteIssuerStore(db)
  try {
    const rows = await collect(store.rows())
    assert.is(rows.length, ROWS)
    const indices = new Set<string>()
    for (const row of rows) {
      assert.is(row.state, 'active', row.key)
      const held = await store.entriesOf(row.credentialId)
      assert.equal(
        held.map((e) => e.purpose).sort(),
        ['revocation', 'suspension'],
        `${row.key}: one per purpose`,
      )
      const named = decodeJwt(row.credential as string).credentialStatus as {
        statusPurpose: string
        statusListCredential: string
        statusListIndex: string
      }[]
      for (const entry of held) {
        const names = named.find((n) => n.statusPurpose === entry.purpose)
        assert.is(`${names?.statusListCredential}#${names?.statusListIndex}`, `${entry.url}#${entry.index}`)
        indices.add(`${entry.url}#${entry.index}`)
      }
    }
    assert.is(indices.size, 2 * ROWS, 'no index held twice')
  } finally {
    await store.close()
  }
})

test('a store held by a stuck process (a transaction open, nothing committed): STORE_IN_USE after 5 s', async () => {
  const db = join(dir, 'held.db')
  await new SqliteIssuerStore(db).close()
  const stuck = new Database(db)
  stuck.exec('begin immediate')
  const store = new SqliteIssuerStore(db)
  const issuer = issuerOn(store, (await kmsIssuer(RUN_KEY)).signer)
  const error = await issuer.issueBatch([]).catch((e: unknown) => e)
  stuck.exec('rollback')
  stuck.close()
  await store.close()
  assert.ok(error instanceof BatchStoppedError, String(error))
  assert.is((error as BatchStoppedError).code, 'STORE_IN_USE')
  assert.equal((error as BatchStoppedError).summary, { issued: 0, existing: 0, failed: 0 })
  assert.match((error as Error).message, /another process/)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
