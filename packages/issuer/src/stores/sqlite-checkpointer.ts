/**
 * A WAL's checkpoints, done mostly on a worker thread (issue #16 for a batch, #17 for the issuing service).
 * better-sqlite3 is synchronous: with SQLite's auto-checkpoint, the commit that crosses the threshold
 * copies the WAL's pages into the database and waits for two fsyncs on the writer's thread (165 to 272 ms
 * each, about 30 of them in a 100,000-row VC-JWT batch; 263 to 725 ms every 11 to 16 s under
 * `tessera serve` at 64 wallets, every request in flight held). Here the writer's connection does no
 * auto-checkpoint; its commits (a batch's, or the service's group commits) drive the checkpoints: when the
 * WAL nears its limit, a second connection, on a worker thread, copies what is committed (PASSIVE: it never
 * blocks the writes, nor waits for them). A WAL restarts from its start only when a writer begins after a
 * checkpoint that copied every frame, which the worker's never does while the writer writes: so once the
 * worker is done (after up to three rounds, each copying what was committed during the last), the writer's
 * thread copies the remainder itself between two commits (a commit or two of pages), and its next
 * transaction restarts the WAL, which stays about as large as with the auto-checkpoint. Nothing runs
 * between commits or on a timer (a worker checkpointing every 200 ms re-copied hot pages and cost the
 * service a third more CPU a flow): one checkpointer per connection, which the store owns.
 *
 * Durability is SQLite's as before: both connections `synchronous = NORMAL` (a checkpoint syncs the WAL
 * before copying and the database after); a process killed during a checkpoint leaves the WAL to finish
 * it. Should the worker fail (it cannot start, a checkpoint errs), the writer's connection goes back to the
 * auto-checkpoint it had.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/** What the worker answers a round with. */
type Answer = { ok: true; log: number } | { ok: false; message: string }

/**
 * The worker: its own better-sqlite3 connection to the file, a PASSIVE checkpoint for each message. Plain
 * JavaScript, evaluated (no module file to find next to a compiled or a TypeScript build).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
let db
parentPort.on('message', (message) => {
  if (message === 'close') {
    db?.close()
    parentPort.close()
    return
  }
  try {
    if (db === undefined) {
      db = new Database(workerData.path, { timeout: 0 })
      db.pragma('synchronous = NORMAL')
    }
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ ok: true, log })
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) })
  }
})
`

/**
 * The better-sqlite3 this process loaded (the store did, before its first commit), for the worker to load the
 * same: found in the CommonJS cache, since the bundled CLI (packages/cli/scripts/workspace-bin.mjs)
 * imports it by an absolute path that the bundle's own location cannot resolve; else resolved from here.
 */
function driverPath(): string {
  const require = createRequire(import.meta.url)
  const loaded = Object.keys(require.cache).find((key) =>
    /[\\/]better-sqlite3[\\/]lib[\\/]index\.js$/.test(key),
  )
  return loaded ?? require.resolve('better-sqlite3')
}

/** Commits before the worker's first round, and between rounds until the WAL's growth is known. */
const ROUND_COMMITS = 4
/** Worker rounds in a row before the writer's thread copies the remainder. */
const MAX_ROUNDS = 3

export class WalCheckpointer {
  private worker: Worker | undefined
  /** The writer's commits so far. */
  private commits = 0
  private state: 'waiting' | 'worker' | 'remainder' | 'off' = 'waiting'
  /** Rounds in a row (since the WAL reached `restartPages`). */
  private rounds = 0
  /** `commits` when the worker's current round was asked for. */
  private roundFrom = 0
  /** `commits` when the WAL last restarted (or the checkpointer began). */
  private cycleFrom = 0
  /** The commit after which the worker's next round is asked for. */
  private nextRound = ROUND_COMMITS
  private exited: Promise<void> | undefined

  /**
   * For the writer's connection `db` to the file `path`: the WAL restarts once it holds `restartPages`
   * pages (copied by then), as the connection's auto-checkpoint would; that setting is given back at the
   * end (or on a failure).
   */
  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly restartPages: number,
  ) {
    db.pragma('wal_autocheckpoint = 0')
  }

  /** After each of the writer's commits, outside a transaction. */
  afterCommit(): void {
    if (this.state === 'off') return
    this.commits++
    if (this.state === 'remainder') {
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)')
      } catch {
        // The commit stands; the auto-checkpoint takes over (a failing disk fails the next write anyway).
        this.giveBack()
        return
      }
      // The next cycle's round comes a commit or two before its WAL should reach restartPages, as this
      // one's did.
      const cycle = this.commits - this.cycleFrom
      this.cycleFrom = this.commits
      this.nextRound = this.commits + Math.max(1, cycle - 2)
      this.state = 'waiting'
      return
    }
    if (this.state === 'waiting' && this.commits >= this.nextRound) {
      this.rounds = 0
      this.round()
    }
  }

  /** Stops the worker and gives the connection its auto-checkpoint back. */
  async close(): Promise<void> {
    this.giveBack()
    // Closing waits for the worker's connection to close (the process stays up for it meanwhile).
    this.worker?.ref()
    await this.exited
  }

  private round(): void {
    try {
      this.worker ??= this.start()
    } catch {
      this.giveBack()
      return
    }
    this.state = 'worker'
    this.rounds++
    this.roundFrom = this.commits
    this.worker.postMessage('round')
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: driverPath(), path: this.path },
    })
    this.exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    worker.on('message', (answer: Answer) => this.done(answer))
    worker.on('error', () => this.giveBack())
    // A process that ends with the worker still up (a batch's end, a service whose store was not closed)
    // does not wait for it (after the listeners: a 'message' listener refs the worker again).
    worker.unref()
    return worker
  }

  /**
   * A round is over. While the WAL is short of `restartPages`, the next round is asked for when, at the
   * pages a commit the cycle has written so far, it should be a commit or two short of them; past them,
   * another round if more than a commit came meanwhile, else the remainder at the next commit.
   */
  private done(answer: Answer): void {
    if (this.state !== 'worker') return
    if (!answer.ok) {
      this.giveBack()
      return
    }
    if (answer.log < this.restartPages) {
      const perCommit = answer.log / Math.max(1, this.roundFrom - this.cycleFrom)
      const toGo = perCommit > 0 ? Math.ceil((this.restartPages - answer.log) / perCommit) : ROUND_COMMITS
      this.nextRound = this.roundFrom + Math.max(1, Math.min(toGo - 1, ROUND_COMMITS * 4))
      this.state = 'waiting'
    } else if (this.commits - this.roundFrom > 1 && this.rounds < MAX_ROUNDS) this.round()
    else this.state = 'remainder'
  }

  private giveBack(): void {
    if (this.state === 'off') return
    this.state = 'off'
    this.worker?.postMessage('close')
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${this.restartPages}`)
  }
}
