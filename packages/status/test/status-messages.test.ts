// Message lists (Bitstring Status List, statusSize > 1): the issuer's side checked against this
// package's checkStatus and Digital Bazaar's @digitalbazaar/vc-bitstring-status-list, and every way a
// message table or a value can be wrong.
import * as digitalBazaar from '@digitalbazaar/vc-bitstring-status-list'
import type { JsonObject, StatusMessage } from '@tessera/schema'
import { thrownCode, thrownCodeAsync } from '@tessera/testkit'
import fc from 'fast-check'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  Bitstring,
  checkStatus,
  checkStatusMessages,
  decodeList,
  encodeList,
  MemoryStatusListStore,
  MIN_ENTRIES,
  StatusListManager,
} from '../src/index.js'

const dbDecodeList = digitalBazaar.decodeList
/** Its checkStatus, which the shared declaration (packages/proofs/src/digitalbazaar.d.ts) leaves out. */
const dbCheckStatus = (
  digitalBazaar as unknown as {
    checkStatus(options: {
      credential: JsonObject
      documentLoader: (url: string) => Promise<{ document: JsonObject }>
      verifyBitstringStatusListCredential: boolean
    }): Promise<{ verified: boolean; error?: Error; results?: { status: boolean }[] }>
  }
).checkStatus

const BASE = 'https://guild.example/status'
const ISSUER = 'did:web:guild.example'
const NOW = new Date('2026-06-01T00:00:00Z')

const REASONS: StatusMessage[] = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'left the association' },
  { status: '0x2', message: 'expelled' },
  { status: '0x3', message: 'deceased' },
]

function manager(): StatusListManager {
  return new StatusListManager({ store: new MemoryStatusListStore(), issuer: ISSUER, baseUrl: BASE })
}

/** Four credentials on one 2-bit list of `purpose`, set to 0, 1, 2 and 3; the list credential as published. */
async function fourMembers(purpose: 'revocation' | 'message') {
  const statuses = manager()
  const credentials: JsonObject[] = []
  let listUrl = ''
  for (let value = 0; value < 4; value++) {
    const a = await statuses.allocate({
      holder: `urn:uuid:${value}`,
      purpose,
      statusSize: 2,
      statusMessage: REASONS,
    })
    if (value !== 0) await statuses.setStatus(a.listUrl, a.index, value)
    listUrl = a.listUrl
    credentials.push({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: ISSUER,
      credentialStatus: a.credentialStatus as unknown as JsonObject,
    })
  }
  const published = await statuses.listCredential(listUrl, { validFrom: '2026-01-01T00:00:00Z' })
  return { statuses, credentials, listUrl, published }
}

const entryOf = (credential: JsonObject) =>
  credential.credentialStatus as {
    statusListIndex: string
    statusSize: number
    statusMessage: StatusMessage[]
  }

test('a 2-bit revocation list with reasons: entries carry statusSize and statusMessage, values read back with their message', async () => {
  const { credentials, listUrl, published } = await fourMembers('revocation')
  assert.is(listUrl, `${BASE}/revocation-2bit-1.json`)
  const subject = published.credentialSubject as { statusPurpose: string; encodedList: string }
  assert.is(subject.statusPurpose, 'revocation')
  assert.match(subject.encodedList, /^u/)
  assert.is(
    decodeList(subject.encodedList, { type: 'BitstringStatusList', statusSize: 2 }).length,
    MIN_ENTRIES,
  )
  for (const [value, credential] of credentials.entries()) {
    const entry = entryOf(credential)
    assert.is(entry.statusSize, 2)
    assert.equal(entry.statusMessage, REASONS)
    const result = await checkStatus(credential, {
      now: NOW,
      fetchStatusList: async () => published,
      verifyStatusListCredential: async () => true,
    })
    assert.is(result.entries[0]?.value, value)
    assert.is(result.entries[0]?.message, REASONS[value]?.message)
    assert.is(result.revoked, value !== 0)
    assert.is(result.ok, value === 0)
  }
})

