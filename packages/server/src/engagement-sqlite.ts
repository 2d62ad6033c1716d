/**
 * The engagement counters in the issuer's SQLite file (`tessera.db`), on a connection of their own: one
 * upsert per event, so two processes on one file add up. See engagement-store.ts for what is kept.
 */
import Database from 'better-sqlite3'
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

export class SqliteEngagementStore implements EngagementStore {
  private readonly db: Database.Database

  /** Opens the database at `path` (the issuer's `tessera.db`, or `:memory:`) and creates the tables. */
  constructor(path: string) {
    const db = new Database(path, { timeout: 5_000 })
    try {
      db.pragma('journal_mode = WAL')
      db.exec(ENGAGEMENT_TABLES)
    } catch (error) {
      db.close()
      throw error
    }
    this.db = db
  }

  async count(
    day: string,
    type: EngagementEventType,
    achievement: string,
    credential?: string,
  ): Promise<void> {
    this.db
      .prepare(
        'insert into engagement_counts (day, type, achievement, credential, count) values (?, ?, ?, ?, 1) on conflict (day, type, achievement, credential) do update set count = engagement_counts.count + 1',
      )
      .run(day, type, achievement, credential ?? '')
  }

  async counts(query: EngagementQuery = {}): Promise<EngagementCount[]> {
    const rows = this.db
      .prepare('select day, type, achievement, credential, count from engagement_counts where day >= ?')
      .all(query.since ?? '') as EngagementDbRow[]
    return rows.map(engagementCount).sort(countOrder)
  }

  async setPublicCredentials(ids: readonly string[]): Promise<void> {
    const insert = this.db.prepare(
      'insert into engagement_public_credentials (credential_id) values (?) on conflict do nothing',
    )
    this.db
      .transaction(() => {
        this.db.prepare('delete from engagement_public_credentials').run()
        for (const id of ids) insert.run(id)
      })
      .immediate()
  }

  async isPublicCredential(id: string): Promise<boolean> {
    return (
      this.db.prepare('select 1 from engagement_public_credentials where credential_id = ?').get(id) !==
      undefined
    )
  }

  async close(): Promise<void> {
    this.db.close()
  }
}
