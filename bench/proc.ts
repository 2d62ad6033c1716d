/**
 * The benches' readings of Linux's /proc, written once: the CPU time in a `stat` file (a process's, or one
 * thread's under `task/`), a thread's scheduler counts in its `schedstat`, and the whole machine's CPU time
 * in `/proc/stat`. Each is undefined where /proc cannot tell (not Linux).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let clockTicks: number | undefined
const ticksToMs = (ticks: number) => {
  clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100
  return (ticks * 1000) / clockTicks
}

/** User + system CPU time so far in a /proc `stat` file (`/proc/<pid>/stat`, `.../task/<tid>/stat`), in ms. */
export function statCpuMs(path: string): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(path, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticksToMs(ticks) : undefined
  } catch {
    return undefined
  }
}

/**
 * A thread's time on a core and its time runnable but waiting for one (another thread had it), so far, in
 * ms, from a /proc `schedstat` file (the scheduler's own counts, in ns); for a process's path, its main
 * thread's.
 */
export function schedstatMs(path: string): { runMs: number; waitMs: number } | undefined {
  try {
    const [run, wait] = readFileSync(path, 'utf8').split(' ').map(Number)
    return run === undefined || wait === undefined ? undefined : { runMs: run / 1e6, waitMs: wait / 1e6 }
  } catch {
    return undefined
  }
}

/**
 * The CPU time the whole machine spent so far (every core, every process: user, nice, system, interrupts,
 * steal; not idle nor waiting on the disk), in ms, from /proc/stat.
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