test("Digital Bazaar's library reads the same values (and so the same messages) from the list written here", async () => {
  const { credentials, published } = await fourMembers('message')
  const subject = published.credentialSubject as { encodedList: string }
  const theirs = await dbDecodeList({ encodedList: subject.encodedList })
  // 2.0.1 has no statusSize: its list is one bit per position, so a 2-bit entry i is its bits 2i and 2i+1
  assert.is(theirs.length, 2 * MIN_ENTRIES)
  for (const [value, credential] of credentials.entries()) {
    const entry = entryOf(credential)
    const index = Number(entry.statusListIndex)
    let read = 0
    for (let bit = 0; bit < entry.statusSize; bit++)
      read = (read << 1) | (theirs.getStatus(index * 2 + bit) ? 1 : 0)
    assert.is(read, value)
    assert.is(
      entry.statusMessage.find((m) => Number.parseInt(m.status, 16) === read)?.message,
      REASONS[value]?.message,
    )

    // its checkStatus accepts the entry and the list (same purpose, same issuer), and reads the one bit at
    // position statusListIndex, ignoring statusSize: the one place where it and the Recommendation differ
    const checked = await dbCheckStatus({
      credential,
      documentLoader: async () => ({ document: published }),
      verifyBitstringStatusListCredential: false,
    })
    assert.ok(checked.verified, checked.error?.message)
    assert.is(checked.results?.[0]?.status, theirs.getStatus(index))
  }
})

test('statuses of 1 to 8 bits round-trip through encode and decode, and read the same in Digital Bazaar’s bits', async () => {
  const property = fc.asyncProperty(
    fc
      .integer({ min: 1, max: 8 })
      .chain((statusSize) =>
        fc.tuple(
          fc.constant(statusSize),
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: MIN_ENTRIES - 1 }),
              fc.integer({ min: 0, max: 2 ** statusSize - 1 }),
            ),
            { maxLength: 40 },
          ),
        ),
      ),
    async ([statusSize, sets]) => {
      const list = new Bitstring({ length: MIN_ENTRIES, statusSize })
      const expected = new Map<number, number>()
      for (const [index, value] of sets) {
        list.set(index, value)
        expected.set(index, value)
      }
      const encoded = encodeList(list, 'BitstringStatusList')
      const back = decodeList(encoded, { type: 'BitstringStatusList', statusSize })
      assert.equal(back.bytes, list.bytes)
      const theirs = await dbDecodeList({ encodedList: encoded })
      for (const [index, value] of expected) {
        assert.is(back.get(index), value)
        let read = 0
        for (let bit = 0; bit < statusSize; bit++) {
          read = (read << 1) | (theirs.getStatus(index * statusSize + bit) ? 1 : 0)
        }
        assert.is(read, value)
      }
    },
  )
  await fc.assert(property, { numRuns: 48, seed: 19 })
})

