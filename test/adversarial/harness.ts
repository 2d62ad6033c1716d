/**
 * The hostile-input corpus: each family is a table of named cases, each case run under a guard that
 * fails it when it throws anything but an assertion, spends more than 2 s of CPU (user + system time
 * of the process: what a case costs, whatever else the machine is doing), has not settled after 15 s
 * of wall clock (a case that never ends), or leaves the process holding more than 256 MiB more than
 * before it ran. CPU time rather than wall time bounds the work: on a loaded machine the wall clock
 * of an honest 300 ms case can pass 2 s, and a bound that fails with the load is no bound.
 */
import { isTesseraError } from '@tessera/schema'
import type { Check, VerificationResult } from '@tessera/verifier'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'

export const CASE_TIME_LIMIT_MS = 2_000
export const CASE_HANG_LIMIT_MS = 15_000
export const CASE_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024

export interface Case {
  /** Unique within its family: what the case attacks. */
  name: string
  /** Any value it returns is ignored; a throw or a rejection fails the case. */
  run: () => unknown
}

function held(): number {
  const { heapUsed, external, arrayBuffers } = process.memoryUsage()
  return heapUsed + Math.max(external, arrayBuffers)
}

export interface GuardLimits {
  cpuMs: number
  hangMs: number
  memoryBytes: number
}

const LIMITS: GuardLimits = {
  cpuMs: CASE_TIME_LIMIT_MS,
  hangMs: CASE_HANG_LIMIT_MS,
  memoryBytes: CASE_MEMORY_LIMIT_BYTES,
}

/** Runs one case under the time and memory guard (its own test gives it smaller limits). */
export async function guarded(testCase: Case, limits: GuardLimits = LIMITS): Promise<void> {
  const before = held()
  const started = process.cpuUsage()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${testCase.name}: still running after ${limits.hangMs} ms`)),
      limits.hangMs,
    )
  })
  try {
    await Promise.race([Promise.resolve().then(testCase.run), timeout])
  } catch (error) {
    // uvu cannot print some libraries' errors (jsonld's carry event objects): hand it plain text.
    if (error instanceof assert.Assertion) throw error
    throw new Error(
      `${testCase.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
  } finally {
    clearTimeout(timer)
  }
  const spent = process.cpuUsage(started)
  const cpuMs = (spent.user + spent.system) / 1_000
  assert.ok(
    cpuMs <= limits.cpuMs,
    `${testCase.name}: spent ${Math.round(cpuMs)} ms of CPU, over ${limits.cpuMs}`,
  )
  const grown = held() - before
  assert.ok(
    grown <= limits.memoryBytes,
    `${testCase.name}: holds ${Math.round(grown / 2 ** 20)} MiB more than before`,
  )
}

/**
 * Registers a family's cases as one uvu suite (names must be unique) and runs it. `setup` makes the
 * fixtures (signing, servers) outside the per-case guard; `teardown` releases them.
 */
export function family(
  name: string,
  cases: readonly Case[],
  hooks: { setup?: () => Promise<void>; teardown?: () => Promise<void> } = {},
): void {
  const seen = new Set<string>()
  for (const c of cases) {
    if (seen.has(c.name)) throw new Error(`${name}: two cases are named ${JSON.stringify(c.name)}`)
    seen.add(c.name)
  }
  const s = suite(name)
  if (hooks.setup !== undefined) s.before(hooks.setup)
  if (hooks.teardown !== undefined) s.after(hooks.teardown)
  for (const c of cases) s(c.name, () => guarded(c))
  s.run()
}

/** The failing check `id` of a result that must not verify; asserts its code. */
export function expectFailure(result: VerificationResult, id: Check['id'], code: string): Check {
  assert.is(result.verified, false, 'verified')
  const found = result.checks.find((c) => c.id === id)
  assert.ok(found, `no ${id} check among ${result.checks.map((c) => c.id).join(', ')}`)
  assert.is(found.ok, false, `${id} passed: ${found.message}`)
  assert.is(found.code, code, `${id}: ${found.message}`)
  return found
}

/** The code of the TesseraError that `fn` throws (sync or async); anything else fails the case. */
export async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn()
  } catch (error) {
    if (isTesseraError(error)) return error.code
    throw error
  }
  throw new Error('expected a TesseraError, nothing was thrown')
}

/** Base64url of a value's JSON (or of a string as is). */
export const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
