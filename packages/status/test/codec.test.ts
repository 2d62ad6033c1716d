import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { createList, decodeList as dbDecodeList } from '@digitalbazaar/vc-bitstring-status-list'
import { thrownCode } from '@tessera/testkit'
import { OB30 as OB30_FOLDER } from '@tessera/testkit/fixtures'
import { gzipSync } from 'fflate'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Bitstring, decodeList, encodeList, MIN_ENTRIES, parseIndex, parseStatusEntry } from '../src/index.js'

const OB30 = pathToFileURL(OB30_FOLDER)
const json = (name: string) => JSON.parse(readFileSync(new URL(name, OB30), 'utf8'))

const SPEC_ZERO_BITSTRING = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA'
const SPEC_ZERO_2021 = 'H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA'

test("the specifications' all-zero example lists: 131,072 entries, none set", () => {
  for (const [encoded, type] of [
    [SPEC_ZERO_BITSTRING, 'BitstringStatusList'],
    [SPEC_ZERO_2021, 'StatusList2021'],
  ] as const) {
    const list = decodeList(encoded, { type })
    assert.is(list.length, 131_072)
    assert.is(list.countSet(), 0)
  }
})

test("1EdTech's test list, read at the index its revoked credential names, says revoked", () => {
  const listCredential = json('bit-string-list/testlist')
  const { credentialStatus } = json('bit-string-list/credential-status-revoked.json')
  const entry = parseStatusEntry(credentialStatus)
  const list = decodeList(listCredential.credentialSubject.encodedList, { type: entry.type })
  assert.is(entry.index, 23)
  assert.is(list.get(23), 1)
  assert.is(list.countSet(), 1)
})

test('bit 0 is the most significant bit of byte 0', () => {
  const list = new Bitstring({ length: 16 })
  list.set(0, 1)
  list.set(15, 1)
  assert.equal([...list.bytes], [0x80, 0x01])
  const wide = new Bitstring({ length: 4, statusSize: 4 })
  wide.set(1, 0b1011)
  assert.equal([...wide.bytes], [0x0b, 0x00])
  assert.is(wide.get(1), 11)
})

test('every status size from 1 to 8 bits round-trips through both encodings', () => {
  for (let size = 1; size <= 8; size++) {
    const list = new Bitstring({ length: MIN_ENTRIES, statusSize: size })
    const picks = [0, 1, 7, 8, 4095, MIN_ENTRIES - 1]
    for (const [i, index] of picks.entries()) list.set(index, (i + 1) % 2 ** size || 1)
    for (const type of ['BitstringStatusList', 'StatusList2021'] as const) {
      if (type === 'StatusList2021' && size > 1) continue
      const back = decodeList(encodeList(list, type), { type, statusSize: size })
      assert.equal(back.bytes, list.bytes, `size ${size} ${type}`)
    }
  }
})

test("lists written by Digital Bazaar's library decode to the same bits here", async () => {
  const indices = [0, 1, 23, 4096, 65_537, 131_071]
  const theirs = await createList({ length: MIN_ENTRIES })
  for (const i of indices) theirs.setStatus(i, true)
  const ours = decodeList(await theirs.encode(), { type: 'BitstringStatusList' })
  for (let i = 0; i < MIN_ENTRIES; i++) {
    if ((ours.get(i) === 1) !== indices.includes(i)) assert.unreachable(`index ${i} differs`)
  }
  assert.is(ours.countSet(), indices.length)
})

test("lists written here decode to the same bits in Digital Bazaar's library", async () => {
  const indices = [2, 31, 1000, 99_999, 131_070]
  const ours = new Bitstring({ length: MIN_ENTRIES })
  for (const i of indices) ours.set(i, 1)
  const theirs = await dbDecodeList({ encodedList: encodeList(ours, 'BitstringStatusList') })
  assert.is(theirs.length, MIN_ENTRIES)
  for (let i = 0; i < MIN_ENTRIES; i++) {
    if (theirs.getStatus(i) !== indices.includes(i)) assert.unreachable(`index ${i} differs`)
  }
})

const encode = (bytes: Uint8Array, prefix = 'u') =>
  prefix + Buffer.from(gzipSync(bytes)).toString('base64url')

test('a list shorter than 131,072 entries is STATUS_LIST_LENGTH_ERROR', () => {
  assert.is(
    thrownCode(() => decodeList(encode(new Uint8Array(16_383)), { type: 'BitstringStatusList' })),
    'STATUS_LIST_LENGTH_ERROR',
  )
  // 2-bit entries need twice the bytes
  assert.is(
    thrownCode(() =>
      decodeList(encode(new Uint8Array(16_384)), { type: 'BitstringStatusList', statusSize: 2 }),
    ),
    'STATUS_LIST_LENGTH_ERROR',
  )
})

test('a GZIP expanding to 64 MiB stops at the 8 MiB cap with STATUS_LIST_LENGTH_ERROR', () => {
  const bomb = encode(new Uint8Array(64 * 1024 * 1024))
  assert.ok(bomb.length < 100_000)
  assert.is(
    thrownCode(() => decodeList(bomb, { type: 'BitstringStatusList' })),
    'STATUS_LIST_LENGTH_ERROR',
  )
  assert.is(
    thrownCode(() =>
      decodeList(encode(new Uint8Array(32_768)), { type: 'BitstringStatusList', maxEntries: 200_000 }),
    ),
    'STATUS_LIST_LENGTH_ERROR',
  )
  assert.is(
    decodeList(encode(new Uint8Array(32_768)), { type: 'BitstringStatusList', maxEntries: 262_144 }).length,
    262_144,
  )
})

