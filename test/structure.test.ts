// The workspace's structure holds (issue #16): packages import only downward (schema <- status, proofs <-
// verifier <- veramo <- issuer <- server <- cli <- examples), so there is no circle; no code reaches into another
// package by a relative path (a test into another package's tests, an example into another example);
// every package a module imports is declared in its package's manifest; nothing but tests imports the
// private test kit; and each entry point's public API is a list of names, not `export *` of its modules.
// Imports are read by TypeScript's scanner: static, dynamic and `import('...')` types alike.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * Each workspace package's layer: a package may import only packages of a lower layer. The test kit is
 * above everything and only tests may import it.
 */
const LAYERS: Record<string, number> = {
  '@tessera/schema': 0,
  '@tessera/status': 1,
  '@tessera/proofs': 1,
  '@tessera/certificate': 1,
  '@tessera/site': 1,
  '@tessera/verifier': 2,
  '@tessera/veramo': 3,
  '@tessera/issuer': 4,
  // award rules: evaluated over the issuer's ledger and issued through its batch; the CLI, the service and
  // the example use them
  '@tessera/awards': 4.5,
  '@tessera/server': 5,
  '@tessera/cli': 6,
  '@tessera/example-verify-page': 6,
  '@tessera/example-association': 7,
  '@tessera/testkit': 8,
}

/**
 * Modules an entry may re-export whole (`export *`): the verifier's lists of names (common.ts, the full
 * entries'; lean-exports.ts, every entry's, the JWT-only one's API), and the schema's modules, each of whose exports is public (the schema's index re-exports them
 * whole for esbuild's code splitting, which counts every module a barrel names one by one as reachable
 * from every chunk that imports it; what is internal to the schema lives in modules the index does not
 * name, such as fail.ts).
 */
const WHOLE_MODULES = new Set([
  'packages/verifier/src/common.ts',
  'packages/verifier/src/lean-exports.ts',
  ...[
    'builders',
    'clr-builder',
    'clr-validate',
    'context-urls',
    'display-text',
    'errors',
    'identity',
    'input',
    'json',
    'random',
    'reader',
    'validate',
    'vocabulary',
  ].map((name) => `packages/schema/src/${name}.ts`),
])

interface Manifest {
  name: string
  private?: boolean
  exports?: unknown
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

interface WorkspacePackage {
  dir: string
  manifest: Manifest
}

const readJson = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8'))
const rootManifest = readJson(join(ROOT, 'package.json'))

const workspace: WorkspacePackage[] = ['packages', 'examples'].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .map((name) => join(ROOT, group, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readJson(join(dir, 'package.json')) })),
)

/** Every TypeScript file under `dir`, node_modules and build output left out. */
function sources(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !/[/\\](node_modules|dist)[/\\]/.test(relative(ROOT, file)))
}

/** The module specifiers a file imports. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName)
}

/**
 * The specifiers a file imports for types alone (`import type ... from`), which leave no import in the
 * built code.
 */
function typeOnlyImportsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8')
  const all = importsOf(file)
  const typeOnly = [...text.matchAll(/^import type [^;]*?from '([^']+)'/gms)].map((m) => m[1] as string)
  return new Set(
    typeOnly.filter((s) => all.filter((a) => a === s).length === typeOnly.filter((t) => t === s).length),
  )
}

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
}

const isBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(packageName(specifier))

/** The workspace package a file belongs to, if any. */
function packageOf(file: string): WorkspacePackage | undefined {
  return workspace.find((p) => file.startsWith(p.dir + sep))
}

const where = (file: string) => relative(ROOT, file)

test('the workspace packages the layers name are the ones there are', () => {
  assert.equal(workspace.map((p) => p.manifest.name).sort(), Object.keys(LAYERS).sort())
})

test('packages import only packages of a lower layer: no upward import, no circle', () => {
  const wrong: string[] = []
  for (const { dir, manifest } of workspace) {
    const layer = LAYERS[manifest.name] as number
    for (const file of sources(join(dir, 'src'))) {
      for (const specifier of importsOf(file)) {
        const target = LAYERS[packageName(specifier)]
        if (target !== undefined && packageName(specifier) !== manifest.name && target >= layer)
          wrong.push(`${where(file)} (${manifest.name}) imports ${specifier}`)
      }
    }
    for (const section of ['dependencies', 'peerDependencies'] as const) {
      for (const dependency of Object.keys(manifest[section] ?? {})) {
        const target = LAYERS[dependency]
        if (target !== undefined && target >= layer)
          wrong.push(`${manifest.name} declares ${dependency} in ${section}`)
      }
    }
  }
  assert.equal(wrong, [], wrong.join('\n'))
})

