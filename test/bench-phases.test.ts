// The OpenID4VCI bench's phases of a level (bench/oid4vci-phases.ts): the warm-up is the flows started
// before every wallet had its first answer, the steady state the flows after it that ended before the
// first wallet ran out of offers, the drain the rest; the steady rate counts the flows that ended within
// the steady window. Checked on made-up levels, no service.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type FlowRecord, levelPhases } from '../bench/oid4vci-phases.js'

const flow = (wallet: number, startMs: number, endMs: number): FlowRecord => ({
  wallet,
  startMs,
  endMs,
  flowMs: endMs - startMs,
  tokenMs: 1,
  nonceMs: 1,
  credentialMs: 1,
})

test('two wallets: the start burst, the steady flows, the drain', () => {
  const records = [
    // wallet 0 answered first, at 10 ms; wallet 1 at 40 ms: the warm-up ends at 40
    flow(0, 0, 10),
    flow(1, 0, 40),
    flow(0, 10, 30), // started before 40: in the warm-up
    flow(0, 30, 60), // so is this one
    flow(1, 40, 70),
    flow(0, 60, 90),
    flow(1, 70, 100),
    flow(0, 90, 130), // ends after the first wallet found no offer (at 110): drain
  ]
  const phases = levelPhases(records, 110)
  assert.equal(
    phases.warmUp.map((r) => [r.wallet, r.startMs]),
    [
      [0, 0],
      [1, 0],
      [0, 10],
      [0, 30],
    ],
  )
  assert.equal(
    phases.steady.map((r) => [r.wallet, r.startMs]),
    [
      [1, 40],
      [0, 60],
      [1, 70],
    ],
  )
  assert.equal(
    phases.drain.map((r) => [r.wallet, r.startMs]),
    [[0, 90]],
  )
  assert.is(phases.steadyFromMs, 40)
  assert.is(phases.steadyToMs, 110)
  // ended within (40, 110]: at 60, 70, 90, 100: 4 flows in 70 ms
  assert.is(phases.steadyFlowsPerSecond, (4 / 70) * 1000)
})

test('a wallet whose records come out of order: its first flow is its earliest', () => {
  const phases = levelPhases([flow(0, 20, 30), flow(0, 0, 20), flow(1, 0, 25), flow(1, 25, 50)], 60)
  assert.is(phases.steadyFromMs, 25)
  assert.equal(
    phases.warmUp.map((r) => r.startMs).sort((a, b) => a - b),
    [0, 0, 20],
  )
  assert.equal(
    phases.steady.map((r) => r.startMs),
    [25],
  )
})

test('a level too short for a steady state: everything is warm-up, the rate 0', () => {
  const phases = levelPhases([flow(0, 0, 10), flow(1, 0, 12), flow(2, 0, 15)], 10)
  assert.is(phases.warmUp.length, 3)
  assert.is(phases.steady.length, 0)
  assert.is(phases.drain.length, 0)
  assert.is(phases.steadyFlowsPerSecond, 0)
})

test.run()
