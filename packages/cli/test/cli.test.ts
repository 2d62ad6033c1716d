// The command line itself: help for every command, usage errors, nothing heavy loaded to print help,
// a closed pipe ending quietly, and values from input escaped before they reach a terminal.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { jsonText, terminalText } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { COMMAND_USAGE, USAGE } from '../src/usage.js'
import { run } from './run.js'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

test('--help, -h and help: the usage on standard output, exit 0, ending with a newline', async () => {
  for (const argv of [['--help'], ['-h'], ['help']]) {
    const { code, out, err } = await run(ROOT, ...argv)
    assert.is(code, 0)
    assert.is(out, USAGE)
    assert.is(err, '')
    assert.ok(out.endsWith('\n'))
  }
  const none = await run(ROOT)
  assert.is(none.code, 2)
  assert.is(none.err, USAGE)
  const unknown = await run(ROOT, 'frobnicate')
  assert.is(unknown.code, 2)
  assert.match(unknown.err, /^tessera: unknown command frobnicate\n/)
})

test('tessera <command> --help prints that command usage, wherever --help stands', async () => {
  for (const [name, usage] of Object.entries(COMMAND_USAGE)) {
    for (const argv of [
      [name, '--help'],
      [name, '--store', 'x', '-h'],
      ['help', name],
    ]) {
      const { code, out } = await run(ROOT, ...argv)
      assert.is(code, 0, argv.join(' '))
      assert.is(out, usage, argv.join(' '))
      assert.ok(out.startsWith(`usage: tessera ${name}`))
      assert.ok(out.endsWith('\n'))
    }
  }
  // after "--" it is an argument, not a request for help
  const { code, err } = await run(ROOT, 'validate', '--', '--help')
  assert.is(code, 2)
  assert.match(err, /FILE_NOT_READABLE/)
})

test('a usage error names the problem, then the command usage; an unknown option too', async () => {
  const missing = await run(ROOT, 'issue', '--store', 'x')
  assert.is(missing.code, 2)
  assert.match(
    missing.err,
    /^tessera issue: USAGE: give --store, --template and --out\n\nusage: tessera issue/,
  )
  const unknown = await run(ROOT, 'ledger', '--stor', 'x')
  assert.is(unknown.code, 2)
  assert.match(unknown.err, /^tessera ledger: USAGE: Unknown option '--stor'/)
  assert.ok(unknown.err.endsWith(COMMAND_USAGE.ledger))
})

/** The local modules a source file imports statically, and its other static imports. */
function staticImports(file: string): { local: string[]; other: string[] } {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)].map(
    (m) => m[1] as string,
  )
  return {
    local: specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts'))),
    other: specifiers.filter((s) => !s.startsWith('.')),
  }
}

test('help loads no library: what bin.ts and main.ts import statically is Node and small local modules', () => {
  const seen = new Set<string>()
  const queue = [join(SRC, 'bin.ts')]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    const { local, other } = staticImports(file)
    for (const specifier of other) assert.ok(specifier.startsWith('node:'), `${file} imports ${specifier}`)
    queue.push(...local)
  }
  assert.equal([...seen].map((f) => f.slice(SRC.length)).sort(), ['bin.ts', 'io.ts', 'main.ts', 'usage.ts'])
})

test('a reader that closes the pipe early: the command ends quietly with exit 0, no EPIPE trace', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(SRC, 'bin.ts'), '--help'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // close our end before the command writes anything
  child.stdout.destroy()
  let err = ''
  child.stderr.on('data', (chunk) => {
    err += chunk
  })
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)))
  assert.is(code, 0)
  assert.is(err, '')
})

test('what the CLI prints of its input (terminalText): controls, escapes, C1, bidi controls and separators become visible escapes', () => {
  assert.is(terminalText('M-1'), 'M-1')
  assert.is(terminalText('Łukasz 李小龍 محمد'), 'Łukasz 李小龍 محمد')
  assert.is(terminalText('\u001b[2J\u001b[Hissued 3000'), '\\u001B[2J\\u001B[Hissued 3000')
  assert.is(terminalText('a\r\nb\tc'), 'a\\u000D\\u000Ab\\u0009c')
  assert.is(terminalText('x\u0085y\u009bz\u007f'), 'x\\u0085y\\u009Bz\\u007F')
  assert.is(
    terminalText('gnp\u202eexe \u2066i\u2069 \u200f \u061c \u2028'),
    'gnp\\u202Eexe \\u2066i\\u2069 \\u200F \\u061C \\u2028',
  )
  const json = jsonText({ name: 'a\u202eb\u0085\u001b', n: 1 }, 2)
  assert.equal(JSON.parse(json), { name: 'a\u202eb\u0085\u001b', n: 1 })
  for (const hidden of ['\u202e', '\u0085', '\u001b']) assert.not.ok(json.includes(hidden))
  assert.ok(json.includes('\n  "n": 1'))
})

test.run()
