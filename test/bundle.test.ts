// The verifier bundles for browsers (a Node built-in on its path would fail the build), and the JWT-only
// build is the smaller one. The sizes themselves are reported in the verifier's README, not judged here.
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

test.run()
