/**
 * Status list benchmark: encode and decode times by list size, lookups on a cached list, compressed
 * sizes by fill, decoded memory; Digital Bazaar's @digitalbazaar/vc-bitstring-status-list in the same run.
 * `pnpm bench:status` prints a table; `--json` prints the figures; `--smoke` runs tiny sizes once.
 */
import { decodeList as dbDecodeList } from '@digitalbazaar/vc-bitstring-status-list'
import { Bitstring, checkStatus, decodeList, encodeList, MIN_ENTRIES, StatusListCache } from '@tessera/status'
import { formatMs, judge, type Measurement, measure, measureEach, peer, table } from './harness.js'

const smoke = process.argv.includes('--smoke')
const json = process.argv.includes('--json')
const SIZES = smoke ? [MIN_ENTRIES] : [131_072, 1_048_576, 16_777_216]
const FILLS = [0, 0.01, 0.1]
const timing = smoke ? { minRuns: 1, minMs: 0 } : {}

/** A list with about `fill` of its entries set, spread by a fixed pseudo-random sequence so runs compare. */
function filled(length: number, fill: number): Bitstring {
  const list = new Bitstring({ length })
  let seed = 12345
  const next = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  for (let set = 0; set < length * fill; set++) list.set(Math.floor(next() * length), 1)
  return list
}

interface Row {
  entries: number
  fill: number
  compressedBytes: number
  encodeMs: number
  decodeMs: number
  decodeMsDigitalBazaar: number
  decodedBytes: number
}

const rows: Row[] = []
for (const entries of SIZES) {
  for (const fill of FILLS) {
    const list = filled(entries, fill)
    const encoded = encodeList(list, 'BitstringStatusList')
    const encode = await measure(() => encodeList(list, 'BitstringStatusList'), timing)
    const decode = await measure(
      () => decodeList(encoded, { type: 'BitstringStatusList', maxEntries: 2 ** 25 }),
      timing,
    )
    const theirs = await measure(() => dbDecodeList({ encodedList: encoded }), timing)
    const decoded = decodeList(encoded, { type: 'BitstringStatusList', maxEntries: 2 ** 25 })
    rows.push({
      entries,
      fill,
      compressedBytes: encoded.length,
      encodeMs: encode.medianMs,
      decodeMs: decode.medianMs,
      decodeMsDigitalBazaar: theirs.medianMs,
      decodedBytes: decoded.bytes.byteLength,
    })
  }
}

// Lookups on a list already decoded, and a full checkStatus answered from the cache.
const list = filled(MIN_ENTRIES, 0.01)
const count = smoke ? 1000 : 5_000_000
const lookupNs = (await measureEach((i) => list.get((i * 7919) % MIN_ENTRIES), count)) * 1e6
const db = await dbDecodeList({ encodedList: encodeList(list, 'BitstringStatusList') })
const dbLookupNs = (await measureEach((i) => db.getStatus((i * 7919) % MIN_ENTRIES), count)) * 1e6
const published = {
  type: ['VerifiableCredential', 'BitstringStatusListCredential'],
  issuer: 'did:example:issuer',
  credentialSubject: {
    type: 'BitstringStatusList',
    statusPurpose: 'revocation',
    encodedList: encodeList(list, 'BitstringStatusList'),
  },
}
const options = {
  fetchStatusList: async () => published,
  verifyStatusListCredential: async () => true,
  cache: new StatusListCache(),
}
const credential = (i: number) => ({
  issuer: 'did:example:issuer',
  credentialStatus: {
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String((i * 7919) % MIN_ENTRIES),
    statusListCredential: 'https://issuer.example/status/1',
  },
})
const checkUs = (await measureEach((i) => checkStatus(credential(i), options), smoke ? 100 : 200_000)) * 1000

const figures = {
  machine: `${process.platform} ${process.arch}, Node ${process.version}`,
  date: new Date().toISOString().slice(0, 10),
  lists: rows,
  cachedLookupNs: lookupNs,
  cachedLookupNsDigitalBazaar: dbLookupNs,
  cachedCheckStatusUs: checkUs,
  targets: {
    decode1MiEntriesUnder5ms: smoke
      ? null
      : rows.filter((r) => r.entries === 1_048_576).every((r) => r.decodeMs < 5),
    cachedLookupUnder1us: lookupNs < 1000,
    oneBitPerEntry: rows.every((r) => r.decodedBytes * 8 === r.entries),
  },
}

// The same figures as measurements, for `pnpm bench`: decoding a 1,048,576-entry list (the smallest size
// in a smoke run) at each fill, and a lookup on a decoded list.
const decodeRows = rows.filter((r) => r.entries === (smoke ? MIN_ENTRIES : 1_048_576))
const measurements: Measurement[] = [
  ...decodeRows.map((r) =>
    judge(
      {
        id: `status.decode.${r.fill * 100}%`,
        title: `decode a ${r.entries.toLocaleString('en')}-entry status list, ${r.fill * 100}% set`,
        unit: 'ms' as const,
        tessera: r.decodeMs,
        peers: [peer('@digitalbazaar/vc-bitstring-status-list', r.decodeMsDigitalBazaar, r.decodeMs)],
        target: { description: '< 5 ms', max: 5 },
      },
      smoke,
    ),
  ),
  judge(
    {
      id: 'status.lookup',
      title: 'look up one entry of a decoded status list',
      unit: 'ms',
      tessera: lookupNs / 1e6,
      peers: [peer('@digitalbazaar/vc-bitstring-status-list', dbLookupNs / 1e6, lookupNs / 1e6)],
      target: { description: '< 1 µs', max: 0.001 },
      notes: [`checkStatus answered from the cache: ${checkUs.toFixed(2)} µs`],
    },
    smoke,
  ),
]

if (json) {
  console.log(JSON.stringify({ ...figures, measurements }, null, 2))
} else {
  console.log(`Status lists — ${figures.machine}, ${figures.date}${smoke ? ' (smoke run)' : ''}\n`)
  console.log(
    table(
      [
        'entries',
        'set',
        'encodedList',
        'encode',
        'decode (Tessera)',
        'decode (Digital Bazaar)',
        'ratio',
        'decoded memory',
      ],
      rows.map((r) => [
        r.entries.toLocaleString('en'),
        `${r.fill * 100}%`,
        `${r.compressedBytes.toLocaleString('en')} B`,
        formatMs(r.encodeMs),
        formatMs(r.decodeMs),
        formatMs(r.decodeMsDigitalBazaar),
        `${(r.decodeMsDigitalBazaar / r.decodeMs).toFixed(1)}x`,
        `${(r.decodedBytes / 1024).toLocaleString('en')} KiB`,
      ]),
    ),
  )
  console.log(
    `\nlookup on a decoded list: ${lookupNs.toFixed(1)} ns (Digital Bazaar ${dbLookupNs.toFixed(1)} ns); ` +
      `checkStatus answered from the cache: ${checkUs.toFixed(2)} µs`,
  )
  console.log(
    `targets: decode 1,048,576 entries < 5 ms: ${{ true: 'met', false: 'MISSED', null: 'not measured' }[String(figures.targets.decode1MiEntriesUnder5ms) as 'true']}; ` +
      `cached lookup < 1 µs: ${figures.targets.cachedLookupUnder1us ? 'met' : 'MISSED'}; ` +
      `one bit per entry: ${figures.targets.oneBitPerEntry ? 'met' : 'MISSED'}`,
  )
}
