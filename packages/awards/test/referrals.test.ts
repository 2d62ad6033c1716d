// Referral codes: unguessable (length, alphabet, entropy, no repeats over many), read back as typed,
// revocable (a revoked code is refused), one use per new member, never a member's own; the same rules
// hold in the SQLite store, whose tables sit beside the issuer's in its database file, and in the
// PostgreSQL store (when TESSERA_TEST_DATABASE_URL names a server); a server that cannot be reached is
// STORE_UNREACHABLE without the password, a bad schema name INVALID_SCHEMA_NAME.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorCodeOf } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { DATABASE_URL, freshSchema, postgresAvailable } from '@tessera/testkit/postgres'
import pg from 'pg'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  checkReferralCode,
  createReferralCode,
  type MemberRow,
  MemoryReferralStore,
  newReferralCode,
  normalReferralCode,
  REFERRAL_ALPHABET,
  REFERRAL_CODE_BITS,
  type ReferralStore,
  recordReferrals,
  revokeReferralCode,
  useReferralCode,
} from '../src/index.js'
import { PostgresReferralStore } from '../src/postgres.js'
import { SqliteReferralStore } from '../src/sqlite.js'

const NOW = new Date('2027-03-01T10:00:00Z')

test('codes: 15 characters of a 32-letter readable alphabet (75 bits), grouped, all different over 20,000', () => {
  assert.ok(REFERRAL_CODE_BITS >= 64)
  assert.is(REFERRAL_ALPHABET.length, 32)
  assert.not.match(REFERRAL_ALPHABET, /[ILOU]/)
  const seen = new Set<string>()
  const counts = new Map<string, number>()
  for (let i = 0; i < 20_000; i++) {
    const code = newReferralCode()
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
    seen.add(code)
    for (const c of code.replaceAll('-', '')) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  assert.is(seen.size, 20_000)
  // Every character is about as frequent as every other (300,000 draws, 9,375 each expected):
  // the empirical entropy per character is within 0.01 bit of 5.
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  const entropy = -[...counts.values()].reduce((h, n) => h + (n / total) * Math.log2(n / total), 0)
  assert.is(counts.size, 32)
  assert.ok(entropy > 4.99, `entropy ${entropy}`)
})

test('codes come from the random source given, all of its bits', () => {
  const zeros = newReferralCode((n) => new Uint8Array(n))
  assert.is(zeros, '00000-00000-00000')
  const ones = newReferralCode((n) => new Uint8Array(n).fill(255))
  assert.is(ones, 'ZZZZZ-ZZZZZ-ZZZZZ')
})

test('a code is read back without case, dashes or spaces, O as 0 and I or L as 1; anything else is no code', () => {
  assert.is(normalReferralCode('7kqm2 xh9pr t4vb8'), '7KQM2-XH9PR-T4VB8')
  assert.is(normalReferralCode('OIL00-00000-00000'), '01100-00000-00000')
  assert.is(normalReferralCode('7KQM2-XH9PR-T4VB'), undefined)
  assert.is(normalReferralCode('7KQM2-XH9PR-T4VBU'), undefined)
})

type Opened = { store: ReferralStore; done: () => void | Promise<void> }
const stores: Array<[string, () => Promise<Opened>]> = [
  ['memory', async () => ({ store: new MemoryReferralStore(), done: () => undefined })],
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-referrals-'))
      const store = new SqliteReferralStore(join(dir, 'tessera.db'))
      return {
        store,
        done: () => {
          store.close()
          rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  ],
]
// On PostgreSQL (TESSERA_TEST_DATABASE_URL, started by scripts/test.mjs): a schema of its own, dropped.
if (postgresAvailable('the referral store'))
  stores.push([
    'PostgreSQL',
    async () => {
      const schema = freshSchema('referrals')
      const store = await PostgresReferralStore.open(DATABASE_URL as string, { schema })
      return {
        store,
        done: async () => {
          await store.close()
          const client = new pg.Client({ connectionString: DATABASE_URL })
          await client.connect()
          await client.query(`drop schema ${pg.escapeIdentifier(schema)} cascade`)
          await client.end()
        },
      }
    },
  ])

for (const [name, open] of stores) {
  test(`${name}: one use per new member, revoked codes refused, never one's own, unknown codes refused`, async () => {
    const { store, done } = await open()
    try {
      const a = await createReferralCode(store, 'M-1', NOW)
      const b = await createReferralCode(store, 'M-2', NOW)
      assert.equal(
        (await store.codes('M-1')).map((c) => c.code),
        [a.code],
      )
      const use = await useReferralCode(store, a.code.toLowerCase(), 'N-1', NOW)
      assert.equal(use, { code: a.code, referrer: 'M-1', referred: 'N-1', at: NOW.toISOString() })
      // The same row read again: no error, no second use.
      await useReferralCode(store, a.code, 'N-1', NOW)
      assert.is((await store.uses()).length, 1)
      assert.is(
        await thrownCodeAsync(() => useReferralCode(store, b.code, 'N-1', NOW)),
        'REFERRAL_ALREADY_USED',
      )
      assert.is(await thrownCodeAsync(() => useReferralCode(store, a.code, 'M-1', NOW)), 'SELF_REFERRAL')
      assert.is(
        await thrownCodeAsync(() => useReferralCode(store, '00000-00000-00000', 'N-2', NOW)),
        'UNKNOWN_REFERRAL_CODE',
      )
      assert.is(
        await thrownCodeAsync(() => useReferralCode(store, 'hello', 'N-2', NOW)),
        'INVALID_REFERRAL_CODE',
      )
      const revoked = await revokeReferralCode(store, b.code, NOW)
      assert.is(revoked.revokedAt, NOW.toISOString())
      assert.is(await thrownCodeAsync(() => checkReferralCode(store, b.code, 'N-3')), 'REFERRAL_REVOKED')
      assert.is(await thrownCodeAsync(() => useReferralCode(store, b.code, 'N-3', NOW)), 'REFERRAL_REVOKED')
      assert.is((await store.code(b.code))?.revokedAt, NOW.toISOString())
      assert.is(await thrownCodeAsync(() => store.addUse({ ...use, code: b.code })), 'REFERRAL_ALREADY_USED')
      assert.equal(
        (await store.uses()).map((u) => [u.referrer, u.referred]),
        [['M-1', 'N-1']],
      )
    } finally {
      await done()
    }
  })
}

test('PostgreSQL: an unreachable server is STORE_UNREACHABLE without the password; a bad schema name is refused', async () => {
  let error: unknown
  try {
    await PostgresReferralStore.open('postgres://u:s3cret-pw@127.0.0.1:1/db')
  } catch (e) {
    error = e
  }
  assert.is(errorCodeOf(error), 'STORE_UNREACHABLE')
  assert.not.match((error as Error).message, /s3cret-pw/)
  assert.is(
    await thrownCodeAsync(() =>
      PostgresReferralStore.open('postgres://127.0.0.1:1/db', { schema: 'x; drop' }),
    ),
    'INVALID_SCHEMA_NAME',
  )
})

test("recordReferrals: the codes of members' rows, checked in a dry run, recorded otherwise, refusals listed", async () => {
  const store = new MemoryReferralStore()
  const { code } = await createReferralCode(store, 'M-1', NOW)
  const members: MemberRow[] = [
    { memberId: 'N-1', fields: { referred_by: code } },
    { memberId: 'N-2', fields: { referred_by: 'nonsense' } },
    { memberId: 'M-1', fields: { referred_by: code } },
    { memberId: 'N-3', fields: {} },
  ]
  const dry = await recordReferrals(store, members, { now: NOW, dryRun: true })
  assert.equal(dry.uses, [{ referrer: 'M-1', referred: 'N-1' }])
  assert.equal(
    dry.refused.map((r) => [r.memberId, r.code]),
    [
      ['N-2', 'INVALID_REFERRAL_CODE'],
      ['M-1', 'SELF_REFERRAL'],
    ],
  )
  assert.equal(await store.uses(), [], 'a dry run records nothing')
  const real = await recordReferrals(store, members, { now: NOW })
  assert.equal(real.uses, [{ referrer: 'M-1', referred: 'N-1' }])
  assert.is((await store.uses()).length, 1)
  // Read again (a re-run): the same one use, no refusal for it.
  const again = await recordReferrals(store, members, { now: NOW })
  assert.equal(again.uses, [{ referrer: 'M-1', referred: 'N-1' }])
  assert.is(again.refused.length, 2)
})

test.run()
