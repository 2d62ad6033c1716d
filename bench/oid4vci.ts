/**
 * Complete wallet flows (token, nonce, credential) against the running service, `tessera serve` on
 * SQLite, at 1, 16 and 64 concurrent wallets, and in the same run against two peers set up for the same
 * credential: Animo's (the issuer side of @openid4vc/openid4vci on bare node:http, bench/oid4vci-peer.ts,
 * `oid4vci.peer64`) and Sphereon's issuer server (@sphereon/oid4vci-issuer-server on its express support,
 * bench/oid4vci-peer-sphereon.ts, `oid4vci.peer64sphereon`), the services' levels in turn (Tessera's
 * 1-wallet level, each peer's, then 16 wallets, ...: seconds apart, so that other work on the machine
 * falls on all alike). Each service runs in a process of its own, all started before the first level,
 * this process being the load generator. Where they run
 * (bench/oid4vci-cpu.ts): by default the machine is shared, nothing pinned, as on a real host, and the
 * targets are judged there; `--one-core` pins each service to core 0 and the load generator to core 1
 * (the service's CPU a flow on a core of its own: the clean efficiency figure; targets not judged),
 * `--service-cpus LIST` pins the services to LIST instead. With `--workers N` Tessera runs as
 * `tessera serve --workers N`. Everything the protocol lets a wallet prepare is prepared before the clock
 * starts: the members' credentials and their offers (one per flow), the wallets' keys and their proofs'
 * headers; each proof is signed after its nonce arrives, since nonces must be fresh. The wallets are
 * bench/oid4vci-wallet.ts on bench/oid4vci-http.ts (one kept-alive undici Client each), the same for
 * every service, each answer checked, a failed flow counted.
 * Per level: the flow's latency (token request to credential: p50, p99, mean, and Little's law's mean for
 * a closed loop, wallets / flows per second), each request's latency (p50, p99), flows per second, and
 * the CPU time per flow (user + system of all threads and processes, from /proc) of the service and of
 * the load generator, each with how busy it was (in cores: 100% is one core), the share of the time the
 * service's main thread waited for a core, the machine's busy cores and the part of it neither the
 * service nor the load generator took (other work on the machine), and how late the load generator's
 * event loop ran (p99: the most its own queue adds to a request). The latencies and the rate are the
 * steady state's (bench/oid4vci-phases.ts), each level's warm-up (its start burst) and the whole level
 * printed beside them. A level is valid only where the load generator had headroom (busy under 80% of
 * one core: its event loop is one thread; otherwise its figures are the load generator's ceiling) and
 * other work on the machine took under a quarter of a core (otherwise its wall-time figures are the
 * machine's); the output says which, and the targets are judged only on valid 64-wallet levels.
 * `tsx bench/oid4vci.ts [--json] [--smoke] [--flows N] [--one-core | --service-cpus LIST]
 * [--tessera-only | --peer-only] [--peers animo,sphereon] [--workers N] [--cpu-prof-dir DIR]
 * [--timings-dir DIR] [--trace-gc FILE]` (N flows at each level, default 4,000; Tessera alone or the
 * peers alone; the peers to run, default both; a CPU profile of the
 * services; each level's flows as JSON, start, end and latencies, with the service's main thread every
 * 10 ms (ran, waited for a core); the service's `--trace-gc` lines; `node --cpu-prof --import tsx
 * bench/oid4vci.ts` profiles the load generator).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { BatchRow } from '@tessera/issuer'
import { initIssuer, openIssuer } from '@tessera/issuer/node'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { openWalletService } from '@tessera/server'
import { flags, isMain, judge, type Measurement, peer } from './harness.js'
import {
  cpuMsOf,
  mainThreadsWaitMsOf,
  placedCommand,
  placeLoadGenerator,
  placementOf,
  placementWords,
  schedMsOf,
} from './oid4vci-cpu.js'
import { WalletClient } from './oid4vci-http.js'
import { type FlowRecord, levelPhases } from './oid4vci-phases.js'
import { flow, makeWallet, PRE_AUTHORIZED, type Prepared, type Wallet } from './oid4vci-wallet.js'
import { machineCpuMs } from './proc.js'

export { makeWallet, type Prepared, proof, type Wallet } from './oid4vci-wallet.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'packages', 'cli', 'src', 'bin.ts')
const TSX = fileURLToPath(import.meta.resolve('tsx'))
const LEVELS = [1, 16, 64] as const
/**
 * Flows a level by default: long enough that the level's start burst (bench/oid4vci-phases.ts) is a
 * small part of it and the steady state holds thousands of flows (its p99 then rests on dozens).
 */
const FLOWS_PER_LEVEL = 4000
/** Above this share of a core busy, the load generator (its event loop one thread) may be what limits a level. */
export const LOAD_GENERATOR_CEILING = 0.8
/**
 * Above this much of a core taken by other work on the machine (neither the service nor the load
 * generator: on this machine, other engineers' runs), a level's wall-time figures are the machine's: the
 * two services, measured minutes apart, cannot be compared by them, nor the targets judged.
 */
export const OTHERS_CEILING = 0.25

export interface LatencySummary {
  p50Ms: number
  p99Ms: number
}

/** The latencies of a set of flows: the whole flow (token request to credential answer) and each request. */
export interface FlowFigures {
  flows: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  /** Each request alone, from its sending to its whole answer. */
  requests: { token: LatencySummary; nonce: LatencySummary; credential: LatencySummary }
}

