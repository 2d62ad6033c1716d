import type { IVcdm2Credential } from '@sphereon/ssi-types'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  BADGE_KINDS,
  type BadgeKind,
  buildBadgeCredential,
  buildCertificateCredential,
  buildCredential,
  buildMembershipCredential,
  CREDENTIALS_V2_CONTEXT,
  identityHash,
  matchesIdentity,
  OB_CONTEXT,
  recipientNameOf,
  type UnsignedOpenBadgeCredential,
  validateCredential,
} from '../src/index.js'

const issuer = {
  id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  name: 'Guild of Bookbinders',
  url: 'https://guild.example',
  email: 'office@guild.example',
  image: 'https://guild.example/logo.png',
}

function assertValid(credential: UnsignedOpenBadgeCredential): void {
  const result = validateCredential(credential)
  assert.equal(result.errors, [])
  assert.equal(result.warnings, [])
  assert.equal(credential['@context'], [CREDENTIALS_V2_CONTEXT, OB_CONTEXT])
  assert.equal(credential.type, ['VerifiableCredential', 'OpenBadgeCredential'])
  assert.match(credential.id, /^urn:uuid:[0-9a-f-]{36}$/)
}

const subject = (c: UnsignedOpenBadgeCredential) => c.credentialSubject

test('membership for a term: Membership type, valid from the start to the end of the term', () => {
  const c = buildMembershipCredential({
    issuer,
    recipient: { email: 'ada@example.org', salt: 'pepper' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: new Date('2026-12-31T23:59:59Z') },
    tier: 'Full member',
  })
  assertValid(c)
  assert.is(subject(c).achievement.achievementType, 'Membership')
  assert.is(c.validFrom, '2026-01-01T00:00:00Z')
  assert.is(c.validUntil, '2026-12-31T23:59:59Z')
  assert.is(subject(c).term, '2026')
  assert.is(subject(c).role, 'Full member')
  assert.is(subject(c).achievement.name, 'Guild of Bookbinders membership 2026')
  assert.equal(c.issuer, { ...issuer, type: ['Profile'], image: { id: issuer.image, type: 'Image' } })
})

