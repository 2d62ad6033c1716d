// Each benchmark runs once on a tiny size, so that none rots; the figures themselves are not judged here.
// The benchmarks run in this process (the status one, a script of its own, in a child), and `pnpm bench`'s
// table is drawn from what they report.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bundleBenchmarks } from '../bench/bundle.js'
import { cliStartBenchmarks } from '../bench/cli-start.js'
import { coldStartBenchmarks } from '../bench/cold-start.js'
import { dataIntegrityBenchmarks } from '../bench/data-integrity.js'
import type { Measurement } from '../bench/harness.js'
import { jwtBenchmarks } from '../bench/jwt.js'
import { oid4vciBenchmarks, PEER, peersOf, SPHEREON_PEER } from '../bench/oid4vci.js'
import { placedCommand, placementOf } from '../bench/oid4vci-cpu.js'
import { BENCHMARKS, renderTable, runBenchmark } from '../bench/run.js'
import { serveStartBenchmarks } from '../bench/serve-start.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'))
const all: Measurement[] = []

/** Every measurement has Tessera's figure, each peer's figure and ratio, and is not judged in a smoke run. */
function wellFormed(measurements: Measurement[], ids: string[]): void {
  assert.equal(
    measurements.map((m) => m.id),
    ids,
  )
  for (const m of measurements) {
    assert.ok(typeof m.tessera === 'number' && m.tessera > 0, `${m.id}: ${m.tessera}`)
    for (const p of m.peers) {
      if (p.value !== null) assert.ok(p.value > 0 && p.ratio !== null && p.ratio > 0, `${m.id}: ${p.name}`)
    }
    assert.is(m.met, null)
  }
  all.push(...measurements)
}

