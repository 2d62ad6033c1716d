import { thrownCode, thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type Allocation,
  decodeList,
  MemoryStatusListStore,
  MIN_ENTRIES,
  StatusListManager,
  type StatusListStore,
} from '../src/index.js'

const BASE = 'https://guild.example/status'
const ISSUER = 'did:web:guild.example'

function manager(store: StatusListStore = new MemoryStatusListStore()): StatusListManager {
  return new StatusListManager({ store, issuer: ISSUER, baseUrl: `${BASE}/` })
}

test('200,000 allocations from one store: all distinct, a second list when the first is full, spread evenly', async () => {
  const statuses = manager()
  const seen = new Set<string>()
  const second: number[] = []
  const firstHalf: number[] = []
  for (let i = 0; i < 200_000; i++) {
    const a = await statuses.allocate({ holder: `urn:uuid:${i}` })
    seen.add(`${a.listUrl}#${a.index}`)
    if (a.listUrl.endsWith('-2.json')) second.push(a.index)
    else if (i < 50_000) firstHalf.push(a.index)
  }
  assert.is(seen.size, 200_000)
  assert.equal(
    (await statuses.lists()).map((l) => [l.url, l.full]),
    [
      [`${BASE}/revocation-1.json`, true],
      [`${BASE}/revocation-2.json`, false],
    ],
  )
  assert.is(second.length, 200_000 - MIN_ENTRIES)
  // Chi-square over 16 equal buckets of the index range: 15 degrees of freedom, 37.7 is the 0.1% tail.
  for (const indices of [firstHalf, second]) {
    const buckets = new Array<number>(16).fill(0)
    for (const index of indices) {
      const bucket = Math.floor((index * 16) / MIN_ENTRIES)
      buckets[bucket] = (buckets[bucket] ?? 0) + 1
    }
    const expected = indices.length / 16
    const chi2 = buckets.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0)
    assert.ok(chi2 < 37.7, `chi-square ${chi2.toFixed(1)} for ${buckets.join(' ')}`)
    // and not handed out in order
    const ascending = indices.slice(1).filter((v, i) => v > (indices[i] as number)).length
    assert.ok(
      Math.abs(ascending / indices.length - 0.5) < 0.02,
      `ascending share ${ascending / indices.length}`,
    )
  }
})

test('a manager whose list another manager filled moves on to the next list, nothing given twice', async () => {
  const store = new MemoryStatusListStore()
  const [early, filler] = [manager(store), manager(store)]
  const seen = new Set<string>()
  const take = (a: Allocation) => {
    assert.not.ok(seen.has(`${a.listUrl}#${a.index}`), `${a.listUrl}#${a.index} twice`)
    seen.add(`${a.listUrl}#${a.index}`)
    return a
  }
  assert.ok(take(await early.allocate({ holder: 'first' })).listUrl.endsWith('-1.json'))
  for (let i = 1; i < MIN_ENTRIES; i++) take(await filler.allocate({ holder: `urn:uuid:${i}` }))
  // `early` still has list 1 in mind; it is full now
  assert.ok(take(await early.allocate({ holder: 'late' })).listUrl.endsWith('-2.json'))
  assert.equal(
    (await store.lists()).map((l) => [l.url, l.full]),
    [
      [`${BASE}/revocation-1.json`, true],
      [`${BASE}/revocation-2.json`, false],
    ],
  )
})

test('a store whose claims collide (another process) never yields an index twice', async () => {
  const store = new MemoryStatusListStore()
  const [a, b] = [manager(store), manager(store)]
  const seen = new Set<number>()
  for (let i = 0; i < 20_000; i++) {
    const x = await (i % 2 ? a : b).allocate({ holder: `h${i}` })
    assert.not.ok(seen.has(x.index))
    seen.add(x.index)
  }
})

test('revocation is final; suspension comes and goes; unknown entries are errors', async () => {
  const statuses = manager()
  const r = await statuses.allocate({ holder: 'urn:uuid:r' })
  const s = await statuses.allocate({ holder: 'urn:uuid:s', purpose: 'suspension' })
  assert.is(s.listUrl, `${BASE}/suspension-1.json`)
  await statuses.revoke(r.listUrl, r.index)
  await statuses.revoke(r.listUrl, r.index)
  assert.is(await statuses.status(r.listUrl, r.index), 1)
  assert.is(await thrownCodeAsync(() => statuses.reinstate(r.listUrl, r.index)), 'STATUS_IS_FINAL')
  assert.is(await thrownCodeAsync(() => statuses.setStatus(r.listUrl, r.index, 0)), 'STATUS_IS_FINAL')
  assert.is(await thrownCodeAsync(() => statuses.suspend(r.listUrl, r.index)), 'WRONG_STATUS_PURPOSE')
  await statuses.suspend(s.listUrl, s.index)
  assert.is(await statuses.status(s.listUrl, s.index), 1)
  await statuses.reinstate(s.listUrl, s.index)
  assert.is(await statuses.status(s.listUrl, s.index), 0)
  assert.is(await thrownCodeAsync(() => statuses.revoke(s.listUrl, s.index)), 'WRONG_STATUS_PURPOSE')
  const free = (r.index + 1) % MIN_ENTRIES
  assert.is(await thrownCodeAsync(() => statuses.revoke(r.listUrl, free)), 'UNKNOWN_STATUS_ENTRY')
  assert.is(await thrownCodeAsync(() => statuses.revoke(`${BASE}/nope`, 0)), 'UNKNOWN_STATUS_ENTRY')
  assert.is(await thrownCodeAsync(() => statuses.reinstate(s.listUrl, free)), 'UNKNOWN_STATUS_ENTRY')
})

