// The PostgreSQL the server's tests use: `TESSERA_TEST_DATABASE_URL`, which scripts/test.mjs sets from the
// throwaway cluster it starts. Under CI a missing URL is a failing test, never a silent skip. Each test
// file gets a database of its own, dropped at the end.
import pg from 'pg'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

const DATABASE_URL = process.env.TESSERA_TEST_DATABASE_URL

/** True when PostgreSQL tests can run; otherwise a failing test under CI, one line locally. */
export function postgresAvailable(what: string): boolean {
  if (DATABASE_URL !== undefined && DATABASE_URL !== '') return true
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    const required = suite(`${what} on PostgreSQL`)
    required('PostgreSQL is required under CI', () => {
      assert.unreachable(
        'TESSERA_TEST_DATABASE_URL is not set: scripts/test.mjs starts a throwaway PostgreSQL',
      )
    })
    required.run()
  } else {
    console.log(
      `SKIPPED: ${what} on PostgreSQL: TESSERA_TEST_DATABASE_URL is not set (see scripts/postgres.mjs)`,
    )
  }
  return false
}

/** A new, empty database on the test server: its URL, and a function that drops it. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
  const admin = new pg.Client({ connectionString: DATABASE_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(DATABASE_URL as string)
  url.pathname = `/${name}`
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}
