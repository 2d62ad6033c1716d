// The members spreadsheet: 58 members read, the three deliberate mistakes refused with line and reason;
// the awards of a term; member ids that name their files apart; conferences by term or by year; a
// certified member's name that the certificate cannot print is refused.
import { Readable } from 'node:stream'
import { validateCredential } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { awardsOf, isLoyal, MEMBERS_FILE, termOfYear } from '../src/association.js'
import { fileNameProblem, isCalendarDate, readMembers } from '../src/members.js'

const term = termOfYear(2026)
const sheet = await readMembers(MEMBERS_FILE, { today: '2026-11-24', term: term.name })

test('the example sheet: 58 members kept, 3 rows refused with their line and reason', () => {
  assert.is(sheet.members.length, 58)
  assert.equal(sheet.refused, [
    { line: 18, memberId: 'M-0017', column: 'email', code: 'MISSING_VALUE', reason: 'no email' },
    {
      line: 30,
      memberId: 'M-0029',
      column: 'join_date',
      code: 'INVALID_VALUE',
      reason: 'join date "2025-02-30" is not a date',
    },
    {
      line: 56,
      memberId: 'M-0050',
      column: 'member_id',
      code: 'DUPLICATE_MEMBER_ID',
      reason: 'member id M-0050 is already on line 51',
    },
  ])
  const ids = sheet.members.map((m) => m.memberId)
  assert.is(new Set(ids).size, ids.length)
})

test('columns become typed members: DIDs, awards, referral codes; names keep their accents', () => {
  const lukasz = sheet.members.find((m) => m.memberId === 'M-0009')
  assert.equal(lukasz, {
    memberId: 'M-0009',
    name: 'Łukasz Wiśniewski',
    email: 'lukasz.wisniewski@example.pl',
    joinDate: '2017-10-01',
    tier: 'Full member',
    certified: false,
    conferences: ['2026'],
    contribution: 'Leather tanning survey',
  })
  const grace = sheet.members.find((m) => m.memberId === 'M-0002')
  assert.match(grace?.did ?? '', /^did:key:z6Mk/)
  assert.is(sheet.members.filter((m) => m.did !== undefined).length, 4)
  // New members' rows carry the referral code they joined with, as typed (the store reads it back).
  assert.is(sheet.members.find((m) => m.memberId === 'M-0042')?.referredBy, 'n17rj-bkfhx-8j3rd')
  assert.is(sheet.members.filter((m) => m.referredBy !== undefined).length, 8)
  assert.not.ok(Object.hasOwn(sheet.members.find((m) => m.memberId === 'M-0001') ?? {}, 'referrals'))
})

test('every member gets valid OB 3.0 credentials; the sheet awards every kind', () => {
  const counts = new Map<string, number>()
  for (const member of sheet.members) {
    for (const award of awardsOf(member, { term })) {
      const result = validateCredential(award.credential)
      assert.ok(result.valid, `${member.memberId} ${award.key}: ${JSON.stringify(result)}`)
      counts.set(award.kind, (counts.get(award.kind) ?? 0) + 1)
    }
  }
  assert.is(counts.get('membership'), 58)
  for (const kind of ['certificate', 'conference', 'volunteering', 'contribution', 'loyalty'])
    assert.ok((counts.get(kind) ?? 0) >= 5, `${kind}: ${counts.get(kind)}`)
})

test('achievement types, validity, criteria and alignment as the issue asks', () => {
  const ada = sheet.members.find((m) => m.memberId === 'M-0001')
  if (ada === undefined) throw new Error('no Ada')
  const awards = awardsOf(ada, { term })
  assert.equal(
    awards.map((a) => a.key),
    ['membership-2026', 'certified-practitioner', 'conference-2026', 'contribution-2026', 'loyalty-10-years'],
  )
  const [membership, certificate] = awards.map((a) => a.credential)
  assert.is(membership?.credentialSubject.achievement.achievementType, 'Membership')
  assert.is(membership?.credentialSubject.achievement.name, 'Membership 2026')
  assert.is(membership?.validUntil, '2026-12-31T23:59:59Z')
  assert.is(membership?.credentialSubject.role, 'Fellow')
  const cert = certificate?.credentialSubject.achievement
  assert.is(cert?.achievementType, 'Certification')
  assert.match(cert?.criteria.narrative ?? '', /practical and written examinations/)
  assert.is(cert?.alignment?.[0]?.targetCode, '7323')
  assert.is(certificate?.validUntil, '2029-01-01T00:00:00Z')
  // recipients: a hashed email, never in clear; the DID as subject id when there is one
  assert.not.match(JSON.stringify(awards), /ada\.lovelace@/)
  const grace = sheet.members.find((m) => m.memberId === 'M-0002')
  if (grace === undefined) throw new Error('no Grace')
  assert.is(awardsOf(grace, { term })[0]?.credential.credentialSubject.id, grace.did)
})

test('loyalty: ten years completed by the end of the term', () => {
  assert.ok(isLoyal({ joinDate: '2016-12-31' }, term))
  assert.not.ok(isLoyal({ joinDate: '2017-01-01' }, term))
  assert.ok(isLoyal({ joinDate: '2005-05-16' }, term))
  assert.ok(isLoyal({ joinDate: '2021-12-31' }, termOfYear(2031)))
  assert.not.ok(isLoyal({ joinDate: '2022-01-01' }, termOfYear(2031)))
})

