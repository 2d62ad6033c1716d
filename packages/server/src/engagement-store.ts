/**
 * Where the count-only events of the published site go (issue #18, "engagement, without tracking
 * people"): counters per day, event type, achievement and (only for a member who opted into a public
 * page) credential, and nothing else. No row holds an IP address, a user agent, a cookie or a time finer
 * than a day: there is no column for them. Counters are bounded by construction: the types are a closed
 * list, the achievements are the issuer's own, the credentials are the public ones, and a day adds at most
 * one row per combination. Kept apart from `ServerStore` (its own tables and classes) so that the
 * credential flow's store and this one change independently; SQLite and PostgreSQL implement it on the
 * issuer's database (engagement-sqlite.ts, engagement-postgres.ts), this file in memory.
 */

/** What a site's page reports: viewed, a credential verified live, "Add to LinkedIn" followed, a file downloaded. */
export type EngagementEventType = 'view' | 'verify' | 'linkedin' | 'download'

export const ENGAGEMENT_EVENT_TYPES: readonly EngagementEventType[] = [
  'view',
  'verify',
  'linkedin',
  'download',
]

export function isEngagementEventType(value: unknown): value is EngagementEventType {
  return typeof value === 'string' && (ENGAGEMENT_EVENT_TYPES as readonly string[]).includes(value)
}

/** One counter: how many events of `type` about `achievement` (and `credential`) on `day`. */
export interface EngagementCount {
  /** `YYYY-MM-DD`, UTC: the finest time kept. */
  day: string
  type: EngagementEventType
  achievement: string
  /** The credential, only when its member opted into a public page. */
  credential?: string
  count: number
}

export interface EngagementQuery {
  /** The first day counted (`YYYY-MM-DD`); default every day. */
  since?: string
}

export interface EngagementStore {
  /** Adds one to the counter of `day`, `type`, `achievement` and `credential` (one atomic upsert). */
  count(day: string, type: EngagementEventType, achievement: string, credential?: string): Promise<void>
  /** Every counter from `since` on, by day, type, achievement, credential. */
  counts(query?: EngagementQuery): Promise<EngagementCount[]>
  /** The credentials whose members opted into a public page (what `tessera publish --site` published), replacing the last set. */
  setPublicCredentials(ids: readonly string[]): Promise<void>
  isPublicCredential(id: string): Promise<boolean>
  close(): Promise<void>
}

/** The counters' key, in a fixed order. */
export function countOrder(a: EngagementCount, b: EngagementCount): number {
  const x = [a.day, a.type, a.achievement, a.credential ?? '']
  const y = [b.day, b.type, b.achievement, b.credential ?? '']
  for (let i = 0; i < x.length; i++) {
    const cmp = (x[i] as string) < (y[i] as string) ? -1 : (x[i] as string) > (y[i] as string) ? 1 : 0
    if (cmp !== 0) return cmp
  }
  return 0
}

/** The counter as the database rows hold it: no credential is the empty string (part of the key). */
export interface EngagementDbRow {
  day: string
  type: string
  achievement: string
  credential: string
  count: number | string
}

export function engagementCount(row: EngagementDbRow): EngagementCount {
  return {
    day: row.day,
    type: row.type as EngagementEventType,
    achievement: row.achievement,
    ...(row.credential === '' ? {} : { credential: row.credential }),
    count: Number(row.count),
  }
}

/** The tables, for SQLite and PostgreSQL alike. */
export const ENGAGEMENT_TABLES = `
create table if not exists engagement_counts (
  day text not null,
  type text not null,
  achievement text not null,
  credential text not null default '',
  count bigint not null,
  primary key (day, type, achievement, credential)
);
create table if not exists engagement_public_credentials (
  credential_id text primary key
);
`

export class MemoryEngagementStore implements EngagementStore {
  private readonly counters = new Map<string, EngagementCount>()
  private publicIds = new Set<string>()

  async count(
    day: string,
    type: EngagementEventType,
    achievement: string,
    credential?: string,
  ): Promise<void> {
    const key = JSON.stringify([day, type, achievement, credential ?? ''])
    const found = this.counters.get(key)
    if (found !== undefined) found.count++
    else
      this.counters.set(key, {
        day,
        type,
        achievement,
        ...(credential === undefined ? {} : { credential }),
        count: 1,
      })
  }

  async counts(query: EngagementQuery = {}): Promise<EngagementCount[]> {
    const since = query.since
    return [...this.counters.values()]
      .filter((c) => since === undefined || c.day >= since)
      .map((c) => ({ ...c }))
      .sort(countOrder)
  }

  async setPublicCredentials(ids: readonly string[]): Promise<void> {
    this.publicIds = new Set(ids)
  }

  async isPublicCredential(id: string): Promise<boolean> {
    return this.publicIds.has(id)
  }

  async close(): Promise<void> {}
}
