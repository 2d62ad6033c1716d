// Each benchmark runs once on a tiny size, so that none rots; the figures themselves are not judged here.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'))

test('bench/status.ts --smoke --json runs and reports every figure', () => {
  const run = spawnSync(process.execPath, [TSX, 'bench/status.ts', '--smoke', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  assert.is(run.status, 0, run.stderr)
  const figures = JSON.parse(run.stdout)
  assert.is(figures.lists.length, 3)
  for (const row of figures.lists) {
    assert.ok(row.decodeMs > 0 && row.decodeMsDigitalBazaar > 0 && row.encodeMs > 0)
    assert.is(row.decodedBytes * 8, row.entries)
  }
  assert.ok(figures.cachedLookupNs > 0 && figures.cachedCheckStatusUs > 0)
  assert.is(figures.targets.decode1MiEntriesUnder5ms, null)
})

test.run()
