import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  hashedIdentity,
  identityHash,
  isTesseraError,
  matchesIdentity,
  normalizeEmail,
} from '../src/index.js'

test('the spec example: sha256("a@example.comKosher")', () => {
  assert.is(
    identityHash('a@example.com', 'Kosher'),
    'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
  )
})

test('hashedIdentity makes an emailAddress IdentityObject with the given salt', () => {
  assert.equal(hashedIdentity('a@example.com', { salt: 'Kosher' }), {
    type: 'IdentityObject',
    hashed: true,
    identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    identityType: 'emailAddress',
    salt: 'Kosher',
  })
})

test('emails are normalised before hashing: case and surrounding blanks do not matter', () => {
  assert.is(normalizeEmail('  A@Example.COM '), 'a@example.com')
  const identity = hashedIdentity(' A@Example.com', { salt: 'Kosher' })
  assert.is(identity.identityHash, identityHash('a@example.com', 'Kosher'))
  assert.ok(matchesIdentity(identity, 'a@EXAMPLE.com'))
})

test('a random salt by default: two hashes of one email differ and both match it', () => {
  const a = hashedIdentity('member@example.org')
  const b = hashedIdentity('member@example.org')
  assert.is.not(a.salt, b.salt)
  assert.is.not(a.identityHash, b.identityHash)
  assert.match(a.salt ?? '', /^[0-9a-f]{32}$/)
  assert.ok(matchesIdentity(a, 'member@example.org'))
  assert.ok(matchesIdentity(b, 'member@example.org'))
  assert.not.ok(matchesIdentity(a, 'other@example.org'))
})

test('matching accepts uppercase hex, md5, unsalted and unhashed identities', () => {
  const upper = { ...hashedIdentity('a@example.com', { salt: 'Kosher' }) }
  upper.identityHash = upper.identityHash.replace(/[0-9a-f]{64}/, (h) => h.toUpperCase())
  assert.ok(matchesIdentity(upper, 'a@example.com'))
  const md5 = {
    type: 'IdentityObject',
    hashed: true,
    identityHash: 'md5$00000000000000000000000000000000',
    identityType: 'emailAddress',
  } as const
  assert.not.ok(matchesIdentity(md5, 'a@example.com'))
  const md5Real = { ...md5, identityHash: 'md5$b418773a2c51fb9777a1648346fa7394' }
  // md5("a@example.com") computed independently with coreutils' md5sum
  assert.ok(matchesIdentity(md5Real, 'a@example.com'))
  const unsalted = {
    type: 'IdentityObject',
    hashed: true,
    identityHash: identityHash('a@example.com'),
    identityType: 'emailAddress',
  } as const
  assert.ok(matchesIdentity(unsalted, 'a@example.com'))
  const plain = {
    type: 'IdentityObject',
    hashed: false,
    identityHash: 'A@example.com',
    identityType: 'emailAddress',
  } as const
  assert.ok(matchesIdentity(plain, 'a@example.com'))
})

test('an unknown hash algorithm is UNSUPPORTED_HASH, an empty identifier INVALID_IDENTIFIER', () => {
  const sha1 = {
    type: 'IdentityObject',
    hashed: true,
    identityHash: 'sha1$abcd',
    identityType: 'emailAddress',
  } as const
  assert.throws(
    () => matchesIdentity(sha1, 'a@example.com'),
    (e: unknown) => isTesseraError(e) && e.code === 'UNSUPPORTED_HASH',
  )
  assert.throws(
    () => hashedIdentity('   '),
    (e: unknown) => isTesseraError(e) && e.code === 'INVALID_IDENTIFIER',
  )
})

test('node:crypto (Node) and @noble/hashes (every other runtime) give the same digests', async () => {
  const noble = await import('../src/hash.js')
  const node = await import('../src/hash-node.js')
  for (const text of ['', 'a@example.comKosher', 'Łukasz 李小龍 محمد 👩‍💻', 'x'.repeat(10_000)]) {
    assert.is(node.sha256Hex(text), noble.sha256Hex(text))
    assert.is(node.md5Hex(text), noble.md5Hex(text))
  }
  assert.is(noble.sha256Hex('a@example.comKosher').slice(0, 8), 'b5809d8a')
  const bytes = Uint8Array.of(0, 1, 0xab, 0xff)
  assert.is(node.hex(bytes), '0001abff')
  assert.is(noble.hex(bytes), '0001abff')
})

test.run()
