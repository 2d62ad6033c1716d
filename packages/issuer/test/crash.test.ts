// SIGKILL in the middle of a 10,000-row batch, then a re-run: every row issued exactly once (one ledger
// row, one credential file), every status index distinct, and the published list equals the ledger.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeList } from '@tessera/status'
import { collect } from '@tessera/testkit'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Issuer } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

/** The clock the issuer runs at in this test, whatever today's date. */
const NOW = new Date('2026-06-01T00:00:00Z')

const dir = mkdtempSync(join(tmpdir(), 'tessera-crash-'))
const CRASH_KEY = randomBytes(32).toString('hex')
const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url))

/** A batch's store and output folder. */
interface Batch {
  db: string
  out: string
  rows: number
}

function batch(name: string, rows: number): Batch {
  const out = join(dir, name)
  mkdirSync(out)
  return { db: join(dir, `${name}.db`), out, rows }
}

/** Runs the batch in a child that prints its rows done every `every` rows (emitted as 'progress'). */
function start(
  { db, out, rows }: Batch,
  every = 100,
): {
  process: ChildProcess
  done: Promise<{ code: number | null; signal: string | null; last: string }>
} {
  const running = spawn(process.execPath, ['--import', 'tsx', child, db, out, String(rows), String(every)], {
    env: { ...process.env, CRASH_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let last = ''
  running.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    last = chunk.trim().split('\n').at(-1) ?? last
    running.emit('progress', Number(last))
  })
  const done = new Promise<{ code: number | null; signal: string | null; last: string }>((resolve) =>
    running.on('exit', (code, signal) => resolve({ code, signal, last })),
  )
  return { process: running, done }
}

/** Every row issued exactly once (one ledger row, one whole file), indices distinct, lists equal the ledger. */
async function assertExactlyOnce({ db, out, rows: ROWS }: Batch): Promise<void> {
  const store = new SqliteIssuerStore(db)
  const rows = await collect(store.rows())
  assert.is(rows.length, ROWS)
  assert.is(new Set(rows.map((r) => r.key)).size, ROWS)
  assert.ok(rows.every((r) => r.state === 'active'))
  const files = new Set(readdirSync(out).filter((f) => f.endsWith('.jwt')))
  assert.is(files.size, ROWS)
  for (const row of rows)
    assert.ok(files.has(`${row.credentialId.replace('urn:uuid:', '')}.jwt`), row.credentialId)
  // A killed write leaves at most a `.tmp` file: every credential file is whole.
  for (const file of files) {
    const parts = readFileSync(join(out, file), 'utf8').split('.')
    assert.is(parts.length, 3, file)
    assert.is(parts[2]?.length, 86, file)
  }
  assert.ok(readdirSync(out).every((f) => f.endsWith('.jwt') || f.endsWith('.tmp')))

  const entries = (await Promise.all(rows.map((r) => store.entriesOf(r.credentialId)))).flat()
  assert.is(entries.length, ROWS)
  assert.is(new Set(entries.map((e) => `${e.url}#${e.index}`)).size, ROWS)

  // Revoke some, publish: the list's set bits are exactly the revoked credentials' indices.
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.importKey({ type: 'Ed25519', privateKeyHex: CRASH_KEY })
  const { did, verificationMethod } = didKeyOf(key)
  const issuer = new Issuer({
    store,
    clock: () => NOW,
    signer: kmsSigner(kms, key, { issuer: did, verificationMethod }),
    statusBaseUrl: 'https://guild.example/status',
  })
  const revoked = rows.filter((_, i) => i % 997 === 0)
  for (const row of revoked) await issuer.revoke(row.credentialId)
  const lists = await issuer.signedStatusLists()
  const expected = new Set(
    (await Promise.all(revoked.map((r) => store.entriesOf(r.credentialId))))
      .flat()
      .map((e) => `${e.url}#${e.index}`),
  )
  const published = new Set<string>()
  for (const [url, list] of lists) {
    const subject = (list as { credentialSubject: { encodedList: string } }).credentialSubject
    const bits = decodeList(subject.encodedList, { type: 'BitstringStatusList' })
    for (let i = 0; i < bits.length; i++) if (bits.get(i) !== 0) published.add(`${url}#${i}`)
  }
  assert.equal([...published].sort(), [...expected].sort())
  await store.close()
}

test('SIGKILL mid-batch of 10,000 rows, then a re-run: each row once, indices distinct, lists equal the ledger', async () => {
  const run = batch('ten-thousand', 10_000)
  const first = start(run)
  const killAt = 2_000 + Math.floor(Math.random() * 4_000)
  first.process.on('progress', (done: number) => {
    if (done >= killAt) first.process.kill('SIGKILL')
  })
  const killed = await first.done
  assert.is(killed.signal, 'SIGKILL', `the first run ended by itself (${killed.last})`)
  const before = readdirSync(run.out).filter((f) => f.endsWith('.jwt')).length
  assert.ok(before > 0 && before < run.rows, `${before} files after the kill`)

  const second = start(run)
  const finished = await second.done
  assert.is(finished.code, 0)
  const summary = JSON.parse(finished.last) as { issued: number; existing: number; failed: number }
  assert.is(summary.failed, 0)
  assert.is(summary.issued + summary.existing, run.rows)
  await assertExactlyOnce(run)
})

test('20 SIGKILLs at random moments of one batch, then a run to the end: still each row once', async () => {
  const run = batch('twenty-kills', 1_500)
  // Each round is killed when its child reports a random number of rows done (at least 200 rows before the
  // end), so that the kill lands mid-batch whatever the machine's speed; in every other round a random timer
  // may kill it first instead, at any moment (start-up included). A round counts as killed mid-batch only
  // when its last progress line says rows were left: every round without a timer is.
  const midBatch: number[] = []
  const killPoints: number[] = []
  for (let round = 0; round < 20; round++) {
    const running = start(run, 10)
    const killAt = 10 + Math.floor(Math.random() * (run.rows - 210))
    killPoints.push(killAt)
    running.process.on('progress', (done: number) => {
      if (done >= killAt) running.process.kill('SIGKILL')
    })
    const timer =
      round % 2 === 0
        ? undefined
        : setTimeout(() => running.process.kill('SIGKILL'), 300 + Math.random() * 2_700)
    const ended = await running.done
    clearTimeout(timer)
    if (ended.signal === 'SIGKILL') {
      const done = Number(ended.last)
      if (ended.last !== '' && done > 0 && done < run.rows) midBatch.push(done)
    } else assert.is(ended.code, 0)
  }
  assert.ok(
    midBatch.length >= 10,
    `${midBatch.length} rounds killed mid-batch (kill points ${killPoints.join(', ')})`,
  )
  const last = start(run)
  assert.is((await last.done).code, 0)
  await assertExactlyOnce(run)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