test('the recipient by hashed email: no address in clear, and it matches the email', () => {
  const c = buildMembershipCredential({
    issuer,
    recipient: { email: 'Ada@Example.org' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  })
  assert.not.ok(JSON.stringify(c).toLowerCase().includes('ada@example.org'))
  const [identity] = subject(c).identifier ?? []
  assert.ok(identity !== undefined && matchesIdentity(identity, 'ada@example.org'))
  assert.is(subject(c).id, undefined)
})

test("the recipient's name, in clear as an identifier of type name, beside the hashed email", () => {
  const c = buildMembershipCredential({
    issuer,
    recipient: { email: 'ada@example.org', name: ' Ada Lovelace ' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  })
  assertValid(c)
  assert.equal(subject(c).identifier?.[1], {
    type: 'IdentityObject',
    hashed: false,
    identityHash: 'Ada Lovelace',
    identityType: 'name',
  })
  assert.is(recipientNameOf(c), 'Ada Lovelace')
  assert.is(
    recipientNameOf({ credentialSubject: { identifier: [{ identityType: 'name', hashed: true }] } }),
    undefined,
  )
  // A name alone does not say who the credential belongs to.
  assert.is(
    thrownCode(() =>
      buildCredential({
        issuer,
        recipient: {
          identity: { type: 'IdentityObject', hashed: false, identityHash: 'x', identityType: 'name' },
        },
        achievement: { id: 'https://guild.example/a', name: 'A', description: 'A', criteria: 'A' },
      }),
    ),
    'INVALID_RECIPIENT',
  )
})

test('the recipient by DID, with a hashed email beside it', () => {
  const c = buildBadgeCredential({
    issuer,
    recipient: { did: 'did:example:ada', email: 'ada@example.org', salt: 's' },
    kind: 'attendance',
    occasion: 'Annual Conference 2026',
    achievement: { id: 'https://guild.example/events/2026' },
  })
  assertValid(c)
  assert.is(subject(c).id, 'did:example:ada')
  assert.is(subject(c).identifier?.[0]?.identityHash, identityHash('ada@example.org', 's'))
})

for (const certificateType of ['Certificate', 'Certification'] as const) {
  test(`a ${certificateType} with criteria, alignment, results and evidence`, () => {
    const c = buildCertificateCredential({
      issuer,
      recipient: { did: 'did:example:ada' },
      certificateType,
      validFrom: '2026-03-01T09:00:00+01:00',
      validUntil: '2029-03-01T09:00:00+01:00',
      achievement: {
        id: 'https://guild.example/certified-practitioner',
        name: 'Certified Practitioner',
        description: 'Masters the craft of binding.',
        criteria: 'Passed the practical exam and the written exam.',
        alignment: [{ targetName: 'ESCO: bookbinder', targetUrl: 'http://data.europa.eu/esco/occupation/1' }],
        resultDescription: [
          { id: 'urn:uuid:6c1b2f1e-1111-4d3c-8a3b-2b2b2b2b2b2b', name: 'Exam', resultType: 'Percent' },
        ],
      },
      results: [{ resultDescription: 'urn:uuid:6c1b2f1e-1111-4d3c-8a3b-2b2b2b2b2b2b', value: '92' }],
      evidence: [{ id: 'https://guild.example/portfolio/ada', name: 'Portfolio' }],
    })
    assertValid(c)
    assert.is(subject(c).achievement.achievementType, certificateType)
    assert.is(c.validFrom, '2026-03-01T08:00:00Z')
    assert.equal(subject(c).achievement.alignment?.[0]?.type, ['Alignment'])
    assert.equal(subject(c).result?.[0]?.type, ['Result'])
    assert.equal(c.evidence?.[0]?.type, ['Evidence'])
  })
}

for (const kind of Object.keys(BADGE_KINDS) as BadgeKind[]) {
  test(`a ${kind} badge validates and carries its achievement type`, () => {
    const c = buildBadgeCredential({
      issuer,
      recipient: { email: 'ada@example.org' },
      kind,
      occasion: kind === 'loyalty' ? '10 years' : 'the 2026 season',
      achievement: { id: `https://guild.example/badges/${kind}` },
    })
    assertValid(c)
    assert.is(subject(c).achievement.achievementType, BADGE_KINDS[kind])
    assert.equal(subject(c).achievement.tag, [kind])
  })
}

test('the general builder takes any achievement type, ext: terms included', () => {
  const c = buildCredential({
    issuer,
    recipient: { did: 'did:example:ada' },
    achievement: {
      id: 'https://guild.example/x',
      name: 'X',
      description: 'X.',
      criteria: { narrative: 'X.' },
      achievementType: 'ext:Apprenticeship',
    },
  })
  assertValid(c)
})

test('builder errors: dates without zone, no recipient, a non-DID, a bad achievement type', () => {
  const base = { issuer, achievement: { id: 'https://guild.example/m' } }
  const term = { name: '2026', start: '2026-01-01T00:00:00', end: '2026-12-31T23:59:59Z' }
  assert.is(
    thrownCode(() => buildMembershipCredential({ ...base, recipient: { did: 'did:ex:1' }, term })),
    'INVALID_DATE',
  )
  const good = { ...term, start: '2026-01-01T00:00:00Z' }
  assert.is(
    thrownCode(() => buildMembershipCredential({ ...base, recipient: { did: 'ada' }, term: good })),
    'INVALID_RECIPIENT',
  )
  assert.is(
    thrownCode(() => buildMembershipCredential({ ...base, recipient: {} as { did: string }, term: good })),
    'INVALID_RECIPIENT',
  )
  assert.is(
    thrownCode(() =>
      buildMembershipCredential({
        ...base,
        recipient: { did: 'did:ex:1' },
        term: { ...good, start: 'soon' },
      }),
    ),
    'INVALID_DATE',
  )
  assert.is(
    thrownCode(() =>
      buildCredential({
        issuer,
        recipient: { did: 'did:ex:1' },
        achievement: {
          id: 'x:1',
          name: 'X',
          description: 'X',
          criteria: 'X',
          achievementType: 'Party' as 'Badge',
        },
      }),
    ),
    'INVALID_ACHIEVEMENT_TYPE',
  )
  assert.is(
    thrownCode(() => buildCertificateCredential({ ...base, recipient: { did: 'did:ex:1' } })),
    'INVALID_ACHIEVEMENT',
  )
})

test('a term that ends before it starts is refused as an invalid credential', () => {
  const term = { name: '2026', start: '2026-12-31T00:00:00Z', end: '2026-01-01T00:00:00Z' }
  const run = () =>
    buildMembershipCredential({ issuer, recipient: { did: 'did:ex:1' }, achievement: { id: 'x:m' }, term })
  assert.is(thrownCode(run), 'INVALID_CREDENTIAL')
})

test('built credentials are accepted where Sphereon / Veramo expect a VCDM 2.0 credential', () => {
  const c = buildMembershipCredential({
    issuer,
    recipient: { did: 'did:example:ada' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  })
  // The assignment is the check (the type checker runs in the test command); then a value check.
  const generic: IVcdm2Credential = { ...c, type: ['VerifiableCredential', 'OpenBadgeCredential'] }
  assert.is(generic.validFrom, '2026-01-01T00:00:00Z')
})

test.run()
