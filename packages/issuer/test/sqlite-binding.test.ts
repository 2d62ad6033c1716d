// Issue #14: with pnpm 10, better-sqlite3's build script is skipped unless allowed, and the store said
// "STORE_IN_USE ... Could not locate the bindings file", sending users looking for another process. A
// native binding that is missing, or built for another Node.js, is SQLITE_BINDING_MISSING with the fix.
// Each case runs in a child process whose `better-sqlite3` is a copy of the real package in that state.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const root = mkdtempSync(join(tmpdir(), 'tessera-binding-'))
const child = fileURLToPath(new URL('./sqlite-binding-child.ts', import.meta.url))
const require = createRequire(import.meta.url)
const real = dirname(dirname(realpathSync(require.resolve('better-sqlite3'))))

/** A copy of better-sqlite3 (its JavaScript, not its build) in `<root>/<name>/node_modules`. */
function copyWithoutBuild(name: string): string {
  const modules = join(root, name, 'node_modules')
  const copy = join(modules, 'better-sqlite3')
  mkdirSync(copy, { recursive: true })
  cpSync(join(real, 'lib'), join(copy, 'lib'), { recursive: true })
  cpSync(join(real, 'package.json'), join(copy, 'package.json'))
  // `bindings`, which finds the .node file, as pnpm links it beside the package.
  symlinkSync(realpathSync(join(real, '..', 'bindings')), join(modules, 'bindings'))
  return copy
}

function open(copy: string): { code?: string; message: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, copy, join(root, 'store')], {
    encoding: 'utf8',
  })
  assert.is(run.status, 0, run.stderr)
  return JSON.parse(run.stdout) as { code?: string; message: string }
}

function assertTellsTheFix(message: string): void {
  assert.match(message, /pnpm approve-builds/)
  assert.match(message, /onlyBuiltDependencies/)
  assert.match(message, /npm rebuild better-sqlite3/)
}

test('the build script never ran (pnpm 10): SQLITE_BINDING_MISSING with the fix, not STORE_IN_USE', () => {
  const { code, message } = open(copyWithoutBuild('unbuilt'))
  assert.is(code, 'SQLITE_BINDING_MISSING')
  assert.match(message, /Could not locate the bindings file/)
  assertTellsTheFix(message)
})

test('a binding that does not load (another platform, another Node.js): SQLITE_BINDING_MISSING', () => {
  const copy = copyWithoutBuild('broken')
  mkdirSync(join(copy, 'build', 'Release'), { recursive: true })
  writeFileSync(join(copy, 'build', 'Release', 'better_sqlite3.node'), 'not a shared object')
  const { code, message } = open(copy)
  assert.is(code, 'SQLITE_BINDING_MISSING')
  assertTellsTheFix(message)
})

test.after(() => rmSync(root, { recursive: true, force: true }))

test.run()
