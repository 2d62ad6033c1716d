/**
 * A verification's budget. Every verification (a credential with its endorsements, a presentation with
 * its credentials, a status list credential) runs under limits a caller may change: how many
 * endorsements and presented credentials are verified, how many hosts and requests it may reach, how
 * many requests are in flight at once, and one deadline for all of it. A limit reached is a failed check
 * with its own code, never a hang: at the deadline every request still open is aborted and the checks
 * that waited on them fail. A fetch that failed is remembered, so that asking again in the same
 * verification fails at once instead of fetching again.
 */
import { failed, type Outcome } from '@tessera/proofs'
import { TesseraError } from '@tessera/schema'
import type { FetchContext } from './fetch.js'

export type BudgetErrorCode =
  /** The verification ran out of time: what it still waited for was abandoned. */
  | 'DEADLINE_EXCEEDED'
  /** More embedded endorsements than one verification checks. */
  | 'TOO_MANY_ENDORSEMENTS'
  /** A presentation holds more credentials than one verification checks. */
  | 'TOO_MANY_CREDENTIALS'
  /** A CLR embeds more credentials than one verification checks. */
  | 'TOO_MANY_EMBEDDED_CREDENTIALS'
  /** More credentials named as evidence to fetch than one verification fetches. */
  | 'TOO_MANY_EVIDENCE'
  /** The verification would have fetched from more distinct hosts than allowed. */
  | 'TOO_MANY_HOSTS'
  /** The verification would have made more requests than allowed. */
  | 'TOO_MANY_FETCHES'
  /** A limit given by the caller is not a number of the right kind (thrown: a programming error). */
  | 'INVALID_BUDGET'

export interface VerificationBudget {
  /** Milliseconds the whole verification may take, whatever the network does. Default 10,000. */
  deadlineMs?: number
  /** Embedded endorsements verified, all levels together. Default 16. */
  maxEndorsements?: number
  /** Credentials of a presentation verified. Default 50. */
  maxCredentials?: number
  /** Credentials a CLR embeds verified (a member's whole record). Default 200. */
  maxEmbeddedCredentials?: number
  /** Credentials named as evidence (https ids) fetched and verified, all credentials together. Default 16. */
  maxEvidence?: number
  /** Distinct hosts fetched from, redirect targets included. Default 16. */
  maxHosts?: number
  /** Requests made, each redirect hop counting as one. Default 48. */
  maxFetches?: number
  /** Requests in flight at once. Default 6. */
  maxParallelFetches?: number
}

export type BudgetLimits = Readonly<Required<VerificationBudget>>

/**
 * A credential needs a few fetches (its issuer's DID document, a status list); an endorsement adds its
 * own issuer and list. These defaults leave room for a presentation of dozens of credentials from a
 * handful of issuers, and stop what no real credential needs: thousands of endorsements or hosts.
 */
export const DEFAULT_BUDGET: BudgetLimits = Object.freeze({
  deadlineMs: 10_000,
  maxEndorsements: 16,
  maxCredentials: 50,
  maxEmbeddedCredentials: 200,
  maxEvidence: 16,
  maxHosts: 16,
  maxFetches: 48,
  maxParallelFetches: 6,
})

/** The limits in force: the defaults, overridden by each layer in turn (the verifier's, then the call's). */
export function budgetLimits(...layers: (VerificationBudget | undefined)[]): BudgetLimits {
  const limits: Required<VerificationBudget> = { ...DEFAULT_BUDGET }
  for (const layer of layers) {
    for (const key of Object.keys(DEFAULT_BUDGET) as (keyof VerificationBudget)[]) {
      const value = layer?.[key]
      if (value === undefined) continue
      const least = key === 'deadlineMs' || key === 'maxParallelFetches' ? 1 : 0
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < least) {
        throw new TesseraError<BudgetErrorCode>(
          'INVALID_BUDGET',
          `budget.${key} must be a whole number of at least ${least}, not ${String(value)}`,
        )
      }
      limits[key] = value
    }
  }
  return Object.freeze(limits)
}

/** Each kind of claim: the limit that holds it, its code, and what it counts, in a message. */
const CLAIMS = {
  endorsements: ['maxEndorsements', 'TOO_MANY_ENDORSEMENTS', 'endorsements'],
  credentials: ['maxCredentials', 'TOO_MANY_CREDENTIALS', 'credentials'],
  embedded: ['maxEmbeddedCredentials', 'TOO_MANY_EMBEDDED_CREDENTIALS', 'embedded credentials'],
  evidence: ['maxEvidence', 'TOO_MANY_EVIDENCE', 'credentials named as evidence'],
} as const satisfies Record<string, readonly [keyof BudgetLimits, BudgetErrorCode, string]>

/**
 * The clock a deadline is measured on: elapsed time, never the date. `performance.now()` where the
 * platform has it (Node, browsers, React Native), else `Date.now()`.
 */
const elapsedMs: () => number =
  typeof globalThis.performance?.now === 'function' ? () => globalThis.performance.now() : () => Date.now()

/** A fetch context whose signal, and the deadline's timer behind it, are made when a fetch first reads it. */
class LazyFetchContext implements FetchContext {
  constructor(
    private readonly arm: () => AbortController,
    readonly beforeRequest: (url: URL) => void,
  ) {}

  get signal(): AbortSignal {
    return this.arm().signal
  }
}

