/**
 * CLI start-up: how long `tessera --help` takes from spawn to exit, as a script in a loop meets it.
 * Three ways it starts: in the workspace (`pnpm -s tessera --help`, the bundled cache of
 * packages/cli/scripts/workspace-bin.mjs), the launcher without pnpm, and the installed CLI
 * (`node packages/cli/dist/bin.js --help`, what the published `tessera` bin runs); beside them the floors
 * (`node -e 0`, `pnpm --version`) and the old way (tsx compiling the sources). Runs are interleaved, so
 * that load from elsewhere falls on every row alike; each row is the median.
 * `tsx bench/cli-start.ts [--json] [--smoke]`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flags, isMain, judge, type Measurement, peer, report } from './harness.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PNPM_VERSION = '10.34.9'

/** pnpm as a command: on the PATH, else the copy npx keeps after `npx --yes pnpm@...`, else npx itself. */
function pnpmCommand(): string[] {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (onPath.status === 0) return ['pnpm']
  const npx = join(homedir(), '.npm', '_npx')
  for (const hash of existsSync(npx) ? readdirSync(npx) : []) {
    const cli = join(npx, hash, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs')
    if (existsSync(cli)) return [process.execPath, cli]
  }
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`]
}

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** The CLI's dist, built when missing or older than its sources (`--help` needs only the CLI's own). */
function ensureDist(): string {
  const bin = join(ROOT, 'packages', 'cli', 'dist', 'bin.js')
  if (!existsSync(bin) || statSync(bin).mtimeMs < newest(join(ROOT, 'packages', 'cli', 'src')))
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'packages/cli/tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    })
  return bin
}

/** Spawn to exit, in ms; the command must succeed and print the usage. */
function timeOnce(command: string[]): number {
  const t0 = performance.now()
  const child = spawnSync(command[0] as string, command.slice(1), { cwd: ROOT, encoding: 'utf8' })
  const ms = performance.now() - t0
  if (child.status !== 0)
    throw new Error(`${command.join(' ')} failed (exit ${child.status}): ${child.stderr}`)
  return ms
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

export async function cliStartBenchmarks(smoke: boolean): Promise<Measurement[]> {
  // A smoke run (the test command's) never spawns pnpm, which npx might fetch: the launcher stands in.
  const pnpm = smoke ? [] : pnpmCommand()
  const bin = ensureDist()
  const launcher = [process.execPath, 'packages/cli/scripts/workspace-bin.mjs', '--help']
  const contenders = {
    workspace: smoke ? launcher : [...pnpm, '-s', 'tessera', '--help'],
    launcher,
    installed: [process.execPath, bin, '--help'],
    node: [process.execPath, '-e', '0'],
    pnpm: smoke ? [process.execPath, '-e', '0'] : [...pnpm, '--version'],
    tsx: [process.execPath, '--import', 'tsx', 'packages/cli/src/bin.ts', '--help'],
  }
  type Name = keyof typeof contenders
  const names = Object.keys(contenders) as Name[]
  // one run each first: the launcher bundles after a change, the file system cache warms
  for (const name of names) timeOnce(contenders[name])
  const runs = smoke ? 1 : 15
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Name, number[]>
  for (let i = 0; i < runs; i++) for (const name of names) times[name].push(timeOnce(contenders[name]))
  const ms = Object.fromEntries(names.map((n) => [n, median(times[n])])) as Record<Name, number>
  const pnpmNote = smoke
    ? 'smoke run: the launcher without pnpm'
    : `pnpm as ${pnpm.length === 1 ? 'installed on the PATH' : pnpm[0] === 'npx' ? 'fetched by npx on every run' : "npx's cached copy, run with node"}`
  return [
    judge(
      {
        id: 'cliStart.workspace',
        title: 'CLI start in the workspace: pnpm -s tessera --help',
        unit: 'ms',
        tessera: ms.workspace,
        peers: [
          peer('pnpm --version alone (the floor pnpm sets)', ms.pnpm, ms.workspace),
          peer('before: tsx compiling the sources (without pnpm)', ms.tsx, ms.workspace),
        ],
        target: { description: '< 1 s', max: 1000 },
        notes: [
          `spawn to exit, median of ${runs}, interleaved; ${pnpmNote}; the launcher alone (node packages/cli/scripts/workspace-bin.mjs --help) ${ms.launcher.toFixed(0)} ms`,
        ],
      },
      smoke,
    ),
    judge(
      {
        id: 'cliStart.installed',
        title: 'CLI start installed: node packages/cli/dist/bin.js --help',
        unit: 'ms',
        tessera: ms.installed,
        peers: [peer('node -e 0 (the floor)', ms.node, ms.installed)],
        target: { description: '< 300 ms', max: 300 },
        notes: [`spawn to exit, median of ${runs}, interleaved`],
      },
      smoke,
    ),
  ]
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  report(await cliStartBenchmarks(smoke), json)
}
