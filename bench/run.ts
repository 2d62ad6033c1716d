/**
 * `pnpm bench`: every benchmark, each in a fresh Node process one after the other (so that one's heap
 * and JIT state do not colour the next), then one table of medians and of ratios against each peer.
 * `--json` prints every measurement with its peers' figures, ratios, target and `met`; `--smoke` runs each
 * benchmark once on a tiny size (the smoke test does); `--only jwt,bundle` runs some of them; `--save FILE`
 * also writes the JSON to FILE (relative to the repository root).
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flags, formatBytes, formatMs, isMain, type Measurement, table } from './harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx'))

interface Benchmark {
  name: string
  file: string
}

export const BENCHMARKS: Benchmark[] = [
  { name: 'jwt', file: 'bench/jwt.ts' },
  { name: 'data-integrity', file: 'bench/data-integrity.ts' },
  { name: 'status', file: 'bench/status.ts' },
  { name: 'batch', file: 'bench/batch.ts' },
  { name: 'cold-start', file: 'bench/cold-start.ts' },
  { name: 'bundle', file: 'bench/bundle.ts' },
  { name: 'cli-start', file: 'bench/cli-start.ts' },
  { name: 'serve-start', file: 'bench/serve-start.ts' },
  { name: 'oid4vci', file: 'bench/oid4vci.ts' },
  { name: 'hermes', file: 'bench/hermes.ts' },
]

/** Runs one benchmark script with `--json` and reads its measurements (a list, or `{ measurements }`). */
export function runBenchmark(benchmark: Benchmark, smoke: boolean): Measurement[] {
  const child = spawnSync(
    process.execPath,
    ['--import', TSX, benchmark.file, '--json', ...(smoke ? ['--smoke'] : [])],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  if (child.status !== 0) throw new Error(`${benchmark.file} failed (exit ${child.status}):\n${child.stderr}`)
  const output = JSON.parse(child.stdout) as Measurement[] | { measurements: Measurement[] }
  return Array.isArray(output) ? output : output.measurements
}

function figure(m: Measurement, value: number | null): string {
  if (value === null) return '-'
  return m.unit === 'bytes' ? formatBytes(value) : formatMs(value)
}

function verdict(m: Measurement): string {
  if (m.target === null) return ''
  if (m.met === null) return m.tessera === null ? 'not measured' : 'not judged'
  return m.met ? 'met' : 'MISSED'
}

/** The table: one line per measurement and peer; ratio = the peer's figure / Tessera's (above 1: Tessera ahead). */
export function renderTable(measurements: Measurement[]): string {
  const rows: string[][] = []
  for (const m of measurements) {
    const peers = m.peers.length > 0 ? m.peers : [null]
    peers.forEach((p, i) => {
      rows.push([
        i === 0 ? m.title : '',
        i === 0 ? figure(m, m.tessera) : '',
        p === null ? '' : p.name,
        p === null ? '' : figure(m, p.value),
        p?.ratio === null || p === null ? '' : `${p.ratio.toFixed(2)}x`,
        i === 0 ? (m.target?.description ?? '') : '',
        i === 0 ? verdict(m) : '',
      ])
    })
  }
  return table(['measurement', 'Tessera', 'peer', "peer's figure", 'ratio', 'target', 'met'], rows)
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  const onlyFlag = process.argv.indexOf('--only')
  const only = onlyFlag >= 0 ? (process.argv[onlyFlag + 1] ?? '').split(',') : undefined
  const startLoad = loadavg()
  const measurements: Measurement[] = []
  for (const benchmark of BENCHMARKS) {
    if (only !== undefined && !only.includes(benchmark.name)) continue
    if (!json) process.stderr.write(`running ${benchmark.file}...\n`)
    measurements.push(...runBenchmark(benchmark, smoke))
  }
  const report = {
    machine: `${process.platform} ${process.arch}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`,
    node: process.version,
    date: new Date().toISOString(),
    command: `pnpm bench${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    loadAverage: {
      start: startLoad.map((l) => Number(l.toFixed(2))),
      end: loadavg().map((l) => Number(l.toFixed(2))),
    },
    smoke,
    measurements,
  }
  const saveFlag = process.argv.indexOf('--save')
  if (saveFlag >= 0)
    writeFileSync(
      join(ROOT, process.argv[saveFlag + 1] ?? 'bench/results.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    )
  if (json) console.log(JSON.stringify(report, null, 2))
  else {
    console.log(
      `${report.machine}, Node ${report.node}, ${report.date}; load average ${report.loadAverage.start[0]} at the start, ${report.loadAverage.end[0]} at the end${smoke ? ' (smoke run: figures not judged)' : ''}\n`,
    )
    console.log(renderTable(measurements))
    const notes = measurements.flatMap((m) => (m.notes ?? []).map((n) => `- ${m.title}: ${n}`))
    if (notes.length > 0) console.log(`\n${notes.join('\n')}`)
  }
}
