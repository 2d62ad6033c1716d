// Both capped decompressors: native zlib (Node, what `#gunzip` gives here) and fflate (browsers, React
// Native), held to the same cases.
import { gzipSync } from 'node:zlib'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { gunzipCapped as portable } from '../src/gunzip.js'
import { gunzipCapped as native } from '../src/gunzip-node.js'

const bytes = new Uint8Array(16_384).map((_, i) => (i * 31) & 0xff)
const whole = new Uint8Array(gzipSync(bytes))
const bomb = new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }))

for (const [name, gunzip] of [
  ['zlib', native],
  ['fflate', portable],
] as const) {
  test(`${name}: the bytes back, a plain Uint8Array, exactly up to the cap`, () => {
    const out = gunzip(whole, bytes.length)
    assert.is(Object.getPrototypeOf(out), Uint8Array.prototype)
    assert.equal(out, bytes)
    assert.is(
      thrownCode(() => gunzip(whole, bytes.length - 1)),
      'STATUS_LIST_LENGTH_ERROR',
    )
  })

  test(`${name}: a 64 MiB bomb stops at the cap`, () => {
    assert.is(
      thrownCode(() => gunzip(bomb, 1 << 20)),
      'STATUS_LIST_LENGTH_ERROR',
    )
  })

  test(`${name}: cut short, not GZIP, or a trailer that lies: MALFORMED_VALUE_ERROR`, () => {
    for (const cut of [12, 30, whole.length - 4, whole.length - 1])
      assert.is(
        thrownCode(() => gunzip(whole.subarray(0, cut), 1 << 20)),
        'MALFORMED_VALUE_ERROR',
        `${cut}`,
      )
    assert.is(
      thrownCode(() => gunzip(new TextEncoder().encode('not gzip at all, not at all'), 1 << 20)),
      'MALFORMED_VALUE_ERROR',
    )
    const lying = whole.slice()
    lying[lying.length - 4] = ((lying[lying.length - 4] as number) + 1) & 0xff
    assert.is(
      thrownCode(() => gunzip(lying, 1 << 20)),
      'MALFORMED_VALUE_ERROR',
    )
  })
}

test.run()
