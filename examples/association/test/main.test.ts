import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { validateCredential } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const OUT = fileURLToPath(new URL('../out/unsigned/', import.meta.url))

test('the example writes one valid credential per award, with no email in clear', () => {
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN], {
    encoding: 'utf8',
  })
  assert.is(run.status, 0, run.stderr)
  assert.match(run.stdout, /membership-2026 +3 credentials/)
  const files = readdirSync(OUT).sort()
  assert.equal(files, [
    'M-0001-certified-practitioner.json',
    'M-0001-conference-2026.json',
    'M-0001-membership-2026.json',
    'M-0002-membership-2026.json',
    'M-0003-conference-2026.json',
    'M-0003-membership-2026.json',
  ])
  for (const file of files) {
    const text = readFileSync(OUT + file, 'utf8')
    assert.ok(validateCredential(JSON.parse(text)).valid, file)
    assert.not.match(text, /@example\.org/)
  }
})

test.run()
