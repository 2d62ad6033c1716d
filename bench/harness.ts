/** Timing for the benchmarks: the median of repeated runs, after warm-up; never used in tests. */
import { resolve as resolvePath } from 'node:path'

export interface Timing {
  /** Median time of one call, in milliseconds. */
  medianMs: number
  runs: number
}

export async function measure(
  fn: () => unknown,
  options: { minRuns?: number; minMs?: number } = {},
): Promise<Timing> {
  const minRuns = options.minRuns ?? 5
  const minMs = options.minMs ?? 200
  for (let i = 0; i < 2; i++) await fn()
  const times: number[] = []
  const start = performance.now()
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { medianMs: times[Math.floor(times.length / 2)] as number, runs: times.length }
}

/** Times `count` calls in one go and returns the time of one, for calls too short to time singly. */
export async function measureEach(fn: (i: number) => unknown, count: number): Promise<number> {
  for (let i = 0; i < Math.min(count, 10_000); i++) fn(i)
  const t0 = performance.now()
  for (let i = 0; i < count; i++) await fn(i)
  return (performance.now() - t0) / count
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))]
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)))
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c] as number)).join(' | ')} |`
  return [
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n')
}

export const formatMs = (ms: number): string =>
  ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(ms >= 0.001 ? 1 : 3)} µs`

/** Options for `compare`: `smoke` runs each contender once. */
export interface CompareOptions {
  /** Timed samples per contender (default 31); the median of them is reported. */
  samples?: number
  /** The time one sample should take, in ms (default 25): short calls are repeated within a sample. */
  sampleMs?: number
  smoke?: boolean
}

export interface Compared {
  /** Median time of one call, in ms. */
  medianMs: number
  samples: number
  /** Calls per sample. */
  batch: number
}

/**
 * Times several contenders doing the same job, interleaved sample by sample (A, B, C, A, B, C, ...), so
 * that load from elsewhere on the machine falls on all of them alike. Each gets a warm-up, a batch size
 * that makes one sample last about `sampleMs`, then `samples` timed samples; the median is reported.
 */
export async function compare<K extends string>(
  contenders: Record<K, () => unknown>,
  options: CompareOptions = {},
): Promise<Record<K, Compared>> {
  const names = Object.keys(contenders) as K[]
  const samples = options.smoke ? 1 : (options.samples ?? 31)
  const sampleMs = options.sampleMs ?? 25
  const batches = {} as Record<K, number>
  for (const name of names) {
    const fn = contenders[name]
    if (options.smoke) {
      await fn()
      batches[name] = 1
      continue
    }
    // warm-up: at least 20 calls and 300 ms; the batch size from the median call of the warm-up
    const start = performance.now()
    const warm: number[] = []
    while (warm.length < 20 || performance.now() - start < 300) {
      const t = performance.now()
      await fn()
      warm.push(performance.now() - t)
    }
    warm.sort((a, b) => a - b)
    const typical = Math.max(warm[Math.floor(warm.length / 2)] as number, 0.0005)
    batches[name] = Math.max(1, Math.round(sampleMs / typical))
  }
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>
  for (let s = 0; s < samples; s++) {
    for (const name of names) {
      const fn = contenders[name]
      const batch = batches[name]
      const t0 = performance.now()
      for (let i = 0; i < batch; i++) await fn()
      times[name].push((performance.now() - t0) / batch)
    }
  }
  const out = {} as Record<K, Compared>
  for (const name of names) {
    const sorted = times[name].sort((a, b) => a - b)
    out[name] = {
      medianMs: sorted[Math.floor(sorted.length / 2)] as number,
      samples: sorted.length,
      batch: batches[name],
    }
  }
  return out
}

/** One figure of Tessera's beside its peers', as `pnpm bench --json` reports it. */
export interface Measurement {
  id: string
  title: string
  unit: 'ms' | 'bytes'
  /** Tessera's figure: median time of one operation (ms), or a size (bytes); null when not measured. */
  tessera: number | null
  /** Each peer's figure, and the ratio peer / Tessera (above 1: Tessera is faster or smaller). */
  peers: { name: string; value: number | null; ratio: number | null; note?: string }[]
  /** The target in words, and what it asks. */
  target: {
    description: string
    /** Tessera must reach at least this ratio against `peer`. */
    peer?: string
    minRatio?: number
    /** Tessera's figure must stay under this. */
    max?: number
  } | null
  /** Whether the target was met; null when there is no target or it was not judged (smoke runs). */
  met: boolean | null
  notes?: string[]
}

/** Fills in `met` from the target (a ratio against a peer, or a ceiling); `extra` adds a condition. */
export function judge(m: Omit<Measurement, 'met'>, smoke: boolean, extra = true): Measurement {
  if (m.target === null || m.tessera === null || smoke) return { ...m, met: null }
  let met = extra
  if (m.target.max !== undefined) met &&= m.tessera < m.target.max
  if (m.target.peer !== undefined && m.target.minRatio !== undefined) {
    const ratio = m.peers.find((p) => p.name === m.target?.peer)?.ratio
    met &&= ratio !== null && ratio !== undefined && ratio >= m.target.minRatio
  }
  return { ...m, met }
}

export function peer(name: string, value: number | null, tessera: number, note?: string) {
  return {
    name,
    value,
    ratio: value === null ? null : value / tessera,
    ...(note === undefined ? {} : { note }),
  }
}

export const formatBytes = (n: number): string => `${(n / 1024).toFixed(1)} KiB`

/** Reads the flags every benchmark takes. */
export function flags(): { smoke: boolean; json: boolean } {
  return { smoke: process.argv.includes('--smoke'), json: process.argv.includes('--json') }
}

/** True when the module at `url` is the script node was started with (not imported by another). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && new URL(url).pathname === resolvePath(process.argv[1])
}

/** Prints a benchmark's measurements: JSON with `--json`, else one line each. */
export function report(measurements: Measurement[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(measurements, null, 2))
    return
  }
  const value = (m: Measurement, v: number | null) =>
    v === null ? '-' : m.unit === 'bytes' ? formatBytes(v) : formatMs(v)
  for (const m of measurements) {
    const peers = m.peers
      .map((p) => `${p.name} ${value(m, p.value)}${p.ratio === null ? '' : ` (${p.ratio.toFixed(2)}x)`}`)
      .join('; ')
    console.log(`${m.title}: Tessera ${value(m, m.tessera)}; ${peers}; target met: ${m.met}`)
  }
}
