// The recipient check's own digests: its MD5 (md5.ts) against node:crypto's over lengths across the
// block and padding boundaries and multi-byte text, and hashed email identities (sha256$ and md5$, hex
// in either case, salted, normalised) matched as @tessera/schema's matchesIdentity matches them.
import { createHash } from 'node:crypto'
import { defaultCrypto } from '@tessera/proofs'
import { hashedIdentity, type IdentityObject, type JsonObject, matchesIdentity } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { md5 } from '../src/md5.js'
import { checkRecipient } from '../src/recipient.js'

const sha256 = (data: Uint8Array) => defaultCrypto.sha256(data)

test('md5: RFC 1321 test suite, and node:crypto at every length from 0 to 300 bytes', () => {
  const hex = (text: string) => Buffer.from(md5(new TextEncoder().encode(text))).toString('hex')
  assert.is(hex(''), 'd41d8cd98f00b204e9800998ecf8427e')
  assert.is(hex('abc'), '900150983cd24fb0d6963f7d28e17f72')
  assert.is(hex('message digest'), 'f96b697d7cb7938d525a2f31aaf161d0')
  assert.is(
    hex('12345678901234567890123456789012345678901234567890123456789012345678901234567890'),
    '57edf4a22be3c955ac49da2e2107b67a',
  )
  for (let length = 0; length <= 300; length++) {
    const bytes = new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff)
    assert.is(
      Buffer.from(md5(bytes)).toString('hex'),
      createHash('md5').update(bytes).digest('hex'),
      `${length} bytes`,
    )
  }
  assert.is(hex('é@exämple.org✓'), createHash('md5').update('é@exämple.org✓').digest('hex'))
})

const subject = (...identifier: JsonObject[]): JsonObject => ({ type: ['AchievementSubject'], identifier })
const md5Identity = (address: string, salt: string, upper = false): JsonObject => {
  const digest = createHash('md5')
    .update(address + salt)
    .digest('hex')
  return {
    type: 'IdentityObject',
    hashed: true,
    identityType: 'emailAddress',
    salt,
    identityHash: `md5$${upper ? digest.toUpperCase() : digest}`,
  }
}

test('hashed and plain email identities: the same verdict as the schema matchesIdentity', async () => {
  const identities: JsonObject[] = [
    hashedIdentity('ada@example.org', { salt: 'pepper' }) as unknown as JsonObject,
    hashedIdentity('ada@example.org') as unknown as JsonObject,
    md5Identity('ada@example.org', 'salt'),
    md5Identity('ada@example.org', 'salt', true),
    md5Identity(' Ada@Example.org', ''),
    { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: 'sha512$00ff' },
    { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: 'not a hash' },
    {
      type: 'IdentityObject',
      hashed: false,
      identityType: 'emailAddress',
      identityHash: ' ADA@example.org ',
    },
    { type: 'IdentityObject', hashed: false, identityType: 'emailAddress', identityHash: 42 },
  ]
  for (const identity of identities) {
    for (const email of ['ada@example.org', 'Ada@Example.org ', ' Ada@Example.org', 'bob@example.org']) {
      let expected: boolean
      try {
        expected = matchesIdentity(identity as unknown as IdentityObject, email)
      } catch {
        expected = false
      }
      const outcome = await checkRecipient(subject(identity), { email }, sha256)
      assert.is(outcome.ok, expected, `${JSON.stringify(identity)} against ${email}`)
      if (!outcome.ok) assert.is(outcome.code, 'RECIPIENT_MISMATCH')
    }
  }
})

test('an identity of another type, or none, is RECIPIENT_MISMATCH; a DID matches the subject id', async () => {
  const phone = { ...md5Identity('ada@example.org', ''), identityType: 'phoneNumber' }
  assert.is(
    (await checkRecipient(subject(phone), { email: 'ada@example.org' }, sha256)).code,
    'RECIPIENT_MISMATCH',
  )
  assert.is(
    (await checkRecipient(undefined, { email: 'ada@example.org' }, sha256)).code,
    'RECIPIENT_MISMATCH',
  )
  assert.ok((await checkRecipient({ id: 'did:example:ada' }, { did: 'did:example:ada' }, sha256)).ok)
})

test.run()