test('bench/status.ts --smoke --json runs and reports every figure', () => {
  const run = spawnSync(process.execPath, [TSX, 'bench/status.ts', '--smoke', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  assert.is(run.status, 0, run.stderr)
  const figures = JSON.parse(run.stdout)
  assert.is(figures.lists.length, 3)
  for (const row of figures.lists) {
    assert.ok(row.decodeMs > 0 && row.decodeMsDigitalBazaar > 0 && row.encodeMs > 0)
    assert.is(row.decodedBytes * 8, row.entries)
  }
  assert.ok(figures.cachedLookupNs > 0 && figures.cachedCheckStatusUs > 0)
  assert.is(figures.targets.decode1MiEntriesUnder5ms, null)
  wellFormed(figures.measurements, [
    'status.decode.0%',
    'status.decode.1%',
    'status.decode.10%',
    'status.lookup',
  ])
})

test('VC-JWT issuing and verifying, against Veramo and bare node:crypto', async () => {
  const measurements = await jwtBenchmarks(true)
  wellFormed(measurements, ['jwt.issue', 'jwt.verify'])
  for (const m of measurements)
    assert.equal(
      m.peers.map((p) => p.name),
      ['Veramo 7', m.peers[1]?.name],
    )
})

test('Data Integrity issuing and verifying, against @digitalbazaar/vc, which verifies what Tessera signs', async () => {
  const measurements = await dataIntegrityBenchmarks(true)
  wellFormed(measurements, ['dataIntegrity.issue', 'dataIntegrity.verify'])
  assert.ok(measurements[0]?.notes?.includes("@digitalbazaar/vc verifies Tessera's output: true"))
})

test('cold start: a fresh node process imports the verifier and verifies one credential', async () => {
  wellFormed(await coldStartBenchmarks(true), ['coldStart.full.jwt'])
})

test("bundle sizes, the verifier against a Veramo agent and DCC's verifier-core", async () => {
  const measurements = await bundleBenchmarks(true)
  wellFormed(measurements, ['bundle.jwt', 'bundle.full', 'bundle.full.initial'])
  assert.ok((measurements[0]?.tessera ?? 0) < (measurements[1]?.tessera ?? 0))
  // the full build's peers include verifier-core, bundled in the same run
  const dcc = measurements[1]?.peers.find((p) => p.name.startsWith('@digitalcredentials/verifier-core'))
  assert.ok(typeof dcc?.value === 'number' && dcc.value > 0)
})

test('CLI start: the workspace launcher and the installed dist answer --help', async () => {
  wellFormed(await cliStartBenchmarks(true), ['cliStart.workspace', 'cliStart.installed'])
})

test('serve start: tessera serve on a new store answers its metadata', async () => {
  wellFormed(await serveStartBenchmarks(true), ['serveStart.workspace'])
})

test('bench/batch.ts --smoke: both formats through the issuer, with throughput and peak memory', () => {
  const batch = BENCHMARKS.find((b) => b.name === 'batch')
  assert.ok(batch !== undefined)
  const measurements = runBenchmark(batch, true)
  wellFormed(measurements, ['batch.jwt', 'batch.dataIntegrity'])
  for (const m of measurements) assert.match(m.notes?.[0] ?? '', /credentials\/s; peak RSS \d+ MB/)
})

test('bench/oid4vci.ts --smoke: complete wallet flows against tessera serve and both peers at 1, 16 and 64 wallets, on the shared machine', async () => {
  const { levels, peers, measurements, placement, pinned } = await oid4vciBenchmarks(true)
  const peerLevels = peers.animo ?? []
  const sphereonLevels = peers.sphereon ?? []
  for (const side of [levels, peerLevels, sphereonLevels])
    assert.equal(
      side.map((l) => [l.wallets, l.flows, l.failed]),
      [
        [1, 8, 0],
        [16, 8, 0],
        [64, 8, 0],
      ],
    )
  // The default placement: nothing pinned, the services and the load generator on the whole machine.
  assert.equal(placement, { kind: 'shared' })
  assert.is(pinned, false)
  if (process.platform === 'linux')
    for (const l of [...levels, ...peerLevels, ...sphereonLevels])
      for (const field of [
        'serviceCpuMsPerFlow',
        'serviceBusy',
        'serviceWaited',
        'loadGeneratorCpuMsPerFlow',
        'loadGeneratorBusy',
        'machineBusy',
        'othersBusy',
      ] as const) {
        const value = l[field]
        assert.ok(typeof value === 'number' && value >= 0 && Number.isFinite(value), `${l.wallets}: ${field}`)
      }
  // One verdict a target (300 flows/s, 2x each peer, p99), each of the figures of the shared machine.
  const judged = measurements.filter((m) => m.target !== null)
  wellFormed(judged, ['oid4vci.rate64', 'oid4vci.peer64', 'oid4vci.peer64sphereon', 'oid4vci.p99at64'])
  assert.equal(
    judged.map((m) => [m.target?.max, m.target?.minRatio, m.target?.peer]),
    [
      [1000 / 300, undefined, undefined],
      [undefined, 2, PEER],
      [undefined, 2, SPHEREON_PEER],
      [100, undefined, undefined],
    ],
  )
  // Each ratio against its own peer alone; the rate and the p99 beside both peers' figures.
  assert.equal(
    judged.map((m) => m.peers.map((p) => p.name)),
    [[PEER, SPHEREON_PEER], [PEER], [SPHEREON_PEER], [PEER, SPHEREON_PEER]],
  )
  for (const m of judged) assert.match(m.notes?.join(' ') ?? '', /machine shared/)
  // The service's CPU a flow beside each peer's: reported, not judged (a smoke level's few flows may read 0 ticks).
  const cpu = measurements.find((m) => m.id === 'oid4vci.cpu64')
  assert.ok(cpu !== undefined && cpu.target === null && cpu.met === null)
  assert.equal(
    cpu.peers.map((p) => p.name),
    [PEER, SPHEREON_PEER],
  )
  if (process.platform === 'linux') {
    assert.ok(typeof cpu.tessera === 'number' && cpu.tessera >= 0)
    for (const p of cpu.peers) assert.ok(typeof p.value === 'number' && p.value >= 0, p.name)
  }
})

test('bench/oid4vci.ts --peers chooses the peers: both by default, in a fixed order, an unknown name refused', () => {
  assert.equal(peersOf(undefined), ['animo', 'sphereon'])
  assert.equal(peersOf('sphereon'), ['sphereon'])
  assert.equal(peersOf('sphereon,animo'), ['animo', 'sphereon'])
  assert.throws(() => peersOf('veramo'), /--peers takes animo, sphereon/)
  assert.throws(() => peersOf(''), /--peers takes/)
})

test('bench/oid4vci.ts places its services: shared by default, pinned by --one-core or --service-cpus', () => {
  const command = ['node', 'serve.js']
  assert.equal(placedCommand(placementOf({}), false, command), ['node', ['serve.js']])
  const oneCore = placementOf({ oneCore: true })
  assert.equal(oneCore, { kind: 'pinned', serviceCpus: '0' })
  assert.equal(placedCommand(oneCore, true, command), ['taskset', ['-c', '0', 'node', 'serve.js']])
  // No taskset (pinning failed): nothing pinned.
  assert.equal(placedCommand(oneCore, false, command), ['node', ['serve.js']])
  assert.equal(placementOf({ oneCore: true, serviceCpus: '0,1' }), { kind: 'pinned', serviceCpus: '0,1' })
})

test("pnpm bench's table holds every measurement", () => {
  const text = renderTable(all)
  for (const m of all) assert.ok(text.includes(m.title), m.title)
  assert.match(text, /\| measurement +\| Tessera +\| peer +\| peer's figure +\| ratio +\| target +\| met +\|/)
})

test.run()