/**
 * One level. Its latencies and rate are the steady state's (bench/oid4vci-phases.ts: the flows after
 * the level's start burst, before wallets run out of offers), `warmUp` the start's, `whole` every flow's;
 * a level too short for a steady state (`steadyFlows` 0) gives the whole level's figures instead.
 */
export interface LevelResult {
  wallets: number
  /** Flows completed in the level, all phases. */
  flows: number
  failed: number
  /** The flows the figures below are of: the steady state's, or 0 when the level had none. */
  steadyFlows: number
  /** The steady state's (or the whole level's) flow latency: token request to credential answer. */
  p50Ms: number
  p99Ms: number
  meanMs: number
  /** Little's law for a closed loop: mean flow latency = wallets / flows per second. */
  littleMs: number
  /** Flows finished per second in the steady window (or over the whole level). */
  flowsPerSecond: number
  requests: { token: LatencySummary; nonce: LatencySummary; credential: LatencySummary }
  /** The flows started before every wallet had its first answer: the level's start burst. */
  warmUp: FlowFigures & { ms: number }
  /** Every flow of the level (warm-up, steady state, drain), and the rate over the level's wall time. */
  whole: FlowFigures & { flowsPerSecond: number }
  /**
   * CPU time (user + system) the service spent per flow, all its processes and threads, in ms (Linux:
   * /proc; else undefined).
   */
  serviceCpuMsPerFlow?: number
  /** The service's CPU time over the level's wall time: how many cores it kept busy (1 is one core). */
  serviceBusy?: number
  /**
   * The share of the level's wall time the service's main thread was ready to run but waited for a core
   * (summed over its processes' main threads with `--workers`).
   */
  serviceWaited?: number
  /** The same for this process, the load generator. */
  loadGeneratorCpuMsPerFlow?: number
  loadGeneratorBusy?: number
  /** The whole machine's busy cores over the level (/proc/stat), and the part of it neither side took. */
  machineBusy?: number
  othersBusy?: number
  /**
   * How late the load generator's event loop ran a 10 ms timer, p99, in ms: an upper bound on the wait
   * its own queue adds to a request's latency.
   */
  loadGeneratorLagP99Ms: number
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * With `--timings-dir`, the service's main thread sampled every 10 ms over a level: [ms since the level
 * began, ms run, ms waited for a core] in each window, to set beside the slow flows (a window the thread
 * neither ran nor waited is one it was blocked: on the disk, or idle).
 */
function sampleService(pid: number | undefined, started: number): { stop: () => number[][] } {
  const samples: number[][] = []
  let last = schedMsOf(pid)
  const timer = setInterval(() => {
    const now = schedMsOf(pid)
    if (now !== undefined && last !== undefined)
      samples.push([performance.now() - started, now.runMs - last.runMs, now.waitMs - last.waitMs])
    last = now
  }, 10)
  return {
    stop: () => {
      clearInterval(timer)
      return samples
    },
  }
}

/** A store with `count` members, each with a standing VC-JWT membership and a one-time offer for it. */
export async function prepare(dir: string, base: string, count: number): Promise<Prepared[]> {
  await initIssuer(dir, { did: 'key', statusBaseUrl: `${base}/status` }, {})
  const { issuer, profile, close } = await openIssuer(dir, {})
  const now = Date.now()
  const start = new Date(now - 30 * 86_400_000)
  const end = new Date(now + 335 * 86_400_000)
  function* rows(): Iterable<BatchRow> {
    for (let i = 0; i < count; i++)
      yield {
        key: `M-${i}|membership`,
        credential: buildMembershipCredential({
          issuer: { id: profile.did, name: 'Guild of Bookbinders' },
          recipient: { email: `m-${i}@example.org` },
          achievement: { id: 'https://guild.example/achievements/membership', name: 'Guild membership' },
          term: { name: 'this year', start, end },
        }) as unknown as JsonObject,
        options: { format: 'jwt', recipient: `M-${i}` },
      }
  }
  try {
    const summary = await issuer.issueBatch(rows())
    if (summary.failed > 0) throw new Error(`${summary.failed} memberships failed`)
  } finally {
    await close()
  }
  const opened = await openWalletService(dir, {}, { baseUrl: base })
  const prepared: Prepared[] = []
  try {
    for (let i = 0; i < count; i++) {
      const offer = await opened.service.createOffer({ member: `M-${i}`, formats: ['jwt_vc_json'] })
      const grants = offer.credentialOffer.grants as Record<string, Record<string, string>>
      prepared.push({
        code: grants[PRE_AUTHORIZED]?.['pre-authorized_code'] as string,
        configurationId: (offer.credentialOffer.credential_configuration_ids as string[])[0] as string,
      })
    }
  } finally {
    await opened.close()
  }
  return prepared
}

/** Sends a service SIGTERM and waits until it has exited. */
async function terminated(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM')
  await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(undefined)))
}

