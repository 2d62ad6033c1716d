// openPostgresPool, the one way Tessera's PostgreSQL stores open a pool (the issuer's, the service's, the
// engagement counters, the referral codes): a bad schema name is refused before connecting, an
// unreachable server and tables that cannot be created are STORE_UNREACHABLE naming what could not be
// opened, the password (as written, percent-decoded, or in the query) is never in the message, and a
// TesseraError from the store's own migration passes as it is. With a server: the tables are made in
// the schema asked for, and a second open finds them.
import { TesseraError } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { DATABASE_URL, freshSchema, postgresAvailable } from '@tessera/testkit/postgres'
import pg from 'pg'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { openPostgresPool, type PostgresPoolOptions } from '../src/postgres.js'

const LOCK = 0x7e55_7001
const TABLES = 'create table if not exists pool_test (id integer primary key)'
const options: PostgresPoolOptions = { what: 'the test tables', migrationLock: LOCK, tables: TABLES }

async function rejection(promise: Promise<unknown>): Promise<TesseraError<string>> {
  try {
    await promise
  } catch (error) {
    if (error instanceof TesseraError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

test('a schema name that would need quoting: INVALID_SCHEMA_NAME, before any connection', async () => {
  for (const schema of ['Guild', 'a; drop table ledger', '', 'x'.repeat(64)])
    assert.is(
      await thrownCodeAsync(() => openPostgresPool('postgres://u:pw@127.0.0.1:1/db', { ...options, schema })),
      'INVALID_SCHEMA_NAME',
      schema,
    )
})

test('an unreachable server: STORE_UNREACHABLE, naming the tables and the server, without any form of the password', async () => {
  // Port 1 on the loopback: nothing listens, the connection is refused at once.
  const error = await rejection(
    openPostgresPool('postgres://guild:s%3Ecret%40pw@127.0.0.1:1/tessera?password=other-Secret', options),
  )
  assert.is(error.code, 'STORE_UNREACHABLE')
  assert.match(error.message, /^cannot open the test tables at postgres:\/\/guild@127\.0\.0\.1:1\/tessera: /)
  assert.match(error.message, /ECONNREFUSED/)
  const seen = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error.cause ?? '')}`
  for (const secret of ['s%3Ecret%40pw', 's>cret@pw', 'other-Secret']) assert.not.match(seen, secret)
})

test('a connection string that is not a URL: STORE_UNREACHABLE, never echoed', async () => {
  const error = await rejection(openPostgresPool('postgres://guild:hunter2@[bad/x', options))
  assert.is(error.code, 'STORE_UNREACHABLE')
  assert.not.match(`${error.message} ${error.stack}`, 'hunter2')
})

if (postgresAvailable('openPostgresPool')) {
  const url = DATABASE_URL as string
  const schemas: string[] = []

  test('the tables in the schema asked for; a second open finds them', async () => {
    const schema = freshSchema('pool')
    schemas.push(schema)
    const pool = await openPostgresPool(url, { ...options, schema, max: 1 })
    try {
      await pool.query('insert into pool_test (id) values (1)')
    } finally {
      await pool.end()
    }
    const again = await openPostgresPool(url, { ...options, schema })
    try {
      const { rows } = await again.query('select id, current_schema() as schema from pool_test')
      assert.equal(rows, [{ id: 1, schema }])
    } finally {
      await again.end()
    }
  })

  test('tables that cannot be created: STORE_UNREACHABLE naming them, and nothing half made', async () => {
    const schema = freshSchema('pool_bad')
    schemas.push(schema)
    const error = await rejection(
      openPostgresPool(url, {
        ...options,
        schema,
        tables: `${TABLES}; create table pool_test_2 (id nonsense)`,
      }),
    )
    assert.is(error.code, 'STORE_UNREACHABLE')
    assert.match(error.message, /^cannot open the test tables at .*nonsense/)
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      const { rows } = await admin.query('select 1 from pg_namespace where nspname = $1', [schema])
      assert.is(rows.length, 0, 'the schema was rolled back with the tables')
    } finally {
      await admin.end()
    }
  })

  test("a TesseraError from the store's own migration passes as it is", async () => {
    const schema = freshSchema('pool_own')
    schemas.push(schema)
    const own = new TesseraError('STORE_CORRUPT', 'two rows where one was expected')
    const error = await rejection(
      openPostgresPool(url, {
        ...options,
        schema,
        tables: async () => {
          throw own
        },
      }),
    )
    assert.is(error, own)
  })

  test.after(async () => {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`)
    } finally {
      await admin.end()
    }
  })
}

test.run()
