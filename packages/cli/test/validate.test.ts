import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OB30 } from '@tessera/testkit/fixtures'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'))
const simple = readFileSync(`${OB30}simple.json`, 'utf8')

const run = (...argv: string[]) => runIn(dir, ...argv)

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

test('a valid credential: exit 0', async () => {
  const { code, out } = await run('validate', `${OB30}simple.json`)
  assert.is(code, 0)
  assert.match(out, /valid achievement credential \(json, VCDM 2\.0\)/)
})

test('an invalid credential: exit 1, each error with its path and code', async () => {
  const { code, out } = await run('validate', `${OB30}simple-err-issuer.json`)
  assert.is(code, 1)
  assert.match(out, /\/issuer: issuer is required \[SCHEMA_REQUIRED\]/)
})

test('--json prints the result object', async () => {
  const { code, out } = await run('validate', `${OB30}simple-err-type.json`, '--json')
  assert.is(code, 1)
  const result = JSON.parse(out)
  assert.is(result.valid, false)
  assert.ok(
    result.errors.some(
      (e: { path: string; code: string }) => e.path === '/type' && e.code === 'SCHEMA_CONTAINS',
    ),
  )
  assert.is(result.format, 'json')
})

test('a compact VC-JWT is read through its payload (vc claim form)', async () => {
  const { code, out } = await run('validate', `${OB30}simple.jwt`, '--json')
  assert.is(code, 1)
  assert.is(JSON.parse(out).format, 'jwt')
  const payloadForm = file('payload.jwt', `${b64({ alg: 'EdDSA' })}.${b64(JSON.parse(simple))}.c2ln`)
  assert.is((await run('validate', payloadForm)).code, 0)
})

const UNUSABLE: [string, string | Uint8Array, string][] = [
  ['not JSON', '{"@context": [', 'MALFORMED_JSON'],
  ['JSON that is not an object', '[1, 2, 3]', 'NOT_AN_OBJECT'],
  ['a JSON string', '"a credential"', 'NOT_AN_OBJECT'],
  ['10,000 levels of nesting', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'JSON_TOO_DEEP'],
  ['a __proto__ key', '{"__proto__": {"isAdmin": true}}', 'UNSAFE_KEY'],
  ['a constructor key', '{"constructor": {"prototype": {"isAdmin": true}}}', 'UNSAFE_KEY'],
  [
    'invalid UTF-8',
    new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    'INVALID_UTF8',
  ],
  ['a JWT with two segments', `${b64({ alg: 'EdDSA' })}.${b64({ vc: {} })}`, 'MALFORMED_JWT'],
  ['a JWT with four segments', `${b64({ alg: 'EdDSA' })}.${b64({ vc: {} })}.c2ln.c2ln`, 'MALFORMED_JWT'],
  ['an empty file', '', 'INPUT_EMPTY'],
]

for (const [name, content, errorCode] of UNUSABLE) {
  test(`${name}: exit 2 with ${errorCode}`, async () => {
    const path = file(`${errorCode}-${name.length}.txt`, content)
    const { code, err } = await run('validate', path)
    assert.is(code, 2)
    assert.match(err, new RegExp(`^tessera validate: ${errorCode}: `))
    const json = await run('validate', path, '--json')
    assert.is(json.code, 2)
    assert.is(JSON.parse(json.out).error.code, errorCode)
  })
}

test('a 20 MB file: exit 2 with INPUT_TOO_LARGE, refused before it is read', async () => {
  const path = join(dir, 'huge.json')
  writeFileSync(path, '{')
  truncateSync(path, 20 * 1024 * 1024)
  const { code, err } = await run('validate', path)
  assert.is(code, 2)
  assert.match(err, /INPUT_TOO_LARGE/)
})

test('a missing file, no file, an unknown option or command: exit 2', async () => {
  assert.match((await run('validate', join(dir, 'nope.json'))).err, /FILE_NOT_READABLE/)
  assert.is((await run('validate')).code, 2)
  const option = await run('validate', `${OB30}simple.json`, '--bogus')
  assert.is(option.code, 2)
  assert.match(option.err, /usage: tessera/)
  assert.is((await run('frobnicate')).code, 2)
  assert.is((await run('--help')).code, 0)
})

test('the real command: exit codes, standard input, and never a stack trace', () => {
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), BIN, ...args], {
      encoding: 'utf8',
      input,
      cwd: dir,
    })
  const ok = cli(['validate', '-'], simple)
  assert.is(ok.status, 0, ok.stderr)
  const bad = cli(['validate', file('bad.json', '{"__proto__": 1}')])
  assert.is(bad.status, 2)
  assert.not.match(bad.stderr, /\n\s+at /)
  assert.is(cli(['validate', `${OB30}simple-err-issuer.json`]).status, 1)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
