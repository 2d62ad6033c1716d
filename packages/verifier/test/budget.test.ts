// The budget itself (budget.ts): limits merged and checked, claims refused whole, requests and hosts
// counted, slots handed on in order, failures remembered, the deadline's reason carried to what waits.

import { thrownCode, thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Budget, budgetLimits, DEFAULT_BUDGET } from '../src/budget.js'

test('the defaults, overridden layer by layer; a bad limit is INVALID_BUDGET', () => {
  assert.equal(budgetLimits(), DEFAULT_BUDGET)
  assert.is(DEFAULT_BUDGET.deadlineMs, 10_000)
  const limits = budgetLimits({ maxHosts: 4, deadlineMs: 500 }, { deadlineMs: 300 }, undefined)
  assert.is(limits.maxHosts, 4)
  assert.is(limits.deadlineMs, 300)
  assert.is(limits.maxFetches, DEFAULT_BUDGET.maxFetches)
  assert.is(budgetLimits({ maxFetches: 0, maxEndorsements: 0 }).maxFetches, 0)
  for (const bad of [{ deadlineMs: 0 }, { maxParallelFetches: 0 }, { maxHosts: -1 }, { maxFetches: 2.5 }])
    assert.is(
      thrownCode(() => budgetLimits(bad)),
      'INVALID_BUDGET',
    )
})

test('a claim past the limit is refused whole, and the first limit reached is the overrun', () => {
  const budget = new Budget(budgetLimits({ maxEndorsements: 5, maxCredentials: 1 }))
  try {
    assert.is(budget.claim('endorsements', 3), undefined)
    const refused = budget.claim('endorsements', 3)
    assert.is(refused?.code, 'TOO_MANY_ENDORSEMENTS')
    assert.match(refused?.message ?? '', /3 already verified/)
    assert.is(budget.claim('endorsements', 2), undefined, 'the refused claim took nothing')
    assert.is(budget.claim('credentials', 2)?.code, 'TOO_MANY_CREDENTIALS')
    assert.is(budget.overrun?.code, 'TOO_MANY_ENDORSEMENTS')
  } finally {
    budget.close()
  }
})

test('requests and hosts are counted before each request; a refused one counts nothing', async () => {
  const budget = new Budget(budgetLimits({ maxHosts: 2, maxFetches: 3 }))
  try {
    const request = (href: string) =>
      budget.fetch(href, async (context) => context.beforeRequest?.(new URL(href)))
    await request('https://a.example/1')
    await request('https://b.example/1')
    assert.is(await thrownCodeAsync(() => request('https://c.example/1')), 'TOO_MANY_HOSTS')
    await request('https://a.example/2')
    assert.is(await thrownCodeAsync(() => request('https://b.example/2')), 'TOO_MANY_FETCHES')
    assert.is(budget.overrun?.code, 'TOO_MANY_HOSTS')
  } finally {
    budget.close()
  }
})

test('a failed fetch is remembered: the same key fails again at once, unfetched', async () => {
  const budget = new Budget()
  let runs = 0
  const failing = () =>
    budget.fetch('https://a.example/x', async () => {
      runs++
      throw new Error('refused')
    })
  try {
    await failing().catch(() => undefined)
    await failing().catch(() => undefined)
    assert.is(runs, 1)
    assert.is(
      await budget.fetch('https://a.example/y', async () => 'other keys are fetched'),
      'other keys are fetched',
    )
  } finally {
    budget.close()
  }
})

test('slots: at most maxParallelFetches run, the next starts as one ends', async () => {
  const budget = new Budget(budgetLimits({ maxParallelFetches: 2 }))
  let running = 0
  let most = 0
  const releases: (() => void)[] = []
  const started: Promise<void>[] = []
  try {
    for (let i = 0; i < 5; i++) {
      started.push(
        budget.fetch(`https://a.example/${i}`, async () => {
          running++
          most = Math.max(most, running)
          await new Promise<void>((resolve) => releases.push(resolve))
          running--
        }),
      )
    }
    // release in turn, letting each next fetch start
    for (let i = 0; i < 5; i++) {
      while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve))
      releases.shift()?.()
    }
    await Promise.all(started)
    assert.is(most, 2)
  } finally {
    budget.close()
  }
})

test('at the deadline: what runs is aborted with DEADLINE_EXCEEDED, what waits is refused, and nothing starts', async () => {
  const budget = new Budget(budgetLimits({ deadlineMs: 20, maxParallelFetches: 1 }))
  try {
    const running = budget.fetch('https://a.example/1', (context) => {
      const signal = context.signal as AbortSignal
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
    })
    const waiting = budget.fetch('https://a.example/2', async () => 'never')
    assert.is(await thrownCodeAsync(() => running), 'DEADLINE_EXCEEDED')
    assert.is(await thrownCodeAsync(() => waiting), 'DEADLINE_EXCEEDED')
    assert.is(
      await thrownCodeAsync(() => budget.fetch('https://a.example/3', async () => 'late')),
      'DEADLINE_EXCEEDED',
    )
    assert.ok(budget.expired)
    assert.is(budget.pastDeadline()?.code, 'DEADLINE_EXCEEDED')
    assert.is(budget.overrun?.code, 'DEADLINE_EXCEEDED')
  } finally {
    budget.close()
  }
})

test('a verification that only computes keeps no timer, and its deadline is read from the clock', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
  // The elapsed-time clock the budget reads (performance.now), held still and moved by hand: the deadline is
  // not reached before the clock says so, however slow the machine, and reached as soon as it does.
  const realNow = performance.now
  let elapsed = 1_000_000
  performance.now = () => elapsed
  const before = timers()
  const budget = new Budget(budgetLimits({ deadlineMs: 5 }))
  try {
    // the context handed on to steps that may fetch (the trust check) is not a fetch yet
    assert.type(budget.context.beforeRequest, 'function')
    assert.is(timers(), before)
    elapsed += 4
    assert.not.ok(budget.expired)
    // no turn of the event loop: only the clock can tell that the deadline passed
    elapsed += 1
    assert.ok(budget.expired)
    assert.is(budget.pastDeadline()?.code, 'DEADLINE_EXCEEDED')
    assert.is(budget.overrun?.code, 'DEADLINE_EXCEEDED')
    assert.is(
      thrownCode(() => budget.checkDeadline()),
      'DEADLINE_EXCEEDED',
    )
    // a fetch asked for after the deadline is refused unrun, its signal already aborted
    assert.ok(budget.context.signal?.aborted)
    assert.is(timers(), before)
  } finally {
    budget.close()
    performance.now = realNow
  }
})

test('a fetch arms the deadline: its signal aborts when the time is up', async () => {
  const budget = new Budget(budgetLimits({ deadlineMs: 10 }))
  try {
    const reason = await budget.fetch('https://a.example/slow', (context) => {
      const signal = context.signal as AbortSignal
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)))
    })
    assert.is((reason as { code?: string }).code, 'DEADLINE_EXCEEDED')
    assert.ok(budget.expired)
  } finally {
    budget.close()
  }
})

test('a closed budget never expires', async () => {
  const budget = new Budget(budgetLimits({ deadlineMs: 5 }))
  budget.close()
  await new Promise((resolve) => setTimeout(resolve, 20))
  assert.not.ok(budget.expired)
  assert.is(budget.overrun, undefined)
})

test.run()