/** One verification's spending against its limits. Create one per verification, and close it at the end. */
export class Budget {
  // The AbortController and the timer are made when something first waits (a fetch): a verification that
  // only computes (an issuer's check of what it signed) is held to its deadline by reading the clock,
  // without the two objects and a timer per verification (issue #17).
  private controller: AbortController | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly deadlineAt: number
  private closed = false
  private deadlineError: TesseraError<BudgetErrorCode> | undefined
  private first: TesseraError<BudgetErrorCode> | undefined
  private fetches = 0
  private readonly hosts = new Set<string>()
  private readonly claimed = { endorsements: 0, credentials: 0, embedded: 0, evidence: 0 }
  private active = 0
  private readonly waiting: { start: () => void; stop: (reason: unknown) => void }[] = []
  private readonly failures = new Map<string, { error: unknown }>()
  private fetchContext: FetchContext | undefined

  constructor(readonly limits: BudgetLimits = DEFAULT_BUDGET) {
    this.deadlineAt = elapsedMs() + limits.deadlineMs
  }

  /** What each fetch of this verification is run with: its signal (made when first read) aborts at the deadline. */
  get context(): FetchContext {
    this.fetchContext ??= new LazyFetchContext(
      () => this.armed(),
      (url) => this.request(url),
    )
    return this.fetchContext
  }

  /** The controller of this verification's fetches, made with the deadline's timer when first asked for. */
  private armed(): AbortController {
    if (this.controller === undefined) {
      this.controller = new AbortController()
      if (this.deadlineError !== undefined) this.controller.abort(this.deadlineError)
      else if (!this.closed)
        // kept referenced: a verification under way keeps its process alive until its deadline at most
        this.timer = setTimeout(() => this.expire(), Math.max(0, this.deadlineAt - elapsedMs()))
    }
    return this.controller
  }

  /** The verification is over: its deadline no longer runs. */
  close(): void {
    this.closed = true
    if (this.timer !== undefined) clearTimeout(this.timer)
  }

  /** The first limit this verification reached, if any. */
  get overrun(): TesseraError<BudgetErrorCode> | undefined {
    return this.first
  }

  /** Whether the deadline has passed (never, once the budget is closed). */
  get expired(): boolean {
    if (this.deadlineError !== undefined) return true
    if (this.closed || elapsedMs() < this.deadlineAt) return false
    this.expire()
    return true
  }

  private exceed(code: BudgetErrorCode, message: string): TesseraError<BudgetErrorCode> {
    const error = new TesseraError<BudgetErrorCode>(code, message)
    this.first ??= error
    return error
  }

  private expire(): void {
    if (this.deadlineError !== undefined) return
    const error = this.exceed(
      'DEADLINE_EXCEEDED',
      `the verification did not end within its deadline of ${this.limits.deadlineMs} ms`,
    )
    this.deadlineError = error
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.controller?.abort(error)
    for (const waiter of this.waiting.splice(0)) waiter.stop(error)
  }

  /** Throws DEADLINE_EXCEEDED once the deadline has passed. */
  checkDeadline(): void {
    if (this.expired) throw this.deadlineError
  }

  /** The failed outcome of a step that was not run because the deadline had passed, or undefined. */
  pastDeadline(): Outcome | undefined {
    const reason = this.expired ? this.deadlineError : undefined
    return reason === undefined ? undefined : failed(reason.code, reason.message)
  }

  /**
   * Claims `count` more endorsements, presented credentials, a CLR's embedded credentials or evidence to fetch for verifying. A claim past the limit is
   * refused whole (none of them is verified) and returned as a failed outcome; undefined means granted.
   */
  claim(kind: keyof typeof CLAIMS, count: number): Outcome | undefined {
    const [key, code, counted] = CLAIMS[kind]
    const limit = this.limits[key]
    if (this.claimed[kind] + count > limit) {
      const already = this.claimed[kind] === 0 ? '' : ` (${this.claimed[kind]} already verified)`
      const error = this.exceed(
        code,
        `${count} ${counted}${already}: one verification checks ${limit} at most; none of these was verified`,
      )
      return failed(error.code, error.message)
    }
    this.claimed[kind] += count
    return undefined
  }

  /** Counts a request (each redirect hop) and its host; throws when either limit is reached. */
  private request(url: URL): void {
    this.checkDeadline()
    const host = url.hostname
    if (!this.hosts.has(host) && this.hosts.size >= this.limits.maxHosts) {
      throw this.exceed(
        'TOO_MANY_HOSTS',
        `refusing to fetch from ${host}: this verification has reached its ${this.limits.maxHosts} hosts`,
      )
    }
    if (this.fetches >= this.limits.maxFetches) {
      throw this.exceed(
        'TOO_MANY_FETCHES',
        `refusing to fetch ${url.href}: this verification has made its ${this.limits.maxFetches} requests`,
      )
    }
    this.hosts.add(host)
    this.fetches++
  }

  private slot(): Promise<void> {
    if (this.active < this.limits.maxParallelFetches) {
      this.active++
      return Promise.resolve()
    }
    return new Promise<void>((start, stop) => this.waiting.push({ start, stop }))
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next === undefined) this.active--
    else next.start()
  }

  /**
   * Runs the fetch of `key` (its URL) within the budget: after the deadline it fails at once; it waits
   * for one of `maxParallelFetches` slots; `run` is handed the context that counts its requests and
   * stops it at the deadline. A failure is remembered: the same key fails again at once, unfetched.
   */
  async fetch<T>(key: string, run: (context: FetchContext) => Promise<T>): Promise<T> {
    const known = this.failures.get(key)
    if (known !== undefined) throw known.error
    try {
      this.checkDeadline()
      this.armed()
      await this.slot()
      try {
        return await run(this.context)
      } finally {
        this.release()
      }
    } catch (error) {
      this.failures.set(key, { error })
      throw error
    }
  }
}
