/**
 * Complete wallet flows (token, nonce, credential) against the running service, `tessera serve` on
 * SQLite, at 1, 16 and 64 concurrent wallets, and in the same run against the peer (bench/oid4vci-peer.ts),
 * the two services' levels in turn (Tessera's 1-wallet level, the peer's, then 16 wallets, ...: seconds
 * apart, so that other work on the machine falls on both alike). Each service runs in a process of its
 * own, both started before the first level, this process being the load generator. Where they run
 * (bench/oid4vci-cpu.ts): by default the machine is shared, nothing pinned, as on a real host, and the
 * targets are judged there; `--one-core` pins each service to core 0 and the load generator to core 1
 * (the service's CPU a flow on a core of its own: the clean efficiency figure; targets not judged),
 * `--service-cpus LIST` pins the services to LIST instead. With `--workers N` Tessera runs as
 * `tessera serve --workers N`. Everything the protocol lets a wallet prepare is prepared before the clock
 * starts: the members' credentials and their offers (one per flow), the wallets' keys and their proofs'
 * headers; each proof is signed after its nonce arrives, since nonces must be fresh. The wallets are
 * bench/oid4vci-wallet.ts on bench/oid4vci-http.ts (one kept-alive undici Client each), the same for
 * both services, each answer checked, a failed flow counted.
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
 * [--tessera-only | --peer-only] [--workers N] [--cpu-prof-dir DIR] [--timings-dir DIR]
 * [--trace-gc FILE]` (N flows at each level, default 4,000; one service alone; a CPU profile of the
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
interface Target {
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
  /** The cores both services are pinned to instead (`--service-cpus 0,1`, taskset's list); the load generator on core 1. */
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

