// Every package works installed from its packed tarball, from its own manifest alone (issue #14): no root
// packageExtensions, no tsx, no file of the workspace. The packages are packed as they would be published,
// installed together into one fresh project with npm and into another with pnpm (whose isolated layout
// refuses a dependency that a manifest forgets), and then, with plain node: every entry point imports,
// every README example runs as written (extracted from the README, so a stale one fails) and type-checks,
// the installed `tessera` issues, publishes, verifies and revokes a credential, and the installed verifier
// bundles for browsers with esbuild.
// The installs fetch the third-party dependencies of the tarballs from the npm registry (npm's and pnpm's
// caches answer on re-runs; npm builds better-sqlite3 from source when no prebuilt binary can be fetched,
// about a minute and a half): that is the install step, not a test reaching the internet. The package
// managers run on the real clock (a registry's TLS certificate fails on a faked one); everything Tessera
// runs here keeps the clock the test command was given.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { build, transform } from 'esbuild'
import ts from 'typescript'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type PackedPackage, PNPM, packageManagerEnv, packPackages, ROOT } from '../scripts/pack-packages.js'
import { withoutColour } from './child-env.js'
import { expectedOutput, importedPackages, installedByReadme, runnableExamples } from './markdown-blocks.js'

const WORK = mkdtempSync(join(tmpdir(), 'tessera-packed-'))
/** The READMEs a consumer reads: the root's and each published package's (not the private test kit's). */
const READMES = [
  'README.md',
  ...readdirSync(join(ROOT, 'packages'))
    .filter(
      (p) => JSON.parse(readFileSync(join(ROOT, 'packages', p, 'package.json'), 'utf8')).private !== true,
    )
    .map((p) => `packages/${p}/README.md`)
    .filter((r) => existsSync(join(ROOT, r))),
]
const TEN_MINUTES = 10 * 60_000

