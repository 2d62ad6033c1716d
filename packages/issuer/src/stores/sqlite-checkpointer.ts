/**
 * WAL checkpoints of a SQLite store from a worker thread, for a store that answers concurrent requests
 * (the issuing service's opt-in `backgroundCheckpoints`, issue #17). SQLite checkpoints on the connection
 * whose commit takes the WAL past its limit, inside that commit: the pages copied back into the database
 * and its fsyncs, on the event loop. Under the OpenID4VCI bench (64 wallets, strace, load 7) that held the
 * service's event loop 263 to 725 ms every 11 to 16 s, and every request in flight with it. Here a
 * connection of the worker's own runs a PASSIVE checkpoint every 200 ms, which takes no lock a writer
 * waits for. The store's own checkpoint stays, as a backstop, and still runs: the WAL starts again from
 * its beginning only when a write begins with all of it copied back, which continuous writes seldom
 * allow; but it finds the pages copied (20 to 141 ms at load 8 to 9). The cost: hot pages copied at each
 * checkpoint, on the same core when the service is pinned (bench/README.md). A worker that fails (cannot
 * open the file, a checkpoint error) stops quietly: the backstop remains.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** The worker: CommonJS, evaluated (no file to ship or resolve beside the build). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.binding)
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 })
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // busy or failing: the store's own connection still checkpoints at its limit
  }
}, workerData.everyMs)
parentPort.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

/** How often the worker checkpoints, in ms. */
const EVERY_MS = 200

/**
 * The better-sqlite3 this process loaded (the store did, before any checkpointer starts), for the worker
 * to load the same: found in the CommonJS cache, since the bundled CLI (packages/cli/scripts/
 * workspace-bin.mjs) imports it by an absolute path that the bundle's own location cannot resolve.
 */
function bindingPath(): string | undefined {
  const require = createRequire(import.meta.url)
  const loaded = Object.keys(require.cache).find((key) =>
    /[\\/]better-sqlite3[\\/]lib[\\/]index\.js$/.test(key),
  )
  if (loaded !== undefined) return loaded
  try {
    return require.resolve('better-sqlite3')
  } catch {
    return undefined
  }
}

export class BackgroundCheckpointer {
  private readonly worker: Worker
  private readonly exited: Promise<void>

  /**
   * Starts checkpointing `file` (a WAL-mode SQLite database that exists) from a worker thread; undefined
   * when better-sqlite3 cannot be found for it (the store's own checkpoints then go on as before).
   */
  static start(file: string, everyMs = EVERY_MS): BackgroundCheckpointer | undefined {
    const binding = bindingPath()
    return binding === undefined ? undefined : new BackgroundCheckpointer(binding, file, everyMs)
  }

  private constructor(binding: string, file: string, everyMs: number) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { binding, file, everyMs } })
    // A worker that fails leaves the store's own checkpoints: nothing to report to the process.
    this.worker.on('error', () => {})
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()))
    this.worker.unref()
  }

  /** Stops the worker once its checkpoint under way, if any, is done, and closes its connection. */
  async stop(): Promise<void> {
    // Held until it has exited: an unreferenced worker would let the process end before its connection closes.
    this.worker.ref()
    this.worker.postMessage('stop')
    await this.exited
  }
}
