// The recognition programme is the rules file alone: the Guild (data/rules.yaml) and a choir
// (data/choir/rules.yaml) run through the same code, each earning its own achievements. Over a simulated
// year and more (the clock injected) each member earns exactly what the rules say, once: memberships and
// badges per term, the Master Binder pathway, the milestones, referral tiers from codes new members'
// rows carry; a dry run changes nothing, a re-run issues nothing new.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createReferralCode,
  heldFromLedger,
  MemoryReferralStore,
  progress,
  revokeReferralCode,
} from '@tessera/awards'
import { MemoryIssuerStore } from '@tessera/issuer'
import { collect } from '@tessera/testkit'
import { issuerOn, kmsIssuer } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { MEMBERS_FILE } from '../src/association.js'
import { awardByRules, CHOIR_MEMBERS, CHOIR_RULES, GUILD_RULES, readRules } from '../src/award-rules.js'
import { learnReferralCodes, REFERRAL_CODES_FILE } from '../src/referral-codes.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-award-rules-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

async function setUp(now: () => Date) {
  const { signer, did } = await kmsIssuer()
  const store = new MemoryIssuerStore()
  return { store, did, issuer: issuerOn(store, signer, { clock: now }), referrals: new MemoryReferralStore() }
}

const keysOf = (awards: ReadonlyArray<{ memberId: string; awardKey: string }>) =>
  awards.map((a) => `${a.memberId}/${a.awardKey}`)

test('both rules files are valid; the Guild has no rule of the choir and the other way round', () => {
  const guild = readRules(GUILD_RULES)
  const choir = readRules(CHOIR_RULES)
  assert.is(guild.issuer.name, 'Guild of Independent Bookbinders')
  assert.is(choir.issuer.name, 'Riverside Community Choir')
  const ids = new Set(guild.achievements.map((a) => a.id))
  assert.ok(choir.achievements.every((a) => !ids.has(a.id)))
})

test("the Guild's whole sheet, dry run: what the rules say for each member, nothing recorded", async () => {
  const now = new Date('2027-03-15T10:00:00Z')
  const { store, did, issuer, referrals } = await setUp(() => now)
  const rules = readRules(GUILD_RULES)
  // The codes the sheet's new members joined with (referred_by), as the Guild gave them out.
  assert.equal(await learnReferralCodes(referrals, REFERRAL_CODES_FILE, now), [])
  const result = await awardByRules({
    rules,
    members: MEMBERS_FILE,
    store,
    did,
    issuer,
    referrals,
    now,
    dryRun: true,
  })
  const ada = keysOf(result.awards.filter((a) => a.memberId === 'M-0001'))
  assert.equal(ada, [
    'M-0001/membership-2027',
    'M-0001/conference-2027',
    'M-0001/contribution-2027',
    'M-0001/certified-practitioner',
    'M-0001/loyalty-10-years',
    'M-0001/master-binder',
    'M-0001/ambassador-1',
  ])
  // Referral tiers come from the codes new members joined with: Ada's two, Kwame's one, Eleanor's five.
  const tiers = keysOf(result.awards.filter((a) => a.achievement.kind === 'referral')).sort()
  assert.equal(tiers, [
    'M-0001/ambassador-1',
    'M-0007/ambassador-1',
    'M-0046/ambassador-1',
    'M-0046/ambassador-5',
  ])
  // Every member of the sheet with a tier is a member for 2027; the rows the sheet refuses are not.
  const members = result.awards.filter((a) => a.awardKey === 'membership-2027').length
  const rows = readFileSync(MEMBERS_FILE, 'utf8').trim().split('\n').length - 1
  assert.is(members, rows - result.refused.length)
  assert.equal(result.refused.map((r) => r.memberId ?? '').sort(), ['M-0017', 'M-0050'])
  assert.equal(
    result.evaluation.problems.map((p) => [p.memberId, p.code]),
    [['M-0029', 'INVALID_DATE']],
  )
  assert.is((await collect(store.rows())).length, 0)
  assert.is((await referrals.uses()).length, 0)
})

