// SIGKILL in the middle of a 10,000-row batch, then a re-run: every row issued exactly once (one ledger
// row, one credential file), every status index distinct, and the published list equals the ledger.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeList } from '@tessera/status'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { collect } from '../../../test/helpers.js'
import { didKeyOf, Issuer, kmsSigner, SqliteIssuerStore, TesseraKeyManagementSystem } from '../src/index.js'

const ROWS = 10_000
const dir = mkdtempSync(join(tmpdir(), 'tessera-crash-'))
const db = join(dir, 'issuer.db')
const out = join(dir, 'credentials')
mkdirSync(out)
const CRASH_KEY = randomBytes(32).toString('hex')
const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url))

function start(): {
  process: ChildProcess
  done: Promise<{ code: number | null; signal: string | null; last: string }>
} {
  const running = spawn(process.execPath, ['--import', 'tsx', child, db, out, String(ROWS)], {
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

test('SIGKILL mid-batch, then a re-run: each row once, indices distinct, lists equal the ledger', async () => {
  const first = start()
  const killAt = 2_000 + Math.floor(Math.random() * 4_000)
  first.process.on('progress', (done: number) => {
    if (done >= killAt) first.process.kill('SIGKILL')
  })
  const killed = await first.done
  assert.is(killed.signal, 'SIGKILL', `the first run ended by itself (${killed.last})`)
  const before = readdirSync(out).filter((f) => f.endsWith('.jwt')).length
  assert.ok(before > 0 && before < ROWS, `${before} files after the kill`)

  const second = start()
  const finished = await second.done
  assert.is(finished.code, 0)
  const summary = JSON.parse(finished.last) as { issued: number; existing: number; failed: number }
  assert.is(summary.failed, 0)
  assert.is(summary.issued + summary.existing, ROWS)

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
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