/** Starts `tessera serve` where the placement puts it and waits until it answers its metadata. */
async function startService(
  dir: string,
  port: number,
  placed: (command: readonly string[]) => [string, string[]],
  profileDir: string | undefined,
  traceGc: string | undefined,
  workers: number | undefined,
): Promise<ChildProcess> {
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]
  const command = [
    process.execPath,
    ...profile,
    ...(traceGc === undefined ? [] : ['--trace-gc']),
    '--import',
    TSX,
    BIN,
    'serve',
    '--store',
    dir,
    '--port',
    String(port),
    ...(workers === undefined ? [] : ['--workers', String(workers)]),
  ]
  const child = spawn(...placed(command), {
    env: { ...process.env, DATABASE_URL: '' },
    // --trace-gc writes to stdout: into the file asked for.
    stdio: ['ignore', traceGc === undefined ? 'ignore' : openSync(traceGc, 'w'), 'inherit'],
  })
  const url = `http://127.0.0.1:${port}/.well-known/openid-credential-issuer`
  for (let tries = 0; tries < 600; tries++) {
    const ok = await fetch(url)
      .then((r) => r.status === 200)
      .catch(() => false)
    if (ok) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  throw new Error('tessera serve did not start')
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0

const summary = (sorted: number[]): LatencySummary => ({
  p50Ms: percentile(sorted, 50),
  p99Ms: percentile(sorted, 99),
})

const sortedOf = (timings: readonly FlowRecord[], pick: (t: FlowRecord) => number) =>
  timings.map(pick).sort((a, b) => a - b)

function figures(records: readonly FlowRecord[]): FlowFigures {
  const flows = sortedOf(records, (t) => t.flowMs)
  return {
    flows: records.length,
    ...summary(flows),
    meanMs: flows.reduce((a, b) => a + b, 0) / Math.max(1, flows.length),
    requests: {
      token: summary(sortedOf(records, (t) => t.tokenMs)),
      nonce: summary(sortedOf(records, (t) => t.nonceMs)),
      credential: summary(sortedOf(records, (t) => t.credentialMs)),
    },
  }
}

/** `offers.length` flows by `concurrency` concurrent wallets, each flow on its own offer. */
async function level(
  client: WalletClient,
  offers: Prepared[],
  wallets: Wallet[],
  concurrency: number,
  servicePid?: number,
  timingsFile?: string,
): Promise<LevelResult> {
  const records: FlowRecord[] = []
  let next = 0
  let drainFromMs: number | undefined
  let failed = 0
  let firstError: unknown
  const serviceBefore = cpuMsOf(servicePid)
  const selfBefore = cpuMsOf('self')
  const machineBefore = machineCpuMs()
  const waitBefore = mainThreadsWaitMsOf(servicePid)
  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  const started = performance.now()
  const sampler = timingsFile === undefined ? undefined : sampleService(servicePid, started)
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (;;) {
        const i = next++
        if (i >= offers.length) {
          drainFromMs ??= performance.now() - started
          return
        }
        const startMs = performance.now() - started
        try {
          const timing = await flow(
            client.connection(w),
            client.base,
            offers[i] as Prepared,
            wallets[(w + i) % wallets.length] as Wallet,
          )
          records.push({ ...timing, wallet: w, startMs, endMs: performance.now() - started })
        } catch (error) {
          failed++
          firstError ??= error
        }
      }
    }),
  )
  const wall = performance.now() - started
  lag.disable()
  const serviceAfter = cpuMsOf(servicePid)
  const selfAfter = cpuMsOf('self')
  const machineAfter = machineCpuMs()
  const waitAfter = mainThreadsWaitMsOf(servicePid)
  if (failed > 0)
    process.stderr.write(`oid4vci bench: ${failed} flows failed, first: ${String(firstError)}\n`)
  const phases = levelPhases(records, drainFromMs ?? wall)
  const whole = { ...figures(records), flowsPerSecond: (records.length / wall) * 1000 }
  const steady = phases.steady.length > 0 ? figures(phases.steady) : undefined
  const flowsPerSecond = steady === undefined ? whole.flowsPerSecond : phases.steadyFlowsPerSecond
  const main = steady ?? whole
  const perFlow = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined || offers.length === 0
      ? undefined
      : { cpu: (after - before) / offers.length, busy: (after - before) / wall }
  const service = perFlow(serviceBefore, serviceAfter)
  const self = perFlow(selfBefore, selfAfter)
  const machine = perFlow(machineBefore, machineAfter)
  const waited =
    waitBefore === undefined || waitAfter === undefined ? undefined : (waitAfter - waitBefore) / wall
  if (timingsFile !== undefined) writeFileSync(`${timingsFile}-${concurrency}.json`, JSON.stringify(records))
  const schedule = sampler?.stop()
  if (timingsFile !== undefined && schedule !== undefined)
    writeFileSync(`${timingsFile}-${concurrency}-service-schedule.json`, JSON.stringify(schedule))
  return {
    wallets: concurrency,
    flows: records.length,
    failed,
    steadyFlows: steady?.flows ?? 0,
    p50Ms: main.p50Ms,
    p99Ms: main.p99Ms,
    meanMs: main.meanMs,
    littleMs: flowsPerSecond > 0 ? (concurrency / flowsPerSecond) * 1000 : 0,
    flowsPerSecond,
    requests: main.requests,
    warmUp: { ...figures(phases.warmUp), ms: phases.steadyFromMs },
    whole,
    ...(service === undefined ? {} : { serviceCpuMsPerFlow: service.cpu, serviceBusy: service.busy }),
    ...(waited === undefined ? {} : { serviceWaited: waited }),
    ...(self === undefined ? {} : { loadGeneratorCpuMsPerFlow: self.cpu, loadGeneratorBusy: self.busy }),
    ...(machine === undefined
      ? {}
      : {
          machineBusy: machine.busy,
          othersBusy: Math.max(0, machine.busy - (service?.busy ?? 0) - (self?.busy ?? 0)),
        }),
    // The histogram is in ns and counts the timer's own 10 ms period.
    loadGeneratorLagP99Ms: lag.count === 0 ? 0 : Math.max(0, lag.percentile(99) / 1e6 - 10),
  }
}

