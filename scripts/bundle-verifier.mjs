#!/usr/bin/env node
// Bundles @tessera/verifier for browsers (both builds), minified, and prints their sizes (min and
// min+gzip), both what a page loads up front and with the lazily loaded chunks. The browser platform
// makes any Node built-in on the verifier's path a build error.
// `--out DIR` keeps the bundles (default: a temporary folder, removed); `--json` prints the sizes as JSON;
// `--inputs N` also prints the N largest contributors to each build (minified bytes, by package or file,
// from esbuild's metafile; with --json, as each build's `inputs`). Output files that nothing imports (esbuild makes a chunk of every dynamic
// import() in the modules it reads, even where tree shaking drops the code that calls it) are counted in
// "with lazy chunks" like the rest, and named.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const outFlag = args.indexOf('--out')
const out = outFlag >= 0 ? args[outFlag + 1] : mkdtempSync(join(tmpdir(), 'tessera-bundle-'))
const inputsFlag = args.indexOf('--inputs')
const entries = { full: 'packages/verifier/src/index.ts', jwt: 'packages/verifier/src/jwt.ts' }
const sizes = {}
const inputs = {}

/** The largest contributors to a build's output, minified: third-party code by package, Tessera's by file. */
function largestInputs(metafile, count) {
  const bytes = new Map()
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = path.includes('node_modules/')
        ? (/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(path)?.[1] ?? path)
        : path.replace(/^.*?packages\//, '')
      bytes.set(key, (bytes.get(key) ?? 0) + bytesInOutput)
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, count)
}
for (const [name, entry] of Object.entries(entries)) {
  const outdir = join(out, name)
  const result = await build({
    entryPoints: { [`verifier-${name}`]: join(root, entry) },
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir,
    metafile: true,
    logLevel: 'error',
  })
  // What a page loads up front: the entry and the chunks it imports statically (not the lazy ones).
  const outputs = result.metafile.outputs
  const entryFile = Object.keys(outputs).find((f) => outputs[f].entryPoint !== undefined)
  const initial = new Set([entryFile])
  for (const file of initial)
    for (const i of outputs[file].imports) if (i.kind === 'import-statement') initial.add(i.path)
  const measure = (files) => {
    const bytes = Buffer.concat([...files].map((f) => readFileSync(resolve(f))))
    return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  }
  // What the entry can ever load: its static imports and its dynamic ones, followed through.
  const reachable = new Set([entryFile])
  for (const file of reachable)
    for (const i of outputs[file].imports) if (outputs[i.path]) reachable.add(i.path)
  const unreachable = Object.keys(outputs).filter((f) => !reachable.has(f))
  sizes[name] = {
    initial: measure(initial),
    all: measure(Object.keys(outputs)),
    unreachable: unreachable.map((f) => ({ file: f.split('/').pop(), minified: outputs[f].bytes })),
  }
  if (inputsFlag >= 0) inputs[name] = largestInputs(result.metafile, Number(args[inputsFlag + 1] ?? 15))
}
if (outFlag < 0) rmSync(out, { recursive: true, force: true })
if (args.includes('--json')) {
  // with --inputs, each build's largest contributors too ([name, minified bytes])
  for (const [name, list] of Object.entries(inputs)) sizes[name].inputs = list
  console.log(JSON.stringify(sizes))
} else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
  for (const [name, s] of Object.entries(sizes)) {
    console.log(
      `${name.padEnd(5)} loaded up front ${kib(s.initial.minified)} min, ${kib(s.initial.gzip)} min+gzip; with lazy chunks ${kib(s.all.minified)} min, ${kib(s.all.gzip)} min+gzip`,
    )
    if (s.unreachable.length > 0)
      console.log(
        `      of which imported by nothing: ${s.unreachable.map((u) => `${u.file} (${kib(u.minified)} min)`).join(', ')}`,
      )
    for (const [input, bytes] of inputs[name] ?? []) console.log(`      ${kib(bytes).padStart(10)}  ${input}`)
  }
}
