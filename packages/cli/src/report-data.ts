/**
 * What `tessera report` shows, gathered: the site's count-only events (the service's engagement counters,
 * @tessera/server) per achievement and per month, and the ledger's figures per achievement (issued,
 * renewed, revoked, suspended, expiring in the next 30 days by the CLI's clock). Plain data, so that the
 * text, JSON and HTML forms say the same thing.
 */
import type { LedgerRow } from '@tessera/issuer'
import type { EngagementCount, EngagementEventType } from '@tessera/server'

export const EVENT_TYPES: readonly EngagementEventType[] = ['view', 'verify', 'linkedin', 'download']

export type EventCounts = Record<EngagementEventType, number>

export interface LedgerFigures {
  /** Credentials issued in the period (wallet copies are not counted: they are the same award). */
  issued: number
  /** Of those, renewals of an earlier term (`tessera renew`). */
  renewed: number
  /** Revoked, suspended: as the ledger stands now. */
  revoked: number
  suspended: number
  /** Standing credentials whose validUntil falls in the next 30 days. */
  expiring: number
}

export interface AchievementReport {
  achievement: string
  name?: string
  events: EventCounts
  ledger: LedgerFigures
}

export interface Report {
  /** When the report was made (the CLI's clock), and the first day it counts from. */
  at: string
  since?: string
  /** Events per month (`YYYY-MM`), oldest first. */
  months: { month: string; events: EventCounts }[]
  achievements: AchievementReport[]
  /** Events of the credentials whose members opted into a public page. */
  publicCredentials: { credential: string; achievement: string; events: EventCounts }[]
  totals: { events: EventCounts; ledger: LedgerFigures }
}

const EXPIRING_DAYS = 30

export const noEvents = (): EventCounts => ({ view: 0, verify: 0, linkedin: 0, download: 0 })
const noFigures = (): LedgerFigures => ({ issued: 0, renewed: 0, revoked: 0, suspended: 0, expiring: 0 })

export interface ReportInput {
  now: Date
  /** `YYYY-MM-DD`: events and issuing from that day. */
  since?: string
  counts: readonly EngagementCount[]
  rows: AsyncIterable<LedgerRow>
  /** The achievement's name, from a credential of it (the ledger keeps ids only). */
  nameOf?: (row: LedgerRow) => string | undefined
}

export async function gatherReport(input: ReportInput): Promise<Report> {
  const { now, since } = input
  const byAchievement = new Map<string, AchievementReport>()
  const achievement = (id: string) => {
    let found = byAchievement.get(id)
    if (found === undefined) {
      found = { achievement: id, events: noEvents(), ledger: noFigures() }
      byAchievement.set(id, found)
    }
    return found
  }
  const months = new Map<string, EventCounts>()
  const publicCredentials = new Map<
    string,
    { credential: string; achievement: string; events: EventCounts }
  >()
  const totals = { events: noEvents(), ledger: noFigures() }
  for (const c of input.counts) {
    if (since !== undefined && c.day < since) continue
    achievement(c.achievement).events[c.type] += c.count
    const month = c.day.slice(0, 7)
    const ofMonth = months.get(month) ?? noEvents()
    ofMonth[c.type] += c.count
    months.set(month, ofMonth)
    totals.events[c.type] += c.count
    if (c.credential !== undefined) {
      const key = `${c.credential}\n${c.achievement}`
      const entry = publicCredentials.get(key) ?? {
        credential: c.credential,
        achievement: c.achievement,
        events: noEvents(),
      }
      entry.events[c.type] += c.count
      publicCredentials.set(key, entry)
    }
  }
  const sinceMs = since === undefined ? undefined : Date.parse(`${since}T00:00:00Z`)
  const nowMs = now.getTime()
  const horizon = nowMs + EXPIRING_DAYS * 86_400_000
  for await (const row of input.rows) {
    if (row.copyOf !== undefined || row.state === 'pending') continue
    const entry = achievement(row.achievementId)
    if (entry.name === undefined) {
      const name = input.nameOf?.(row)
      if (name !== undefined) entry.name = name
    }
    const figures = entry.ledger
    const add = (field: keyof LedgerFigures) => {
      figures[field]++
      totals.ledger[field]++
    }
    if (sinceMs === undefined || Date.parse(row.issuedAt) >= sinceMs) {
      add('issued')
      if (row.key?.startsWith('renewal of ') === true) add('renewed')
    }
    if (row.state === 'revoked') add('revoked')
    if (row.state === 'suspended') add('suspended')
    if ((row.state === 'active' || row.state === 'suspended') && row.validUntil !== undefined) {
      const until = Date.parse(row.validUntil)
      if (until > nowMs && until <= horizon) add('expiring')
    }
  }
  return {
    at: now.toISOString(),
    ...(since === undefined ? {} : { since }),
    months: [...months]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([month, events]) => ({ month, events })),
    achievements: [...byAchievement.values()].sort((a, b) =>
      a.achievement < b.achievement ? -1 : a.achievement > b.achievement ? 1 : 0,
    ),
    publicCredentials: [...publicCredentials.values()],
    totals,
  }
}