/** Starts the peer (bench/oid4vci-peer.ts) in a process of its own, placed as Tessera is. */
async function startPeer(flowsPerLevel: number, options: RunOptions, pinned: boolean): Promise<Target> {
  const { profileDir, timingsDir } = options
  const port = await freePort()
  const count = flowsPerLevel * LEVELS.length + 4
  const command = [
    process.execPath,
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'peer')}`]),
    '--import',
    TSX,
    join(ROOT, 'bench', 'oid4vci-peer.ts'),
    String(port),
    String(count),
  ]
  const peer = spawn(...placedCommand(placementOf(options), pinned, command), {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const stop = () => terminated(peer)
  try {
    await new Promise<void>((resolve, reject) => {
      peer.stdout?.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve())
      peer.once('exit', (code) => reject(new Error(`the peer exited ${code}`)))
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
    timings: timingsDir === undefined ? undefined : join(timingsDir, 'peer'),
    stop,
  }
}

/**
 * Starts the services asked for (Tessera, the peer, or both), runs the levels against them in turn,
 * stops them; returns each one's levels, and whether the processes could be pinned as asked.
 */
export async function runServices(
  which: { tessera: boolean; peer: boolean },
  flowsPerLevel: number,
  options: RunOptions = {},
): Promise<{ tessera: LevelResult[]; peer: LevelResult[]; pinned: boolean }> {
  const pinned = placeLoadGenerator(placementOf(options))
  const started: Target[] = []
  try {
    if (which.tessera) started.push(await startTessera(flowsPerLevel, options, pinned))
    if (which.peer) started.push(await startPeer(flowsPerLevel, options, pinned))
    const results = await levelsInTurn(started, flowsPerLevel)
    return {
      tessera: which.tessera ? (results[0] ?? []) : [],
      peer: which.peer ? (results[which.tessera ? 1 : 0] ?? []) : [],
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

export const PEER = '@openid4vc/openid4vci 0.4.6 issuer (node:http, state in memory)'

/** One line of a measurement's verdict: Tessera's figure, the peer's and their ratio, the target, met. */
export function judgementLine(m: Measurement): string {
  const other = m.peers[0]
  const ratio = other?.ratio === null || other?.ratio === undefined ? '' : `, ${other.ratio.toFixed(2)}x`
  const verdict = m.target === null ? 'reported' : `target ${m.target.description}: met ${m.met}`
  return `${m.title}: Tessera ${fixed(m.tessera ?? undefined)} ${m.unit}; the peer ${fixed(other?.value ?? undefined)} ${m.unit}${ratio}; ${verdict}`
}

export async function oid4vciBenchmarks(
  smoke: boolean,
  flowsPerLevel = smoke ? 8 : FLOWS_PER_LEVEL,
  options: RunOptions = {},
) {
  const run = await runServices({ tessera: true, peer: true }, flowsPerLevel, options)
  const { tessera: levels, peer: peerLevels, pinned } = run
  const peerAt64 = peerLevels.find((l) => l.wallets === 64) as LevelResult
  const workers = options.workers ?? 1
  const placement = placementOf(options)
  const split = `${placementWords(placement, pinned)}; Tessera ${workers > 1 ? `in ${workers} processes (tessera serve --workers ${workers})` : 'in one process'}, the peer in one (its state is in its memory); CPU and busy of a service: all its processes and threads, busy in cores (100% is one core)`
  const at64 = levels.find((l) => l.wallets === 64) as LevelResult
  const warnings = [
    ...levels.flatMap((l) => [validity('Tessera', l), paceNote('Tessera', l)]),
    ...peerLevels.flatMap((l) => [validity('peer', l), paceNote('peer', l)]),
  ].filter((w): w is string => w !== undefined)
  const valid = validity('Tessera', at64) === undefined && validity('peer', peerAt64) === undefined
  const judged = valid && placement.kind === 'shared'
  const notes = [
    split,
    'wallet keys and proof headers made before timing; one Ed25519 signature a flow (over the fresh nonce) timed; a kept-alive undici Client a wallet (bench/oid4vci-http.ts); each answer checked: 200, the access token, the c_nonce, a compact JWS in credentials[0].credential',
    ...warnings,
    ...levels.map((l) => levelNote('Tessera', l)),
    ...peerLevels.map((l) => levelNote('peer', l)),
  ]
  const perFlow = (l: LevelResult) => 1000 / l.flowsPerSecond
  const flowTitle = 'OpenID4VCI flow (token, nonce, credential), 64 wallets, steady state: wall time per flow'
  const measurements: Measurement[] = [
    judgedIf(
      {
        id: 'oid4vci.rate64',
        title: `${flowTitle}, against 300 flows/s`,
        unit: 'ms',
        tessera: perFlow(at64),
        peers: [peer(PEER, perFlow(peerAt64), perFlow(at64))],
        target: { description: '>= 300 flows/s (< 3.33 ms per flow)', max: 1000 / 300 },
        notes,
      },
      smoke,
      judged,
    ),
    judgedIf(
      {
        id: 'oid4vci.peer64',
        title: `${flowTitle}, against the peer`,
        unit: 'ms',
        tessera: perFlow(at64),
        peers: [peer(PEER, perFlow(peerAt64), perFlow(at64))],
        target: { description: '>= 2x the peer', peer: PEER, minRatio: 2 },
        notes: [
          `Tessera ${at64.flowsPerSecond.toFixed(0)} flows/s, the peer ${peerAt64.flowsPerSecond.toFixed(0)}; ${split}`,
        ],
      },
      smoke,
      judged,
    ),
    judgedIf(
      {
        id: 'oid4vci.p99at64',
        title: 'OpenID4VCI flow, 64 wallets, steady state: p99 latency of the whole flow',
        unit: 'ms',
        tessera: at64.p99Ms,
        peers: [peer(PEER, peerAt64.p99Ms, at64.p99Ms)],
        target: { description: 'p99 < 100 ms', max: 100 },
        notes: [
          split,
          `by Little's law a closed loop of 64 wallets at X flows/s has a mean flow latency of 64 / X: Tessera ${fixed(at64.littleMs, 1)} ms (measured mean ${fixed(at64.meanMs, 1)}), the peer ${fixed(peerAt64.littleMs, 1)} ms (${fixed(peerAt64.meanMs, 1)}); a p99 under 100 ms needs a mean under 100 ms, so more than 640 flows/s`,
          `judged on the steady state (bench/README.md, 2026-12-05 late evening): Tessera ${phaseOf(at64)}; the peer ${phaseOf(peerAt64)}`,
          `per request p99 at 64 wallets, steady state: Tessera token ${fixed(at64.requests.token.p99Ms, 1)} ms, nonce ${fixed(at64.requests.nonce.p99Ms, 1)} ms, credential ${fixed(at64.requests.credential.p99Ms, 1)} ms; the peer ${fixed(peerAt64.requests.token.p99Ms, 1)}, ${fixed(peerAt64.requests.nonce.p99Ms, 1)}, ${fixed(peerAt64.requests.credential.p99Ms, 1)} ms`,
        ],
      },
      smoke,
      judged,
    ),
    {
      id: 'oid4vci.cpu64',
      title: "OpenID4VCI flow, 64 wallets: the service's CPU time per flow (all its processes and threads)",
      unit: 'ms',
      tessera: at64.serviceCpuMsPerFlow ?? null,
      peers: [
        peer(
          PEER,
          at64.serviceCpuMsPerFlow === undefined ? null : (peerAt64.serviceCpuMsPerFlow ?? null),
          at64.serviceCpuMsPerFlow ?? 1,
          `load generator ${fixed(at64.loadGeneratorCpuMsPerFlow)} ms a flow against Tessera, ${fixed(peerAt64.loadGeneratorCpuMsPerFlow)} against the peer`,
        ),
      ],
      target: null,
      met: null,
      notes: [
        `${split}; pinned (--one-core), each service on a core of its own, this is the clean efficiency figure`,
      ],
    },
  ]
  return { levels, peerLevels, measurements, split, warnings, placement, pinned }
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
const PEER_TITLE = 'Peer: @openid4vc/openid4vci 0.4.6 issuer (node:http, state in memory)'

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  const flows = option('--flows')
  const flowsPerLevel = flows === undefined ? undefined : Number(flows)
  const timingsDir = option('--timings-dir')
  if (timingsDir !== undefined) mkdirSync(timingsDir, { recursive: true })
  const traceGc = option('--trace-gc')
  const workers = option('--workers')
  const serviceCpus = option('--service-cpus')
  const options: RunOptions = {
    oneCore: process.argv.includes('--one-core'),
    profileDir: option('--cpu-prof-dir'),
    timingsDir,
    ...(traceGc === undefined ? {} : { traceGc }),
    ...(workers === undefined ? {} : { workers: Number(workers) }),
    ...(serviceCpus === undefined ? {} : { serviceCpus }),
  }
  if (process.argv.includes('--peer-only')) {
    const { peer, pinned } = await runServices(
      { tessera: false, peer: true },
      flowsPerLevel ?? (smoke ? 8 : FLOWS_PER_LEVEL),
      options,
    )
    printLevels(`${PEER_TITLE}; ${placementWords(placementOf(options), pinned)}`, 'peer', peer)
    process.exit(0)
  }
  if (process.argv.includes('--tessera-only')) {
    const { tessera: levels, pinned } = await runServices(
      { tessera: true, peer: false },
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
  const { levels, peerLevels, measurements, split } = await oid4vciBenchmarks(smoke, flowsPerLevel, options)
  if (json) console.log(JSON.stringify(measurements, null, 2))
  else {
    console.log(`${split}\n`)
    printLevels(TESSERA_TITLE, 'Tessera', levels)
    printLevels(PEER_TITLE, 'peer', peerLevels)
    for (const m of measurements) console.log(judgementLine(m))
  }
}
