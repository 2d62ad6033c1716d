/**
 * The phases of one level of the OpenID4VCI bench (bench/oid4vci.ts), so that its latencies are those of
 * the steady state, as load tools report them, with the level's start and end reported beside them.
 * A level starts with every wallet sending its token request at once: a service on one core answers them
 * one after another, so the last waits for all the others, and that burst alone (one flow a wallet, 6% of
 * a 1,000-flow level at 64 wallets) filled the level's p99. A level ends as wallets find no offer left and
 * stop one by one, the last flows running with fewer beside them. So:
 * - warm-up: the flows started before every wallet had finished its first flow (the burst and the flows
 *   queued behind it);
 * - steady: the flows started after that and finished while every wallet was still at work (before the
 *   first wallet found no offer left);
 * - drain: the rest.
 * The steady state's rate is the flows finished within its window over the window's length: what
 * Little's law relates to its mean latency (wallets / rate).
 */
import type { FlowTiming } from './oid4vci-wallet.js'

/** One flow of a level: its latencies, its wallet, and when it started and ended (ms since the level started). */
export interface FlowRecord extends FlowTiming {
  wallet: number
  startMs: number
  endMs: number
}

export interface LevelPhases {
  warmUp: FlowRecord[]
  steady: FlowRecord[]
  drain: FlowRecord[]
  /** The steady window: from the last wallet's first answer to the first wallet's running out of offers. */
  steadyFromMs: number
  steadyToMs: number
  /** Flows finished within the steady window, per second (0 when it is empty). */
  steadyFlowsPerSecond: number
}

/**
 * Splits a level's flows into its phases. `drainFromMs` is when the first wallet found no offer left (the
 * level's end when none did). A level too short for a steady state (fewer flows than about two a wallet)
 * has an empty `steady`.
 */
export function levelPhases(records: readonly FlowRecord[], drainFromMs: number): LevelPhases {
  const first = new Map<number, FlowRecord>()
  for (const r of records) {
    const seen = first.get(r.wallet)
    if (seen === undefined || r.startMs < seen.startMs) first.set(r.wallet, r)
  }
  let steadyFromMs = 0
  for (const r of first.values()) steadyFromMs = Math.max(steadyFromMs, r.endMs)
  const steadyToMs = Math.max(steadyFromMs, drainFromMs)
  const warmUp: FlowRecord[] = []
  const steady: FlowRecord[] = []
  const drain: FlowRecord[] = []
  let finishedInWindow = 0
  for (const r of records) {
    if (r.startMs < steadyFromMs) warmUp.push(r)
    else if (r.endMs <= steadyToMs) steady.push(r)
    else drain.push(r)
    if (r.endMs > steadyFromMs && r.endMs <= steadyToMs) finishedInWindow++
  }
  const window = steadyToMs - steadyFromMs
  return {
    warmUp,
    steady,
    drain,
    steadyFromMs,
    steadyToMs,
    steadyFlowsPerSecond: window > 0 && steady.length > 0 ? (finishedInWindow / window) * 1000 : 0,
  }
}
