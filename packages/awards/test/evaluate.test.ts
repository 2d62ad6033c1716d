// The evaluator: each rule kind earns what it says and nothing else, once (or once per term), from the
// rows, what is held and the clock alone; milestones and pathways over a simulated year (the clock
// injected) award exactly what the rules say, once, with the progress figures right at each step.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type EarnedAward,
  type Evaluation,
  evaluate,
  type HeldCredential,
  type MemberRow,
  parseRules,
  progress,
  type ReferralUse,
  termAt,
} from '../src/index.js'
import { RULES_YAML } from './rules-fixture.js'

const rules = parseRules(RULES_YAML)
const at = (iso: string) => new Date(iso)
const row = (memberId: string, fields: Record<string, string>): MemberRow => ({ memberId, fields })
const keys = (evaluation: Evaluation, memberId?: string) =>
  evaluation.awards.filter((a) => memberId === undefined || a.memberId === memberId).map((a) => a.awardKey)

/** What issuing the awards would put in the ledger: each becomes a held credential. */
const holding = (awards: readonly EarnedAward[]): HeldCredential[] =>
  awards.map((a) => ({
    memberId: a.memberId,
    awardKey: a.awardKey,
    achievementId: a.achievement.id,
    credentialId: `urn:test:${a.memberId}/${a.awardKey}`,
    validFrom: a.validFrom,
  }))

test('terms follow the clock: calendar years, or seasons from a month', () => {
  assert.equal(termAt(at('2027-03-15T10:00:00Z')), {
    name: '2027',
    start: '2027-01-01T00:00:00Z',
    end: '2027-12-31T23:59:59Z',
  })
  assert.is(termAt(at('2027-03-15T10:00:00Z'), 9).name, '2026-27')
  assert.is(termAt(at('2027-09-01T00:00:00Z'), 9).name, '2027-28')
  assert.is(termAt(at('2099-12-31T23:59:59Z'), 9).name, '2099-00')
})

test('threshold: a number column at or above the threshold earns the badge, per term; a bad number is a problem', () => {
  const members = [
    row('A', { meetings: '8' }),
    row('B', { meetings: '7' }),
    row('C', { meetings: 'many' }),
    row('D', {}),
  ]
  const result = evaluate(rules, { members, held: [], now: at('2027-06-01T00:00:00Z') })
  assert.equal(keys(result), ['attendance-2027'])
  assert.equal(result.problems, [
    { memberId: 'C', column: 'meetings', code: 'INVALID_NUMBER', reason: 'meetings "many" is not a number' },
  ])
  // The next term earns it again, under the next term's key.
  const next = evaluate(rules, { members, held: holding(result.awards), now: at('2028-02-01T00:00:00Z') })
  assert.equal(keys(next), ['attendance-2028'])
})

test('value: a list column holding one of the values earns the badge once, whatever the case or separator', () => {
  const members = [
    row('A', { roles: 'Member; Treasurer' }),
    row('B', { roles: 'member' }),
    row('C', { roles: 'chair,secretary' }),
  ]
  const result = evaluate(rules, { members, held: [], now: at('2027-06-01T00:00:00Z') })
  assert.equal(keys(result), ['committee', 'committee'])
  assert.equal(
    result.awards.map((a) => a.narrative),
    ['roles: treasurer.', 'roles: chair, secretary.'],
  )
  const again = evaluate(rules, { members, held: holding(result.awards), now: at('2029-06-01T00:00:00Z') })
  assert.equal(keys(again), [], 'a once-only badge is not earned again in a later term')
})

test('filled: a column with anything in it earns the badge, its text in the narrative', () => {
  const filled = parseRules(
    RULES_YAML.replace(
      '{ rule: threshold, column: volunteer_hours, atLeast: 20 }',
      '{ rule: filled, column: volunteered_for }',
    ),
  )
  const members = [row('A', { volunteered_for: 'Tool library' }), row('B', { volunteered_for: '  ' })]
  const result = evaluate(filled, { members, held: [], now: at('2027-06-01T00:00:00Z') })
  assert.equal(keys(result), ['volunteer-2027'])
  assert.is(result.awards[0]?.narrative, 'volunteered_for: Tool library.')
})