interface Manifest {
  name: string
  private?: boolean
  bin?: string | Record<string, string>
  exports?: unknown
  imports?: unknown
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/** A packed package: its tarball, the folder it was extracted to, and the manifest it ships. */
interface Unpacked extends PackedPackage {
  root: string
  manifest: Manifest
}

let unpacked: Unpacked[] = []

function packed(): Unpacked[] {
  if (unpacked.length === 0) throw new Error('the packages were not packed (see the first test)')
  return unpacked
}

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Run {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? consumerEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: TEN_MINUTES,
  })
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error === undefined ? '' : `\n${result.error.message}`}`,
  }
}

/** What a consumer's node gets: nothing of the workspace's run (no tsx, no pnpm variables, no INIT_CWD). */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || ['INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH'].includes(key)) continue
    env[key] = value
  }
  // The README examples' output is compared as text.
  return withoutColour(env)
}

const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n')
const said = (r: Run) => `exit ${r.status}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`

/** Every file under a folder, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
}

/** Every string in an exports or imports map. */
function targets(map: unknown): string[] {
  if (typeof map === 'string') return [map]
  if (map === null || typeof map !== 'object') return []
  return Object.values(map).flatMap(targets)
}

/** The package names that a built file imports (static, dynamic, `import('...')` types), read by TypeScript's scanner. */
function bareImports(code: string): string[] {
  const names = new Set<string>()
  for (const { fileName: specifier } of ts.preProcessFile(code, true, true).importedFiles) {
    if (specifier.startsWith('.') || specifier.startsWith('#') || specifier.startsWith('node:')) continue
    const parts = specifier.split('/')
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
    if (!builtinModules.includes(name)) names.add(name)
  }
  return [...names]
}

test('each package packs as published: built code, the sources its maps name, a README, real versions', () => {
  const tarballs = packPackages(join(WORK, 'tarballs'))
  unpacked = tarballs.map((p) => {
    const into = join(WORK, 'unpacked', p.name.replace('/', '+'))
    mkdirSync(into, { recursive: true })
    const extracted = run('tar', ['-xzf', p.tarball, '-C', into], { cwd: WORK })
    assert.is(extracted.status, 0, said(extracted))
    const root = join(into, 'package')
    return { ...p, root, manifest: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) }
  })
  assert.ok(unpacked.length >= 5, `packed: ${unpacked.map((p) => p.name)}`)
  for (const { name, root, manifest } of unpacked) {
    const files = new Set(filesUnder(root))
    assert.is(manifest.private, undefined, `${name} is private: it cannot be published`)
    assert.ok(files.has('README.md'), `${name} ships no README.md`)
    for (const [dependency, range] of Object.entries(manifest.dependencies ?? {}))
      assert.not.match(range, /^workspace:/, `${name} depends on ${dependency}@${range}`)
    for (const target of [...targets(manifest.exports), ...targets(manifest.imports)]) {
      assert.match(target, /^\.\/dist\//, `${name}: ${target} is not built code`)
      assert.ok(files.has(target.slice(2)), `${name}: ${target} is not in the tarball`)
    }
    const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {})
    for (const bin of bins) {
      const path = join(root, bin)
      assert.ok(existsSync(path), `${name}: bin ${bin} is not in the tarball`)
      assert.ok(
        readFileSync(path, 'utf8').startsWith('#!/usr/bin/env node\n'),
        `${name}: ${bin} has no shebang`,
      )
      assert.ok((statSync(path).mode & 0o111) !== 0, `${name}: ${bin} is not executable`)
    }
    for (const map of [...files].filter((f) => f.endsWith('.map'))) {
      const { sources, sourceRoot = '' } = JSON.parse(readFileSync(join(root, map), 'utf8'))
      for (const source of sources as string[]) {
        const path = resolve(root, dirname(map), sourceRoot, source)
        assert.ok(
          path.startsWith(`${root}/`) && existsSync(path),
          `${name}: ${map} points at ${source}, which the tarball does not ship`,
        )
      }
    }
  }
})

test('every package that the built code imports is a dependency in its own manifest', () => {
  const missing: string[] = []
  for (const { name, root, manifest } of packed()) {
    const declared = new Set([
      name,
      ...Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
    ])
    for (const file of filesUnder(join(root, 'dist')).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      for (const imported of bareImports(readFileSync(join(root, 'dist', file), 'utf8')))
        if (!declared.has(imported)) missing.push(`${name}: dist/${file} imports ${imported}`)
    }
  }
  assert.equal(
    missing,
    [],
    `undeclared (a hoisted node_modules hides them; pnpm does not):\n${missing.join('\n')}`,
  )
})

/** Packages a README tells its reader to install beside the Tessera ones, at the range Tessera declares. */
function readmeExtras(): Record<string, string> {
  const extras: Record<string, string> = {}
  for (const readme of READMES) {
    for (const name of installedByReadme(readFileSync(join(ROOT, readme), 'utf8'))) {
      if (name.startsWith('@tessera/')) continue
      // a dependency's range, else a peer's or a development one's (a Veramo plugin the tests use)
      const declared = packed().flatMap(({ manifest }) => [
        manifest.dependencies?.[name],
        manifest.peerDependencies?.[name],
        manifest.devDependencies?.[name],
      ])
      extras[name] = declared.find((range) => range !== undefined) ?? 'latest'
    }
  }
  return extras
}

interface Consumer {
  manager: 'npm' | 'pnpm'
  dir: string
  installed: boolean
}

const consumers: Consumer[] = [
  { manager: 'npm', dir: join(WORK, 'npm-project'), installed: false },
  { manager: 'pnpm', dir: join(WORK, 'pnpm-project'), installed: false },
]

function installed(consumer: Consumer): Consumer {
  if (!consumer.installed) throw new Error(`the ${consumer.manager} install failed (see its test)`)
  return consumer
}

/**
 * A fresh project, set up as the issuer's README tells a consumer to: npm runs better-sqlite3's build script
 * once `allowScripts` names it (npm 11.16 and later warn otherwise; a later npm will not run it), pnpm 10
 * only for what `onlyBuiltDependencies` lists. pnpm's project maps the Tessera names to the tarballs,
 * standing in for the registry, since pnpm resolves a tarball's own dependencies by name.
 */
function install(consumer: Consumer): Run {
  mkdirSync(consumer.dir, { recursive: true })
  const extras = Object.entries(readmeExtras())
  const env = { ...packageManagerEnv(), JOBS: 'max' } // node-gyp: compile on every core
  if (consumer.manager === 'npm') {
    const manifest = {
      name: 'npm-consumer',
      private: true,
      type: 'module',
      allowScripts: { 'better-sqlite3': true },
    }
    writeFileSync(join(consumer.dir, 'package.json'), JSON.stringify(manifest, null, 2))
    const args = ['install', '--no-audit', '--no-fund', '--prefer-offline']
    args.push(...packed().map((p) => p.tarball), ...extras.map(([name, range]) => `${name}@${range}`))
    return run('npm', args, { cwd: consumer.dir, env })
  }
  const tessera = Object.fromEntries(packed().map((p) => [p.name, `file:${p.tarball}`]))
  const manifest = {
    name: 'pnpm-consumer',
    private: true,
    type: 'module',
    dependencies: { ...tessera, ...Object.fromEntries(extras) },
    pnpm: { onlyBuiltDependencies: ['better-sqlite3'], overrides: tessera },
  }
  writeFileSync(join(consumer.dir, 'package.json'), JSON.stringify(manifest, null, 2))
  return run('npx', [...PNPM, 'install', '--no-frozen-lockfile', '--prefer-offline'], {
    cwd: consumer.dir,
    env,
  })
}

/**
 * Entry points Node's require(esm) cannot load for a stated reason, and only that one: @tessera/certificate
 * loads harfbuzzjs, whose WebAssembly build initialises with a top-level await (its README says so). Any
 * other require() failure of these still fails the test.
 */
const IMPORT_ONLY = ['@tessera/certificate']

/** The documented membership template (docs/templates), which `tessera issue` fills for one member. */
const TEMPLATE = join(ROOT, 'docs', 'templates', 'membership.json')

for (const consumer of consumers) {
  const { manager } = consumer

  test(`${manager}: the tarballs install into a fresh project, from their own manifests`, () => {
    const result = install(consumer)
    assert.is(result.status, 0, `${manager} install failed:\n${said(result)}`)
    consumer.installed = true
  })

  test(`${manager}: every entry point imports with plain node (and require()s where Node has require(esm))`, () => {
    const { dir } = installed(consumer)
    const specifiers = packed().flatMap(({ name, manifest }) =>
      Object.keys((manifest.exports ?? {}) as object).map((path) => name + path.slice(1)),
    )
    const script = [
      "import { createRequire } from 'node:module'",
      'const require = createRequire(import.meta.url)',
      'const failures = []',
      `const IMPORT_ONLY = ${JSON.stringify(IMPORT_ONLY)}`,
      `for (const specifier of ${JSON.stringify(specifiers)}) {`,
      "  try { await import(specifier) } catch (e) { failures.push(['import', specifier, e.code, e.message].join(' ')) }",
      '  if (process.features.require_module)',
      "    try { require(specifier) } catch (e) { if (!(IMPORT_ONLY.includes(specifier) && e.code === 'ERR_REQUIRE_ASYNC_MODULE')) failures.push(['require', specifier, e.code, e.message].join(' ')) }",
      '}',
      'console.log(JSON.stringify(failures))',
    ].join('\n')
    writeFileSync(join(dir, 'entries.mjs'), script)
    const result = run(process.execPath, ['entries.mjs'], { cwd: dir })
    assert.is(result.status, 0, said(result))
    assert.equal(JSON.parse(result.stdout.trim().split('\n').pop() ?? '[]'), [])
  })

  test(`${manager}: every README example runs as written and prints what it says`, async () => {
    const { dir } = installed(consumer)
    let count = 0
    for (const readme of READMES) {
      const markdown = readFileSync(join(ROOT, readme), 'utf8')
      const named = new Set(installedByReadme(markdown))
      for (const [i, block] of runnableExamples(markdown).entries()) {
        const where = `${readme} line ${block.line}`
        for (const name of importedPackages(block.code))
          assert.ok(
            named.has(name),
            `${where} imports ${name}, which no \`npm install\` line of ${readme} names`,
          )
        // Types stripped by esbuild: the README's TypeScript, run by plain node from the installed packages.
        const { code } = await transform(block.code, { loader: 'ts', format: 'esm' })
        const file = join(dir, 'readme', `${readme.replace(/\W+/g, '-')}-${i + 1}.mjs`)
        mkdirSync(dirname(file), { recursive: true })
        writeFileSync(file, code)
        // From the repository's root, as the examples say, for the fixture files they read.
        const result = run(process.execPath, [file], { cwd: ROOT })
        assert.is(result.status, 0, `${where}:\n${said(result)}`)
        assert.equal(result.stdout.trimEnd().split('\n'), expectedOutput(block.code), where)
        count++
      }
    }
    assert.ok(count >= 5, `only ${count} README examples found`)
  })

  test(`${manager}: the installed tessera command issues, publishes, verifies and revokes`, () => {
    const { dir } = installed(consumer)
    const work = join(dir, 'guild')
    mkdirSync(work, { recursive: true })
    const tessera = (...args: string[]) =>
      run(join(dir, 'node_modules', '.bin', 'tessera'), args, { cwd: work })
    // as the CLI's README says it (`--no`: never fetched, the installed one or nothing)
    const help = run('npx', ['--no', '--', 'tessera', '--help'], { cwd: work })
    assert.is(help.status, 0, said(help))
    assert.match(help.stdout + help.stderr, /usage: tessera <command>/)

    const init = tessera(
      'init',
      '--store',
      'store',
      '--did',
      'key',
      '--status-url',
      'https://guild.example/status',
    )
    assert.is(init.status, 0, said(init))
    const issue = tessera(
      ...['issue', '--store', 'store', '--template', TEMPLATE, '--member', 'M-1'],
      ...['--email', 'ada@example.org', '--out', 'out'],
    )
    assert.is(issue.status, 0, said(issue))
    const [file, ...others] = readdirSync(join(work, 'out', 'credentials'))
    assert.ok(file !== undefined && others.length === 0, `issued: ${file} ${others}`)
    const credentialFile = join('out', 'credentials', file as string)
    const { id } = JSON.parse(readFileSync(join(work, credentialFile), 'utf8'))

    /** Publishes the lists, maps their URLs to the files, and verifies the credential against them. */
    const verifyPublished = () => {
      const published = tessera('publish', '--store', 'store', '--out', 'site')
      assert.is(published.status, 0, said(published))
      const map = Object.fromEntries(
        readdirSync(join(work, 'site', 'status')).map((f) => [
          `https://guild.example/status/${f}`,
          `site/status/${f}`,
        ]),
      )
      writeFileSync(join(work, 'map.json'), JSON.stringify(map))
      const verified = tessera('verify', credentialFile, '--documents', 'map.json', '--offline', '--json')
      return {
        run: verified,
        result: JSON.parse(verified.stdout) as { verified: boolean; checks: { code?: string }[] },
      }
    }
    const before = verifyPublished()
    assert.is(before.run.status, 0, said(before.run))
    assert.is(before.result.verified, true)

    const revoked = tessera('revoke', '--store', 'store', id)
    assert.is(revoked.status, 0, said(revoked))
    const after = verifyPublished()
    assert.is(after.run.status, 1, said(after.run))
    assert.is(after.result.verified, false)
    assert.ok(
      after.result.checks.some((c) => c.code === 'REVOKED'),
      JSON.stringify(after.result.checks),
    )
  })
}

