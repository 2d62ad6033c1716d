// SIGKILL while wallet copies are issued in one commit each (Issuer.issueCopy on SQLite), then a run to
// the end: no row without its status entries, no entry without its row, each key issued once.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collect } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-one-commit-kill-'))
const db = join(dir, 'issuer.db')
const child = join(import.meta.dirname, 'one-commit-child.ts')
const env = { ...process.env, CRASH_KEY: 'a'.repeat(64) }
const COUNT = 400

/** Runs the child; kills it once it has printed `killAt` lines. How it ended and the lines it printed. */
function run(killAt?: number): Promise<{ signal: NodeJS.Signals | null; lines: number }> {
  return new Promise((resolve, reject) => {
    const running = spawn(process.execPath, ['--import', 'tsx', child, db, String(COUNT)], { env })
    let lines = 0
    let errors = ''
    running.stdout.on('data', (chunk: Buffer) => {
      lines += chunk.toString().split('\n').length - 1
      if (killAt !== undefined && lines >= killAt) running.kill('SIGKILL')
    })
    running.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString()
    })
    running.on('error', reject)
    running.on('close', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${errors}`))
      else resolve({ signal, lines })
    })
  })
}

/** Every row whole with its entries, every entry a row's; the keys issued. */
async function wholeLedger(): Promise<string[]> {
  const store = new SqliteIssuerStore(db)
  try {
    const rows = await collect(store.rows())
    const ids = new Set(rows.map((r) => r.credentialId))
    for (const row of rows) {
      assert.is(row.state, 'active', `${row.key} is whole`)
      assert.ok(row.credential?.startsWith('ey'), `${row.key} has its credential`)
      const n = Number(row.key?.split(':')[1])
      const purposes = (await store.entriesOf(row.credentialId)).map((e) => e.purpose).sort()
      assert.equal(purposes, n % 2 === 0 ? ['revocation', 'suspension'] : ['revocation'], `${row.key}`)
    }
    for (const list of await store.lists()) {
      const free = new Set(await store.freeIndices(list.url))
      for (let index = 0; index < list.length; index++) {
        if (free.has(index)) continue
        const entry = await store.entry(list.url, index)
        assert.ok(entry !== undefined && ids.has(entry.holder), `index ${index} of ${list.url} is a row's`)
      }
    }
    return rows.map((r) => r.key ?? '')
  } finally {
    await store.close()
  }
}

test.after(() => rmSync(dir, { recursive: true, force: true }))

test('SIGKILL mid-way through wallet copies issued in one commit each, then a run to the end', async () => {
  const killed = await run(60 + Math.floor(Math.random() * 200))
  assert.is(killed.signal, 'SIGKILL', 'the first run ended by itself')
  const before = await wholeLedger()
  assert.ok(before.length >= 60 && before.length < COUNT, `${before.length} copies before the kill`)
  const rest = await run()
  assert.is(rest.signal, null)
  const keys = await wholeLedger()
  assert.is(keys.length, COUNT)
  assert.is(new Set(keys).size, COUNT, 'each key once')
})

test.run()
