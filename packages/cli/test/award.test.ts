// `tessera award`, `progress` and `referral` on a store folder: a dry run shows what would be awarded and
// changes nothing (no ledger row, no referral use); the real run issues it, milestones after what they
// rest on; a re-run issues nothing new; referral codes count once per new member, a revoked or unknown
// code is refused with its line; a bad rules file is refused with its line and path. With DATABASE_URL the
// referral codes are kept in PostgreSQL.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openIssuer } from '@tessera/issuer/node'
import { ledgerRowCount } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runAt } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-award-'))
const NOW = new Date('2027-05-01T10:00:00Z')
const run = (...argv: string[]) => runAt(NOW, dir, ...argv)

const RULES = `version: 1
issuer: { name: Harbour Rowing Club, url: https://rowing.example }
achievements:
  - key: membership
    id: https://rowing.example/achievements/membership
    name: Club membership
    description: A paying member for the year.
    criteria: Paid the year's fee.
    kind: membership
    repeat: per-term
    when: { rule: value, column: paid, anyOf: [yes] }
  - key: volunteer
    id: https://rowing.example/achievements/volunteer
    name: Boathouse volunteer
    description: Gave at least 10 hours to the boathouse in the year.
    criteria: 10 volunteering hours.
    kind: volunteering
    repeat: per-term
    when: { rule: threshold, column: volunteer_hours, atLeast: 10 }
  - key: safety
    id: https://rowing.example/achievements/safety
    name: Water safety
    description: Passed the water safety course.
    criteria: The course.
    kind: participation
    when: { rule: value, column: courses, anyOf: [safety] }
  - key: coxing
    id: https://rowing.example/achievements/coxing
    name: Coxing
    description: Passed the coxing course.
    criteria: The course.
    kind: participation
    when: { rule: value, column: courses, anyOf: [coxing] }
  - key: cox
    id: https://rowing.example/achievements/certified-cox
    name: Certified Cox
    description: Completed the cox pathway.
    criteria: Water safety, then coxing.
    kind: pathway
  - key: ambassador
    id: https://rowing.example/achievements/ambassador
    name: Club Ambassador
    description: Brought a new member to the club.
    criteria: One referred member who paid.
    kind: referral
    when: { rule: referrals, atLeast: 1 }
pathways:
  - key: cox
    name: Cox pathway
    ordered: true
    steps: [{ achievement: safety }, { achievement: coxing }]
    completion: cox
referrals:
  paidMembership: [membership]
`

const ledgerRows = async () => {
  const opened = await openIssuer(join(dir, 'store'), process.env, { clock: () => NOW })
  try {
    return await ledgerRowCount(opened.store)
  } finally {
    await opened.close()
  }
}

let code = ''

