// The TypeScript examples of the READMEs run as written, and print what their comments say.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { withoutColour } from './child-env.js'
import { expectedOutput, runnableExamples } from './markdown-blocks.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'))

const readmes = [
  'README.md',
  ...readdirSync(`${ROOT}packages`)
    .map((p) => `packages/${p}/README.md`)
    .filter((r) => existsSync(ROOT + r)),
]

for (const readme of readmes) {
  const text = readFileSync(ROOT + readme, 'utf8')
  runnableExamples(text).forEach(({ code, line }) => {
    test(`${readme} example at line ${line} runs and prints what it says`, () => {
      const expected = expectedOutput(code)
      const run = spawnSync(process.execPath, [TSX, '--input-type=module', '--eval', code], {
        cwd: ROOT,
        encoding: 'utf8',
        // the printed values compared as text: no colours, whatever the environment asks for
        env: withoutColour(process.env),
      })
      assert.is(run.status, 0, run.stderr)
      assert.equal(run.stdout.trim().split('\n'), expected)
    })
  })
}

test('the READMEs hold examples to run', () => {
  assert.ok(readmes.filter((r) => runnableExamples(readFileSync(ROOT + r, 'utf8')).length > 0).length >= 2)
})

test.run()
