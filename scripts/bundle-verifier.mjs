#!/usr/bin/env node
// Bundles @tessera/verifier for browsers (both builds), minified, and prints their sizes (min and
// min+gzip), both what a page loads up front and with the lazily loaded chunks. The browser platform
// makes any Node built-in on the verifier's path a build error.
// `--out DIR` keeps the bundles (default: a temporary folder, removed); `--json` prints the sizes as JSON.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const outFlag = args.indexOf('--out')
const out = outFlag >= 0 ? args[outFlag + 1] : mkdtempSync(join(tmpdir(), 'tessera-bundle-'))
const entries = { full: 'packages/verifier/src/index.ts', jwt: 'packages/verifier/src/jwt.ts' }
const sizes = {}
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
  sizes[name] = { initial: measure(initial), all: measure(Object.keys(outputs)) }
}
if (outFlag < 0) rmSync(out, { recursive: true, force: true })
if (args.includes('--json')) console.log(JSON.stringify(sizes))
else {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
  for (const [name, s] of Object.entries(sizes)) {
    console.log(
      `${name.padEnd(5)} loaded up front ${kib(s.initial.minified)} min, ${kib(s.initial.gzip)} min+gzip; with lazy chunks ${kib(s.all.minified)} min, ${kib(s.all.gzip)} min+gzip`,
    )
  }
}
