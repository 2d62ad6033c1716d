import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from '../src/index.js'

test('randomBytes: the length asked, across pool refills, never the same bytes twice', () => {
  const seen = new Set<string>()
  for (let i = 0; i < 3000; i++) {
    const bytes = randomBytes(16)
    assert.is(bytes.length, 16)
    seen.add(Buffer.from(bytes).toString('hex'))
  }
  assert.is(seen.size, 3000)
  assert.is(randomBytes(5000).length, 5000)
  // each value is its own copy: changing one leaves the next draw alone
  const a = randomBytes(8)
  a.fill(0)
  assert.is.not(Buffer.from(randomBytes(8)).toString('hex'), '0000000000000000')
})

test('randomBytes: bytes spread over every value', () => {
  const counts = new Array<number>(256).fill(0)
  for (const byte of randomBytes(1024)) counts[byte] = (counts[byte] ?? 0) + 1
  const all = randomBytes(1000)
  for (const byte of all) counts[byte] = (counts[byte] ?? 0) + 1
  assert.ok(counts.filter((n) => n > 0).length > 240, 'at least 240 of 256 values seen in 2024 bytes')
})

test.run()
