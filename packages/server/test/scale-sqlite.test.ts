// Several service processes on one SQLite file: two `tessera serve --workers 2` (four processes, each
// service's connections handed to its two workers), 300 wallets at once (64 in flight), each offer's code
// presented to both services at the same moment. Every offer is redeemed once, every credential issued
// once, every status index distinct: SQLite's write lock (`begin immediate`, its busy wait) keeps each
// single use single across processes as PostgreSQL's row locks do (scale-postgres.test.ts; the run: scale.ts).
// Then SIGTERM: each service stops its workers and exits 0.
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { OpenedService } from '../src/index.js'
import { scaleRun } from './scale.js'

const WALLETS = Number(process.env.TESSERA_SERVER_SCALE_WALLETS ?? 300)
const dir = mkdtempSync(join(tmpdir(), 'tessera-scale-sqlite-'))
const store = join(dir, 'store')
const children: ChildProcess[] = []
let opened: OpenedService | undefined

test.after(async () => {
  for (const child of children) child.kill('SIGKILL')
  await opened?.close()
  rmSync(dir, { recursive: true, force: true })
})

test(`${WALLETS} wallets, two services of two workers each, one SQLite file: each offer redeemed once, each credential issued once, every index distinct; SIGTERM stops them`, async () => {
  await scaleRun({
    store,
    databaseUrl: '',
    wallets: WALLETS,
    serveArgs: ['--workers', '2'],
    children,
    opened: (service) => {
      opened = service
    },
    query: async () => {
      const db = new Database(join(store, 'tessera.db'), { readonly: true, timeout: 5_000 })
      return {
        one: async (sql) =>
          Object.fromEntries(
            Object.entries(db.prepare(sql).get() as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
          ),
        close: async () => {
          db.close()
        },
      }
    },
  })
  const exits = children.map(
    (child) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
  )
  for (const child of children) child.kill('SIGTERM')
  assert.equal(await Promise.all(exits), [0, 0])
  children.length = 0
})

test.run()
