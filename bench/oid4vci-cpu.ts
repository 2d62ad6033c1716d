/**
 * Where the OpenID4VCI bench's processes run (bench/oid4vci.ts) and what CPU each spends. Two placements:
 * - shared, the default and the one the targets are judged in: no pinning, both services and the load
 *   generator on the whole machine, as they would be on a real host; a service uses what its design
 *   allows (Tessera's processes and threads, the peer's threads and its collector), and the load
 *   generator's CPU is taken from what the service could have had, so it is reported beside it;
 * - pinned (`--one-core`, or `--service-cpus LIST`): each service on core 0 (or LIST) with taskset, the
 *   load generator, all its threads, on core 1; the service's CPU time a flow on one core of its own is
 *   the clean efficiency figure, untouched by the load generator.
 * The CPU of a process (all its threads, and its children: `tessera serve --workers N`) and its main
 * thread's wait for a core, from /proc on Linux (bench/proc.ts), undefined elsewhere.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { schedstatMs, statCpuMs } from './proc.js'

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
    return `machine shared (the default, the targets judged here): the services and the load generator unpinned on all ${availableParallelism()} cores`
  if (!pinned) return 'pinning asked for, but no taskset: every process shares the cores'
  const cpus = placement.serviceCpus
  return `pinned (${cpus === '0' ? '--one-core' : `--service-cpus ${cpus}`}, the efficiency figure; targets not judged): each service on core${/[,-]/.test(cpus) ? 's' : ''} ${cpus} (taskset -c ${cpus}), the load generator on core ${LOAD_GENERATOR_CPU} (taskset -a -c ${LOAD_GENERATOR_CPU})`
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
  const own = statCpuMs(`/proc/${pid}/stat`)
  if (own === undefined || pid === 'self') return own
  return childrenOf(pid).reduce((sum, child) => sum + (cpuMsOf(child) ?? 0), own)
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
 * /proc/<pid>/schedstat (else undefined). Waiting means runnable but not running: another process had the core.
 */
export function schedMsOf(pid: number | undefined): { runMs: number; waitMs: number } | undefined {
  return pid === undefined ? undefined : schedstatMs(`/proc/${pid}/schedstat`)
}
