// A database of its own for each of the server's PostgreSQL test files, on the server the test command
// starts (`TESSERA_TEST_DATABASE_URL`, see @tessera/testkit/postgres), dropped at the end.
import { DATABASE_URL } from '@tessera/testkit/postgres'
import pg from 'pg'

export { postgresAvailable } from '@tessera/testkit/postgres'

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