test('message tables that cannot be are INVALID_LIST_OPTIONS, each case', async () => {
  const bad: [string, number, unknown][] = [
    ['statusSize 0', 0, undefined],
    ['statusSize 9', 9, undefined],
    ['statusSize 1.5', 1.5, undefined],
    ['statusSize 2 without messages', 2, undefined],
    ['three messages for 2 bits', 2, REASONS.slice(0, 3)],
    ['five messages for 2 bits', 2, [...REASONS, { status: '0x4', message: 'x' }]],
    ['decimal status', 2, REASONS.map((m, i) => (i === 1 ? { ...m, status: '1' } : m))],
    ['non-hex status', 2, REASONS.map((m, i) => (i === 1 ? { ...m, status: '0xg' } : m))],
    ['status not a string', 2, REASONS.map((m, i) => (i === 1 ? { ...m, status: 1 } : m))],
    ['status too long', 2, REASONS.map((m, i) => (i === 1 ? { ...m, status: '0x0001' } : m))],
    ['status beyond the size', 2, REASONS.map((m, i) => (i === 3 ? { ...m, status: '0x4' } : m))],
    ['a status twice', 2, REASONS.map((m, i) => (i === 3 ? { ...m, status: '0x2' } : m))],
    ['message not a string', 2, REASONS.map((m, i) => (i === 2 ? { ...m, message: null } : m))],
    ['not an array', 1, { status: '0x0', message: 'x' }],
  ]
  const statuses = manager()
  for (const [name, statusSize, table] of bad) {
    assert.is(
      thrownCode(() => checkStatusMessages(statusSize, table as StatusMessage[])),
      'INVALID_LIST_OPTIONS',
      name,
    )
    const allocating = () =>
      statuses.allocate({
        holder: 'x',
        purpose: 'message',
        statusSize,
        statusMessage: table as StatusMessage[],
      })
    assert.is(await thrownCodeAsync(allocating), 'INVALID_LIST_OPTIONS', name)
  }
  // StatusList2021 has no messages
  assert.is(
    await thrownCodeAsync(() =>
      statuses.allocate({ holder: 'x', type: 'StatusList2021', statusMessage: REASONS.slice(0, 2) }),
    ),
    'INVALID_LIST_OPTIONS',
  )
  // a table in another order means the same, and is written in value order
  assert.equal(checkStatusMessages(2, [...REASONS].reverse()), REASONS)
  assert.is(checkStatusMessages(1, undefined), undefined)
})

test('one table per kind of list: a different table for the open list is INVALID_LIST_OPTIONS', async () => {
  const statuses = manager()
  await statuses.allocate({ holder: 'a', purpose: 'message', statusSize: 2, statusMessage: REASONS })
  const other = REASONS.map((m, i) => (i === 3 ? { ...m, message: 'honorary' } : m))
  assert.is(
    await thrownCodeAsync(() =>
      statuses.allocate({ holder: 'b', purpose: 'message', statusSize: 2, statusMessage: other }),
    ),
    'INVALID_LIST_OPTIONS',
  )
  // the same table in another order is the same list
  const b = await statuses.allocate({
    holder: 'b',
    purpose: 'message',
    statusSize: 2,
    statusMessage: [...REASONS].reverse(),
  })
  assert.is(b.listUrl, `${BASE}/message-2bit-1.json`)
  assert.equal((b.credentialStatus as { statusMessage: StatusMessage[] }).statusMessage, REASONS)
})

test('values outside 0 to 2^statusSize - 1 are RANGE_ERROR; a value set on a revocation list is final', async () => {
  const statuses = manager()
  const a = await statuses.allocate({ holder: 'a', statusSize: 2, statusMessage: REASONS })
  for (const value of [4, -1, 1.5, Number.NaN]) {
    assert.is(
      await thrownCodeAsync(() => statuses.setStatus(a.listUrl, a.index, value)),
      'RANGE_ERROR',
      String(value),
    )
  }
  await statuses.setStatus(a.listUrl, a.index, 2)
  assert.is(await statuses.status(a.listUrl, a.index), 2)
  assert.is(await thrownCodeAsync(() => statuses.setStatus(a.listUrl, a.index, 1)), 'STATUS_IS_FINAL')
  assert.is(await thrownCodeAsync(() => statuses.reinstate(a.listUrl, a.index)), 'STATUS_IS_FINAL')
  // on a message list any value may follow any other
  const m = await statuses.allocate({
    holder: 'm',
    purpose: 'message',
    statusSize: 3,
    statusMessage: table(3),
  })
  for (const value of [7, 0, 5]) {
    await statuses.setStatus(m.listUrl, m.index, value)
    assert.is((await statuses.bitstring(m.listUrl)).get(m.index), value)
  }
  assert.is(await thrownCodeAsync(() => statuses.setStatus(m.listUrl, m.index, 8)), 'RANGE_ERROR')
})

function table(statusSize: number): StatusMessage[] {
  return Array.from({ length: 2 ** statusSize }, (_, v) => ({
    status: `0x${v.toString(16)}`,
    message: `m${v}`,
  }))
}

test.run()
