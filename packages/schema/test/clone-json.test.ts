// cloneJson: the copy structuredClone makes of a credential, faster. A copy shares nothing with the
// original; a `__proto__` key stays an own key (the copy's prototype is untouched); values JSON has no
// word for (a Date) and cycles are copied as structuredClone copies them.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { buildMembershipCredential, cloneJson, type JsonObject } from '../src/index.js'

const credential = buildMembershipCredential({
  issuer: { id: 'did:example:guild', name: 'Guild of Bookbinders' },
  recipient: { email: 'ada@example.org' },
  achievement: { id: 'https://guild.example/membership' },
  term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
}) as unknown as JsonObject

test('a credential: equal to structuredClone, sharing no object or array with the original', () => {
  const copy = cloneJson(credential)
  assert.equal(copy, structuredClone(credential))
  assert.equal(JSON.stringify(copy), JSON.stringify(credential))
  ;(copy.credentialSubject as JsonObject).type = ['Changed']
  ;(copy['@context'] as unknown[]).push('https://example.org/more')
  assert.equal((credential.credentialSubject as JsonObject).type, ['AchievementSubject'])
  assert.not.ok((credential['@context'] as unknown[]).includes('https://example.org/more'))
})

test('a __proto__ key stays an own key of the copy; no prototype is changed', () => {
  const parsed = JSON.parse('{"a":{"__proto__":{"polluted":true}}}') as JsonObject
  const copy = cloneJson(parsed)
  const inner = copy.a as JsonObject
  assert.is(Object.getPrototypeOf(inner), Object.prototype)
  assert.equal(Object.keys(inner), ['__proto__'])
  assert.is(({} as JsonObject).polluted, undefined)
  assert.is(JSON.stringify(copy), JSON.stringify(parsed))
})

test('a Date, a cycle and undefined are copied as structuredClone copies them', () => {
  const date = new Date('2026-01-01T00:00:00Z')
  const cyclic: JsonObject = { name: 'loop', when: date, gone: undefined }
  cyclic.self = cyclic
  const copy = cloneJson(cyclic)
  assert.ok(copy.when instanceof Date)
  assert.is.not(copy.when, date)
  assert.is((copy.when as Date).getTime(), date.getTime())
  assert.ok('gone' in copy)
  assert.is((copy.self as JsonObject).name, 'loop')
  assert.is.not(copy.self, cyclic)
})

test.run()