test('npm: the installed declarations type-check every entry point and README example (NodeNext, Node16, Bundler)', () => {
  const { dir } = installed(consumers[0] as Consumer)
  const folder = join(dir, 'typecheck')
  mkdirSync(folder, { recursive: true })
  const entries = packed().flatMap(({ name, manifest }) =>
    Object.keys((manifest.exports ?? {}) as object).map((path) => name + path.slice(1)),
  )
  const files = ['entries.ts']
  writeFileSync(
    join(folder, 'entries.ts'),
    `${entries.map((e, i) => `import * as entry${i} from '${e}'`).join('\n')}\nconsole.log(${entries.map((_, i) => `entry${i}`).join(', ')})\n`,
  )
  for (const readme of READMES) {
    for (const [i, block] of runnableExamples(readFileSync(join(ROOT, readme), 'utf8')).entries()) {
      const file = `${readme.replace(/\W+/g, '-')}-${i + 1}.ts`
      // each example a module of its own, so that two examples' constants do not collide
      writeFileSync(join(folder, file), `${block.code}\nexport {}\n`)
      files.push(file)
    }
  }
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  for (const [resolution, module] of [
    ['NodeNext', 'NodeNext'],
    ['Node16', 'Node16'],
    ['Bundler', 'ESNext'],
  ]) {
    const config = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module,
        moduleResolution: resolution,
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files,
    }
    writeFileSync(join(folder, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2))
    const checked = run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: folder })
    assert.is(checked.status, 0, `moduleResolution ${resolution}:\n${said(checked)}`)
  }
})

