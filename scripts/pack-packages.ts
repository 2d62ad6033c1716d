// Packs every published package of packages/ (not the private test kit) as it would be published: `pnpm pack` applies each manifest's
// publishConfig (dist exports, bin) and turns workspace:* ranges into versions. A package whose dist/ is
// missing or older than its sources is built first. test/packed.test.ts installs these tarballs into fresh
// projects; by hand:
//   node --import tsx scripts/pack-packages.ts DIR     (prints one tarball path a line)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The pnpm that the repository pins (`packageManager`), run through npx as the README does. */
export const PNPM = ['--yes', JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager]

export interface PackedPackage {
  /** `@tessera/schema`, ... */
  name: string
  /** The package's folder in the workspace. */
  dir: string
  /** The tarball's absolute path. */
  tarball: string
}

/**
 * The environment for a package manager run from a test: npm and pnpm read `npm_config_*` variables as
 * their configuration, and a test run through `pnpm test` inherits pnpm's (the workspace's prefix among
 * them), so those go; so does libfaketime, since a registry's TLS certificate fails on a faked clock.
 * Installing is not what a test at another date tests: what runs after it keeps the clock it was given.
 */
export function packageManagerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || /^FAKETIME/.test(key) || key === 'INIT_CWD' || key.startsWith('PNPM_SCRIPT'))
      continue
    env[key] = value
  }
  const preload = (env.LD_PRELOAD ?? '')
    .split(/[:\s]+/)
    .filter((lib) => lib !== '' && !lib.includes('faketime'))
    .join(':')
  if (preload === '') delete env.LD_PRELOAD
  else env.LD_PRELOAD = preload
  return env
}

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

function oldestBuilt(dir: string): number {
  let oldest = Number.POSITIVE_INFINITY
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.js'))
      oldest = Math.min(oldest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return oldest
}

/** Built files whose source is gone (a renamed or deleted module): they would be packed and published. */
function orphans(dir: string): string[] {
  return readdirSync(join(dir, 'dist'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(join(dir, 'dist'), join(e.parentPath, e.name)))
    .filter(
      (file) => !existsSync(join(dir, 'src', file.replace(/(\.d)?\.js(\.map)?$|\.d\.ts(\.map)?$/, '.ts'))),
    )
}

/**
 * Builds the package when its dist/ is missing or older than any of its sources, from scratch when dist/
 * holds files of sources that are gone.
 */
function buildIfStale(dir: string): void {
  const dist = join(dir, 'dist')
  const stale = existsSync(dist) ? orphans(dir).length > 0 : true
  if (!stale && oldestBuilt(dist) >= newestSource(join(dir, 'src'))) return
  if (stale) rmSync(dist, { recursive: true, force: true })
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const built = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json')], {
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`building ${dir} failed:\n${built.stdout}${built.stderr}`)
}

/** Every package of packages/ (or only those named in `only`), packed into `destination` (created if needed). */
export function packPackages(destination: string, only?: readonly string[]): PackedPackage[] {
  mkdirSync(destination, { recursive: true })
  // the published packages: the private test kit (@tessera/testkit) is never packed
  const packages = readdirSync(join(ROOT, 'packages'))
    .map((folder) => join(ROOT, 'packages', folder))
    .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.build.json')))
    .filter((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true)
    .filter(
      (dir) =>
        only === undefined || only.includes(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name),
    )
  for (const dir of packages) buildIfStale(dir)
  const filters = packages.flatMap((dir) => ['--filter', `./${relative(ROOT, dir)}`])
  const packed = spawnSync(
    'npx',
    [...PNPM, '--recursive', ...filters, 'pack', '--pack-destination', resolve(destination)],
    { cwd: ROOT, encoding: 'utf8', env: packageManagerEnv() },
  )
  if (packed.status !== 0) throw new Error(`pnpm pack failed:\n${packed.stdout}${packed.stderr}`)
  return packages.map((dir) => {
    const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const tarball = join(resolve(destination), `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`)
    if (!existsSync(tarball)) throw new Error(`pnpm pack wrote no ${tarball}:\n${packed.stdout}`)
    return { name, dir, tarball }
  })
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const destination = process.argv[2]
  if (destination === undefined) {
    process.stderr.write('usage: node --import tsx scripts/pack-packages.ts DIR\n')
    process.exit(2)
  }
  for (const { tarball } of packPackages(destination)) process.stdout.write(`${tarball}\n`)
}
