/**
 * `tessera serve --workers N`: N service processes on one store and one port (node:cluster: this process
 * accepts the connections and hands each to a worker), so that the service uses more than one core. It
 * can, because it keeps nothing that matters in memory: offers, codes, tokens, nonces' key and status
 * indices are in the database, and SQLite's write lock (`begin immediate`) or PostgreSQL's row locks keep
 * each single use single across processes (`packages/server/test/scale-sqlite.test.ts`). Each worker is
 * started with the service's heap settings (`SERVICE_HEAP_FLAGS`). This process prints the one
 * "listening" line once every worker listens, and on SIGTERM or SIGINT passes it to the workers, which
 * finish the requests under way and close the store, then exits.
 */
import cluster, { type Worker } from 'node:cluster'
import { fileURLToPath } from 'node:url'
import { EXIT, type Io } from './io.js'

/**
 * V8 flags each service process starts with. A wallet flow allocates about 230 KiB, nearly all of it dead
 * by the flow's end: with the default 16 MiB semi-spaces a busy process scavenges every ~80 ms, each
 * scavenge stopping all flows in flight. A 64 MiB young generation scavenges four times less often, at
 * about the same cost each (a scavenge costs what survives, the flows in flight), and promotes less to
 * the old generation, whose mark-compacts are the longest pauses. In bench/README.md its effect on whole
 * flows was within the run-to-run swing: kept as a cheap setting, no gain claimed.
 */
export const SERVICE_HEAP_FLAGS = ['--max-semi-space-size=64', '--min-semi-space-size=64']

/** The environment variable that tells a worker its number (1 runs the webhooks and reminders). */
export const WORKER_NUMBER = 'TESSERA_SERVE_WORKER'

/** The executable to start again as a worker: this module's sibling `bin` (`.ts` under tsx, else `.js`). */
function binPath(): string {
  const self = import.meta.url
  return fileURLToPath(new URL(self.endsWith('.ts') ? './bin.ts' : './bin.js', self))
}

/** Resolves at the first SIGTERM or SIGINT (the signals that stop the service), then listens no more. */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
      done()
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })
}

/** Runs `args` (the serve command's own) as `count` workers until SIGTERM or SIGINT. */
export async function serveWorkers(args: string[], count: number, io: Io): Promise<number> {
  cluster.setupPrimary({
    exec: binPath(),
    args: ['serve', ...args],
    execArgv: [...process.execArgv, ...SERVICE_HEAP_FLAGS],
    silent: false,
  })
  const workers = new Map<Worker, number>()
  let stopping = false
  let failed = false
  const fork = (number: number) => {
    const worker = cluster.fork({ [WORKER_NUMBER]: String(number), INIT_CWD: io.cwd })
    workers.set(worker, number)
    return worker
  }
  // Each worker says where it listens (all on one port); the line is printed once all do.
  const listening = new Promise<string>((resolve, reject) => {
    const listeningWorkers = new Set<Worker>()
    cluster.on('message', (worker, message: { listening?: string }) => {
      if (typeof message?.listening !== 'string') return
      listeningWorkers.add(worker)
      if (listeningWorkers.size === count) resolve(message.listening)
    })
    cluster.on('exit', (worker, code, signal) => {
      const number = workers.get(worker)
      workers.delete(worker)
      if (stopping) return
      if (!listeningWorkers.has(worker)) {
        failed = true
        reject(new Error(`worker ${number} exited ${code ?? signal} while starting`))
        return
      }
      // A worker that died while serving (out of memory, a crash): its requests are lost with it
      // (nothing half-written: each write is one transaction), another takes its place.
      io.stderr(`tessera serve: worker ${number} exited ${code ?? signal}; starting another\n`)
      fork(number ?? 0)
    })
  })
  const signalled = untilStopSignal()
  for (let number = 1; number <= count; number++) fork(number)
  const stopAll = async () => {
    stopping = true
    const exits = [...workers.keys()].map(
      (worker) =>
        new Promise<void>((done) => {
          if (worker.isDead()) return done()
          worker.once('exit', () => done())
          worker.process.kill('SIGTERM')
        }),
    )
    await Promise.all(exits)
  }
  try {
    const line = await Promise.race([listening, signalled.then(() => undefined)])
    if (line !== undefined) {
      io.stdout(`${line} (${count} workers)\n`)
      await signalled
    }
  } catch (error) {
    // A worker that could not start has said why (its own typed error, on the shared stderr).
    io.stderr(`tessera serve: ${(error as Error).message}; stopping the others\n`)
    await stopAll()
    return EXIT.unusable
  }
  io.stdout('tessera serve: stopping: no new requests; finishing those under way\n')
  await stopAll()
  io.stdout('tessera serve: stopped\n')
  return failed ? EXIT.unusable : EXIT.ok
}