/** A service the levels run against: where it answers, its offers (one a flow), its process, how to stop it. */
export interface Target {
  base: string
  offers: Prepared[]
  pid: number | undefined
  /** Where its levels' flows go (`--timings-dir`), as a file name's prefix. */
  timings: string | undefined
  stop: () => Promise<void>
}

/**
 * The levels against each target in turn, level by level (the first target's 1-wallet level, the
 * second's, then 16 wallets, ...), so that two services are measured seconds apart, not minutes, on a
 * machine whose other work comes and goes; after a warm-up each (4 flows at 1 wallet: the service's lazy
 * parts load, hot paths compile). Returns each target's levels.
 */
async function levelsInTurn(targets: readonly Target[], flowsPerLevel: number): Promise<LevelResult[][]> {
  // Made before the clock starts: a wallet's key is its own, not part of the flow.
  const wallets = Array.from({ length: 64 }, makeWallet)
  const clients = targets.map((t) => new WalletClient(t.base))
  try {
    for (const [i, t] of targets.entries())
      await level(clients[i] as WalletClient, t.offers.slice(0, 4), wallets, 1)
    const results = targets.map((): LevelResult[] => [])
    for (const [n, concurrency] of LEVELS.entries()) {
      const from = 4 + n * flowsPerLevel
      for (const [i, t] of targets.entries())
        results[i]?.push(
          await level(
            clients[i] as WalletClient,
            t.offers.slice(from, from + flowsPerLevel),
            wallets,
            concurrency,
            t.pid,
            t.timings,
          ),
        )
    }
    return results
  } finally {
    for (const client of clients) client.close()
  }
}

export interface RunOptions {
  /** Where the services' CPU profiles go (`--cpu-prof-dir`). */
  profileDir?: string
  /** Where each level's flows go, one JSON file a service and level (`--timings-dir`): start, end, latencies. */
  timingsDir?: string
  /** Where the service's `--trace-gc` lines go (`--trace-gc FILE`), to see its collections' pauses. */
  traceGc?: string
  /** `tessera serve --workers N` (`--workers N`); default none, the service in the process started. */
  workers?: number
  /** Each service pinned to core 0 and the load generator to core 1 (`--one-core`); default: nothing pinned. */
  oneCore?: boolean
  /** The cores the services are pinned to instead (`--service-cpus 0,1`, taskset's list); the load generator on core 1. */
  serviceCpus?: string
}

