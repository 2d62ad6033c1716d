/**
 * The engagement counters of a store folder: in its SQLite file, or in PostgreSQL when `DATABASE_URL` says
 * so (the PostgreSQL store, and the pg driver with it, loaded only then: a service on SQLite never loads it).
 */
import { join } from 'node:path'
import { SqliteEngagementStore } from './engagement-sqlite.js'
import type { EngagementStore } from './engagement-store.js'

export async function openEngagementStore(
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Promise<EngagementStore> {
  const url = env.DATABASE_URL
  return url === undefined || url === ''
    ? new SqliteEngagementStore(join(dir, 'tessera.db'))
    : (await import('./engagement-postgres.js')).PostgresEngagementStore.open(url)
}
