/** The engagement counters of a store folder: in its SQLite file, or in PostgreSQL when `DATABASE_URL` says so. */
import { join } from 'node:path'
import { PostgresEngagementStore } from './engagement-postgres.js'
import { SqliteEngagementStore } from './engagement-sqlite.js'
import type { EngagementStore } from './engagement-store.js'

export async function openEngagementStore(
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Promise<EngagementStore> {
  const url = env.DATABASE_URL
  return url === undefined || url === ''
    ? new SqliteEngagementStore(join(dir, 'tessera.db'))
    : PostgresEngagementStore.open(url)
}