/** Makes Tessera's store (its members and offers), starts `tessera serve` on it where the placement says. */
async function startTessera(flowsPerLevel: number, options: RunOptions, pinned: boolean): Promise<Target> {
  const { profileDir, timingsDir, traceGc } = options
  const placement = placementOf(options)
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-oid4vci-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  try {
    const offers = await prepare(dir, base, flowsPerLevel * LEVELS.length + 4)
    const service = await startService(
      dir,
      port,
      (command) => placedCommand(placement, pinned, command),
      profileDir,
      traceGc,
      options.workers,
    )
    return {
      base,
      offers,
      pid: service.pid,
      timings: timingsDir === undefined ? undefined : join(timingsDir, 'tessera'),
      stop: async () => {
        await terminated(service)
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

/** The peers the bench can run: which issuer, the script that runs it, the names it goes by. */
export type PeerId = 'animo' | 'sphereon'

export const PEER = '@openid4vc/openid4vci 0.4.6 issuer (node:http, state in memory)'
export const SPHEREON_PEER = '@sphereon/oid4vci-issuer-server 0.20.1 (express, state in memory)'

export const PEERS: Record<PeerId, { name: string; who: string; title: string; script: string }> = {
  animo: { name: PEER, who: 'Animo peer', title: `Peer: ${PEER}`, script: 'oid4vci-peer.ts' },
  sphereon: {
    name: SPHEREON_PEER,
    who: 'Sphereon peer',
    title: `Peer: ${SPHEREON_PEER}`,
    script: 'oid4vci-peer-sphereon.ts',
  },
}
/** Both peers, in the order their levels run after Tessera's. */
export const ALL_PEERS: readonly PeerId[] = ['animo', 'sphereon']

/** Reads `--peers animo,sphereon` (default both); throws on a name it does not know. */
export function peersOf(list: string | undefined): PeerId[] {
  if (list === undefined) return [...ALL_PEERS]
  const named = list.split(',').filter((name) => name !== '')
  const unknown = named.filter((name) => !(ALL_PEERS as readonly string[]).includes(name))
  if (unknown.length > 0 || named.length === 0)
    throw new Error(`--peers takes ${ALL_PEERS.join(', ')}, comma-separated; not ${list}`)
  return ALL_PEERS.filter((id) => named.includes(id))
}

/** Starts a peer (bench/oid4vci-peer.ts or bench/oid4vci-peer-sphereon.ts) in a process of its own, placed as Tessera is. */
export async function startPeer(
  id: PeerId,
  flowsPerLevel: number,
  options: RunOptions,
  pinned: boolean,
): Promise<Target> {
  const { profileDir, timingsDir } = options
  const port = await freePort()
  const count = flowsPerLevel * LEVELS.length + 4
  const dirName = id === 'animo' ? 'peer' : `peer-${id}`
  const command = [
    process.execPath,
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, dirName)}`]),
    '--import',
    TSX,
    join(ROOT, 'bench', PEERS[id].script),
    String(port),
    String(count),
  ]
  const peer = spawn(...placedCommand(placementOf(options), pinned, command), {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = () => terminated(peer)
  try {
    await new Promise<void>((resolve, reject) => {
      // Read to the end: Sphereon's server writes each of its events to the console.
      peer.stdout?.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve())
      peer.once('exit', (code) => reject(new Error(`the ${PEERS[id].who} exited ${code}`)))
    })
  } catch (error) {
    await stop()
    throw error
  }
  return {
    base: `http://127.0.0.1:${port}`,
    offers: Array.from({ length: count }, (_, i) => ({
      code: `code-${i}`,
      configurationId: 'membership_jwt_vc_json',
    })),
    pid: peer.pid,
    timings: timingsDir === undefined ? undefined : join(timingsDir, dirName),
    stop,
  }
}

/**
 * Starts the services asked for (Tessera, the peers named, or some of them), runs the levels against
 * them in turn, stops them; returns each one's levels, and whether the processes could be pinned as asked.
 */
export async function runServices(
  which: { tessera: boolean; peers: readonly PeerId[] },
  flowsPerLevel: number,
  options: RunOptions = {},
): Promise<{ tessera: LevelResult[]; peers: Partial<Record<PeerId, LevelResult[]>>; pinned: boolean }> {
  const pinned = placeLoadGenerator(placementOf(options))
  const started: Target[] = []
  try {
    if (which.tessera) started.push(await startTessera(flowsPerLevel, options, pinned))
    for (const id of which.peers) started.push(await startPeer(id, flowsPerLevel, options, pinned))
    const results = await levelsInTurn(started, flowsPerLevel)
    const offset = which.tessera ? 1 : 0
    return {
      tessera: which.tessera ? (results[0] ?? []) : [],
      peers: Object.fromEntries(which.peers.map((id, i) => [id, results[offset + i] ?? []])),
      pinned,
    }
  } finally {
    for (const target of started) await target.stop()
  }
}

const plural = (n: number) => `${n} wallet${n === 1 ? '' : 's'}`
const share = (busy: number | undefined) => (busy === undefined ? '-' : `${(busy * 100).toFixed(0)}%`)
const fixed = (ms: number | undefined, digits = 2) => ms?.toFixed(digits) ?? '-'

/** Whether the load generator had headroom at this level (unknown without /proc: taken as yes). */
export const hadHeadroom = (l: LevelResult) =>
  l.loadGeneratorBusy === undefined || l.loadGeneratorBusy < LOAD_GENERATOR_CEILING

/**
 * What a level's figures are worth: a warning when it failed, the load generator was its ceiling, or other
 * work on the machine took more than `OTHERS_CEILING` of a core.
 */
export function validity(who: string, l: LevelResult): string | undefined {
  if (l.failed > 0) return `${who}, ${plural(l.wallets)}: FAILED (${l.failed} flows failed)`
  if (!hadHeadroom(l))
    return `${who}, ${plural(l.wallets)}: NOT VALID, the load generator was busy ${share(l.loadGeneratorBusy)} of a core (ceiling ${share(LOAD_GENERATOR_CEILING)}): these figures may be its limit, not the service's`
  if (l.othersBusy !== undefined && l.othersBusy >= OTHERS_CEILING)
    return `${who}, ${plural(l.wallets)}: NOT VALID, other work on the machine took ${share(l.othersBusy)} of a core (ceiling ${share(OTHERS_CEILING)}): the wall-time figures are the machine's; the CPU per flow still holds`
  return undefined
}

/**
 * At 64 wallets a service that is the bottleneck is busy nearly all the time on its core: when neither
 * it nor the load generator was, something else set the pace (other work on the machine, or a service
 * waiting on its disk). Said, not judged: the service's own waits are its own.
 */
export function paceNote(who: string, l: LevelResult): string | undefined {
  if (
    l.wallets !== Math.max(...LEVELS) ||
    l.serviceBusy === undefined ||
    l.serviceBusy >= LOAD_GENERATOR_CEILING
  )
    return undefined
  return `${who}, ${plural(l.wallets)}: the service was busy only ${share(l.serviceBusy)} of a core (its main thread waited for one ${share(l.serviceWaited)} of the time) and the load generator ${share(l.loadGeneratorBusy)}, other work on the machine ${share(l.othersBusy)}: the pace was set elsewhere (other work, or the service waiting on its disk); the CPU per flow still holds`
}

/** What the level's main figures are of: its steady state, or the whole level when it had none. */
const phaseOf = (l: LevelResult) =>
  l.steadyFlows > 0
    ? `steady state (${l.steadyFlows} flows; warm-up ${l.warmUp.flows} flows over ${fixed(l.warmUp.ms, 0)} ms, p99 ${fixed(l.warmUp.p99Ms, 1)} ms, token p99 ${fixed(l.warmUp.requests.token.p99Ms, 1)} ms; whole level p99 ${fixed(l.whole.p99Ms, 1)} ms, ${l.whole.flowsPerSecond.toFixed(0)} flows/s)`
    : 'whole level (too short for a steady state)'

/** One line of a level's figures, for the measurements' notes. */
function levelNote(who: string, l: LevelResult): string {
  const { token, nonce, credential } = l.requests
  return (
    `${who}, ${plural(l.wallets)}: ${l.flows} flows, ${l.failed} failed; ${phaseOf(l)}: ${l.flowsPerSecond.toFixed(0)} flows/s; ` +
    `per flow p50 ${fixed(l.p50Ms, 1)} ms, p99 ${fixed(l.p99Ms, 1)} ms, mean ${fixed(l.meanMs, 1)} ms (Little's law, ${l.wallets} / ${l.flowsPerSecond.toFixed(0)} per second: ${fixed(l.littleMs, 1)} ms); ` +
    `per request p50/p99 token ${fixed(token.p50Ms, 1)}/${fixed(token.p99Ms, 1)} ms, nonce ${fixed(nonce.p50Ms, 1)}/${fixed(nonce.p99Ms, 1)} ms, credential ${fixed(credential.p50Ms, 1)}/${fixed(credential.p99Ms, 1)} ms; ` +
    `service ${fixed(l.serviceCpuMsPerFlow)} ms of CPU a flow (busy ${share(l.serviceBusy)} of a core, its main thread waiting for a core ${share(l.serviceWaited)} of the time), load generator ${fixed(l.loadGeneratorCpuMsPerFlow)} ms (busy ${share(l.loadGeneratorBusy)}, its event loop late by up to ${fixed(l.loadGeneratorLagP99Ms, 1)} ms at p99); machine busy ${share(l.machineBusy)}, other work ${share(l.othersBusy)}`
  )
}

/**
 * Judged only in the shared placement (the machine as a host would run the service), and only when
 * neither side's 64-wallet level failed nor had the load generator as its ceiling; otherwise `met` is null.
 */
function judgedIf(m: Omit<Measurement, 'met'>, smoke: boolean, judged: boolean): Measurement {
  const verdict = judge(m, smoke)
  return judged ? verdict : { ...verdict, met: null }
}

/** One line of a measurement's verdict: Tessera's figure, each peer's and their ratio, the target, met. */
export function judgementLine(m: Measurement): string {
  const others = m.peers.map((other) => {
    const ratio = other.ratio === null ? '' : `, ${other.ratio.toFixed(2)}x`
    return `${other.name} ${fixed(other.value ?? undefined)} ${m.unit}${ratio}`
  })
  const verdict = m.target === null ? 'reported' : `target ${m.target.description}: met ${m.met}`
  return `${m.title}: Tessera ${fixed(m.tessera ?? undefined)} ${m.unit}; ${others.join('; ')}; ${verdict}`
}

/** What differs in the flow between the services: nothing, the wallet's three requests are the same for all. */
const SAME_FLOW =
  "every service gets the same flow: token, nonce (its nonce endpoint), credential (OpenID4VCI 1.0: `credential_configuration_id`, `proofs.jwt`); each peer's checks and skips are in its file's header and bench/README.md"

/**
 * The run: Tessera and the peers named (default both) level by level, and the measurements; `peers` holds
 * each peer's levels by its id, as `runServices` gives them.
 */
export async function oid4vciBenchmarks(
  smoke: boolean,
  flowsPerLevel = smoke ? 8 : FLOWS_PER_LEVEL,
  options: RunOptions = {},
  peerIds: readonly PeerId[] = ALL_PEERS,
) {
  const run = await runServices({ tessera: true, peers: peerIds }, flowsPerLevel, options)
  const { tessera: levels, pinned } = run
  const ran = peerIds.map((id) => ({ id, ...PEERS[id], levels: run.peers[id] ?? [] }))
  const at64 = levels.find((l) => l.wallets === 64) as LevelResult
  const peerAt64 = (p: (typeof ran)[number]) => p.levels.find((l) => l.wallets === 64) as LevelResult
  const workers = options.workers ?? 1
  const placement = placementOf(options)
  const split = `${placementWords(placement, pinned)}; Tessera ${workers > 1 ? `in ${workers} processes (tessera serve --workers ${workers})` : 'in one process'}, each peer in one (its state is in its memory); CPU and busy of a service: all its processes and threads, busy in cores (100% is one core)`
  const warnings = [
    ...levels.flatMap((l) => [validity('Tessera', l), paceNote('Tessera', l)]),
    ...ran.flatMap((p) => p.levels.flatMap((l) => [validity(p.who, l), paceNote(p.who, l)])),
  ].filter((w): w is string => w !== undefined)
  const tesseraValid = validity('Tessera', at64) === undefined
  const validPeer = (p: (typeof ran)[number]) => validity(p.who, peerAt64(p)) === undefined
  const shared = placement.kind === 'shared'
  const judgedAll = shared && tesseraValid && ran.every(validPeer)
  const notes = [
    split,
    'wallet keys and proof headers made before timing; one Ed25519 signature a flow (over the fresh nonce) timed; a kept-alive undici Client a wallet (bench/oid4vci-http.ts); each answer checked: 200, the access token, the c_nonce, a compact JWS in credentials[0].credential',
    SAME_FLOW,
    ...warnings,
    ...levels.map((l) => levelNote('Tessera', l)),
    ...ran.flatMap((p) => p.levels.map((l) => levelNote(p.who, l))),
  ]
  const perFlow = (l: LevelResult) => 1000 / l.flowsPerSecond
  const flowTitle = 'OpenID4VCI flow (token, nonce, credential), 64 wallets, steady state: wall time per flow'
  const ratioAgainst = (p: (typeof ran)[number], id: string): Measurement =>
    judgedIf(
      {
        id,
        title: `${flowTitle}, against ${p.id === 'animo' ? 'the peer' : `the ${p.who}`}`,
        unit: 'ms',
        tessera: perFlow(at64),
        peers: [peer(p.name, perFlow(peerAt64(p)), perFlow(at64))],
        target: {
          description: `>= 2x ${p.id === 'animo' ? 'the peer' : `the ${p.who}`}`,
          peer: p.name,
          minRatio: 2,
        },
        notes: [
          `Tessera ${at64.flowsPerSecond.toFixed(0)} flows/s, ${p.who} ${peerAt64(p).flowsPerSecond.toFixed(0)}; ${split}`,
        ],
      },
      smoke,
      shared && tesseraValid && validPeer(p),
    )
  const measurements: Measurement[] = [
    judgedIf(
      {
        id: 'oid4vci.rate64',
        title: `${flowTitle}, against 300 flows/s`,
        unit: 'ms',
        tessera: perFlow(at64),
        peers: ran.map((p) => peer(p.name, perFlow(peerAt64(p)), perFlow(at64))),
        target: { description: '>= 300 flows/s (< 3.33 ms per flow)', max: 1000 / 300 },
        notes,
      },
      smoke,
      judgedAll,
    ),
    ...ran.map((p) => ratioAgainst(p, p.id === 'animo' ? 'oid4vci.peer64' : `oid4vci.peer64${p.id}`)),
    judgedIf(
      {
        id: 'oid4vci.p99at64',
        title: 'OpenID4VCI flow, 64 wallets, steady state: p99 latency of the whole flow',
        unit: 'ms',
        tessera: at64.p99Ms,
        peers: ran.map((p) => peer(p.name, peerAt64(p).p99Ms, at64.p99Ms)),
        target: { description: 'p99 < 100 ms', max: 100 },
        notes: [
          split,
          `by Little's law a closed loop of 64 wallets at X flows/s has a mean flow latency of 64 / X: Tessera ${fixed(at64.littleMs, 1)} ms (measured mean ${fixed(at64.meanMs, 1)})${ran.map((p) => `, ${p.who} ${fixed(peerAt64(p).littleMs, 1)} ms (${fixed(peerAt64(p).meanMs, 1)})`).join('')}; a p99 under 100 ms needs a mean under 100 ms, so more than 640 flows/s`,
          `judged on the steady state (bench/README.md, 2026-12-05 late evening): Tessera ${phaseOf(at64)}${ran.map((p) => `; ${p.who} ${phaseOf(peerAt64(p))}`).join('')}`,
          `per request p99 at 64 wallets, steady state: Tessera token ${fixed(at64.requests.token.p99Ms, 1)} ms, nonce ${fixed(at64.requests.nonce.p99Ms, 1)} ms, credential ${fixed(at64.requests.credential.p99Ms, 1)} ms${ran
            .map((p) => {
              const r = peerAt64(p).requests
              return `; ${p.who} ${fixed(r.token.p99Ms, 1)}, ${fixed(r.nonce.p99Ms, 1)}, ${fixed(r.credential.p99Ms, 1)} ms`
            })
            .join('')}`,
        ],
      },
      smoke,
      judgedAll,
    ),
    {
      id: 'oid4vci.cpu64',
      title: "OpenID4VCI flow, 64 wallets: the service's CPU time per flow (all its processes and threads)",
      unit: 'ms',
      tessera: at64.serviceCpuMsPerFlow ?? null,
      peers: ran.map((p) =>
        peer(
          p.name,
          at64.serviceCpuMsPerFlow === undefined ? null : (peerAt64(p).serviceCpuMsPerFlow ?? null),
          at64.serviceCpuMsPerFlow ?? 1,
          `load generator ${fixed(at64.loadGeneratorCpuMsPerFlow)} ms a flow against Tessera, ${fixed(peerAt64(p).loadGeneratorCpuMsPerFlow)} against ${p.who}`,
        ),
      ),
      target: null,
      met: null,
      notes: [
        `${split}; pinned (--one-core), each service on a core of its own, this is the clean efficiency figure`,
      ],
    },
  ]
  return { levels, peers: run.peers, measurements, split, warnings, placement, pinned }
}

/** Two tables of a service's levels: per flow (with the CPU each side spent) and per request. */
export function levelTables(levels: LevelResult[]): string {
  const flows = levels.map(
    (l) =>
      `| ${l.wallets} | ${l.flows} | ${l.failed} | ${l.steadyFlows} | ${l.flowsPerSecond.toFixed(0)} | ${fixed(l.p50Ms, 1)} | ${fixed(l.p99Ms, 1)} | ${fixed(l.meanMs, 1)} | ${fixed(l.littleMs, 1)} | ${fixed(l.serviceCpuMsPerFlow)} | ${share(l.serviceBusy)} | ${share(l.serviceWaited)} | ${fixed(l.loadGeneratorCpuMsPerFlow)} | ${share(l.loadGeneratorBusy)} | ${fixed(l.loadGeneratorLagP99Ms, 1)} | ${share(l.machineBusy)} | ${share(l.othersBusy)} |`,
  )
  const requests = levels.map((l) => {
    const { token, nonce, credential } = l.requests
    return `| ${l.wallets} | ${fixed(token.p50Ms, 1)} | ${fixed(token.p99Ms, 1)} | ${fixed(nonce.p50Ms, 1)} | ${fixed(nonce.p99Ms, 1)} | ${fixed(credential.p50Ms, 1)} | ${fixed(credential.p99Ms, 1)} |`
  })
  const phases = levels.map((l) => {
    const { warmUp: w, whole } = l
    return `| ${l.wallets} | ${w.flows} | ${fixed(w.ms, 0)} | ${fixed(w.p50Ms, 1)} | ${fixed(w.p99Ms, 1)} | ${fixed(w.requests.token.p99Ms, 1)} | ${fixed(w.requests.nonce.p99Ms, 1)} | ${fixed(w.requests.credential.p99Ms, 1)} | ${whole.flowsPerSecond.toFixed(0)} | ${fixed(whole.p99Ms, 1)} | ${fixed(whole.requests.token.p99Ms, 1)} |`
  })
  return [
    "Per flow, steady state (token request to credential answer; bench/oid4vci-phases.ts; flows/s: those finished in the steady window over its length; Little = wallets / flows per second, the mean a closed loop must have; CPU and busy over the whole level, busy in cores, 100% one core; service waited: the share of the time its main thread was ready but had no core; machine: every process's CPU, others: what neither the service nor the load generator took):",
    '| wallets | flows | failed | steady flows | flows/s | flow p50 ms | flow p99 ms | flow mean ms | Little ms | service CPU ms/flow | service busy | service waited | load gen CPU ms/flow | load gen busy | load gen lag p99 ms | machine busy | others busy |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...flows,
    '',
    'Per request, steady state (each request alone, sent to whole answer):',
    '| wallets | token p50 ms | token p99 ms | nonce p50 ms | nonce p99 ms | credential p50 ms | credential p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...requests,
    '',
    "Each level's warm-up (the flows started before every wallet had its first answer) and the whole level (every flow, its wall time):",
    '| wallets | warm-up flows | warm-up ms | warm-up flow p50 ms | warm-up flow p99 ms | warm-up token p99 ms | warm-up nonce p99 ms | warm-up credential p99 ms | whole flows/s | whole flow p99 ms | whole token p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...phases,
  ].join('\n')
}

/** The tables, then a warning for each level that failed, had no headroom in the load generator, or was paced elsewhere. */
function printLevels(title: string, who: string, levels: LevelResult[]): void {
  console.log(`${title}\n${levelTables(levels)}`)
  for (const l of levels)
    for (const warning of [validity(who, l), paceNote(who, l)])
      if (warning !== undefined) console.log(warning)
  console.log('')
}

/** The value after `name` on the command line. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

const TESSERA_TITLE = 'Tessera (tessera serve, SQLite)'

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  const flows = option('--flows')
  const flowsPerLevel = flows === undefined ? undefined : Number(flows)
  const timingsDir = option('--timings-dir')
  if (timingsDir !== undefined) mkdirSync(timingsDir, { recursive: true })
  const traceGc = option('--trace-gc')
  const workers = option('--workers')
  const serviceCpus = option('--service-cpus')
  const peerIds = peersOf(option('--peers'))
  const options: RunOptions = {
    oneCore: process.argv.includes('--one-core'),
    profileDir: option('--cpu-prof-dir'),
    timingsDir,
    ...(traceGc === undefined ? {} : { traceGc }),
    ...(workers === undefined ? {} : { workers: Number(workers) }),
    ...(serviceCpus === undefined ? {} : { serviceCpus }),
  }
  if (process.argv.includes('--peer-only')) {
    const { peers, pinned } = await runServices(
      { tessera: false, peers: peerIds },
      flowsPerLevel ?? (smoke ? 8 : FLOWS_PER_LEVEL),
      options,
    )
    for (const id of peerIds)
      printLevels(
        `${PEERS[id].title}; ${placementWords(placementOf(options), pinned)}`,
        PEERS[id].who,
        peers[id] ?? [],
      )
    process.exit(0)
  }
  if (process.argv.includes('--tessera-only')) {
    const { tessera: levels, pinned } = await runServices(
      { tessera: true, peers: [] },
      flowsPerLevel ?? (smoke ? 8 : FLOWS_PER_LEVEL),
      options,
    )
    printLevels(
      `${TESSERA_TITLE}, ${options.workers ?? 1} process(es); ${placementWords(placementOf(options), pinned)}`,
      'Tessera',
      levels,
    )
    process.exit(0)
  }
  const { levels, peers, measurements, split } = await oid4vciBenchmarks(
    smoke,
    flowsPerLevel,
    options,
    peerIds,
  )
  if (json) console.log(JSON.stringify(measurements, null, 2))
  else {
    console.log(`${split}\n${SAME_FLOW}\n`)
    printLevels(TESSERA_TITLE, 'Tessera', levels)
    for (const id of peerIds) printLevels(PEERS[id].title, PEERS[id].who, peers[id] ?? [])
    for (const m of measurements) console.log(judgementLine(m))
  }
}
