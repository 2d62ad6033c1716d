// Two `tessera serve` processes on one PostgreSQL, behind one credential issuer URL, and 1,000 wallets at
// once (64 in flight): each offer's code is presented to both processes at the same moment and redeemed
// exactly once, each credential is asked for at the process that did not redeem it (no state lives in a
// process), every wallet receives its credential, bound to its own DID, and every status index in the
// database is distinct. A sample of the credentials verifies. (The run itself: scale.ts.)
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { test } from 'uvu'
import type { OpenedService } from '../src/index.js'
import { freshDatabase, postgresAvailable } from './postgres.js'
import { scaleRun } from './scale.js'

const WALLETS = Number(process.env.TESSERA_SERVER_SCALE_WALLETS ?? 1000)

if (postgresAvailable('two service processes')) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-scale-'))
  let database: Awaited<ReturnType<typeof freshDatabase>>
  const children: ChildProcess[] = []
  let opened: OpenedService | undefined

  test.after(async () => {
    for (const child of children) child.kill('SIGTERM')
    await opened?.close()
    await database?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  test(`${WALLETS} wallets, two processes, one PostgreSQL: each offer redeemed once, each credential issued once, every index distinct`, async () => {
    database = await freshDatabase('server_scale')
    await scaleRun({
      store: join(dir, 'store'),
      databaseUrl: database.url,
      wallets: WALLETS,
      children,
      opened: (service) => {
        opened = service
      },
      query: async () => {
        const client = new pg.Client({ connectionString: database.url })
        await client.connect()
        return {
          one: async (sql) => (await client.query(sql)).rows[0] as Record<string, string>,
          close: () => client.end(),
        }
      },
    })
  })

  test.run()
}