/**
 * Third-party modules of the full verifier's browser bundle that name the global `Buffer`, and why each is
 * tolerated. Nothing of Tessera's own may, nor anything in the JWT-only build. Each entry must still be
 * found (when a dependency drops its Buffer, its entry goes).
 */
const KNOWN_BUFFER_USES: Record<string, string> = {}

test('the installed @tessera/verifier bundles for browsers with esbuild: no Node built-in, no bare Buffer of its own', async () => {
  const { dir } = installed(consumers[0] as Consumer)
  const verifier = packed().find((p) => p.name === '@tessera/verifier') as Unpacked
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
  for (const path of Object.keys(verifier.manifest.exports as object)) {
    const specifier = verifier.name + path.slice(1)
    const entry = join(dir, 'bundle', `${path === '.' ? 'index' : path.slice(2)}.mjs`)
    mkdirSync(dirname(entry), { recursive: true })
    writeFileSync(entry, `export * from '${specifier}'\n`)
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: dir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir: join(dir, 'bundle', 'out', path),
      write: false,
      metafile: true,
      logLevel: 'silent',
      // every reference to the global Buffer (and only those) becomes this marker, to be found and attributed
      define: { Buffer: '__TESSERA_BARE_BUFFER__' },
    })
    assert.equal(
      result.warnings.map((w) => w.text),
      [],
      specifier,
    )
    const external = Object.values(result.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external).map((i) => i.path),
    )
    assert.equal(external, [], `${specifier} leaves imports to the runtime`)
    const buffers = new Map<string, number>()
    for (const output of result.outputFiles) {
      let module = ''
      for (const line of output.text.split('\n')) {
        // esbuild heads each module's code with a comment naming its file
        module = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line)?.[1] ?? module
        for (const match of line.matchAll(
          /["'`](node:[\w/]+)|\b(?:require|import)\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
        )) {
          const named = match[1] ?? (match[2] as string)
          assert.ok(!builtins.has(named), `${specifier}: ${module} names the Node built-in ${named}`)
        }
        if (line.includes('__TESSERA_BARE_BUFFER__')) buffers.set(module, (buffers.get(module) ?? 0) + 1)
      }
    }
    const unknown = [...buffers.keys()].filter(
      (m) => path !== '.' || !Object.keys(KNOWN_BUFFER_USES).some((k) => m.includes(k)),
    )
    assert.equal(unknown, [], `${specifier}: a bare Buffer in ${unknown.join(', ')}`)
    if (path === '.') {
      for (const [known, why] of Object.entries(KNOWN_BUFFER_USES))
        assert.ok(
          [...buffers.keys()].some((m) => m.includes(known)),
          `${known} no longer names Buffer (${why}): remove it from KNOWN_BUFFER_USES`,
        )
    }
  }
})

test.after(() => {
  rmSync(WORK, { recursive: true, force: true })
})

test.run()
