// The credential reader: what a credential says, read the same way for VCDM 2.0 and 1.1, objects and
// arrays, and anything else as absent (never a throw).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  achievementOf,
  endorsementsOf,
  issuerIdOf,
  type JsonObject,
  readCredential,
  recipientNameOf,
  statusEntriesOf,
  subjectsOf,
  validityOf,
} from '../src/index.js'

const achievement = { id: 'https://guild.example/membership', type: ['Achievement'], name: 'Member' }

const v2: JsonObject = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'urn:uuid:1',
  issuer: { id: 'did:web:guild.example', type: ['Profile'], name: 'Guild' },
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2026-12-31T23:59:59Z',
  credentialSubject: {
    id: 'did:example:ada',
    achievement,
    identifier: [
      { type: 'IdentityObject', hashed: true, identityHash: 'sha256$00', identityType: 'emailAddress' },
      { type: 'IdentityObject', hashed: false, identityHash: 'Ada Lovelace', identityType: 'name' },
    ],
  },
  credentialStatus: { id: 'https://guild.example/status/1#7', type: 'BitstringStatusListEntry' },
}

const v1: JsonObject = {
  '@context': ['https://www.w3.org/2018/credentials/v1'],
  issuer: 'did:key:z6Mk',
  issuanceDate: '2025-03-01T00:00:00Z',
  expirationDate: '2026-03-01T00:00:00Z',
  credentialSubject: [
    { id: 'did:example:first', achievement },
    'not a subject',
    { id: 'did:example:second' },
  ],
}

test('VCDM 2.0: issuer, subject, achievement, validity as text and dates, status entries, name', () => {
  const view = readCredential(v2)
  assert.is(view.issuerId, 'did:web:guild.example')
  assert.is(view.issuer?.name, 'Guild')
  assert.is(view.subjectId, 'did:example:ada')
  assert.is(view.achievementId, 'https://guild.example/membership')
  assert.equal(view.achievement, achievement)
  assert.equal(view.validity, {
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2026-12-31T23:59:59Z',
    from: new Date('2026-01-01T00:00:00Z'),
    until: new Date('2026-12-31T23:59:59Z'),
    names: 'vcdm2',
  })
  assert.is(view.statusEntries.length, 1)
  assert.is(view.recipientName, 'Ada Lovelace')
  assert.equal(view.endorsements, [])
})

test('VCDM 1.1: issuanceDate and expirationDate; an issuer by id; subjects as an array, non-objects left out', () => {
  const view = readCredential(v1)
  assert.is(view.issuerId, 'did:key:z6Mk')
  assert.is(view.issuer, undefined)
  assert.equal(
    view.subjects.map((s) => s.id),
    ['did:example:first', 'did:example:second'],
  )
  assert.is(view.subjectId, 'did:example:first')
  assert.is(view.achievementId, 'https://guild.example/membership')
  assert.equal(validityOf(v1), {
    validFrom: '2025-03-01T00:00:00Z',
    validUntil: '2026-03-01T00:00:00Z',
    from: new Date('2025-03-01T00:00:00Z'),
    until: new Date('2026-03-01T00:00:00Z'),
    names: 'vcdm1.1',
  })
  assert.equal(view.statusEntries, [])
  assert.is(view.recipientName, undefined)
})

test('validFrom wins over issuanceDate when both are there; text that is no date has no Date', () => {
  const both = { validFrom: '2026-01-01T00:00:00Z', issuanceDate: '2020-01-01T00:00:00Z', validUntil: 'soon' }
  assert.equal(validityOf(both), {
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: 'soon',
    from: new Date('2026-01-01T00:00:00Z'),
    names: 'vcdm2',
  })
  // a validFrom that is not text is read as absent, as `validFrom ?? issuanceDate` then is
  assert.equal(validityOf({ validFrom: 20260101, issuanceDate: '2020-01-01T00:00:00Z' }), { names: 'vcdm2' })
})

test('endorsements everywhere OB 3.0 puts them, objects and JWTs, in order', () => {
  const credential = {
    endorsement: [{ id: 'e:credential' }],
    endorsementJwt: ['jwt.credential.x'],
    issuer: { id: 'did:web:guild.example', endorsement: [{ id: 'e:issuer' }] },
    credentialSubject: {
      achievement: {
        endorsement: [{ id: 'e:achievement' }],
        endorsementJwt: ['jwt.achievement.x'],
        creator: { id: 'did:web:maker.example', endorsement: { id: 'e:creator' } },
      },
    },
  }
  assert.equal(endorsementsOf(credential), [
    { id: 'e:credential' },
    'jwt.credential.x',
    { id: 'e:achievement' },
    'jwt.achievement.x',
    { id: 'e:issuer' },
    { id: 'e:creator' },
  ])
})

test('status entries: one object, an array, or none', () => {
  assert.equal(statusEntriesOf({ credentialStatus: { id: 'a' } }), [{ id: 'a' }])
  assert.equal(statusEntriesOf({ credentialStatus: [{ id: 'a' }, { id: 'b' }] }), [{ id: 'a' }, { id: 'b' }])
  assert.equal(statusEntriesOf({}), [])
})

test('the recipient name only when stated in clear, as a name identity', () => {
  const named = (identity: unknown) => recipientNameOf({ credentialSubject: { identifier: identity } })
  assert.is(named({ identityType: 'name', hashed: false, identityHash: 'Ada' }), 'Ada')
  assert.is(named([{ identityType: 'name', hashed: true, identityHash: 'sha256$00' }]), undefined)
  assert.is(named([{ identityType: 'emailAddress', hashed: false, identityHash: 'a@b.c' }]), undefined)
})

test('anything that is not a credential reads as absent, never a throw', () => {
  for (const value of [undefined, null, 42, 'text', [], [v2], { issuer: 7, credentialSubject: 'x' }]) {
    const view = readCredential(value)
    assert.equal(view.subjects, [])
    assert.is(view.issuerId, undefined)
    assert.equal(view.validity, { names: 'vcdm2' })
    assert.equal(view.statusEntries, [])
    assert.equal(view.endorsements, [])
    assert.is(achievementOf(value), undefined)
    assert.equal(subjectsOf(value), [])
    assert.is(issuerIdOf(value), undefined)
  }
})

test.run()