test('member years: the loyalty badge from the join date, dated on the anniversary, not before it', () => {
  const members = [
    row('A', { join_date: '2022-06-02' }),
    row('B', { join_date: '2024-02-29' }),
    row('C', { join_date: '2022-02-30' }),
  ]
  const before = evaluate(rules, { members, held: [], now: at('2027-06-01T23:59:59Z') })
  assert.equal(keys(before), [])
  assert.equal(
    before.problems.map((p) => [p.memberId, p.code]),
    [['C', 'INVALID_DATE']],
  )
  const on = evaluate(rules, { members, held: [], now: at('2027-06-02T00:00:00Z') })
  assert.equal(keys(on), ['loyalty-5'])
  assert.is(on.awards[0]?.validFrom, '2027-06-02T00:00:00Z')
  const leap = evaluate(rules, { members, held: [], now: at('2029-03-01T00:00:00Z') })
  assert.equal(keys(leap, 'B'), ['loyalty-5'])
})

test('certification: valid from its date for its years; a lapsed or future one earns nothing; a new date, a new credential', () => {
  const members = [
    row('A', { first_aid_on: '2026-05-10' }),
    row('B', { first_aid_on: '2024-05-10' }),
    row('C', { first_aid_on: '2027-07-01' }),
  ]
  const result = evaluate(rules, { members, held: [], now: at('2027-06-01T00:00:00Z') })
  assert.equal(keys(result), ['first-aid-2026-05-10'])
  assert.is(result.awards[0]?.validFrom, '2026-05-10T00:00:00Z')
  assert.is(result.awards[0]?.validUntil, '2028-05-09T23:59:59Z')
  const renewed = evaluate(rules, {
    members: [row('A', { first_aid_on: '2028-05-01' })],
    held: holding(result.awards),
    now: at('2028-05-02T00:00:00Z'),
  })
  assert.equal(keys(renewed), ['first-aid-2028-05-01'])
})

test('count milestone: the third volunteering badge earns it once, naming the three credentials as evidence', () => {
  let held: HeldCredential[] = []
  const member = [row('A', { volunteer_hours: '25' })]
  const earned: string[][] = []
  for (const year of [2026, 2027, 2028, 2029]) {
    const result = evaluate(rules, { members: member, held, now: at(`${year}-11-01T00:00:00Z`) })
    earned.push(keys(result))
    held = [...held, ...holding(result.awards)]
  }
  assert.equal(earned, [
    ['volunteer-2026'],
    ['volunteer-2027'],
    ['volunteer-2028', 'three-volunteer'],
    ['volunteer-2029'],
  ])
  const milestone = evaluate(rules, {
    members: member,
    held: held.filter((h) => h.awardKey !== 'three-volunteer'),
    now: at('2029-11-02T00:00:00Z'),
  }).awards.find((a) => a.awardKey === 'three-volunteer')
  assert.is(milestone?.round, 0, 'resting on held credentials only, it is issued in the first round')
  assert.equal(
    milestone?.evidence.map((e) => e.credentialId),
    [
      'urn:test:A/volunteer-2026',
      'urn:test:A/volunteer-2027',
      'urn:test:A/volunteer-2028',
      'urn:test:A/volunteer-2029',
    ],
  )
  const third = evaluate(rules, { members: member, held: held.slice(0, 2), now: at('2028-11-01T00:00:00Z') })
  const pending = third.awards.find((a) => a.awardKey === 'three-volunteer')
  assert.is(pending?.round, 1, 'resting on a badge of this evaluation, it comes in the next round')
  assert.equal(
    pending?.evidence.map((e) => e.credentialId),
    ['urn:test:A/volunteer-2026', 'urn:test:A/volunteer-2027', undefined],
  )
})

test('referral tiers: referred members count once they hold a paying membership; each tier once; nothing of them is said', () => {
  const referrals: ReferralUse[] = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6'].map((referred) => ({
    referrer: 'A',
    referred,
  }))
  const members = [
    row('A', { paid: 'yes' }),
    ...referrals.map((r, i) => row(r.referred, { paid: i < 4 ? 'yes' : '' })),
  ]
  const now = at('2027-03-01T00:00:00Z')
  const first = evaluate(rules, { members, held: [], referrals, now })
  const ambassador = first.awards.filter((a) => a.memberId === 'A' && a.achievement.kind === 'referral')
  assert.equal(
    ambassador.map((a) => [a.awardKey, a.round]),
    [['ambassador-1', 1]],
  )
  assert.equal(ambassador[0]?.evidence, [])
  assert.not.match(ambassador[0]?.narrative ?? '', /N\d/)
  let held = holding(first.awards)
  const paid = members.map((m) => (m.memberId === 'N5' ? row('N5', { paid: 'yes' }) : m))
  const second = evaluate(rules, { members: paid, held, referrals, now })
  assert.equal(keys(second, 'A'), ['ambassador-5'])
  held = [...held, ...holding(second.awards)]
  const all = paid.map((m) => (m.memberId === 'N6' ? row('N6', { paid: 'yes' }) : m))
  assert.equal(keys(evaluate(rules, { members: all, held, referrals, now }), 'A'), [])
  // A referred member who only ever had an unpaid row counts for nothing.
  assert.equal(
    keys(evaluate(rules, { members: [row('A', {}), row('N1', {})], held: [], referrals, now }), 'A'),
    [],
  )
})

