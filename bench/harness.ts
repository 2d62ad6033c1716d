/** Timing for the benchmarks: the median of repeated runs, after warm-up; never used in tests. */

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
