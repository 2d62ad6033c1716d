/**
 * Where the OpenID4VCI bench's processes run (bench/oid4vci.ts) and what CPU each spends. Two placements:
 * - shared, the default and the one the targets are judged in: no pinning, both services and the load
 *   generator on the whole machine, as they would be on a real host; a service uses what its design
 *   allows (Tessera's processes and threads, the peer's threads and its collector), and the load
 *   generator's CPU is taken from what the service could have had, so it is reported beside it;
 * - pinned (`--one-core`, or `--service-cpus LIST`): each service on core 0 (or LIST) with taskset, the
 *   load generator, all its threads, on core 1; the service's CPU time a flow on one core of its own is
 *   the clean efficiency figure, untouched by the load generator.
 * The CPU of a process (all its threads, and its children: `tessera serve --workers N`), of one thread
 * (its scheduler counts) and of the whole machine (`/proc/stat`: other work beside the bench) are read
 * from /proc on Linux, and are undefined elsewhere.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

export type Placement = { kind: 'shared' } | { kind: 'pinned'; serviceCpus: string }

/** The core the load generator is pinned to when the services are. */
export const LOAD_GENERATOR_CPU = '1'

/** The placement asked for: `--service-cpus LIST` or `--one-core` pin, else the machine is shared. */
export function placementOf(options: { oneCore?: boolean; serviceCpus?: string }): Placement {
  if (options.serviceCpus !== undefined) return { kind: 'pinned', serviceCpus: options.serviceCpus }
  return options.oneCore === true ? { kind: 'pinned', serviceCpus: '0' } : { kind: 'shared' }
}

const hasTaskset = () => spawnSync('taskset', ['-c', '0', 'true']).status === 0

/**
 * Puts this process, the load generator, where the placement says: pinned, every thread of it (`-a`:
 * V8's and libuv's too) on core 1; shared, nothing to do. False when it should pin and cannot (no taskset):
 * then nothing is pinned, services included.
 */
export function placeLoadGenerator(placement: Placement): boolean {
  if (placement.kind === 'shared' || !hasTaskset()) return false
  return spawnSync('taskset', ['-a', '-p', '-c', LOAD_GENERATOR_CPU, String(process.pid)]).status === 0
}

/** The file and arguments that start a service's command where the placement puts it. */
export function placedCommand(
  placement: Placement,
  pinned: boolean,
  command: readonly string[],
): [string, string[]] {
  if (placement.kind === 'pinned' && pinned) return ['taskset', ['-c', placement.serviceCpus, ...command]]
  return [command[0] as string, command.slice(1)]
}

/** What the placement was, in words, for the bench's output. */
export function placementWords(placement: Placement, pinned: boolean): string {
  if (placement.kind === 'shared')
    return `machine shared (the default, the targets judged here): both services and the load generator unpinned on all ${availableParallelism()} cores`
  if (!pinned) return 'pinning asked for, but no taskset: every process shares the cores'
  const cpus = placement.serviceCpus
  return `pinned (${cpus === '0' ? '--one-core' : `--service-cpus ${cpus}`}, the efficiency figure; targets not judged): each service on core${/[,-]/.test(cpus) ? 's' : ''} ${cpus} (taskset -c ${cpus}), the load generator on core ${LOAD_GENERATOR_CPU} (taskset -a -c ${LOAD_GENERATOR_CPU})`
}

let clockTicks: number | undefined
const ticksToMs = (ticks: number) => {
  clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100
  return (ticks * 1000) / clockTicks
}

/** The process's children (`tessera serve --workers N`'s workers), from /proc (none if unreadable). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter((c) => c !== '')
        .map(Number),
    )
  } catch {
    return []
  }
}

/**
 * User + system CPU time of a process (all its threads) and of its descendants alive now, so far, in ms,
 * from /proc (else undefined): a service of several processes is counted whole.
 */
export function cpuMsOf(pid: number | 'self' | undefined): number | undefined {
  if (pid === undefined) return undefined
  const own = processCpuMs(pid)
  if (own === undefined || pid === 'self') return own
  return childrenOf(pid).reduce((sum, child) => sum + (cpuMsOf(child) ?? 0), own)
}

/** User + system CPU time of one process (all its threads) so far, in ms, from /proc (else undefined). */
function processCpuMs(pid: number | 'self'): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticksToMs(ticks) : undefined
  } catch {
    return undefined
  }
}

/**
 * The CPU time the whole machine spent so far (every core, every process: user, nice, system, interrupts,
 * steal; not idle nor waiting on the disk), in ms, from /proc/stat (else undefined).
 */
export function machineCpuMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] as string
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0)
    return Number.isFinite(ticks) ? ticksToMs(ticks) : undefined
  } catch {
    return undefined
  }
}

/**
 * How long the main threads (event loops) of a process and of its descendants have waited for a core so
 * far, summed, in ms (else undefined): a service of several processes is counted whole.
 */
export function mainThreadsWaitMsOf(pid: number | undefined): number | undefined {
  const own = schedMsOf(pid)?.waitMs
  if (own === undefined || pid === undefined) return own
  return childrenOf(pid).reduce((sum, child) => sum + (mainThreadsWaitMsOf(child) ?? 0), own)
}

/**
 * How long the service's main thread (its event loop) has run on a core and waited for one, in ms, from
 * /proc/<pid>/schedstat (the scheduler's own counts; else undefined). Waiting means runnable but not
 * running: another process had the core.
 */
export function schedMsOf(pid: number | undefined): { runMs: number; waitMs: number } | undefined {
  if (pid === undefined) return undefined
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ').map(Number)
    return run === undefined || wait === undefined ? undefined : { runMs: run / 1e6, waitMs: wait / 1e6 }
  } catch {
    return undefined
  }
}