test('evaluation is deterministic and idempotent: the same input earns the same; after issuing it, nothing', () => {
  const members = [
    row('A', {
      paid: 'yes',
      meetings: '9',
      volunteer_hours: '30',
      roles: 'chair',
      join_date: '2015-01-01',
      first_aid_on: '2027-01-05',
      workshops: 'basics, ethics',
    }),
  ]
  const input = { members, held: [], now: at('2027-04-01T00:00:00Z') }
  const one = evaluate(rules, input)
  assert.equal(evaluate(rules, input), one)
  assert.equal(keys(one), [
    'membership-2027',
    'attendance-2027',
    'volunteer-2027',
    'committee',
    'loyalty-5',
    'first-aid-2027-01-05',
    'workshop-basics',
    'workshop-ethics',
    'practitioner',
  ])
  assert.is(one.awards.find((a) => a.awardKey === 'membership-2027')?.validUntil, '2027-12-31T23:59:59Z')
  assert.equal(keys(evaluate(rules, { ...input, held: holding(one.awards) })), [])
})

test('a simulated year on the ordered pathway: each step, the progress figures, the completion once', () => {
  const steps: Array<[string, Record<string, string>, string[], string]> = [
    ['2027-01-15T09:00:00Z', {}, [], '0 of 3 steps toward Certified Practitioner; next: Basics workshop'],
    [
      '2027-03-01T09:00:00Z',
      { workshops: 'ethics' },
      ['workshop-ethics'],
      '0 of 3 steps toward Certified Practitioner; next: Basics workshop',
    ],
    [
      '2027-05-01T09:00:00Z',
      { workshops: 'ethics; basics' },
      ['workshop-basics'],
      '2 of 3 steps toward Certified Practitioner; next: First aider',
    ],
    [
      '2027-07-01T09:00:00Z',
      { workshops: 'ethics; basics; history' },
      ['workshop-history'],
      '2 of 3 steps toward Certified Practitioner; next: First aider',
    ],
    [
      '2027-09-01T09:00:00Z',
      { workshops: 'ethics; basics; history', first_aid_on: '2027-08-20' },
      ['first-aid-2027-08-20', 'practitioner'],
      '3 of 3 steps toward Certified Practitioner: complete',
    ],
    [
      '2027-12-01T09:00:00Z',
      { workshops: 'ethics; basics; history', first_aid_on: '2027-08-20' },
      [],
      '3 of 3 steps toward Certified Practitioner: complete',
    ],
  ]
  let held: HeldCredential[] = []
  for (const [now, fields, expected, summary] of steps) {
    const result = evaluate(rules, { members: [row('A', fields)], held, now: at(now) })
    assert.equal(keys(result), expected, now)
    held = [...held, ...holding(result.awards)]
    const shown = progress(rules, 'A', held).pathways[0]
    assert.is(shown?.summary, summary, now)
  }
  const completion = held.find((h) => h.awardKey === 'practitioner')
  assert.ok(completion)
  const status = progress(rules, 'A', held)
  assert.equal(
    status.pathways[0]?.steps.map((s) => s.done),
    [true, true, true, true],
  )
  assert.equal(status.milestones, [
    {
      achievement: 'three-volunteer',
      name: 'Three-term Volunteer',
      have: 0,
      need: 3,
      complete: false,
      summary: '0 of 3 toward Three-term Volunteer',
    },
  ])
})

test("the completion credential's evidence names the steps' credentials", () => {
  const members = [row('A', { workshops: 'basics, ethics', first_aid_on: '2027-01-05' })]
  const held = holding(
    evaluate(rules, {
      members: [row('A', { workshops: 'basics' })],
      held: [],
      now: at('2027-02-01T00:00:00Z'),
    }).awards,
  )
  const result = evaluate(rules, { members, held, now: at('2027-04-01T00:00:00Z') })
  const completion = result.awards.find((a) => a.awardKey === 'practitioner')
  assert.is(completion?.round, 1)
  assert.equal(
    completion?.evidence.map((e) => [e.awardKey, e.credentialId]),
    [
      ['workshop-basics', 'urn:test:A/workshop-basics'],
      ['workshop-ethics', undefined],
      ['first-aid-2027-01-05', undefined],
    ],
  )
})

test.run()
