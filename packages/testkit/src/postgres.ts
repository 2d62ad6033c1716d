// The PostgreSQL the tests use: `TESSERA_TEST_DATABASE_URL`, set by scripts/test.mjs from the throwaway
// cluster it starts (scripts/postgres.mjs). Under CI a missing URL is a failure, never a silent skip.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

export const DATABASE_URL = process.env.TESSERA_TEST_DATABASE_URL

/**
 * True when PostgreSQL tests can run. Otherwise, under CI, registers a failing test named `what`; locally
 * it prints one clear line and the caller skips them.
 */
export function postgresAvailable(what: string): boolean {
  if (DATABASE_URL !== undefined && DATABASE_URL !== '') return true
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    const required = suite(`${what} on PostgreSQL`)
    required('PostgreSQL is required under CI', () => {
      assert.unreachable(
        'TESSERA_TEST_DATABASE_URL is not set: scripts/test.mjs starts a throwaway PostgreSQL (is the postgresql package installed?)',
      )
    })
    required.run()
  } else {
    console.log(
      `SKIPPED: ${what} on PostgreSQL: TESSERA_TEST_DATABASE_URL is not set (run through scripts/test.mjs, or start one with node scripts/postgres.mjs)`,
    )
  }
  return false
}

/** A schema name of its own for one test run. */
export function freshSchema(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
}