test('base64 instead of base64url, a wrong multibase prefix, not GZIP, not a string: MALFORMED_VALUE_ERROR', () => {
  const zeros = gzipSync(new Uint8Array(16_384), { mtime: 0 })
  // find a list whose base64 form holds "+" or "/"
  const bytes = new Uint8Array(16_384).map((_, i) => (i * 7919) & 0xff)
  const base64 = Buffer.from(gzipSync(bytes)).toString('base64')
  assert.match(base64, /[+/]/)
  assert.is(
    thrownCode(() => decodeList(`u${base64}`, { type: 'BitstringStatusList' })),
    'MALFORMED_VALUE_ERROR',
  )
  assert.is(
    thrownCode(() => decodeList(base64, { type: 'StatusList2021' })),
    'MALFORMED_VALUE_ERROR',
  )
  const base58ish = `z${Buffer.from(zeros).toString('base64url')}`
  assert.is(
    thrownCode(() => decodeList(base58ish, { type: 'BitstringStatusList' })),
    'MALFORMED_VALUE_ERROR',
  )
  assert.is(
    thrownCode(() => decodeList(Buffer.from(zeros).toString('base64url'), { type: 'BitstringStatusList' })),
    'MALFORMED_VALUE_ERROR',
  )
  assert.is(
    thrownCode(() =>
      decodeList(`u${Buffer.from('not gzip at all').toString('base64url')}`, { type: 'BitstringStatusList' }),
    ),
    'MALFORMED_VALUE_ERROR',
  )
  assert.is(
    thrownCode(() => decodeList(42, { type: 'BitstringStatusList' })),
    'MALFORMED_VALUE_ERROR',
  )
  assert.is(
    thrownCode(() => decodeList('u', { type: 'BitstringStatusList' })),
    'MALFORMED_VALUE_ERROR',
  )
  assert.is(
    thrownCode(() => decodeList('uH4sIAAA', { type: 'BitstringStatusList' })),
    'MALFORMED_VALUE_ERROR',
  )
  const whole = gzipSync(new Uint8Array(16_384).map((_, i) => (i * 31) & 0xff))
  for (const cut of [12, 30, whole.length - 4, whole.length - 1]) {
    const truncated = `u${Buffer.from(whole.subarray(0, cut)).toString('base64url')}`
    assert.is(
      thrownCode(() => decodeList(truncated, { type: 'BitstringStatusList' })),
      'MALFORMED_VALUE_ERROR',
      `cut at ${cut}`,
    )
  }
})

test('indices: negative, "1e3", non-numeric, fractional are MALFORMED_VALUE_ERROR; out of range is RANGE_ERROR', () => {
  for (const bad of ['-1', -1, '1e3', 'abc', '', '12a', '0x10', ' 5', '01', 1.5, '9007199254740993', null]) {
    assert.is(
      thrownCode(() => parseIndex(bad)),
      'MALFORMED_VALUE_ERROR',
      String(bad),
    )
  }
  assert.is(parseIndex('0'), 0)
  assert.is(parseIndex('131071'), 131_071)
  assert.is(parseIndex(23), 23)
  const list = new Bitstring({ length: 16 })
  assert.is(
    thrownCode(() => list.get(16)),
    'RANGE_ERROR',
  )
  assert.is(
    thrownCode(() => list.get(-1)),
    'RANGE_ERROR',
  )
  assert.is(
    thrownCode(() => list.set(0, 2)),
    'RANGE_ERROR',
  )
})

test('entries: unknown methods are UNSUPPORTED_STATUS_METHOD, malformed ones MALFORMED_VALUE_ERROR', () => {
  const good = {
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '7',
    statusListCredential: 'https://guild.example/status/1',
  }
  assert.equal(parseStatusEntry(good), {
    type: 'BitstringStatusList',
    purpose: 'revocation',
    index: 7,
    listUrl: 'https://guild.example/status/1',
    statusSize: 1,
  })
  assert.is(
    thrownCode(() => parseStatusEntry(json('credential-status-revoked.json').credentialStatus)),
    'UNSUPPORTED_STATUS_METHOD',
  )
  assert.is(
    thrownCode(() => parseStatusEntry({ ...good, type: 'RevocationList2020Status' })),
    'UNSUPPORTED_STATUS_METHOD',
  )
  for (const bad of [
    { ...good, statusPurpose: 'fun' },
    { ...good, type: 'StatusList2021Entry', statusPurpose: 'message' },
    { ...good, statusListCredential: 'not a url' },
    { ...good, statusSize: 9 },
    { ...good, statusSize: 2 },
    { ...good, statusSize: 1, statusMessage: [{ status: '0x0', message: 'ok' }] },
    { ...good, statusListIndex: '1e3' },
    'entry',
  ]) {
    assert.is(
      thrownCode(() => parseStatusEntry(bad)),
      'MALFORMED_VALUE_ERROR',
      JSON.stringify(bad),
    )
  }
})

test.run()
