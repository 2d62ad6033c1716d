// Templates filled for the batch: validated where they are filled, or (validate: false) once, by the issuer,
// which refuses an invalid credential before it records or signs anything.
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { collect, thrownCode, thrownCodeAsync } from '@tessera/testkit'
import { issuerOn, kmsIssuer } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { assertTemplate, fillTemplate, MemoryIssuerStore } from '../src/index.js'

const {
  id: _id,
  issuer,
  validFrom: _from,
  credentialSubject,
  ...rest
} = buildMembershipCredential({
  issuer: { id: 'did:example:guild', name: 'Guild of Bookbinders' },
  recipient: { did: 'did:example:template' },
  achievement: { id: 'https://guild.example/membership' },
  term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
}) as unknown as JsonObject
const { id: _issuerId, ...profile } = issuer as JsonObject
const { id: _subjectId, ...subject } = credentialSubject as JsonObject
const template: JsonObject = { ...rest, issuer: profile, credentialSubject: subject }

test('a template fills for each member: a new id, the issuer, the hashed email, the dates', () => {
  assertTemplate(template, '2026-01-01T00:00:00Z')
  const filled = fillTemplate(template, {
    issuer: 'did:example:guild',
    recipient: { email: 'ada@example.org' },
    validFrom: '2026-01-01T00:00:00Z',
  })
  assert.match(String(filled.id), /^urn:uuid:/)
  assert.is((filled.issuer as JsonObject).id, 'did:example:guild')
  assert.is(filled.validFrom, '2026-01-01T00:00:00Z')
  const [identity] = (filled.credentialSubject as JsonObject).identifier as JsonObject[]
  assert.is(identity?.hashed, true)
})

test('validate: false leaves an invalid fill to the issuer, which refuses it before recording anything', async () => {
  const broken = structuredClone(template)
  delete (broken.credentialSubject as JsonObject).achievement
  const options = {
    issuer: 'did:example:guild',
    recipient: { email: 'ada@example.org' },
    validFrom: '2026-06-01T00:00:00Z',
  }
  assert.is(
    thrownCode(() => fillTemplate(broken, options)),
    'INVALID_CREDENTIAL',
  )
  const { signer, did } = await kmsIssuer()
  const unchecked = fillTemplate(broken, { ...options, issuer: did, validate: false })
  assert.is((unchecked.credentialSubject as JsonObject).achievement, undefined)
  const store = new MemoryIssuerStore()
  const issuer = issuerOn(store, signer)
  assert.is(await thrownCodeAsync(() => issuer.issue(unchecked, { key: 'M-1' })), 'INVALID_CREDENTIAL')
  assert.equal(await collect(store.rows()), [])
  assert.equal(await store.lists(), [])
})

test.run()
