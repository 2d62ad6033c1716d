// The site's count-only events (issue #18): N events of each kind sent to the running service on
// 127.0.0.1 are counted exactly, per day, type and achievement; bad bodies, unknown achievements, other
// sites and floods are refused with their codes; and the raw tables hold nothing that identifies a
// visitor (no address, user agent, cookie or time finer than a day, though each request carries them; a
// credential id only for a member who opted into a public page). The counters' stores on memory, SQLite
// and PostgreSQL add up the same.

import { join } from 'node:path'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type EngagementStore,
  MemoryEngagementStore,
  PostgresEngagementStore,
  RateBuckets,
  SqliteEngagementStore,
} from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { freshDatabase, postgresAvailable } from './postgres.js'

const MEMBERSHIP = 'https://guild.example/achievements/membership'
const VOLUNTEER = 'https://guild.example/achievements/volunteer'
const VISITOR_AGENT = 'VisitorBrowser/9.9 (visitor-4242)'
const VISITOR_COOKIE = 'c00k1e-of-the-visitor'
const VISITOR_ADDRESS = '203.0.113.77'
const CAP = 20

let guild: Guild
let publicId: string
let privateId: string

test.before(async () => {
  guild = await startGuild({ service: { engagement: { perAchievementPerMinute: CAP } } })
  publicId = (await guild.issueMembership('M-1')).credentialId
  privateId = (await guild.issueMembership('M-2', { achievementId: VOLUNTEER })).credentialId
  // What `tessera publish --site --public-member M-1` records: M-1 opted into a public page.
  const counters = new SqliteEngagementStore(join(guild.dir, 'tessera.db'))
  await counters.setPublicCredentials([publicId])
  await counters.close()
})
test.after(async () => {
  await guild?.close()
})

const send = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${guild.base}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': VISITOR_AGENT,
      cookie: `visitor=${VISITOR_COOKIE}`,
      'x-forwarded-for': VISITOR_ADDRESS,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function refusal(response: Response): Promise<[number, string]> {
  return [response.status, ((await response.json()) as { error: string }).error]
}

const SENT: Record<string, number> = { view: 5, verify: 3, linkedin: 2, download: 4 }

test('every event sent is counted, by day, type and achievement; 204, no cookie', async () => {
  for (const [type, n] of Object.entries(SENT))
    for (let i = 0; i < n; i++) {
      const response = await send({ type, achievement: MEMBERSHIP, credential: publicId })
      assert.is(response.status, 204)
      assert.is(response.headers.get('set-cookie'), null)
      const other = await send({ type, achievement: VOLUNTEER, credential: privateId })
      assert.is(other.status, 204)
    }
  const json = await send({ type: 'view', achievement: MEMBERSHIP }, { 'content-type': 'application/json' })
  assert.is(json.status, 204)
  const counters = new SqliteEngagementStore(join(guild.dir, 'tessera.db'))
  const counts = await counters.counts()
  await counters.close()
  for (const [type, n] of Object.entries(SENT)) {
    const ofType = counts.filter((c) => c.type === type)
    const sum = (achievement: string) =>
      ofType.filter((c) => c.achievement === achievement).reduce((s, c) => s + c.count, 0)
    assert.is(sum(MEMBERSHIP), n + (type === 'view' ? 1 : 0), type)
    assert.is(sum(VOLUNTEER), n, type)
  }
  for (const c of counts) assert.is(c.day, '2027-03-01')
  // The public member's credential is kept; the other member's is dropped (counted for the achievement).
  assert.ok(counts.some((c) => c.credential === publicId))
  assert.not.ok(counts.some((c) => c.credential === privateId))
})

test('bad events are refused with their codes and counted nowhere', async () => {
  const before = await totals()
  assert.equal(await refusal(await send({ type: 'click', achievement: MEMBERSHIP })), [400, 'invalid_event'])
  assert.equal(await refusal(await send({ type: 'view' })), [400, 'invalid_event'])
  assert.equal(await refusal(await send({ type: 'view', achievement: 'https://elsewhere.example/a' })), [
    400,
    'invalid_event',
  ])
  assert.equal(await refusal(await send({ type: 'view', achievement: MEMBERSHIP, visitor: 'ada' })), [
    400,
    'invalid_event',
  ])
  assert.equal(await refusal(await send('{"type": "view",')), [400, 'invalid_event'])
  assert.equal(await refusal(await send('[1, 2]')), [400, 'invalid_event'])
  assert.equal(await refusal(await send({ type: 'view', achievement: MEMBERSHIP, credential: 7 })), [
    400,
    'invalid_event',
  ])
  assert.equal(
    await refusal(
      await send(
        { type: 'view', achievement: MEMBERSHIP },
        { 'content-type': 'application/x-www-form-urlencoded' },
      ),
    ),
    [400, 'invalid_event'],
  )
  assert.equal(
    await refusal(await send({ type: 'view', achievement: MEMBERSHIP, credential: 'x'.repeat(4000) })),
    [413, 'invalid_event'],
  )
  assert.equal(await totals(), before)
})

test('a flood is cut at the cap per achievement and minute (429), so counts cannot run away', async () => {
  // 15 membership events were counted above; the bucket holds CAP.
  let accepted = 0
  let limited = 0
  for (let i = 0; i < 10; i++) {
    const response = await send({ type: 'view', achievement: MEMBERSHIP })
    if (response.status === 204) accepted++
    else {
      assert.equal(await refusal(response), [429, 'rate_limited'])
      limited++
    }
  }
  assert.is(accepted, CAP - 15)
  assert.is(limited, 10 - accepted)
  // Another achievement has its own bucket.
  assert.is((await send({ type: 'view', achievement: VOLUNTEER })).status, 204)
})

