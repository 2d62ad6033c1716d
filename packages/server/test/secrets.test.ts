// The flow's random tokens (secrets.ts), drawn from a pool of the system's random bytes: each of the
// asked length, base64url, never handed out twice, across refills of the pool and beside tokens larger
// than it.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomToken } from '../src/secrets.js'

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

test.run()
