import { buildMembershipCredential, type JsonObject, validateCredential } from '@tessera/schema'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type ExpiryLedger,
  expiringWithin,
  isExpired,
  type LedgerCredential,
  renewCredential,
} from '../src/index.js'

const issuer = { id: 'did:web:guild.example', name: 'Guild of Bookbinders' }
const membership = buildMembershipCredential({
  issuer,
  recipient: { email: 'ada@example.org', salt: 's' },
  achievement: { id: 'https://guild.example/membership' },
  term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
}) as unknown as JsonObject

test('isExpired: after validUntil (or expirationDate), never without one', () => {
  assert.not.ok(isExpired(membership, new Date('2026-12-31T23:59:59Z')))
  assert.ok(isExpired(membership, new Date('2027-01-01T00:00:00Z')))
  assert.ok(isExpired({ issuanceDate: '2020-01-01T00:00:00Z', expirationDate: '2021-01-01T00:00:00Z' }))
  assert.not.ok(isExpired({ validFrom: '2020-01-01T00:00:00Z' }, new Date('2100-01-01T00:00:00Z')))
})

test('expiringWithin: soonest first, revoked ones left out, from the ledger the issuer keeps', async () => {
  const rows: LedgerCredential[] = [
    {
      credentialId: 'a',
      recipient: 'M-1',
      achievementId: 'm',
      validUntil: '2026-12-31T23:59:59Z',
      state: 'active',
    },
    {
      credentialId: 'b',
      recipient: 'M-2',
      achievementId: 'm',
      validUntil: '2026-11-30T00:00:00Z',
      state: 'suspended',
    },
    {
      credentialId: 'c',
      recipient: 'M-3',
      achievementId: 'm',
      validUntil: '2026-12-01T00:00:00Z',
      state: 'revoked',
    },
    {
      credentialId: 'd',
      recipient: 'M-4',
      achievementId: 'm',
      validUntil: '2027-06-30T00:00:00Z',
      state: 'active',
    },
    {
      credentialId: 'e',
      recipient: 'M-5',
      achievementId: 'm',
      validUntil: '2026-10-01T00:00:00Z',
      state: 'active',
    },
  ]
  const asked: [Date, Date][] = []
  const ledger: ExpiryLedger = {
    async validUntilBetween(from, to) {
      asked.push([from, to])
      return rows.filter(
        (r) => Date.parse(r.validUntil) >= from.getTime() && Date.parse(r.validUntil) < to.getTime(),
      )
    },
  }
  const now = new Date('2026-11-23T00:00:00Z')
  const soon = await expiringWithin(ledger, { days: 60, now })
  assert.equal(
    soon.map((r) => r.credentialId),
    ['b', 'a'],
  )
  assert.equal(asked[0], [now, new Date('2027-01-22T00:00:00Z')])
  const year = await expiringWithin(ledger, { until: new Date('2028-01-01T00:00:00Z'), now })
  assert.equal(
    year.map((r) => r.credentialId),
    ['b', 'a', 'd'],
  )
})

test('renewal: a new credential for the next term, same member and achievement, no proof or status', () => {
  const signed = {
    ...membership,
    credentialStatus: { id: 'x#1', type: 'BitstringStatusListEntry' },
    proof: { type: 'DataIntegrityProof' },
  }
  const next = renewCredential(signed, {
    name: '2027',
    start: '2027-01-01T00:00:00Z',
    end: '2027-12-31T23:59:59Z',
  })
  assert.ok(validateCredential(next).valid)
  assert.is.not(next.id, membership.id)
  assert.match(next.id, /^urn:uuid:/)
  const renewed = next as unknown as JsonObject & {
    credentialSubject: JsonObject & { achievement: JsonObject }
  }
  assert.is(renewed.validFrom, '2027-01-01T00:00:00Z')
  assert.is(renewed.validUntil, '2027-12-31T23:59:59Z')
  assert.is(renewed.proof, undefined)
  assert.is(renewed.credentialStatus, undefined)
  assert.is(renewed.credentialSubject.term, '2027')
  assert.is(renewed.name, 'Guild of Bookbinders membership 2027')
  assert.is(
    renewed.credentialSubject.achievement.description,
    'Membership of Guild of Bookbinders for the term 2027.',
  )
  assert.is(renewed.credentialSubject.achievement.id, 'https://guild.example/membership')
  assert.equal(renewed.credentialSubject.identifier, (membership.credentialSubject as JsonObject).identifier)
  assert.is((membership.credentialSubject as JsonObject).term, '2026')
})

test('renewal errors: a term that ends before it starts, or starts before the current one', () => {
  assert.is(
    thrownCode(() =>
      renewCredential(membership, {
        name: '2027',
        start: '2027-12-31T00:00:00Z',
        end: '2027-01-01T00:00:00Z',
      }),
    ),
    'INVALID_RENEWAL',
  )
  assert.is(
    thrownCode(() =>
      renewCredential(membership, {
        name: '2025',
        start: '2025-01-01T00:00:00Z',
        end: '2025-12-31T00:00:00Z',
      }),
    ),
    'INVALID_RENEWAL',
  )
  assert.is(
    thrownCode(() =>
      renewCredential(membership, { name: '2027', start: '2027-01-01', end: '2027-12-31T00:00:00Z' }),
    ),
    'INVALID_DATE',
  )
})

test.run()