test('the raw tables hold nothing that identifies a visitor', async () => {
  const db = new Database(join(guild.dir, 'tessera.db'), { readonly: true })
  try {
    const columns = (db.prepare('pragma table_info(engagement_counts)').all() as { name: string }[]).map(
      (c) => c.name,
    )
    assert.equal(columns, ['day', 'type', 'achievement', 'credential', 'count'])
    for (const row of db.prepare('select * from engagement_counts').all() as Record<string, unknown>[]) {
      assert.match(String(row.day), /^\d{4}-\d{2}-\d{2}$/)
      assert.ok(row.credential === '' || row.credential === publicId, String(row.credential))
    }
    // Nowhere in the whole database: not the visitor's address, user agent, nor the non-public credential
    // in any engagement table (the ledger holds it, as it holds every credential).
    const tables = (
      db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    ).map((t) => t.name)
    for (const table of tables) {
      const dump = JSON.stringify(db.prepare(`select * from "${table}"`).all())
      for (const trace of [VISITOR_AGENT, 'visitor-4242', VISITOR_COOKIE, VISITOR_ADDRESS])
        assert.not.ok(dump.includes(trace), `${table} holds ${trace}`)
      if (table.startsWith('engagement')) {
        // The service's own loopback address is in its settings; the visitor's (127.0.0.1 here) is nowhere.
        assert.not.ok(dump.includes('127.0.0.1'), table)
        assert.not.ok(dump.includes(privateId), table)
        // No time finer than a day: no ISO time, no epoch milliseconds.
        assert.not.match(dump, /T\d{2}:\d{2}|\b1\d{12}\b/, table)
      }
    }
  } finally {
    db.close()
  }
})

test('another site is refused when the service names its site origins', async () => {
  const strict = await startGuild({ service: { engagement: { origins: ['https://guild.example'] } } })
  try {
    await strict.issueMembership('M-1')
    const send = (origin: string) =>
      strict.opened.service.fetch(
        new Request(`${strict.base}/events`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin },
          body: JSON.stringify({ type: 'view', achievement: MEMBERSHIP }),
        }),
      )
    assert.is((await send('https://guild.example')).status, 204)
    assert.equal(await refusal(await send('https://tracker.example')), [403, 'origin_not_allowed'])
  } finally {
    await strict.close()
  }
})

test('without the counters the service has no events route', async () => {
  const off = await startGuild({ service: { engagement: false } })
  try {
    const response = await fetch(`${off.base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'view', achievement: MEMBERSHIP }),
    })
    assert.is(response.status, 404)
  } finally {
    await off.close()
  }
})

test('a token bucket refills at its rate per minute', () => {
  const buckets = new RateBuckets(2)
  assert.ok(buckets.take('a', 0))
  assert.ok(buckets.take('a', 0))
  assert.not.ok(buckets.take('a', 0))
  assert.ok(buckets.take('b', 0))
  assert.not.ok(buckets.take('a', 20_000))
  assert.ok(buckets.take('a', 30_000))
  assert.not.ok(buckets.take('a', 30_000))
})

async function totals(): Promise<number> {
  const counters = new SqliteEngagementStore(join(guild.dir, 'tessera.db'))
  const sum = (await counters.counts()).reduce((s, c) => s + c.count, 0)
  await counters.close()
  return sum
}

async function storeContract(name: string, open: () => Promise<EngagementStore>, done?: () => Promise<void>) {
  test(`${name}: counters add up, since filters by day, public credentials are replaced`, async () => {
    const store = await open()
    try {
      await store.count('2027-02-28', 'view', MEMBERSHIP)
      await store.count('2027-03-01', 'view', MEMBERSHIP)
      await store.count('2027-03-01', 'view', MEMBERSHIP)
      await store.count('2027-03-01', 'view', MEMBERSHIP, 'urn:uuid:1')
      await store.count('2027-03-01', 'download', VOLUNTEER)
      assert.equal(await store.counts({ since: '2027-03-01' }), [
        { day: '2027-03-01', type: 'download', achievement: VOLUNTEER, count: 1 },
        { day: '2027-03-01', type: 'view', achievement: MEMBERSHIP, count: 2 },
        { day: '2027-03-01', type: 'view', achievement: MEMBERSHIP, credential: 'urn:uuid:1', count: 1 },
      ])
      assert.is((await store.counts()).length, 4)
      await store.setPublicCredentials(['urn:uuid:1', 'urn:uuid:2'])
      assert.ok(await store.isPublicCredential('urn:uuid:2'))
      await store.setPublicCredentials(['urn:uuid:1'])
      assert.not.ok(await store.isPublicCredential('urn:uuid:2'))
      assert.ok(await store.isPublicCredential('urn:uuid:1'))
    } finally {
      await store.close()
      await done?.()
    }
  })
}

storeContract('memory', async () => new MemoryEngagementStore())
storeContract('SQLite', async () => new SqliteEngagementStore(':memory:'))
if (postgresAvailable('the engagement counters')) {
  let drop: (() => Promise<void>) | undefined
  storeContract(
    'PostgreSQL',
    async () => {
      const database = await freshDatabase('engagement')
      drop = database.drop
      return PostgresEngagementStore.open(database.url)
    },
    async () => drop?.(),
  )
}

test.run()
