// The association's terms and awards follow the clock they are given: the term is the calendar year of
// `now` (the next one in a year's last second), renewals go into the term after it; the member's name is
// in the credentials unless the association turns it off; the credentials carry no email of the
// association; ASSOCIATION_NOW sets the clock.
import { recipientNameOf, validateCredential } from '@tessera/schema'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  awardKindOf,
  awardsOf,
  credentialIssuer,
  type Member,
  membershipAward,
  nextTermAfter,
  settings,
  termOf,
} from '../src/association.js'
import { clockFrom, parseNow } from '../src/clock.js'

const member: Member = {
  memberId: 'M-0042',
  name: 'Siobhán Ní Bhriain',
  email: 'siobhan@example.ie',
  joinDate: '2016-04-22',
  tier: 'Full member',
  certified: true,
  volunteering: 'Conference welcome desk',
}

test('the term is the calendar year of now; renewals go into the next', () => {
  assert.equal(termOf(new Date('2027-03-15T10:00:00Z')), {
    name: '2027',
    start: '2027-01-01T00:00:00Z',
    end: '2027-12-31T23:59:59Z',
  })
  assert.is(termOf(new Date('2031-06-30T23:59:00Z')).name, '2031')
  assert.is(termOf(new Date('2035-12-31T23:59:59Z')).name, '2035')
  assert.is(termOf(new Date('2026-12-31T23:59:59.500Z')).name, '2027', 'past the term’s last second')
  assert.is(nextTermAfter(termOf(new Date('2027-12-15T00:00:00Z'))).name, '2028')
})

test('every year from 2026 to 2035: the awards of the term, valid at that moment', () => {
  for (let year = 2026; year <= 2035; year++) {
    const now = new Date(`${year}-06-30T23:59:00Z`)
    const awards = awardsOf({ ...member, conferences: [String(year)] }, { term: termOf(now) })
    assert.equal(
      awards.map((a) => a.key),
      [
        `membership-${year}`,
        'certified-practitioner',
        `conference-${year}`,
        `volunteering-${year}`,
        'loyalty-10-years',
      ],
    )
    for (const award of awards) {
      assert.ok(validateCredential(award.credential).valid, `${year} ${award.key}`)
      assert.ok(Date.parse(award.credential.validFrom) <= now.getTime(), `${year} ${award.key} starts later`)
      const until = award.credential.validUntil
      assert.ok(until === undefined || Date.parse(until) > now.getTime(), `${year} ${award.key} has expired`)
    }
    assert.match(JSON.stringify(awards[2]?.credential), new RegExp(`Bookbinders’ Conference ${year}`))
  }
})

test('the member’s name is in the credentials, unless the association turns it off', () => {
  const term = termOf(new Date('2027-03-15T10:00:00Z'))
  assert.is(settings.namesInCredentials, true)
  for (const award of awardsOf(member, { term })) assert.is(recipientNameOf(award.credential), member.name)
  const anonymous = awardsOf(member, { term, names: false })
  for (const award of anonymous) assert.is(recipientNameOf(award.credential), undefined)
  assert.not.match(JSON.stringify(anonymous), /Siobhán/)
  // a member with a DID: the DID and the name
  const withDid = membershipAward(
    { ...member, did: 'did:key:z6MkpAiZCTvwGEVxBDvvEkpXSWrh1KthdvaDv5etRBLq6u5W' },
    { term },
  )
  assert.match(withDid.credential.credentialSubject.id ?? '', /^did:key:/)
  assert.is(recipientNameOf(withDid.credential), member.name)
})

test('the credentials name the issuer without its email; award keys say their kind', () => {
  const issuer = credentialIssuer('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK')
  assert.equal(Object.keys(issuer).sort(), ['id', 'image', 'name', 'url'])
  assert.is(awardKindOf('membership-2031'), 'membership')
  assert.is(awardKindOf('certified-practitioner'), 'certificate')
  assert.is(awardKindOf('conference-2029'), 'conference')
  assert.is(awardKindOf('loyalty-10-years'), 'loyalty')
  assert.is(awardKindOf('membership-2031/jwt'), undefined)
  assert.is(awardKindOf('renewal of urn:uuid:1'), undefined)
})

test('ASSOCIATION_NOW sets the clock; anything but a date is INVALID_NOW', () => {
  assert.is(
    clockFrom({ ASSOCIATION_NOW: '2031-06-30T23:59:00Z' })().toISOString(),
    '2031-06-30T23:59:00.000Z',
  )
  assert.is(clockFrom({ ASSOCIATION_NOW: '2027-03-15' })().toISOString(), '2027-03-15T00:00:00.000Z')
  assert.is(parseNow(' 2030-01-01T12:00:00+02:00 ').toISOString(), '2030-01-01T10:00:00.000Z')
  const system = clockFrom({})
  assert.ok(Math.abs(system().getTime() - Date.now()) < 60_000)
  for (const bad of ['2031-02-30', '2031-06-30T23:59', 'tomorrow', '30/06/2031', '2031-06-30T25:00:00Z'])
    assert.is(
      thrownCode(() => parseNow(bad)),
      'INVALID_NOW',
      bad,
    )
})

test.run()
