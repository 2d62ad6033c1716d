/**
 * The batch engine: a stream of rows (a members spreadsheet) issued one by one through `Issuer.issue`, at
 * most `window` in flight, each under its own stable key, grouped into one store transaction per few
 * hundred rows where the store allows it, each result handed out only after the commit that covers it.
 * A bad row is reported and the rest goes on; a store failure stops the batch with its summary so far.
 */
import type { JsonObject, OpenBadgeCredential } from '@tessera/schema'
import { errorCodeOf, isTesseraError, TesseraError } from '@tessera/schema'
import { fail } from './errors.js'
import type { Issued, IssueOptions } from './issuer.js'
import { type IssuerStore, STORE_FAILURES, type StoreErrorCode, type WriteGroup } from './store.js'

/** One row of a batch: a credential to issue under a stable key. */
export interface BatchRow {
  key: string
  credential: JsonObject | OpenBadgeCredential
  options?: Omit<IssueOptions, 'key'>
}

export type BatchResult =
  | { key: string; ok: true; issued: Issued }
  | { key: string; ok: false; code: string; message: string }

export interface BatchSummary {
  issued: number
  /** Rows whose key had been issued before (a re-run). */
  existing: number
  failed: number
}

/**
 * A batch that a store failure stopped (STORE_FULL, STORE_IN_USE, ...: the failure's own code): `summary`
 * counts the rows reported before it. No other row was reported: what no commit covered is rolled back,
 * rows that were in flight may stay pending (as after a crash), and running the same batch again
 * finishes them and issues the rest.
 */
export class BatchStoppedError extends TesseraError<StoreErrorCode> {
  override readonly name = 'BatchStoppedError'

  constructor(
    failure: TesseraError,
    readonly summary: BatchSummary,
  ) {
    super(
      failure.code as StoreErrorCode,
      `${failure.message}. The batch stopped after issuing ${summary.issued} (already issued ${summary.existing}, failed ${summary.failed}); the rows after those were not issued: run it again to finish`,
      { cause: failure },
    )
  }
}

export interface BatchProgress extends BatchSummary {
  /** Rows finished so far, whatever their outcome. */
  done: number
}

export interface BatchOptions {
  /** Each row's outcome, in the order rows finish. */
  onResult?: (result: BatchResult) => void | Promise<void>
  onProgress?: (progress: BatchProgress) => void
  /**
   * Rows in flight at once (memory stays bounded by it). Default 32: enough to keep the batch's thread
   * busy while signatures and their checks run on libuv's thread pool; on 2 cores more rows in flight
   * measured slower (bench/README.md).
   */
  window?: number
}

/** Rows in flight by default. */
const WINDOW = 32

/** A batch commits every this many finished rows, or this often, whichever comes first. */
const COMMIT_ROWS = 256
const COMMIT_MS = 250

/**
 * Issues `rows` with `issue` on `store` (see `Issuer.issueBatch`). Rows are read as they come, at most
 * `window` in flight, and results are handed to `onResult`: memory stays bounded whatever the length of
 * the stream.
 */
export async function issueRows(
  store: IssuerStore,
  issue: (credential: JsonObject | OpenBadgeCredential, options: IssueOptions) => Promise<Issued>,
  rows: AsyncIterable<BatchRow> | Iterable<BatchRow>,
  options: BatchOptions = {},
): Promise<BatchSummary> {
  const { onResult = () => undefined, onProgress = () => undefined } = options
  const progress: BatchProgress = { issued: 0, existing: 0, failed: 0, done: 0 }
  const deliver = async (results: BatchResult[]) => {
    for (const result of results) {
      progress.done++
      if (!result.ok) progress.failed++
      else progress[result.issued.existing ? 'existing' : 'issued']++
      await onResult(result)
      onProgress({ ...progress })
    }
  }
  const summaryOf = (): BatchSummary => {
    const { done: _done, ...summary } = progress
    return summary
  }
  // A store failure (a full disk, say) stops the batch: no row gets past it, and rows not reported are
  // left for a re-run.
  let stopped: TesseraError | undefined
  const stops = (error: unknown): boolean => {
    if (!isTesseraError(error) || !STORE_FAILURES.has(error.code)) return false
    stopped ??= error
    return true
  }
  // On an embedded store, results wait for the commit that covers them: nothing is handed out
  // (written to a file, say) that a crash could take back from the ledger.
  let group: WriteGroup | undefined
  try {
    group = await store.writeGroup?.()
  } catch (error) {
    if (stops(error)) throw new BatchStoppedError(stopped as TesseraError, summaryOf())
    throw error
  }
  let held: BatchResult[] = []
  let committed = performance.now()
  // The commit under way, if one is: the rows finishing meanwhile wait for it.
  let commitDue: Promise<void> | undefined
  // Commits what the transaction holds and hands out the results it covers. It waits for the promises of
  // this turn of the event loop first: rows whose checks come back together (the checking worker answers
  // several at once) complete their ledger rows in one run of promises, and a commit in the middle of it
  // would cover a row whose result is not held yet (committed, then never reported if the next commit
  // fails); after the turn, every row the transaction holds has its result held.
  const commitHeld = async (writes: WriteGroup) => {
    await new Promise((resolve) => setImmediate(resolve))
    commitDue = undefined
    // After a failure nothing more is committed: what is held is rolled back, and never reported.
    if (stopped !== undefined) return
    const ready = held
    held = []
    committed = performance.now()
    try {
      await writes.commit()
    } catch (error) {
      if (stops(error)) return
      throw error
    }
    await deliver(ready)
  }
  const finish = async (result: BatchResult) => {
    if (group === undefined) return deliver([result])
    held.push(result)
    if (stopped !== undefined) return
    if (held.length < COMMIT_ROWS && performance.now() - committed < COMMIT_MS) return
    commitDue ??= commitHeld(group)
    await commitDue
  }
  const seen = new Set<string>()
  const inFlight = new Set<Promise<void>>()
  const windowSize = Math.max(1, options.window ?? WINDOW)
  const one = async (row: BatchRow): Promise<void> => {
    let result: BatchResult
    try {
      if (seen.has(row.key)) fail('DUPLICATE_ROW', `the key ${row.key} comes twice in this batch`)
      seen.add(row.key)
      const issued = await issue(row.credential, { ...row.options, key: row.key })
      result = { key: row.key, ok: true, issued }
    } catch (error) {
      if (stops(error)) return
      const code = errorCodeOf(error) ?? 'ISSUE_FAILED'
      result = {
        key: row.key,
        ok: false,
        code,
        message: error instanceof Error ? error.message : String(error),
      }
    }
    await finish(result)
  }
  try {
    for await (const row of rows) {
      if (stopped !== undefined) break
      const task = one(row).finally(() => inFlight.delete(task))
      inFlight.add(task)
      if (inFlight.size >= windowSize) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
  } catch (error) {
    // The rows' source or onResult failed: what is done stays done, as far as it was reported.
    if (stopped === undefined) await group?.close().catch(() => group?.rollback())
    else await group?.rollback()
    throw error
  }
  if (group !== undefined && stopped === undefined) {
    try {
      await group.close()
    } catch (error) {
      if (!stops(error)) throw error
    }
  }
  if (stopped !== undefined) {
    await group?.rollback()
    throw new BatchStoppedError(stopped, summaryOf())
  }
  await deliver(held)
  return summaryOf()
}
