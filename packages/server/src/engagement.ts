/**
 * `POST <issuer URL>/events`: the published site's count-only events (a page viewed, a credential
 * verified live, "Add to LinkedIn" followed, a file downloaded). The body is tiny JSON, `{ type,
 * achievement, credential? }`, sent by `navigator.sendBeacon` as text/plain (no CORS preflight) or as
 * application/json. Only counters are kept (engagement-store.ts): the day, the type, the achievement,
 * and the credential only when its member opted into a public page, else the credential is dropped.
 * Nothing of the visitor is read: no cookie is set or read, the address and user agent are never looked
 * at. The achievement must be one the issuer has awarded, and a token bucket per achievement bounds how
 * fast counts can grow, so a flood inflates nothing for long and never grows storage.
 * Refusals are typed: `invalid_event` (400, 413), `origin_not_allowed` (403), `rate_limited` (429).
 */
import { isJsonObject, parseJson } from '@tessera/schema'
import type { Hono } from 'hono'
import { readText } from './body.js'
import type { ServiceContext } from './context.js'
import { type EngagementStore, isEngagementEventType } from './engagement-store.js'
import { refuse } from './errors.js'

export interface EngagementOptions {
  /** Where the counters go (the issuer's database: `openEngagementStore`). */
  store: EngagementStore
  /** The site origins allowed to send (`https://guild.example`); default any (there is nothing secret to protect). */
  origins?: readonly string[]
  /** Events counted per achievement per minute at most (a token bucket); default 600. */
  perAchievementPerMinute?: number
}

/** The largest body accepted, in bytes: an achievement URL and a credential id fit many times over. */
export const EVENT_MAX_BYTES = 2_048
const MAX_ID_LENGTH = 500
/** How often, at most, an unknown achievement makes the ledger be read again. */
const ACHIEVEMENTS_REFRESH_MS = 60_000

/** A token bucket per key: `capacity` tokens, refilled at `capacity` per minute. */
export class RateBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()
  constructor(private readonly capacity: number) {}

  /** Takes a token for `key` at `now` (ms); false when the bucket is empty. */
  take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now }
    const refill = (Math.max(0, now - bucket.at) * this.capacity) / 60_000
    bucket.tokens = Math.min(this.capacity, bucket.tokens + refill)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}

/** The achievements in the issuer's ledger, read again at most once a minute when one is missing. */
class KnownAchievements {
  private known = new Set<string>()
  private readAt: number | undefined

  constructor(private readonly context: ServiceContext) {}

  async has(id: string, now: number): Promise<boolean> {
    if (this.known.has(id)) return true
    if (this.readAt !== undefined && now - this.readAt < ACHIEVEMENTS_REFRESH_MS) return false
    this.readAt = now
    const known = new Set<string>()
    for await (const row of this.context.issuerStore.rows()) known.add(row.achievementId)
    this.known = known
    return known.has(id)
  }
}

/** `YYYY-MM-DD` of `at`, in UTC: the finest time kept. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10)
}

interface EventBody {
  type: 'view' | 'verify' | 'linkedin' | 'download'
  achievement: string
  credential?: string
}

function eventBody(text: string): EventBody {
  let value: unknown
  try {
    value = parseJson(text, { maxDepth: 2, maxValues: 8, maxBytes: EVENT_MAX_BYTES })
  } catch (error) {
    return refuse('invalid_event', `the body is not acceptable JSON: ${(error as Error).message}`)
  }
  if (!isJsonObject(value)) refuse('invalid_event', 'the body must be a JSON object')
  for (const name of Object.keys(value))
    if (name !== 'type' && name !== 'achievement' && name !== 'credential')
      refuse('invalid_event', `an event has type, achievement and credential only, not ${name.slice(0, 40)}`)
  const { type, achievement, credential } = value
  if (!isEngagementEventType(type)) refuse('invalid_event', 'type is one of view, verify, linkedin, download')
  if (typeof achievement !== 'string' || achievement === '' || achievement.length > MAX_ID_LENGTH)
    refuse('invalid_event', 'achievement is the id of one of the issuer achievements')
  if (credential !== undefined && (typeof credential !== 'string' || credential.length > MAX_ID_LENGTH))
    refuse('invalid_event', 'credential is a credential id')
  return { type, achievement, ...(credential === undefined || credential === '' ? {} : { credential }) }
}

/** The media types a beacon may carry: text/plain (sendBeacon without a preflight) or JSON. */
function isEventMediaType(request: Request): boolean {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'text/plain' || type === 'application/json'
}

/** Registers `POST <base>/events` on `app`. */
export function engagementRoutes(app: Hono, context: ServiceContext, options: EngagementOptions): void {
  const buckets = new RateBuckets(options.perAchievementPerMinute ?? 600)
  const achievements = new KnownAchievements(context)
  const origins = options.origins === undefined ? undefined : new Set(options.origins)
  app.post(`${context.urls.basePath}/events`, async (c) => {
    const request = c.req.raw
    const origin = request.headers.get('origin')
    if (origins !== undefined && origin !== null && !origins.has(origin))
      refuse('origin_not_allowed', 'this site may not send events here')
    if (!isEventMediaType(request)) refuse('invalid_event', 'the body must be text/plain or application/json')
    const event = eventBody(await readText(request, EVENT_MAX_BYTES, 'invalid_event'))
    const now = context.clock()
    if (!(await achievements.has(event.achievement, now.getTime())))
      refuse('invalid_event', 'achievement is not one the issuer has awarded')
    if (!buckets.take(event.achievement, now.getTime()))
      refuse('rate_limited', 'too many events for this achievement: try again in a minute')
    let credential: string | undefined
    if (event.credential !== undefined && (await options.store.isPublicCredential(event.credential))) {
      const row = await context.issuerStore.row(event.credential)
      if (row?.achievementId === event.achievement) credential = event.credential
    }
    await options.store.count(dayOf(now), event.type, event.achievement, credential)
    return c.body(null, 204, { 'Cache-Control': 'no-store' })
  })
}
