// The README's code runs as written: its TypeScript prints what its comments say, and its commands
// (`npx --yes pnpm@10.34.9 example -- ...`, as pnpm hands them to the script) run in order and succeed,
// here on a two-member spreadsheet at a fixed date.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runAt, sheetFile, tempFolders } from './run-helpers.js'

const HERE = fileURLToPath(new URL('..', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'))
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const EXAMPLE = 'npx --yes pnpm@10.34.9 example'

const typescript = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)
const commands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => (m[1] as string).split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith(EXAMPLE))

test('the README holds code to run', () => {
  assert.ok(typescript.length >= 1)
  assert.ok(commands.length >= 5, commands.join('\n'))
})

typescript.forEach((code, i) => {
  test(`example ${i + 1} runs and prints what it says`, () => {
    const expected = [...code.matchAll(/console\.log\(.*\)\s*\/\/ (.*)$/gm)].map((m) => m[1])
    const run = spawnSync(process.execPath, [TSX, '--input-type=module', '--eval', code], {
      cwd: HERE,
      encoding: 'utf8',
    })
    assert.is(run.status, 0, run.stderr)
    assert.equal(run.stdout.trim().split('\n'), expected)
  })
})

test('the commands run in order, each as written', async () => {
  const folders = tempFolders('association-readme')
  try {
    const members = sheetFile(folders.root, [
      'M-0042,Isabella Rossi,isabella.rossi@example.it,2024-02-29,Student,,,yes,,,',
      'M-0007,Kwame Mensah,kwame.mensah@example.com,2014-11-18,Full member,,,,Apprentice mentoring,,',
    ])
    for (const command of commands) {
      const argv = command.slice(EXAMPLE.length).trim().split(/\s+/).filter(Boolean)
      const run = await runAt('2027-11-20T10:00:00Z', argv, { folders, members })
      assert.is(run.code, 0, `${command}\n${run.text}`)
    }
  } finally {
    folders.remove()
  }
})

test.run()
