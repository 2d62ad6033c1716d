// Several issuer processes on one store (issue #9). PostgreSQL: 4 processes x 5,000, each its own Issuer
// with the same Ed25519 key, issuing VC-JWT credentials all at once; then one ledger row and one distinct
// (list, index) per credential, the index the signed credential names, nothing lost, nobody stuck (a
// process that reports no progress for STALL_MS is taken as deadlocked: all are killed, the test fails).
// SQLite: 2 processes on one file (WAL, 5 s busy timeout) both issue everything.
// TESSERA_CONCURRENCY_PER_PROCESS=500 runs a smaller size by hand.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collect } from '@tessera/testkit'
import { DATABASE_URL, freshSchema, postgresAvailable } from '@tessera/testkit/postgres'
import { decodeJwt } from 'jose'
import pg from 'pg'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import type { IssuerStore } from '../src/index.js'
import { PostgresIssuerStore } from '../src/postgres.js'
import { SqliteIssuerStore } from '../src/sqlite.js'
import {
  type ChildProgress,
  type ChildResult,
  type ChildTask,
  keyOf,
  STATUS_BASE,
} from './concurrency-child.js'

const PROCESSES = 4
const PER_PROCESS = Number(process.env.TESSERA_CONCURRENCY_PER_PROCESS ?? 5000)
/**
 * A process that says nothing for this long is stuck (a deadlock, a lost wake-up): the test fails. Each
 * reports every PROGRESS_EVERY credentials (a few seconds even on a loaded machine); start-up, which loads
 * the issuer's modules, is the longest silence.
 */
const STALL_MS = 60_000

const child = new URL('./concurrency-child.ts', import.meta.url).pathname

/** Runs the tasks in child processes at once; the results in task order. Kills them all when one stalls. */
async function inChildren(tasks: ChildTask[]): Promise<ChildResult[]> {
  const children = tasks.map(() => fork(child, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }))
  let stalled: number | undefined
  const stall = (n: number) => {
    stalled ??= n
    for (const c of children) c.kill('SIGKILL')
  }
  const watchdogs = children.map((_, n) => setTimeout(() => stall(n), STALL_MS))
  try {
    return await Promise.all(
      children.map(
        (c, n) =>
          new Promise<ChildResult>((resolve, reject) => {
            let result: ChildResult | undefined
            c.on('message', (message: ChildResult | ChildProgress) => {
              watchdogs[n]?.refresh()
              if (!('progress' in message)) result = message
            })
            c.on('exit', (code, signal) => {
              clearTimeout(watchdogs[n])
              return result === undefined
                ? reject(
                    new Error(
                      stalled === undefined
                        ? `issuer process ${n} ended (${signal ?? code}) without a result: it crashed`
                        : `issuer process ${stalled} made no progress for ${STALL_MS / 1000} s: stuck`,
                    ),
                  )
                : resolve(result)
            })
            c.send(tasks[n] as ChildTask)
          }),
      ),
    )
  } finally {
    for (const w of watchdogs) clearTimeout(w)
  }
}

/** One status entry per credential, and it is the one the signed JWT names. */
async function assertOneEntryEach(store: IssuerStore, expected: number, held: Map<string, string>) {
  const rows = await collect(store.rows())
  assert.is(rows.length, expected, 'ledger rows')
  assert.is(new Set(rows.map((r) => r.key)).size, expected, 'distinct batch keys')
  assert.is(new Set(rows.map((r) => r.credentialId)).size, expected, 'distinct credential ids')
  for (const row of rows) {
    assert.is(row.state, 'active', `${row.key} is complete`)
    const status = decodeJwt(row.credential as string).credentialStatus as {
      statusListCredential: string
      statusListIndex: string
    }
    assert.is(
      held.get(row.credentialId),
      `${status.statusListCredential}#${status.statusListIndex}`,
      `${row.key}: the index it names is the one it holds`,
    )
  }
  assert.is(new Set(held.values()).size, expected, 'distinct (list, index) pairs')
}

const privateKeyHex = randomBytes(32).toString('hex')

