// Issuing what the rules award, through the issuer's idempotent batch: milestones and completions after
// what they rest on, their OB 3.0 evidence naming those credentials' ids in the ledger; a re-run of the
// same awards issues nothing new, and evaluating again after issuing earns nothing.
import { MemoryIssuerStore } from '@tessera/issuer'
import { collect } from '@tessera/testkit'
import { issuerOn, kmsIssuer } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  credentialsFor,
  evaluate,
  heldFromLedger,
  issueAwards,
  type MemberRow,
  parseRules,
} from '../src/index.js'
import { RULES_YAML } from './rules-fixture.js'

const rules = parseRules(RULES_YAML)
const NOW = new Date('2027-04-01T00:00:00Z')
const members: MemberRow[] = [
  {
    memberId: 'A',
    fields: { paid: 'yes', workshops: 'basics, ethics', first_aid_on: '2027-01-05', volunteer_hours: '22' },
  },
  { memberId: 'B', fields: { paid: 'yes', meetings: '10' } },
]
const recipientOf = (memberId: string) => ({ did: `did:example:${memberId.toLowerCase()}` })

test('credentials: OB 3.0 achievement types by kind, the term of per-term awards, evidence by credential id', () => {
  const { awards } = evaluate(rules, { members, held: [], now: NOW })
  let n = 0
  const built = credentialsFor(awards, {
    issuer: { id: 'did:example:club', name: 'The Club' },
    recipientOf,
    newId: () => `urn:uuid:00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  })
  const byKey = new Map(built.map((b) => [b.key, b.credential]))
  const completion = byKey.get('A/practitioner')
  assert.equal(completion?.evidence, [
    {
      type: ['Evidence'],
      id: byKey.get('A/workshop-basics')?.id,
      name: 'Basics workshop',
      genre: 'Credential',
    },
    {
      type: ['Evidence'],
      id: byKey.get('A/workshop-ethics')?.id,
      name: 'Ethics workshop',
      genre: 'Credential',
    },
    {
      type: ['Evidence'],
      id: byKey.get('A/first-aid-2027-01-05')?.id,
      name: 'First aider',
      genre: 'Credential',
    },
  ])
  const membership = byKey.get('B/membership-2027')
  assert.is(membership?.credentialSubject.achievement.achievementType, 'Membership')
  assert.is(membership?.credentialSubject.term, '2027')
  assert.is(membership?.validUntil, '2027-12-31T23:59:59Z')
  assert.is(byKey.get('A/volunteer-2027')?.credentialSubject.achievement.achievementType, 'CommunityService')
})

test('issued round by round; the evidence is in the ledger; a re-run issues nothing new; then nothing is earned', async () => {
  const { signer, did } = await kmsIssuer()
  const store = new MemoryIssuerStore()
  const issuer = issuerOn(store, signer)
  const { awards } = evaluate(rules, { members, held: [], now: NOW })
  const options = { issuer: { id: did, name: 'The Club' }, recipientOf }
  const first = await issueAwards(issuer, awards, options)
  assert.equal(first, { issued: awards.length, existing: 0, failed: 0 })
  const rows = await collect(store.rows())
  const ids = new Set(rows.map((r) => r.credentialId))
  const completion = rows.find((r) => r.key === 'A/practitioner')
  assert.is(completion?.recipient, 'A')
  const signed = JSON.parse(completion?.credential ?? '{}') as { evidence?: Array<{ id: string }> }
  assert.is(signed.evidence?.length, 3)
  for (const e of signed.evidence ?? []) assert.ok(ids.has(e.id), `${e.id} is a credential of the ledger`)
  const again = await issueAwards(issuer, awards, options)
  assert.equal(again, { issued: 0, existing: awards.length, failed: 0 })
  const held = await heldFromLedger(store.rows())
  assert.is(held.length, awards.length)
  assert.equal(evaluate(rules, { members, held, now: NOW }).awards, [])
})

test('ledger facts: revoked and suspended credentials do not count; one award issued in two formats counts once', async () => {
  const base = {
    recipient: 'A',
    achievementId: rules.achievements[2]?.id as string,
    validFrom: '2027-01-01T00:00:00Z',
    issuedAt: '2027-01-01T00:00:00Z',
  }
  const held = await heldFromLedger([
    { ...base, credentialId: 'urn:1', key: 'A/volunteer-2026/jwt', state: 'active', format: 'jwt' },
    {
      ...base,
      credentialId: 'urn:2',
      key: 'A/volunteer-2026/data-integrity',
      state: 'active',
      format: 'data-integrity',
    },
    { ...base, credentialId: 'urn:3', key: 'A/volunteer-2025', state: 'revoked', format: 'jwt' },
    { ...base, credentialId: 'urn:4', key: 'A/volunteer-2024', state: 'suspended', format: 'jwt' },
    { ...base, credentialId: 'urn:5', state: 'active', format: 'jwt' },
  ])
  assert.equal(
    held.map((h) => [h.awardKey, h.credentialId]),
    [['volunteer-2026', 'urn:1']],
  )
})

test.run()