test('the list credential: Bitstring (VCDM 2.0, ttl) and StatusList2021 (VCDM 1.1), with the set bits', async () => {
  const statuses = manager()
  const revoked: Allocation[] = []
  for (let i = 0; i < 5; i++) revoked.push(await statuses.allocate({ holder: `b${i}` }))
  const kept = await statuses.allocate({ holder: 'kept' })
  for (const a of revoked) await statuses.revoke(a.listUrl, a.index)
  const bsl = await statuses.listCredential(kept.listUrl, {
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: '2026-02-01T00:00:00Z',
    ttl: 86_400_000,
  })
  assert.equal(bsl['@context'], ['https://www.w3.org/ns/credentials/v2'])
  assert.equal(bsl.type, ['VerifiableCredential', 'BitstringStatusListCredential'])
  assert.is(bsl.id, kept.listUrl)
  assert.is(bsl.issuer, ISSUER)
  assert.is(bsl.validUntil, '2026-02-01T00:00:00Z')
  const subject = bsl.credentialSubject as {
    encodedList: string
    ttl: number
    statusPurpose: string
    type: string
  }
  assert.is(subject.ttl, 86_400_000)
  assert.is(subject.type, 'BitstringStatusList')
  const bits = decodeList(subject.encodedList, { type: 'BitstringStatusList' })
  assert.is(bits.countSet(), 5)
  for (const a of revoked) assert.is(bits.get(a.index), 1)
  assert.is(bits.get(kept.index), 0)

  const old = await statuses.allocate({ holder: 'v1', type: 'StatusList2021' })
  assert.equal(old.credentialStatus, {
    id: `${BASE}/sl2021-revocation-1.json#${old.index}`,
    statusListIndex: String(old.index),
    statusListCredential: `${BASE}/sl2021-revocation-1.json`,
    type: 'StatusList2021Entry',
    statusPurpose: 'revocation',
  })
  await statuses.revoke(old.listUrl, old.index)
  const sl = await statuses.listCredential(old.listUrl, { validFrom: '2026-01-01T00:00:00Z' })
  assert.equal(sl['@context'], [
    'https://www.w3.org/2018/credentials/v1',
    'https://w3id.org/vc/status-list/2021/v1',
  ])
  assert.is(sl.issuanceDate, '2026-01-01T00:00:00Z')
  const encoded = (sl.credentialSubject as { encodedList: string }).encodedList
  assert.not.match(encoded, /^u/)
  assert.is(decodeList(encoded, { type: 'StatusList2021' }).get(old.index), 1)
})

test('message lists: statusSize > 1 with a message per value', async () => {
  const statuses = manager()
  const statusMessage = [
    { status: '0x0', message: 'in good standing' },
    { status: '0x1', message: 'fees overdue' },
    { status: '0x2', message: 'under review' },
    { status: '0x3', message: 'honorary' },
  ]
  const a = await statuses.allocate({ holder: 'm', purpose: 'message', statusSize: 2, statusMessage })
  assert.is(a.listUrl, `${BASE}/message-2bit-1.json`)
  assert.equal(a.credentialStatus, {
    id: `${a.listUrl}#${a.index}`,
    statusListIndex: String(a.index),
    statusListCredential: a.listUrl,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusSize: 2,
    statusMessage,
  })
  await statuses.setStatus(a.listUrl, a.index, 2)
  await statuses.setStatus(a.listUrl, a.index, 3)
  assert.is((await statuses.bitstring(a.listUrl)).get(a.index), 3)
  assert.is(await thrownCodeAsync(() => statuses.setStatus(a.listUrl, a.index, 4)), 'RANGE_ERROR')
})

test('impossible list options are INVALID_LIST_OPTIONS', async () => {
  const statuses = manager()
  assert.is(
    await thrownCodeAsync(() => statuses.allocate({ holder: 'x', statusSize: 2 })),
    'INVALID_LIST_OPTIONS',
  )
  assert.is(
    await thrownCodeAsync(() => statuses.allocate({ holder: 'x', statusSize: 9 })),
    'INVALID_LIST_OPTIONS',
  )
  assert.is(
    await thrownCodeAsync(() =>
      statuses.allocate({ holder: 'x', type: 'StatusList2021', purpose: 'message' }),
    ),
    'INVALID_LIST_OPTIONS',
  )
  assert.is(
    thrownCode(
      () =>
        new StatusListManager({
          store: new MemoryStatusListStore(),
          issuer: ISSUER,
          baseUrl: BASE,
          listLength: 1000,
        }),
    ),
    'INVALID_LIST_OPTIONS',
  )
})

test.run()
