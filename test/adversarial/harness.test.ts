// The guard every hostile case runs under must itself catch what it claims to: a case that burns CPU,
// one that never settles, one that keeps memory; and it must not fail a case that only waits (on a
// loaded machine, waiting is what every honest case does).
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type GuardLimits, guarded } from './harness.js'

const SMALL: GuardLimits = { cpuMs: 150, hangMs: 600, memoryBytes: 64 * 1024 * 1024 }

async function failureOf(run: () => unknown, limits: GuardLimits = SMALL): Promise<string> {
  try {
    await guarded({ name: 'probe', run }, limits)
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  return 'passed'
}

function spin(ms: number): void {
  const cpuAt = process.cpuUsage()
  while (true) {
    const spent = process.cpuUsage(cpuAt)
    if ((spent.user + spent.system) / 1_000 >= ms) return
  }
}

test('a case that spends more CPU than the limit fails, naming the CPU time', async () => {
  assert.match(await failureOf(() => spin(300)), /probe: spent \d+ ms of CPU, over 150/)
})

test('a case that waits longer than the CPU limit but uses no CPU passes', async () => {
  assert.is(await failureOf(() => new Promise((resolve) => setTimeout(resolve, 300))), 'passed')
})

test('a case that never settles fails at the hang limit', async () => {
  assert.match(await failureOf(() => new Promise(() => {})), /probe: still running after 600 ms/)
})

test('a case that keeps memory fails, naming how much', async () => {
  const kept: Uint8Array[] = []
  // The tests before this one in the same process leave garbage that a collection during the probe would
  // free, hiding its growth: collect it first (V8's gc, exposed for this), and keep three times the limit.
  setFlagsFromString('--expose-gc')
  const collect = runInNewContext('gc') as () => void
  collect()
  // Touching 192 MiB costs CPU of its own (page faults): this probe's CPU limit leaves room for it.
  const message = await failureOf(
    () => {
      for (let i = 0; i < 192; i++) kept.push(new Uint8Array(1024 * 1024).fill(1))
    },
    { ...SMALL, cpuMs: 10_000 },
  )
  assert.match(message, /probe: holds \d+ MiB more than before/, message)
  assert.is(kept.length, 192)
})

test('a case that throws something other than an assertion fails with its message', async () => {
  assert.match(
    await failureOf(() => {
      throw new Error('boom')
    }),
    /probe: Error: boom/,
  )
})

test.run()
