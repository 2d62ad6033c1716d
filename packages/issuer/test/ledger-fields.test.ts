// The fields a ledger row records (subject, achievement, dates) are the ones readCredential reads, for
// the shapes a credential comes in: one subject or several, VCDM 2.0 or 1.1 dates, no subject id, no
// achievement, no end date.

import { type JsonObject, readCredential } from '@tessera/schema'
import { membership } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ledgerFieldsOf } from '../src/ledger-fields.js'

const base = membership('did:example:guild', 1)
const subject = base.credentialSubject as JsonObject
const { validFrom, validUntil, ...undated } = base
const { id: _subjectId, ...anonymous } = subject
const { achievement: _achievement, ...bare } = subject

const shapes: Record<string, JsonObject> = {
  'a membership': base,
  'several subjects': { ...base, credentialSubject: [subject, { ...subject, id: 'did:example:other' }] },
  'VCDM 1.1 dates': { ...undated, issuanceDate: validFrom, expirationDate: validUntil },
  'no end date': { ...base, validUntil: undefined as unknown as string },
  'a subject without an id (a hashed email)': { ...base, credentialSubject: anonymous },
  'no achievement': { ...base, credentialSubject: bare },
}

for (const [name, credential] of Object.entries(shapes)) {
  test(`${name}: readCredential's subject, achievement and dates`, () => {
    const plain = JSON.parse(JSON.stringify(credential)) as JsonObject
    const view = readCredential(plain)
    const fields = ledgerFieldsOf(plain)
    assert.equal(fields, {
      ...(view.subjectId === undefined ? {} : { subjectId: view.subjectId }),
      ...(view.achievementId === undefined ? {} : { achievementId: view.achievementId }),
      validFrom: String(view.validity.validFrom),
      ...(view.validity.validUntil === undefined ? {} : { validUntil: view.validity.validUntil }),
    })
  })
}

test('the fields are read, not made up: a membership has all four', () => {
  assert.equal(ledgerFieldsOf(base), {
    subjectId: 'did:example:member-1',
    achievementId: 'https://guild.example/membership',
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2026-12-31T23:59:59Z',
  })
})

test.run()
