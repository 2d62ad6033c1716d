/**
 * `tessera serve` start-up: from spawn to the first 200 of the credential issuer metadata, as an operator
 * (or a process manager restarting it) meets it. The workspace launcher (packages/cli/scripts/
 * workspace-bin.mjs, what `pnpm -s tessera` runs, without pnpm's own start) on a did:key store made once
 * in a temporary folder. Each run is a new process on port 0 (the port is read from its first line),
 * stopped with SIGTERM; the row is the median, with the load average beside it.
 * `tsx bench/serve-start.ts [--json] [--smoke]`.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flags, isMain, judge, type Measurement, report } from './harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const LAUNCHER = join(ROOT, 'packages', 'cli', 'scripts', 'workspace-bin.mjs')

/** Spawn to the metadata's 200, in ms; the process is stopped and awaited after. */
async function timeOnce(store: string): Promise<number> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [LAUNCHER, 'serve', '--store', store, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  try {
    let output = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const address = await new Promise<string>((found, failed) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(output)
        if (match?.[1] !== undefined) found(match[1])
      })
      child.on('exit', (code) => failed(new Error(`tessera serve exited (${code}): ${stderr}`)))
    })
    // The listener answers 503 until the service opens: ask until it is 200.
    for (;;) {
      const response = await fetch(`${address}/.well-known/openid-credential-issuer`)
      await response.arrayBuffer()
      if (response.status === 200) return performance.now() - t0
      if (response.status !== 503 && response.status !== 404)
        throw new Error(`metadata answered ${response.status}`)
      await new Promise((wait) => setTimeout(wait, 2))
    }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

export async function serveStartBenchmarks(smoke: boolean): Promise<Measurement[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-serve-start-'))
  const store = join(dir, 'store')
  try {
    execFileSync(
      process.execPath,
      [LAUNCHER, 'init', '--store', store, '--did', 'key', '--status-url', 'https://guild.example/status'],
      { cwd: ROOT, stdio: 'ignore' },
    )
    // One run first: the launcher bundles after a change, the file system cache warms.
    await timeOnce(store)
    const runs = smoke ? 1 : 11
    const times: number[] = []
    const loads: number[] = []
    for (let i = 0; i < runs; i++) {
      loads.push(loadavg()[0] as number)
      times.push(await timeOnce(store))
    }
    const sorted = [...times].sort((a, b) => a - b)
    return [
      judge(
        {
          id: 'serveStart.workspace',
          title: 'tessera serve: spawn to the metadata answering 200 (workspace launcher)',
          unit: 'ms',
          tessera: median(times),
          peers: [],
          target: { description: '< 1 s', max: 1000 },
          notes: [
            `median of ${runs} (min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms); 1-minute load average ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)} (median ${median(loads).toFixed(2)}) on ${cpus().length} cores`,
          ],
        },
        smoke,
      ),
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  const measurements = await serveStartBenchmarks(smoke)
  report(measurements, json)
  if (!json) for (const m of measurements) for (const note of m.notes ?? []) console.log(`  ${note}`)
}
