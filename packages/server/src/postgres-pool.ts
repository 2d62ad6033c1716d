/**
 * Opening a PostgreSQL pool for one of the service's stores (its own tables, the engagement counters):
 * the driver loaded then, not with the module (a service on SQLite never loads it); the store's tables
 * created under an advisory lock (processes opening a new database at once take turns); and, when the
 * server cannot be reached or refuses the login, STORE_UNREACHABLE with the password masked.
 */
import { TesseraError } from '@tessera/schema'
import type pg from 'pg'
import type { ServerErrorCode } from './errors.js'

export interface PostgresPoolOptions {
  /** Connections in the pool. */
  max: number
  /** How long to wait for a connection, in ms. */
  connectTimeoutMs: number
  /** The advisory lock the tables are created under (one per store). */
  migrationLock: number
  /** The statements that create the store's tables when missing. */
  tables: string
  /** What the tables are, for the error: `the service's tables`. */
  what: string
}

/** The connection string's password, never to appear in an error. */
function passwordOf(connectionString: string): string[] {
  try {
    const url = new URL(connectionString)
    return [url.password, decodeURIComponent(url.password)].filter((p) => p !== '')
  } catch {
    return [connectionString]
  }
}

/** A pool on `connectionString` with the store's tables in place. */
export async function openPostgresPool(
  connectionString: string,
  options: PostgresPoolOptions,
): Promise<pg.Pool> {
  const { default: driver } = await import('pg')
  const pool = new driver.Pool({
    connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
  })
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query('select pg_advisory_xact_lock($1)', [options.migrationLock])
      await client.query(options.tables)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  } catch (error) {
    await pool.end().catch(() => undefined)
    let message = error instanceof Error ? error.message : String(error)
    for (const secret of passwordOf(connectionString)) message = message.split(secret).join('***')
    throw new TesseraError<ServerErrorCode>('STORE_UNREACHABLE', `cannot open ${options.what}: ${message}`)
  }
  return pool
}
