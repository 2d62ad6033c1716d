/**
 * Opening a PostgreSQL pool from a DATABASE_URL, the one way every Tessera PostgreSQL store does it (the
 * issuer's, the service's, the engagement counters, the referral codes): the driver loaded then (an entry
 * that is never opened never loads pg); the schema name checked before connecting; the store's tables
 * created under its advisory lock (processes opening a new database at once take turns); and the house's
 * error codes, with the password (as written, percent-decoded, or in the query) never in a message.
 */
import { errorCodeOf, TesseraError } from '@tessera/schema'
import type pg from 'pg'

/** Why a pool could not be opened (and, for the failures a store meets later, why a statement failed). */
export type PostgresPoolErrorCode =
  /** A schema name that would need quoting: refused before connecting. */
  | 'INVALID_SCHEMA_NAME'
  /** The server cannot be reached, refuses the login, or the tables cannot be created. */
  | 'STORE_UNREACHABLE'
  /** The server is out of disk space. */
  | 'STORE_FULL'
  /** The server accepts no writes (a standby, or a read-only transaction setting). */
  | 'STORE_READ_ONLY'
  /** pg (an optional peer dependency) is not installed: the message says what to install. */
  | 'MODULE_NOT_INSTALLED'

export interface PostgresPoolOptions {
  /** What the tables are, for errors: `the referral tables`. */
  what: string
  /** The advisory lock the tables are created under (one per store). */
  migrationLock: number
  /** The statements that create the store's tables when missing, or a function that runs them on the client. */
  tables: string | ((client: pg.PoolClient) => Promise<void>)
  /** A schema of its own (created when missing) instead of the connection's default (`public`): `[a-z_][a-z0-9_]*`. */
  schema?: string
  /** Connections in the pool. Default 10. */
  max?: number
  /** How long to wait for a connection before STORE_UNREACHABLE, in milliseconds. Default 10,000. */
  connectTimeoutMs?: number
}

/** How errors name the server: the URL without its password or query; and the secrets to scrub. */
export interface PostgresTarget {
  where: string
  secrets: string[]
}

export function postgresTarget(connectionString: string): PostgresTarget {
  try {
    const url = new URL(connectionString)
    const secrets = [url.password, safeDecode(url.password), url.searchParams.get('password') ?? '']
    url.password = ''
    url.search = ''
    url.hash = ''
    return { where: url.toString(), secrets: secrets.filter((s) => s !== '') }
  } catch {
    // Not a URL (a socket folder, or a typo): never echo it, it may hold a password.
    return { where: 'the configured PostgreSQL server', secrets: [connectionString] }
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT',
  'ERR_INVALID_URL',
])

/** A failure to reach or log in to the server, as opposed to an error in a statement. */
function isConnectionError(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.some(isConnectionError)) return true
  const code = errorCodeOf(error)
  if (code !== undefined) {
    // 08: connection exception; 28: authorization; 3D000: no such database; 57P0x: server shutting down.
    if (NETWORK_CODES.has(code) || /^(08|28|57P0)/.test(code) || code === '3D000') return true
  }
  const message = error instanceof Error ? error.message : ''
  return /timeout exceeded when trying to connect|connection terminated|not queryable|Connection closed/i.test(
    message,
  )
}

/** The error's message (each one of an AggregateError's), without the target's secrets. */
function reasonOf(target: PostgresTarget, error: unknown): string {
  const reasons =
    error instanceof AggregateError
      ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e)))
      : [error instanceof Error ? error.message || String(errorCodeOf(error)) : String(error)]
  let clean = reasons.join('; ')
  for (const secret of target.secrets) clean = clean.split(secret).join('***')
  return clean
}

/**
 * A driver's error as the house's code: a connection failure STORE_UNREACHABLE (without the password), a
 * full disk STORE_FULL, a read-only server STORE_READ_ONLY; undefined for any other (an error in a statement).
 */
export function postgresFailure(
  target: PostgresTarget,
  error: unknown,
): TesseraError<PostgresPoolErrorCode> | undefined {
  if (isConnectionError(error))
    return new TesseraError<PostgresPoolErrorCode>(
      'STORE_UNREACHABLE',
      `cannot reach PostgreSQL at ${target.where}: ${reasonOf(target, error)}`,
    )
  const code = errorCodeOf(error)
  // 53100: disk_full; 25006: read_only_sql_transaction (a standby, or default_transaction_read_only).
  if (code === '53100')
    return new TesseraError<PostgresPoolErrorCode>(
      'STORE_FULL',
      `PostgreSQL at ${target.where} is out of disk space: the write that failed was not kept; free space and run again (a re-run issues only what is not done)`,
      { cause: error },
    )
  if (code === '25006')
    return new TesseraError<PostgresPoolErrorCode>(
      'STORE_READ_ONLY',
      `PostgreSQL at ${target.where} accepts no writes (a standby, or a read-only transaction setting)`,
      { cause: error },
    )
  return undefined
}

/** pg, loaded when a pool is first opened; MODULE_NOT_INSTALLED when it is not installed. */
async function driver(): Promise<typeof pg> {
  try {
    return (await import('pg')).default
  } catch (error) {
    if (errorCodeOf(error) === 'ERR_MODULE_NOT_FOUND' && /'pg'/.test(String(error)))
      throw new TesseraError<PostgresPoolErrorCode>(
        'MODULE_NOT_INSTALLED',
        'a PostgreSQL store (DATABASE_URL) needs pg: npm install pg',
        { cause: error },
      )
    throw error
  }
}

/**
 * A pool on `connectionString` (`postgres://user:password@host:port/db`) with the store's tables in place.
 * INVALID_SCHEMA_NAME before connecting; STORE_UNREACHABLE when the server cannot be reached, refuses the
 * login or the tables cannot be created (STORE_FULL, STORE_READ_ONLY when that is why); a TesseraError
 * that `tables` throws as it is. The password never appears in a message.
 */
export async function openPostgresPool(
  connectionString: string,
  options: PostgresPoolOptions,
): Promise<pg.Pool> {
  const { schema } = options
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new TesseraError<PostgresPoolErrorCode>(
      'INVALID_SCHEMA_NAME',
      `a schema name is lower-case letters, digits and _, at most 63 of them, not ${JSON.stringify(schema)}`,
    )
  const { Pool } = await driver()
  const target = postgresTarget(connectionString)
  let pool: pg.Pool | undefined
  try {
    pool = new Pool({
      connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    })
    // A pooled connection that dies while idle is dropped; the next query connects again.
    pool.on('error', () => undefined)
    const client = await pool.connect()
    try {
      await client.query('begin')
      await client.query('select pg_advisory_xact_lock($1)', [options.migrationLock])
      if (schema !== undefined) await client.query(`create schema if not exists ${schema}`)
      if (typeof options.tables === 'string') await client.query(options.tables)
      else await options.tables(client)
      await client.query('commit')
      client.release()
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      client.release(true)
      throw error
    }
  } catch (error) {
    await pool?.end().catch(() => undefined)
    if (error instanceof TesseraError) throw error
    const failure = postgresFailure(target, error)
    if (failure !== undefined && failure.code !== 'STORE_UNREACHABLE') throw failure
    throw new TesseraError<PostgresPoolErrorCode>(
      'STORE_UNREACHABLE',
      `cannot open ${options.what} at ${target.where}: ${reasonOf(target, error)}`,
    )
  }
  return pool
}
