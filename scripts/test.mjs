#!/usr/bin/env node
// The whole test command: lint, type check, build (declarations), then every uvu suite, one process
// per test folder. Ends with one line "N passed, N failed" over everything, and exits 1 on any failure.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
let passed = 0
let failed = 0

function run(label, command, args) {
  process.stdout.write(`\n=== ${label}\n`)
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  process.stdout.write(result.stdout ?? '')
  process.stderr.write(result.stderr ?? '')
  return result
}

function check(label, command, args) {
  const ok = run(label, command, args).status === 0
  ok ? passed++ : failed++
  process.stdout.write(`${label}: ${ok ? 'ok' : 'FAILED'}\n`)
}

const bin = (name) => join(root, 'node_modules', '.bin', name)

check('lint (biome)', bin('biome'), ['check', '--error-on-warnings', '.'])
check('types (tsc)', bin('tsc'), ['-p', 'tsconfig.json'])
for (const pkg of readdirSync(join(root, 'packages'))) {
  const config = join('packages', pkg, 'tsconfig.build.json')
  if (existsSync(join(root, config))) check(`build @tessera/${pkg}`, bin('tsc'), ['-p', config])
}

const folders = [
  ...readdirSync(join(root, 'packages')).map((p) => join('packages', p, 'test')),
  ...readdirSync(join(root, 'examples')).map((p) => join('examples', p, 'test')),
  'test',
].filter((dir) => existsSync(join(root, dir)))

for (const dir of folders) {
  const result = run(`tests: ${dir}`, process.execPath, [
    '--import',
    'tsx',
    join(root, 'node_modules', 'uvu', 'bin.js'),
    dir,
    '\\.test\\.ts$',
    '--color',
    'false',
  ])
  const output = result.stdout ?? ''
  const number = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(output)?.[1] ?? Number.NaN)
  const [total, ok, skipped] = [number('Total'), number('Passed'), number('Skipped')]
  if (Number.isNaN(total)) {
    // The suite crashed before uvu could count: one failure for the folder.
    failed++
    process.stdout.write(`${dir}: crashed (exit ${result.status})\n`)
    continue
  }
  passed += ok
  failed += total - ok - skipped
  if (result.status !== 0 && total === ok + skipped) failed++
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exitCode = failed === 0 ? 0 : 1
