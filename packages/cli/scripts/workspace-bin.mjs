#!/usr/bin/env node
/**
 * `pnpm -s tessera` in the workspace. Compiling the TypeScript sources on every start (tsx) took seconds
 * a command; this runs the CLI bundled once by esbuild into node_modules/.cache/tessera-cli/<stamp>/,
 * rebuilt only when a source file of the CLI or of the packages it uses, a manifest or the lockfile
 * changes (the stamp hashes their paths, sizes and modification times: a few milliseconds). Tessera's
 * own packages are bundled, split so that each command's code still loads only when it runs; every
 * third-party import stays an import of the file node_modules holds for it.
 * Plain JavaScript, so that nothing compiles it.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const PACKAGES = ['schema', 'status', 'proofs', 'verifier', 'veramo', 'issuer', 'server', 'cli']
const CACHE = join(ROOT, 'node_modules', '.cache', 'tessera-cli')

/** A hash of every input of the bundle: path, size and modification time. */
function stamp() {
  const hash = createHash('sha256')
  const add = (path) => {
    const stat = statSync(path)
    hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`)
  }
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) visit(path)
      else add(path)
    }
  }
  for (const name of PACKAGES) {
    visit(join(ROOT, 'packages', name, 'src'))
    add(join(ROOT, 'packages', name, 'package.json'))
  }
  add(join(ROOT, 'pnpm-lock.yaml'))
  add(fileURLToPath(import.meta.url))
  return hash.digest('hex').slice(0, 16)
}

/** Third-party imports stay imports, of the very file node_modules holds (found from the importer). */
const externalThirdParty = {
  name: 'external-third-party',
  setup(build) {
    build.onResolve({ filter: /^[^./#]/ }, async (args) => {
      if (args.path.startsWith('@tessera/') || args.pluginData === 'resolving') return undefined
      if (args.path.startsWith('node:')) return { path: args.path, external: true }
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      })
      if (found.errors.length > 0) return { errors: found.errors }
      // A Node built-in named without `node:` (esbuild marks it external).
      if (found.external) return { path: args.path, external: true }
      return { path: pathToFileURL(found.path).href, external: true }
    })
  },
}

/** Bundles the CLI into `dir` (through a temporary folder, renamed: a reader never sees half of it). */
async function bundle(dir) {
  const { build } = await import('esbuild')
  const temporary = `${dir}.${process.pid}.tmp`
  await build({
    entryPoints: { bin: join(ROOT, 'packages', 'cli', 'src', 'bin.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    plugins: [externalThirdParty],
    logLevel: 'error',
  })
  writeFileSync(join(temporary, 'package.json'), '{ "type": "module" }\n')
  try {
    renameSync(temporary, dir)
  } catch {
    // another start built the same stamp first: use it
    rmSync(temporary, { recursive: true, force: true })
  }
  for (const old of readdirSync(CACHE))
    if (join(CACHE, old) !== dir && !old.endsWith('.tmp'))
      rmSync(join(CACHE, old), { recursive: true, force: true })
}

const dir = join(CACHE, stamp())
const entry = join(dir, 'bin.mjs')
if (!existsSync(entry)) {
  mkdirSync(CACHE, { recursive: true })
  await bundle(dir)
}
await import(pathToFileURL(entry).href)