if (postgresAvailable('4 issuer processes')) {
  const onPostgres = suite('concurrency: PostgreSQL')
  const schema = freshSchema('concurrency')
  onPostgres.after(async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.end()
  })

  onPostgres(
    `${PROCESSES} processes x ${PER_PROCESS} credentials: every one issued once, every index distinct`,
    async () => {
      const url = DATABASE_URL as string
      const tasks: ChildTask[] = Array.from({ length: PROCESSES }, (_, worker) => ({
        worker,
        count: PER_PROCESS,
        privateKeyHex,
        store: { kind: 'postgres', url, schema },
      }))
      const started = performance.now()
      const results = await inChildren(tasks)
      const seconds = (performance.now() - started) / 1000
      for (const result of results) assert.equal(result, { ...result, ok: true, issued: PER_PROCESS })
      const total = PROCESSES * PER_PROCESS
      console.log(
        `  ${PROCESSES} issuer processes x ${PER_PROCESS} VC-JWT credentials on PostgreSQL: ${seconds.toFixed(1)} s with start-up, ${Math.round(total / seconds)} credentials/s; issuing alone ${results.map((r) => (r.ok ? (r.ms / 1000).toFixed(1) : '-')).join(' / ')} s, CPU per process ${results.map((r) => (r.ok ? (r.cpuMs / 1000).toFixed(1) : '-')).join(' / ')} s`,
      )

      const store = await PostgresIssuerStore.open(url, { schema })
      const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` })
      await client.connect()
      try {
        const { rows } = await client.query<{
          entries: string
          pairs: string
          holders: string
          lists: string
        }>(
          'select count(*) as entries, count(distinct (list_url, idx)) as pairs, count(distinct holder) as holders, count(distinct list_url) as lists from status_entries',
        )
        const counts = rows[0]
        assert.is(Number(counts?.entries), total, 'status entries')
        assert.is(Number(counts?.pairs), total, 'distinct (list, index)')
        assert.is(Number(counts?.holders), total, 'one entry per credential')
        assert.ok(
          (await store.lists()).every((l) => l.url.startsWith(`${STATUS_BASE}/revocation-`)),
          'one issuer, revocation lists only',
        )
        const held = new Map<string, string>()
        const entries = await client.query<{ holder: string; list_url: string; idx: number }>(
          'select holder, list_url, idx from status_entries',
        )
        for (const e of entries.rows) held.set(e.holder, `${e.list_url}#${e.idx}`)
        await assertOneEntryEach(store, total, held)
        for (let worker = 0; worker < PROCESSES; worker++) {
          assert.ok(
            await store.rowByKey(keyOf(worker, PER_PROCESS - 1)),
            `the last credential of process ${worker}`,
          )
        }
      } finally {
        await client.end()
        await store.close()
      }
    },
  )
  onPostgres.run()
}

const onSqlite = suite('concurrency: SQLite')
const dir = mkdtempSync(join(tmpdir(), 'tessera-concurrency-'))
onSqlite.after(() => rmSync(dir, { recursive: true, force: true }))

onSqlite('2 processes on one file: both work (WAL, busy timeout), nothing issued twice', async () => {
  const file = join(dir, 'shared.db')
  await new SqliteIssuerStore(file).close()
  const count = 200
  const results = await inChildren(
    [0, 1].map((worker) => ({ worker, count, privateKeyHex, store: { kind: 'sqlite', file } })),
  )
  // Asserted exactly: neither gets STORE_IN_USE, both finish.
  assert.equal(
    results.map((r) => ({ ok: r.ok, issued: r.issued })),
    [
      { ok: true, issued: count },
      { ok: true, issued: count },
    ],
  )
  const store = new SqliteIssuerStore(file)
  try {
    const held = new Map<string, string>()
    for (const row of await collect(store.rows())) {
      const entries = await store.entriesOf(row.credentialId)
      assert.is(entries.length, 1, `${row.key} holds one entry`)
      held.set(row.credentialId, `${entries[0]?.url}#${entries[0]?.index}`)
    }
    await assertOneEntryEach(store, 2 * count, held)
  } finally {
    await store.close()
  }
})

onSqlite.run()