test('the Guild over five years: each member earns what the rules say, once; milestones and referral tiers follow', async () => {
  let now = new Date('2027-03-15T10:00:00Z')
  const { store, did, issuer, referrals } = await setUp(() => now)
  const rules = readRules(GUILD_RULES)
  const sheet = join(dir, 'guild.csv')
  const lines = readFileSync(MEMBERS_FILE, 'utf8').trim().split('\n')
  const header = lines[0] as string
  const pick = (...ids: string[]) => ids.map((id) => `${lines.find((l) => l.startsWith(`${id},`))}`)
  const ada = await createReferralCode(referrals, 'M-0001', now)
  // Ada (certified, conference, a project, 15 years), Tim (volunteering each year), Jan (all of it).
  writeFileSync(sheet, [header, ...pick('M-0001', 'M-0003', 'M-0021'), ''].join('\n'))
  const run = async (dryRun = false) =>
    awardByRules({ rules, members: sheet, store, did, issuer, referrals, now, dryRun })

  const year1 = await run()
  assert.equal(keysOf(year1.awards.filter((a) => a.memberId === 'M-0003')), [
    'M-0003/membership-2027',
    'M-0003/conference-2027',
    'M-0003/volunteering-2027',
  ])
  assert.ok(keysOf(year1.awards).includes('M-0021/master-binder'))
  assert.equal(year1.summary, { issued: year1.awards.length, existing: 0, failed: 0 })
  const master = (await collect(store.rows())).find((r) => r.key === 'M-0001/master-binder')
  const evidence =
    (JSON.parse(master?.credential ?? '{}') as { evidence?: Array<{ id: string }> }).evidence ?? []
  const ledgerIds = new Set((await collect(store.rows())).map((r) => r.credentialId))
  assert.is(evidence.length, 3)
  assert.ok(
    evidence.every((e) => ledgerIds.has(e.id)),
    'the pathway credential names credentials of the ledger',
  )
  // Later the same day: nothing new.
  const again = await run()
  assert.equal(again.awards, [])

  // December: a new member joins with Ada's code; Ada becomes a Guild Ambassador, once.
  now = new Date('2027-12-15T10:00:00Z')
  writeFileSync(
    sheet,
    [
      header,
      ...pick('M-0001', 'M-0003', 'M-0021'),
      `M-0100,Nina Berg,nina@example.org,2027-12-01,Associate,,,,,,${ada.code}`,
      '',
    ].join('\n'),
  )
  const dry = await run(true)
  assert.equal(keysOf(dry.awards), ['M-0100/membership-2027', 'M-0001/ambassador-1'])
  assert.is((await referrals.uses()).length, 0, 'the dry run recorded no referral')
  const december = await run()
  assert.equal(keysOf(december.awards), ['M-0100/membership-2027', 'M-0001/ambassador-1'])
  const ambassador = (await collect(store.rows())).find((r) => r.key === 'M-0001/ambassador-1')
  assert.not.match(
    ambassador?.credential ?? '',
    /Nina|M-0100|nina@/,
    'nothing of the new member in the referrer’s credential',
  )
  await revokeReferralCode(referrals, ada.code, now)
  writeFileSync(
    sheet,
    [
      header,
      ...pick('M-0001', 'M-0003', 'M-0021'),
      `M-0101,Otto Kern,otto@example.org,2027-12-10,Associate,,,,,,${ada.code}`,
      '',
    ].join('\n'),
  )
  const revoked = await run()
  assert.equal(
    revoked.refused.map((r) => [r.memberId, r.code]),
    [['M-0101', 'REFERRAL_REVOKED']],
  )
  assert.equal(keysOf(revoked.awards), ['M-0101/membership-2027'])

  // 2028 and 2029: Tim's third volunteering badge earns the Stalwart Volunteer milestone, once.
  writeFileSync(sheet, [header, ...pick('M-0001', 'M-0003', 'M-0021'), ''].join('\n'))
  const progressOf = async (memberId: string) => progress(rules, memberId, await heldFromLedger(store.rows()))
  now = new Date('2028-06-01T10:00:00Z')
  await run()
  assert.equal(
    (await progressOf('M-0003')).milestones.map((m) => m.summary),
    ['2 of 5 toward Five Years of Membership', '2 of 3 toward Stalwart Volunteer'],
  )
  now = new Date('2029-06-01T10:00:00Z')
  const third = await run()
  assert.ok(keysOf(third.awards).includes('M-0003/three-volunteering'))
  assert.is(third.awards.find((a) => a.awardKey === 'three-volunteering')?.round, 1)
  now = new Date('2030-06-01T10:00:00Z')
  assert.ok(!keysOf((await run()).awards).some((k) => k.endsWith('three-volunteering')))
  now = new Date('2031-06-30T23:59:00Z')
  const fifth = await run()
  assert.equal(keysOf(fifth.awards.filter((a) => a.achievement.kind === 'milestone')), [
    'M-0001/five-terms',
    'M-0003/five-terms',
    'M-0021/five-terms',
  ])
  const pathway = (await progressOf('M-0003')).pathways[0]
  assert.is(pathway?.summary, '1 of 3 steps toward Master Binder; next: Certified Practitioner')
  // Each award key once in the ledger, whatever the number of runs.
  const keys = (await collect(store.rows())).map((r) => r.key)
  assert.is(new Set(keys).size, keys.length)
})

test('the choir: the same code, its own achievements, seasons from September', async () => {
  const now = new Date('2027-03-15T10:00:00Z')
  const { store, did, issuer, referrals } = await setUp(() => now)
  const rules = readRules(CHOIR_RULES)
  const result = await awardByRules({ rules, members: CHOIR_MEMBERS, store, did, issuer, referrals, now })
  assert.is(result.evaluation.term.name, '2026-27')
  assert.equal(keysOf(result.awards), [
    'C-001/season-2026-27',
    'C-001/concerts-2026-27',
    'C-001/section-lead',
    'C-001/safeguarding-2026-10-02',
    'C-001/sight-reading',
    'C-001/vocal-health',
    'C-002/season-2026-27',
    'C-002/sight-reading',
    'C-003/season-2026-27',
    'C-003/concerts-2026-27',
    'C-003/section-lead',
    'C-004/concerts-2026-27',
    'C-005/season-2026-27',
  ])
  assert.equal(
    result.evaluation.problems.map((p) => [p.memberId, p.code]),
    [['C-005', 'INVALID_NUMBER']],
  )
  assert.equal(result.summary, { issued: 13, existing: 0, failed: 0 })
  const c1 = progress(rules, 'C-001', await heldFromLedger(store.rows()))
  assert.is(c1.pathways[0]?.summary, '2 of 3 steps toward Choir Leader; next: Conducting Workshop')
  const again = await awardByRules({ rules, members: CHOIR_MEMBERS, store, did, issuer, referrals, now })
  assert.equal(again.awards, [])
})

test.run()
