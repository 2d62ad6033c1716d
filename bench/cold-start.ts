/**
 * Cold start: a fresh Node process that imports the verifier and verifies one credential, timed from
 * spawn to exit (the median of several runs). The verifier is compiled to JavaScript as it is published
 * (Tessera's own packages as one file, every third-party package loaded from node_modules as installed),
 * so that no TypeScript loader sits in the timing. `tsx bench/cold-start.ts [--json] [--smoke]`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { signJwt } from '@tessera/proofs'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import { build, type Plugin } from 'esbuild'
import { membership, NOW, tesseraIssuer } from './fixtures.js'
import { flags, isMain, judge, type Measurement, peer, report } from './harness.js'

const ROOT = new URL('..', import.meta.url).pathname

/** Third-party imports stay imports, of the file node_modules holds for them (as an installed package). */
const externalThirdParty: Plugin = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./#]/ }, async (args) => {
      if (args.path.startsWith('@tessera/') || args.pluginData === 'resolving') return undefined
      if (args.path.startsWith('node:')) return { path: args.path, external: true }
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      })
      if (found.errors.length > 0) return { errors: found.errors }
      return { path: pathToFileURL(found.path).href, external: true }
    })
  },
}

async function compileVerifier(out: string, entry: 'index' | 'jwt'): Promise<string> {
  // split into chunks, as tsc's output is split into files: what the verifier loads lazily stays lazy
  const outdir = join(out, entry)
  await build({
    entryPoints: { verifier: join(ROOT, 'packages/verifier/src', `${entry}.ts`) },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    plugins: [externalThirdParty],
    logLevel: 'error',
  })
  return join(outdir, 'verifier.mjs')
}

interface Run {
  wallMs: number
  /** CPU time of the whole process (user + system): what the machine's load does not lengthen. */
  cpuMs: number
  importMs: number
  verifyMs: number
}

function runOnce(script: string): Run {
  const t0 = performance.now()
  const child = spawnSync(process.execPath, [script], { encoding: 'utf8' })
  const wallMs = performance.now() - t0
  if (child.status !== 0) throw new Error(`cold start run failed: ${child.stderr}`)
  const figures = JSON.parse(child.stdout) as {
    verified: boolean
    importMs: number
    verifyMs: number
    cpuMs: number
  }
  if (!figures.verified) throw new Error('the cold-start credential did not verify')
  return { wallMs, cpuMs: figures.cpuMs, importMs: figures.importMs, verifyMs: figures.verifyMs }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

export async function coldStartBenchmarks(smoke: boolean): Promise<Measurement[]> {
  const out = mkdtempSync(join(tmpdir(), 'tessera-cold-'))
  try {
    const tessera = await tesseraIssuer()
    const credential = membership(tessera.did)
    const jwt = await signJwt(credential, tessera.signer)
    const signed = await signDataIntegrity(credential, tessera.signer)
    const cases = [
      { id: 'coldStart.full.jwt', entry: 'index', input: jwt, what: 'full verifier, one VC-JWT' },
      { id: 'coldStart.jwt.jwt', entry: 'jwt', input: jwt, what: 'JWT-only verifier, one VC-JWT' },
      {
        id: 'coldStart.full.dataIntegrity',
        entry: 'index',
        input: signed,
        what: 'full verifier, one Data Integrity credential',
      },
    ] as const
    const files = {
      index: await compileVerifier(out, 'index'),
      jwt: smoke ? '' : await compileVerifier(out, 'jwt'),
    }
    const runs = smoke ? 1 : 15
    const measurements: Measurement[] = []
    // node itself, on an empty script: the floor every cold start stands on
    const empty = join(out, 'empty.mjs')
    writeFileSync(
      empty,
      'console.log(JSON.stringify({ verified: true, importMs: 0, verifyMs: 0, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }))\n',
    )
    const floor: Run[] = []
    for (let i = 0; i < runs; i++) floor.push(runOnce(empty))
    const floorMs = median(floor.map((r) => r.wallMs))
    // a first run of each warms the file system cache; it is not counted (a smoke run times the first case once)
    for (const c of smoke ? cases.slice(0, 1) : cases) {
      const script = join(out, `${c.id}.mjs`)
      writeFileSync(
        script,
        `const started = performance.now()
const { Verifier } = await import(${JSON.stringify(pathToFileURL(files[c.entry]).href)})
const imported = performance.now()
const result = await new Verifier({ offline: true }).verifyCredential(${JSON.stringify(c.input)}, { now: new Date(${JSON.stringify(NOW.toISOString())}) })
const done = performance.now()
const cpu = process.cpuUsage()
console.log(JSON.stringify({ verified: result.verified, importMs: imported - started, verifyMs: done - imported, cpuMs: (cpu.user + cpu.system) / 1000 }))
`,
      )
      if (!smoke) runOnce(script)
      const results: Run[] = []
      for (let i = 0; i < runs; i++) results.push(runOnce(script))
      measurements.push(
        judge(
          {
            id: c.id,
            title: `cold start: node, import, verify (${c.what})`,
            unit: 'ms',
            tessera: median(results.map((r) => r.wallMs)),
            peers: [
              peer('node alone (empty script)', floorMs, median(results.map((r) => r.wallMs)), 'the floor'),
            ],
            target:
              c.entry === 'index' || c.id === 'coldStart.jwt.jwt'
                ? { description: '< 300 ms', max: 300 }
                : null,
            notes: [
              `spawn to exit, median of ${runs}; of which import ${median(results.map((r) => r.importMs)).toFixed(1)} ms and the first verification ${median(results.map((r) => r.verifyMs)).toFixed(1)} ms; CPU time ${median(results.map((r) => r.cpuMs)).toFixed(0)} ms (node alone: ${median(floor.map((r) => r.cpuMs)).toFixed(0)} ms CPU)`,
            ],
          },
          smoke,
        ),
      )
    }
    return measurements
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  const { smoke, json } = flags()
  report(await coldStartBenchmarks(smoke), json)
}
