// The TypeScript examples of the READMEs run as written, and print what their comments say.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'))

const readmes = [
  'README.md',
  ...readdirSync(`${ROOT}packages`)
    .map((p) => `packages/${p}/README.md`)
    .filter((r) => existsSync(ROOT + r)),
]

/** `env` with colour turned off: FORCE_COLOR (which some CI systems set) overrides NO_COLOR in Node. */
function withoutColour(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _, ...rest } = env
  return { ...rest, NO_COLOR: '1' }
}

for (const readme of readmes) {
  const text = readFileSync(ROOT + readme, 'utf8')
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  blocks.forEach((code, i) => {
    test(`${readme} example ${i + 1} runs and prints what it says`, () => {
      const expected = [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((m) => m[1])
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
  assert.ok(readmes.filter((r) => readFileSync(ROOT + r, 'utf8').includes('```ts')).length >= 2)
})

test.run()
