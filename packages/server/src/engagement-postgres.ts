/**
 * The engagement counters in the issuer's PostgreSQL database (a small pool of their own): one upsert
 * per event, so any number of service processes add up. See engagement-store.ts for what is kept.
 */
import { openPostgresPool } from '@tessera/issuer/postgres'
import type pg from 'pg'
import {
  countOrder,
  ENGAGEMENT_TABLES,
  type EngagementCount,
  type EngagementDbRow,
  type EngagementEventType,
  type EngagementQuery,
  type EngagementStore,
  engagementCount,
} from './engagement-store.js'

/** Serialises table creation between processes opening a new database at once. */
const MIGRATION_LOCK = 0x0_1d4c2

export class PostgresEngagementStore implements EngagementStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and creates the tables; STORE_UNREACHABLE (without the password) when it cannot. */
  static async open(connectionString: string): Promise<PostgresEngagementStore> {
    const pool = await openPostgresPool(connectionString, {
      max: 2,
      migrationLock: MIGRATION_LOCK,
      tables: ENGAGEMENT_TABLES,
      what: 'the engagement tables',
    })
    return new PostgresEngagementStore(pool)
  }

  async count(
    day: string,
    type: EngagementEventType,
    achievement: string,
    credential?: string,
  ): Promise<void> {
    await this.pool.query(
      'insert into engagement_counts (day, type, achievement, credential, count) values ($1, $2, $3, $4, 1) on conflict (day, type, achievement, credential) do update set count = engagement_counts.count + 1',
      [day, type, achievement, credential ?? ''],
    )
  }

  async counts(query: EngagementQuery = {}): Promise<EngagementCount[]> {
    const { rows } = await this.pool.query<EngagementDbRow>(
      'select day, type, achievement, credential, count from engagement_counts where day >= $1',
      [query.since ?? ''],
    )
    return rows.map(engagementCount).sort(countOrder)
  }

  async setPublicCredentials(ids: readonly string[]): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('begin')
      await client.query('delete from engagement_public_credentials')
      if (ids.length > 0)
        await client.query(
          'insert into engagement_public_credentials (credential_id) select unnest($1::text[]) on conflict do nothing',
          [ids],
        )
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async isPublicCredential(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'select 1 from engagement_public_credentials where credential_id = $1',
      [id],
    )
    return (rowCount ?? 0) > 0
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
