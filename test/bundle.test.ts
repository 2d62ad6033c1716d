// The verifier bundles for browsers (a Node built-in on its path would fail the build), and the JWT-only
// build is the smaller one. The sizes themselves are reported in the verifier's README, not judged here;
// what is in each is: no pure-JavaScript crypto in either browser build (browsers have WebCrypto; the
// React Native entry carries it), no GZIP inflater of its own (browsers inflate status lists with
// DecompressionStream), no CLR 2.0 schema in the JWT-only one (it refuses CLRs).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

test('both builds of the verifier bundle for the browser', () => {
  const run = spawnSync(process.execPath, ['scripts/bundle-verifier.mjs', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  assert.is(run.status, 0, run.stderr)
  const sizes = JSON.parse(run.stdout)
  assert.ok(sizes.full.initial.gzip > 0 && sizes.jwt.initial.gzip > 0)
  assert.ok(sizes.jwt.initial.gzip < sizes.full.initial.gzip)
})

test('no pure-JavaScript crypto or inflater in the browser builds, no CLR schema in the JWT-only one', () => {
  const run = spawnSync(process.execPath, ['scripts/bundle-verifier.mjs', '--json', '--inputs', '100000'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  assert.is(run.status, 0, run.stderr)
  const sizes = JSON.parse(run.stdout) as Record<'full' | 'jwt', { inputs: [string, number][] }>
  const inputs = (build: 'full' | 'jwt') => sizes[build].inputs.map(([name]) => name)
  for (const build of ['full', 'jwt'] as const) {
    assert.ok(inputs(build).includes('proofs/src/crypto-web.ts'), `${build}: no WebCrypto provider`)
    for (const pure of ['@noble/curves', 'proofs/src/crypto-pure.ts', 'proofs/src/rsa-pkcs1.ts'])
      assert.not.ok(inputs(build).includes(pure), `${build} carries ${pure}`)
    assert.ok(
      inputs(build).includes('status/src/inflate-stream.ts'),
      `${build}: no DecompressionStream inflater`,
    )
    for (const inflater of ['fflate', 'status/src/gunzip.ts'])
      assert.not.ok(inputs(build).includes(inflater), `${build} carries ${inflater}`)
  }
  assert.ok(inputs('full').some((name) => name.startsWith('schema/src/generated/clr-')))
  assert.not.ok(
    inputs('jwt').some((name) => name.includes('clr')),
    inputs('jwt').join(', '),
  )
})

test.run()
