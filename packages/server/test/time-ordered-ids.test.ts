// A wallet copy's id and notification id (issue #17): a version 7 UUID whose first 48 bits are the issuing time, so that
// copies issued one after another sort in that order (their index entries land on the same B-tree leaf);
// the copy made for a wallet carries one for the time it was issued at.
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { holderBoundDraft } from '../src/holder-credential.js'
import { timeOrderedCredentialId, timeOrderedNotificationId } from '../src/time-ordered-ids.js'

const NOW = Date.parse('2027-03-01T10:00:00Z')
const V7 = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const test = suite('copy ids')

test('a version 7 UUID with the RFC 9562 variant, its time in the first 48 bits', () => {
  const id = timeOrderedCredentialId(NOW)
  assert.match(id, V7)
  const hex = id.slice('urn:uuid:'.length).replaceAll('-', '')
  assert.is(Number.parseInt(hex.slice(0, 12), 16), NOW)
})

test('ids of later times sort after earlier ones; ids of one ms differ', () => {
  const ids = [NOW, NOW + 1, NOW + 999, NOW + 86_400_000].map(timeOrderedCredentialId)
  assert.equal([...ids].sort(), ids)
  const same = new Set(Array.from({ length: 1000 }, () => timeOrderedCredentialId(NOW)))
  assert.is(same.size, 1000)
})

test('notification ids: the time first, then 128 random bits; later ones sort after earlier ones', () => {
  const id = timeOrderedNotificationId(NOW)
  assert.match(id, /^[0-9a-z]{10}[A-Za-z0-9_-]{22}$/)
  assert.is(Number.parseInt(id.slice(0, 10), 36), NOW)
  const ids = [NOW, NOW + 1, NOW + 60_000].map(timeOrderedNotificationId)
  assert.equal([...ids].sort(), ids)
  assert.is.not(timeOrderedNotificationId(NOW), timeOrderedNotificationId(NOW))
})

test("the wallet's copy takes a time-ordered id for the time it is issued at", () => {
  const source = {
    credentialId: 'urn:uuid:6f1c2f5e-0d5b-4a53-9a53-9d3b8e1a1b2c',
    recipient: 'M-1',
    achievementId: 'https://guild.example/achievements/membership',
    validFrom: '2027-01-01T00:00:00Z',
    state: 'active' as const,
    format: 'data-integrity' as const,
    issuedAt: '2027-01-01T00:00:00Z',
    credential: JSON.stringify({
      id: 'urn:uuid:6f1c2f5e-0d5b-4a53-9a53-9d3b8e1a1b2c',
      credentialSubject: { type: ['AchievementSubject'] },
      proof: { type: 'DataIntegrityProof' },
    }),
  }
  const { draft } = holderBoundDraft(source, 'did:key:z6MkholderExample', NOW)
  assert.match(String(draft.id), V7)
  assert.ok(String(draft.id) < timeOrderedCredentialId(NOW + 1))
  assert.ok(String(draft.id) > timeOrderedCredentialId(NOW - 1))
  assert.equal(draft.credentialSubject, { type: ['AchievementSubject'], id: 'did:key:z6MkholderExample' })
  assert.is(draft.proof, undefined)
})

test.run()