test('dates: calendar days only; other mistakes each get a reason', async () => {
  assert.ok(isCalendarDate('2024-02-29'))
  assert.not.ok(isCalendarDate('2025-02-29'))
  assert.not.ok(isCalendarDate('2025-02-30'))
  assert.not.ok(isCalendarDate('30/02/2025'))
  const bad = await readMembers(
    Readable.from([
      'member_id,name,email,join_date,tier,did\n',
      'X-1,A,not-an-email,2030-01-01,Full,did:nope\n',
      ',,,,,\n',
    ]),
    { today: '2026-11-24', term: '2026' },
  )
  assert.equal(bad.members, [])
  assert.equal(bad.refused, [
    {
      line: 2,
      memberId: 'X-1',
      column: 'email',
      code: 'INVALID_EMAIL',
      reason:
        'email "not-an-email" is not an address; did "did:nope" is not a DID; join date 2030-01-01 is in the future',
    },
    {
      line: 3,
      column: 'member_id',
      code: 'MISSING_VALUE',
      reason: 'no member id; no name; no email; no join date; no tier',
    },
  ])
})

test('member ids: each names its files apart, or the row is refused (a path, a trailing dot, case)', async () => {
  assert.is(fileNameProblem('M-0001'), undefined)
  assert.match(fileNameProblem('M-1.') ?? '', /cannot name its files as it is \(they would be named "M-1"\)/)
  const read = await readMembers(
    Readable.from([
      'member_id,name,email,join_date,tier\n',
      '../../../../tmp/x/evil,Eve,eve@example.org,2020-01-01,Full\n',
      'M-1.,Dot,dot@example.org,2020-01-01,Full\n',
      'M-1,One,one@example.org,2020-01-01,Full\n',
      'm-1,Other One,other@example.org,2020-01-01,Full\n',
      `${'M'.repeat(300)},Long,long@example.org,2020-01-01,Full\n`,
    ]),
    { today: '2026-11-24', term: '2026' },
  )
  assert.equal(
    read.members.map((m) => m.memberId),
    ['M-1'],
  )
  assert.equal(
    read.refused.map((r) => [r.line, r.code]),
    [
      [2, 'INVALID_MEMBER_ID'],
      [3, 'INVALID_MEMBER_ID'],
      [5, 'DUPLICATE_MEMBER_ID'],
      [6, 'VALUE_TOO_LONG'],
    ],
  )
  assert.match(read.refused[2]?.reason ?? '', /differs only in case from the one on line 4/)
})

test("conferences: 'conference' is the term's; conference_<year> names a past year; a future one is refused", async () => {
  const read = await readMembers(
    Readable.from([
      'member_id,name,email,join_date,tier,conference,conference_2029,conference_2032\n',
      'A-1,Ann,ann@example.org,2020-01-01,Full,yes,yes,\n',
      'A-2,Bob,bob@example.org,2020-01-01,Full,,,yes\n',
    ]),
    { today: '2031-06-30', term: '2031' },
  )
  assert.equal(read.members[0]?.conferences, ['2029', '2031'])
  assert.equal(
    awardsOf(read.members[0] as (typeof read.members)[0], { term: termOfYear(2031) })
      .filter((a) => a.kind === 'conference')
      .map((a) => [a.key, a.credential.validFrom, a.credential.credentialSubject.achievement.name]),
    [
      ['conference-2029', '2029-01-01T00:00:00Z', 'Bookbinders’ Conference 2029'],
      ['conference-2031', '2031-01-01T00:00:00Z', 'Bookbinders’ Conference 2031'],
    ],
  )
  assert.equal(
    read.refused.map((r) => [r.line, r.column, r.reason]),
    [[3, 'conference_2032', 'conference_2032: the conference of 2032 is still to come']],
  )
})

test('a certified member whose name cannot be printed is refused, naming the characters; names in every script pass', async () => {
  const { members, refused } = await readMembers(
    Readable.from([
      'member_id,name,email,join_date,tier,certified\n',
      'C-1,张伟,zhang@example.org,2020-01-01,Full,yes\n',
      'C-2,محمد عبد الله,m@example.org,2020-01-01,Full,yes\n',
      'C-3,देवनागरी क्षत्रिय,d@example.org,2020-01-01,Full,yes\n',
      'C-4,Anna \u{13000},anna@example.org,2020-01-01,Full,yes\n',
      `C-5,${'W'.repeat(190)},w@example.org,2020-01-01,Full,yes\n`,
      'C-6,Anna \u{13000},anna6@example.org,2020-01-01,Full,\n',
    ]),
    { today: '2026-11-24', term: '2026' },
  )
  assert.equal(
    members.map((m) => m.memberId),
    ['C-1', 'C-2', 'C-3', 'C-6'],
  )
  assert.equal(
    refused.map((r) => [r.memberId, r.column, r.code]),
    [
      ['C-4', 'name', 'NAME_NOT_RENDERABLE'],
      ['C-5', 'name', 'NAME_TOO_LONG'],
    ],
  )
  assert.match(refused[0]?.reason ?? '', /U\+13000/)
})

test.run()
