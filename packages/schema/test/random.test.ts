import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes, randomIndex } from '../src/index.js'

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

test('randomIndex: within [0, bound), every value reached, bad bounds refused', () => {
  const counts = new Array<number>(7).fill(0)
  for (let i = 0; i < 7000; i++) {
    const index = randomIndex(7)
    assert.ok(Number.isInteger(index) && index >= 0 && index < 7, `${index}`)
    counts[index] = (counts[index] ?? 0) + 1
  }
  assert.ok(Math.min(...counts) > 800, `each of 7 values about 1,000 times in 7,000: ${counts}`)
  assert.is(randomIndex(1), 0)
  assert.ok(randomIndex(2 ** 32) < 2 ** 32)
  for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) assert.throws(() => randomIndex(bad), RangeError)
})

test.run()
