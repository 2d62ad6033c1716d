// The flow's random tokens (secrets.ts), drawn from a pool of the system's random bytes: each of the
// asked length, base64url, never handed out twice, across refills of the pool and beside tokens larger
// than it. The stored hashes of secrets: SHA-256, base64url, of the text as UTF-8.
import { createHash } from 'node:crypto'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { hashSecret, hashTransactionCode, randomToken } from '../src/secrets.js'

test('tokens have the asked number of random bytes, base64url, and no two are alike across refills', () => {
  const seen = new Set<string>()
  // 12 to 40 bytes a token, about 26 KB in all: the 4 KiB pool is refilled several times
  for (let i = 0; i < 1000; i++) {
    const bytes = 12 + (i % 29)
    const token = randomToken(bytes)
    assert.ok(/^[A-Za-z0-9_-]+$/.test(token))
    assert.is(Buffer.from(token, 'base64url').length, bytes)
    assert.not.ok(seen.has(token))
    seen.add(token)
  }
  assert.is(Buffer.from(randomToken(), 'base64url').length, 32)
})

test('a token larger than the pool is drawn on its own', () => {
  const large = randomToken(5000)
  assert.is(Buffer.from(large, 'base64url').length, 5000)
  assert.is.not(large, randomToken(5000))
})

test('tokens are not all zero bytes (the pool is filled before use, zeroed only once handed out)', () => {
  for (let i = 0; i < 300; i++) {
    const bytes = Buffer.from(randomToken(16), 'base64url')
    assert.ok(bytes.some((b) => b !== 0))
  }
})

test('a secret is stored as the SHA-256 of its UTF-8 text, base64url; a transaction code with its code', () => {
  // FIPS 180-2's test vector for "abc"
  assert.is(hashSecret('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
  for (const text of ['', 'é', 'pre-authorized code \u{1F511}', 'x'.repeat(600)])
    assert.is(hashSecret(text), createHash('sha256').update(text, 'utf8').digest('base64url'), text)
  assert.is(hashTransactionCode('code', '123456'), hashSecret('code\u0000123456'))
})

test.run()