test('no code reaches into another package by a relative path (tests into tests, examples into examples)', () => {
  const wrong: string[] = []
  const checked = [
    ...workspace.flatMap(({ dir }) => sources(dir)),
    // the workspace's own tests: into a package's tests or sources, never
    ...sources(join(ROOT, 'test')),
  ]
  for (const file of checked) {
    const own = packageOf(file)
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue
      const target = resolve(dirname(file), specifier)
      const into = packageOf(target)
      if (own !== undefined ? !target.startsWith(own.dir + sep) : into !== undefined)
        wrong.push(`${where(file)} imports ${specifier}`)
    }
  }
  assert.equal(wrong, [], wrong.join('\n'))
})

test('every package a module imports is declared: by its package (sources; type-only imports may be dev dependencies), or its package or the root (tests)', () => {
  const missing: string[] = []
  for (const { dir, manifest } of workspace) {
    const own = { ...manifest.dependencies, ...manifest.peerDependencies }
    const forTests = { ...own, ...manifest.devDependencies, ...rootManifest.devDependencies }
    for (const file of sources(dir)) {
      const inSrc = file.startsWith(join(dir, 'src') + sep)
      // a private example's sources may use its dev dependencies (vite builds it)
      const declared = inSrc && manifest.private !== true ? own : forTests
      const typeOnly = inSrc ? typeOnlyImportsOf(file) : new Set<string>()
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.') || specifier.startsWith('#') || isBuiltin(specifier)) continue
        // a type-only import of a development dependency leaves nothing in the built code
        if (typeOnly.has(specifier) && packageName(specifier) in { ...declared, ...manifest.devDependencies })
          continue
        const name = packageName(specifier)
        if (name !== manifest.name && !(name in declared))
          missing.push(`${where(file)} imports ${name}, which ${manifest.name} does not declare`)
      }
    }
  }
  assert.equal(missing, [], missing.join('\n'))
})

test('only tests import the private test kit, and it is never published', () => {
  const testkit = workspace.find((p) => p.manifest.name === '@tessera/testkit')
  assert.ok(testkit?.manifest.private === true, '@tessera/testkit is private')
  const wrong: string[] = []
  for (const { dir, manifest } of workspace) {
    if (manifest.name === '@tessera/testkit') continue
    for (const section of ['dependencies', 'peerDependencies'] as const)
      if ('@tessera/testkit' in (manifest[section] ?? {})) wrong.push(`${manifest.name} ${section}`)
    for (const file of sources(join(dir, 'src')))
      if (importsOf(file).some((s) => packageName(s) === '@tessera/testkit')) wrong.push(where(file))
  }
  assert.equal(wrong, [], wrong.join('\n'))
})

/** The source files a package's `exports` name. */
function entryFiles({ dir, manifest }: WorkspacePackage): string[] {
  const targets = (map: unknown): string[] =>
    typeof map === 'string'
      ? [map]
      : map !== null && typeof map === 'object'
        ? Object.values(map).flatMap(targets)
        : []
  return [...new Set(targets(manifest.exports))]
    .filter((target) => target.startsWith('./src/'))
    .map((target) => join(dir, target))
}

test('each published entry point re-exports only what is public: no `export *` of a module with internals', () => {
  const wrong: string[] = []
  for (const pkg of workspace.filter((p) => p.manifest.private !== true)) {
    for (const file of entryFiles(pkg)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/^export (type )?\* from '([^']+)'/gm)) {
        const target = resolve(dirname(file), (match[2] as string).replace(/\.js$/, '.ts'))
        // `export type * from './types.js'`: the data model's types, every one of them public by design
        const typesOnly = match[1] !== undefined && target.endsWith(`${sep}types.ts`)
        if (!typesOnly && !WHOLE_MODULES.has(where(target))) wrong.push(`${where(file)}: ${match[0]}`)
      }
    }
  }
  assert.equal(wrong, [], wrong.join('\n'))
})

test.run()
