#!/usr/bin/env node
// The whole test command: lint, type check, build (declarations), then every uvu suite, one process
// per test folder. Ends with one line "N passed, N failed" over everything, and exits 1 on any failure.
// The suites get a throwaway PostgreSQL (scripts/postgres.mjs) as TESSERA_TEST_DATABASE_URL, stopped
// and deleted at the end, on failure and on Ctrl-C alike.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startPostgres } from './postgres.mjs'

const root = new URL('..', import.meta.url).pathname
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
let passed = 0
let failed = 0
/** The child running now, and the throwaway database: both ended on Ctrl-C. */
let current
let database

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    current?.kill('SIGTERM')
    database?.stop()
    process.stdout.write(`\n${signal}: stopped\n`)
    process.exit(code)
  })
}

/** Runs a command to its end (asynchronously, so that Ctrl-C is handled at once); output after it ends. */
function run(label, command, args) {
  process.stdout.write(`\n=== ${label}\n`)
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env })
    current = child
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (data) => {
      stdout += data
    })
    child.stderr.setEncoding('utf8').on('data', (data) => {
      stderr += data
    })
    child.on('error', (error) => {
      stderr += `${error.message}\n`
    })
    child.on('close', (status, signal) => {
      current = undefined
      process.stdout.write(stdout)
      process.stderr.write(stderr)
      resolve({ status, signal, stdout, stderr })
    })
  })
}

async function check(label, command, args) {
  const ok = (await run(label, command, args)).status === 0
  ok ? passed++ : failed++
  process.stdout.write(`${label}: ${ok ? 'ok' : 'FAILED'}\n`)
}

const bin = (name) => join(root, 'node_modules', '.bin', name)

await check('lint (biome)', bin('biome'), ['check', '--error-on-warnings', '.'])
await check('types (tsc)', bin('tsc'), ['-p', 'tsconfig.json'])
// Every published package builds; the private test kit (@tessera/testkit) is never built or packed.
for (const pkg of readdirSync(join(root, 'packages'))) {
  const config = join('packages', pkg, 'tsconfig.build.json')
  const manifest = join(root, 'packages', pkg, 'package.json')
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).private === true) continue
  if (existsSync(join(root, config))) await check(`build @tessera/${pkg}`, bin('tsc'), ['-p', config])
}

const folders = [
  ...readdirSync(join(root, 'packages')).map((p) => join('packages', p, 'test')),
  ...readdirSync(join(root, 'examples')).map((p) => join('examples', p, 'test')),
  'test',
].filter((dir) => existsSync(join(root, dir)))

process.stdout.write('\n=== PostgreSQL for the tests\n')
if (env.TESSERA_TEST_DATABASE_URL) {
  process.stdout.write('TESSERA_TEST_DATABASE_URL is set: using that server\n')
} else {
  try {
    database = await startPostgres()
    env.TESSERA_TEST_DATABASE_URL = database.url
    process.stdout.write(`a throwaway cluster at ${database.url}\n`)
  } catch (error) {
    process.stdout.write(
      `PostgreSQL NOT STARTED (${error.message}): the PostgreSQL tests fail under CI and are skipped otherwise\n`,
    )
  }
}

try {
  await suites()
} finally {
  database?.stop()
}

async function suites() {
  for (const dir of folders) {
    const result = await run(`tests: ${dir}`, process.execPath, [
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
}

process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exitCode = failed === 0 ? 0 : 1
