// The members spreadsheet: 60 members read, the three deliberate mistakes refused with line and reason.
import { Readable } from 'node:stream'
import { validateCredential } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { awardsOf, isLoyal, MEMBERS_FILE } from '../src/association.js'
import { isCalendarDate, readMembers } from '../src/members.js'

const sheet = await readMembers(MEMBERS_FILE, { today: '2026-11-24' })

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

test('columns become typed members: DIDs, awards, referrals; names keep their accents', () => {
  const lukasz = sheet.members.find((m) => m.memberId === 'M-0009')
  assert.equal(lukasz, {
    memberId: 'M-0009',
    name: 'Łukasz Wiśniewski',
    email: 'lukasz.wisniewski@example.pl',
    joinDate: '2017-10-01',
    tier: 'Full member',
    certified: false,
    conference2026: true,
    contribution: 'Leather tanning survey',
  })
  const grace = sheet.members.find((m) => m.memberId === 'M-0002')
  assert.match(grace?.did ?? '', /^did:key:z6Mk/)
  assert.is(sheet.members.filter((m) => m.did !== undefined).length, 4)
  assert.is(sheet.members.find((m) => m.memberId === 'M-0046')?.referrals, 4)
})

test('every member gets valid OB 3.0 credentials; the sheet awards every kind', () => {
  const counts = new Map<string, number>()
  for (const member of sheet.members) {
    for (const award of awardsOf(member)) {
      const result = validateCredential(award.credential)
      assert.ok(result.valid, `${member.memberId} ${award.key}: ${JSON.stringify(result)}`)
      counts.set(award.kind, (counts.get(award.kind) ?? 0) + 1)
    }
  }
  assert.is(counts.get('membership'), 58)
  for (const kind of ['certificate', 'conference', 'volunteering', 'contribution', 'loyalty', 'referral'])
    assert.ok((counts.get(kind) ?? 0) >= 5, `${kind}: ${counts.get(kind)}`)
})

test('achievement types, validity, criteria and alignment as the issue asks', () => {
  const ada = sheet.members.find((m) => m.memberId === 'M-0001')
  if (ada === undefined) throw new Error('no Ada')
  const awards = awardsOf(ada)
  assert.equal(
    awards.map((a) => a.key),
    [
      'membership-2026',
      'certified-practitioner',
      'conference-2026',
      'contribution-2026',
      'loyalty-10-years',
      'referral-2026',
    ],
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
  assert.is(awardsOf(grace)[0]?.credential.credentialSubject.id, grace.did)
})

test('loyalty: ten years completed by the end of the term', () => {
  assert.ok(isLoyal({ joinDate: '2016-12-31' }))
  assert.not.ok(isLoyal({ joinDate: '2017-01-01' }))
  assert.ok(isLoyal({ joinDate: '2005-05-16' }))
})

test('dates: calendar days only; other mistakes each get a reason', async () => {
  assert.ok(isCalendarDate('2024-02-29'))
  assert.not.ok(isCalendarDate('2025-02-29'))
  assert.not.ok(isCalendarDate('2025-02-30'))
  assert.not.ok(isCalendarDate('30/02/2025'))
  const bad = await readMembers(
    Readable.from([
      'member_id,name,email,join_date,tier,did,referrals\n',
      'X-1,A,not-an-email,2030-01-01,Full,did:nope,many\n',
      ',,,,,,\n',
    ]),
    { today: '2026-11-24' },
  )
  assert.equal(bad.members, [])
  assert.equal(bad.refused, [
    {
      line: 2,
      memberId: 'X-1',
      column: 'email',
      code: 'INVALID_EMAIL',
      reason:
        'email "not-an-email" is not an address; did "did:nope" is not a DID; join date 2030-01-01 is in the future; referrals "many" is not a number',
    },
    {
      line: 3,
      column: 'member_id',
      code: 'MISSING_VALUE',
      reason: 'no member id; no name; no email; no join date; no tier',
    },
  ])
})

test.run()
