// The validators compiled ahead of time (src/generated/validators.ts) are those of the bundled schema
// and of scripts/compile-validators.ts as they stand: regenerating them changes nothing.
import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileValidators } from '../scripts/compile-validators.js'

test('src/generated/validators.ts is up to date with the schema and the compiler', () => {
  const current = readFileSync(new URL('../src/generated/validators.ts', import.meta.url), 'utf8')
  assert.ok(
    current === compileValidators(),
    'out of date: run tsx packages/schema/scripts/compile-validators.ts',
  )
})

test.run()