test.before(async () => {
  writeFileSync(join(dir, 'rules.yaml'), RULES)
  const init = await run('init', '--store', 'store', '--status-url', 'https://rowing.example/status')
  assert.is(init.code, 0, init.err)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test('referral create gives a readable code; list shows it unused', async () => {
  const created = await run('referral', 'create', '--store', 'store', '--member', 'R-1')
  assert.is(created.code, 0, created.err)
  code = created.out.trim()
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
  const listed = await run('referral', 'list', '--store', 'store', '--json')
  assert.equal(
    (JSON.parse(listed.out) as Array<{ code: string; memberId: string; uses: number }>).map((c) => [
      c.code,
      c.memberId,
      c.uses,
    ]),
    [[code, 'R-1', 0]],
  )
  writeFileSync(
    join(dir, 'members.csv'),
    [
      'member_id,name,email,paid,volunteer_hours,courses,referred_by',
      'R-1,Rosa Lind,rosa@example.org,yes,12,safety; coxing,',
      `R-2,Sam Ode,sam@example.org,yes,,,${code.toLowerCase()}`,
      'R-3,Tea Voss,tea@example.org,yes,many,,00000-00000-00000',
      '',
    ].join('\n'),
  )
})

test('a dry run shows what would be awarded and changes nothing', async () => {
  const dry = await run(
    'award',
    '--store',
    'store',
    '--rules',
    'rules.yaml',
    '--members',
    'members.csv',
    '--dry-run',
    '--json',
  )
  assert.is(dry.code, 1, 'a refused code and a bad number are reported')
  const shown = JSON.parse(dry.out) as {
    dryRun: boolean
    term: string
    awards: Array<{ memberId: string; awardKey: string; evidence: string[] }>
    problems: Array<{ line: number; memberId: string; code: string }>
  }
  assert.is(shown.dryRun, true)
  assert.is(shown.term, '2027')
  assert.equal(
    shown.awards.map((a) => `${a.memberId}/${a.awardKey}`),
    [
      'R-1/membership-2027',
      'R-1/volunteer-2027',
      'R-1/safety',
      'R-1/coxing',
      'R-2/membership-2027',
      'R-3/membership-2027',
      'R-1/cox',
      'R-1/ambassador',
    ],
  )
  assert.equal(shown.awards.find((a) => a.awardKey === 'cox')?.evidence, ['safety', 'coxing'])
  assert.equal(
    shown.problems.map((p) => [p.line, p.memberId, p.code]),
    [
      [4, 'R-3', 'UNKNOWN_REFERRAL_CODE'],
      [4, 'R-3', 'INVALID_NUMBER'],
    ],
  )
  assert.is(await ledgerRows(), 0)
  const listed = JSON.parse((await run('referral', 'list', '--store', 'store', '--json')).out) as Array<{
    uses: number
  }>
  assert.is(listed[0]?.uses, 0, 'the dry run recorded no referral use')
})

test('the real run issues it; a re-run issues nothing new', async () => {
  const first = await run('award', '--store', 'store', '--rules', 'rules.yaml', '--members', 'members.csv')
  assert.is(first.code, 1)
  assert.match(first.out, /^awarding 8 credentials \(term 2027\)\n/)
  assert.match(first.out, /R-1 {2}cox {2}Certified Cox \(rests on safety, coxing\)/)
  assert.match(first.out, /issued 8, already issued 0, failed 0/)
  assert.match(first.err, /line 4 \(R-3\): UNKNOWN_REFERRAL_CODE/)
  assert.is(await ledgerRows(), 8)
  const again = await run('award', '--store', 'store', '--rules', 'rules.yaml', '--members', 'members.csv')
  assert.match(again.out, /^awarding 0 credentials/)
  assert.is(await ledgerRows(), 8)
  const listed = JSON.parse((await run('referral', 'list', '--store', 'store', '--json')).out) as Array<{
    uses: number
  }>
  assert.is(listed[0]?.uses, 1)
})

test('progress shows the pathway and what is next', async () => {
  const done = await run('progress', '--store', 'store', '--rules', 'rules.yaml', '--member', 'R-1')
  assert.is(done.code, 0, done.err)
  assert.match(done.out, /Cox pathway: 2 of 2 steps toward Certified Cox: complete/)
  const fresh = await run(
    'progress',
    '--store',
    'store',
    '--rules',
    'rules.yaml',
    '--member',
    'R-2',
    '--json',
  )
  const shown = JSON.parse(fresh.out) as {
    pathways: Array<{ done: number; total: number; next?: { name: string } }>
  }
  assert.equal(
    [shown.pathways[0]?.done, shown.pathways[0]?.total, shown.pathways[0]?.next?.name],
    [0, 2, 'Water safety'],
  )
})

test('a revoked code is refused for a new member; the member who used it before still counts', async () => {
  const revoked = await run('referral', 'revoke', '--store', 'store', code)
  assert.is(revoked.code, 0, revoked.err)
  writeFileSync(
    join(dir, 'members.csv'),
    [
      'member_id,name,email,paid,referred_by',
      `R-2,Sam Ode,sam@example.org,yes,${code}`,
      `R-4,Uma Berg,uma@example.org,yes,${code}`,
      '',
    ].join('\n'),
  )
  const next = await run(
    'award',
    '--store',
    'store',
    '--rules',
    'rules.yaml',
    '--members',
    'members.csv',
    '--dry-run',
  )
  assert.match(next.err, /line 3 \(R-4\): REFERRAL_REVOKED/)
  assert.not.match(next.err, /R-2/)
  assert.match(next.out, /would award 1 credential \(term 2027\)/)
})

test('a bad rules file is refused with its line and path, exit 2', async () => {
  writeFileSync(join(dir, 'bad.yaml'), RULES.replace('atLeast: 10', 'atLeast: ten'))
  const bad = await run('award', '--store', 'store', '--rules', 'bad.yaml', '--members', 'members.csv')
  assert.is(bad.code, 2)
  assert.match(bad.err, /INVALID_RULES: line 19, column \d+, at \/achievements\/1\/when\/atLeast/)
  const usage = await run('award', '--store', 'store')
  assert.is(usage.code, 2)
  assert.match(usage.err, /USAGE/)
})

// With DATABASE_URL, the referral tables are in that PostgreSQL database, not in the folder's SQLite file.
test('with DATABASE_URL, referral codes go to PostgreSQL: an unreachable server is STORE_UNREACHABLE, without the password', async () => {
  const before = process.env.DATABASE_URL
  process.env.DATABASE_URL = 'postgres://u:s3cret-pw@127.0.0.1:1/tessera'
  try {
    const listed = await run('referral', 'list', '--store', 'store')
    assert.is.not(listed.code, 0)
    assert.match(listed.err, /STORE_UNREACHABLE/)
    assert.not.match(listed.err, /s3cret-pw/)
  } finally {
    if (before === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = before
  }
})

const testServer = process.env.TESSERA_TEST_DATABASE_URL ?? ''
if (testServer !== '')
  test('with DATABASE_URL on the test server, a code is created, listed and revoked there', async () => {
    const before = process.env.DATABASE_URL
    process.env.DATABASE_URL = testServer
    const member = `P-${crypto.randomUUID().slice(0, 8)}`
    try {
      const created = await run('referral', 'create', '--store', 'pg-store', '--member', member)
      assert.is(created.code, 0, created.err)
      const pgCode = created.out.trim()
      const listed = await run('referral', 'list', '--store', 'pg-store', '--member', member, '--json')
      assert.equal(
        (JSON.parse(listed.out) as Array<{ code: string; memberId: string }>).map((c) => [
          c.code,
          c.memberId,
        ]),
        [[pgCode, member]],
      )
      const revoked = await run('referral', 'revoke', '--store', 'pg-store', pgCode)
      assert.is(revoked.code, 0, revoked.err)
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = before
    }
    // Nothing in the folder: the codes are in PostgreSQL.
    assert.not.ok(existsSync(join(dir, 'pg-store', 'tessera.db')))
  })

test.run()
