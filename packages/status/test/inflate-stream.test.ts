// The browsers' capped decompressor (DecompressionStream, which Node has too) held to the cases of the
// synchronous ones (gunzip.test.ts), and decodeListAsync giving what decodeList gives.
import { gzipSync } from 'node:zlib'
import { thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Bitstring } from '../src/bitstring.js'
import { BitstringReader } from '../src/bitstring-reader.js'
import { decodeList, decodeListAsync, encodeList } from '../src/codec.js'
import { inflateCapped } from '../src/inflate-stream.js'

const bytes = new Uint8Array(16_384).map((_, i) => (i * 31) & 0xff)
const whole = new Uint8Array(gzipSync(bytes))
const bomb = new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }))

test('DecompressionStream: the bytes back, a plain Uint8Array, exactly up to the cap', async () => {
  const out = await inflateCapped(whole, bytes.length)
  assert.is(Object.getPrototypeOf(out), Uint8Array.prototype)
  assert.equal(out, bytes)
  assert.is(await thrownCodeAsync(() => inflateCapped(whole, bytes.length - 1)), 'STATUS_LIST_LENGTH_ERROR')
})

test('DecompressionStream: a 64 MiB bomb stops at the cap', async () => {
  assert.is(await thrownCodeAsync(() => inflateCapped(bomb, 1 << 20)), 'STATUS_LIST_LENGTH_ERROR')
})

test('DecompressionStream: cut short, not GZIP, or a trailer that lies: MALFORMED_VALUE_ERROR', async () => {
  for (const cut of [12, 30, whole.length - 4, whole.length - 1])
    assert.is(
      await thrownCodeAsync(() => inflateCapped(whole.subarray(0, cut), 1 << 20)),
      'MALFORMED_VALUE_ERROR',
      `${cut}`,
    )
  assert.is(
    await thrownCodeAsync(() =>
      inflateCapped(new TextEncoder().encode('not gzip at all, not at all'), 1 << 20),
    ),
    'MALFORMED_VALUE_ERROR',
  )
  const lying = whole.slice()
  lying[lying.length - 4] = ((lying[lying.length - 4] as number) + 1) & 0xff
  assert.is(await thrownCodeAsync(() => inflateCapped(lying, 1 << 20)), 'MALFORMED_VALUE_ERROR')
})

test('decodeListAsync decodes as decodeList does, with either decompressor, and refuses alike', async () => {
  const list = new Bitstring({ length: 131_072 })
  list.set(7, 1)
  list.set(131_000, 1)
  const encoded = encodeList(list, 'BitstringStatusList')
  const options = { type: 'BitstringStatusList' } as const
  const sync = decodeList(encoded, options)
  for (const gunzip of [undefined, inflateCapped]) {
    const decoded = await decodeListAsync(encoded, gunzip === undefined ? options : { ...options, gunzip })
    assert.equal(decoded.bytes, sync.bytes)
    assert.is(decoded.get(7), 1)
    assert.is(decoded.get(8), 0)
    assert.is(
      await thrownCodeAsync(() =>
        decodeListAsync(encoded, { ...options, maxEntries: 1024, ...(gunzip ? { gunzip } : {}) }),
      ),
      'STATUS_LIST_LENGTH_ERROR',
    )
  }
  assert.is(await thrownCodeAsync(() => decodeListAsync(42, options)), 'MALFORMED_VALUE_ERROR')
  assert.is(await thrownCodeAsync(() => decodeListAsync(encoded.slice(1), options)), 'MALFORMED_VALUE_ERROR')
})

test('decodeListAsync gives a list to read (no writer), decodeList a Bitstring; both read entries alike', async () => {
  const list = new Bitstring({ length: 131_072, statusSize: 2 })
  list.set(5, 3)
  list.set(130_000, 2)
  const encoded = encodeList(list, 'BitstringStatusList')
  const options = { type: 'BitstringStatusList', statusSize: 2 } as const
  const reader = await decodeListAsync(encoded, options)
  const writer = decodeList(encoded, options)
  assert.ok(reader instanceof BitstringReader)
  assert.not.ok(reader instanceof Bitstring)
  assert.not.ok('set' in reader || 'countSet' in reader)
  assert.ok(writer instanceof Bitstring)
  assert.is(writer.countSet(), 2)
  for (const index of [0, 5, 6, 130_000, 131_071])
    assert.is(reader.get(index), writer.get(index), String(index))
  assert.is(reader.get(5), 3)
  assert.is(reader.length, 131_072)
  assert.is(await thrownCodeAsync(async () => reader.get(131_072)), 'RANGE_ERROR')
})

test.run()
