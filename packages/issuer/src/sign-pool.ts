/**
 * Signing on every core: worker threads canonicalise, sign and verify credentials while the main thread
 * keeps the key and the database. Until the first worker has loaded its libraries (a second or more,
 * the time of a thousand credentials or so), the main thread signs them itself. A worker asks the main
 * thread for each raw signature (microseconds with node:crypto), so no private key is ever copied into a
 * worker.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type JsonObject, TesseraError } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import type { CredentialSigner } from './sign.js'
import { type ProofFormat, signChecked } from './sign-checked.js'

export interface WorkerSetup {
  signer: Pick<CredentialSigner, 'issuer' | 'verificationMethod' | 'alg'>
  /** Documents the worker's verifier needs offline (the issuer's did:web document). */
  documents: [string, unknown][]
}

export type ToWorker =
  | { type: 'sign'; job: number; draft: JsonObject; format: ProofFormat }
  | { type: 'signature'; request: number; signature?: Uint8Array; error?: string }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'sign-bytes'; request: number; data: Uint8Array }
  | { type: 'signed'; job: number; signed: JsonObject | string }
  | { type: 'failed'; job: number; code: string; message: string }

interface Job {
  resolve: (signed: JsonObject | string) => void
  reject: (error: Error) => void
  worker: PoolWorker
}

interface PoolWorker {
  thread: Worker
  busy: number
  /** Loaded: until then its jobs would only wait. */
  ready: boolean
}

/**
 * A signing thread. Built, it runs `sign-worker.js`; from source (this repository's tests and tools,
 * under tsx) it registers tsx itself first, since Node 20 does not pass module hooks on to workers.
 */
function startWorker(workerData: WorkerSetup): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: 48 }
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./sign-worker.js', import.meta.url), { workerData, resourceLimits })
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./sign-worker.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then((api) => { api.register(); return import(${entry}) })`, {
    eval: true,
    workerData,
    resourceLimits,
  })
}

export class SigningPool {
  private readonly workers: PoolWorker[] = []
  private readonly jobs = new Map<number, Job>()
  private nextJob = 0
  private failure: Error | undefined
  /** The calling thread's verifier, as the workers have theirs (made with its first credential). */
  private verifier: Verifier | undefined

  /**
   * `threads` worker threads (default: one per core but one, the calling thread being the other
   * signer), started at once; `documents` are what their verifiers need offline (the issuer's did:web
   * document).
   */
  constructor(
    private readonly signer: CredentialSigner,
    private readonly options: { threads?: number; documents?: ReadonlyMap<string, unknown> } = {},
  ) {
    const setup: WorkerSetup = {
      signer: { issuer: signer.issuer, verificationMethod: signer.verificationMethod, alg: signer.alg },
      documents: [...(options.documents ?? new Map())],
    }
    const threads = Math.max(1, options.threads ?? availableParallelism() - 1)
    for (let i = 0; i < threads; i++) {
      const worker: PoolWorker = { thread: startWorker(setup), busy: 0, ready: false }
      worker.thread.on('message', (message: FromWorker) => this.receive(worker, message))
      worker.thread.on('error', (error) => this.fail(error))
      this.workers.push(worker)
    }
  }

  /**
   * Signs and verifies `draft` on the least busy worker that is ready; while none is (they are still
   * loading), on this thread, with the same check as the workers'. Once they are, this thread only
   * answers their signing requests: it has the batch's bookkeeping to do, which takes longer than a
   * worker's share.
   */
  sign(draft: JsonObject, format: ProofFormat): Promise<JsonObject | string> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    let worker: PoolWorker | undefined
    for (const w of this.workers) if (w.ready && (worker === undefined || w.busy < worker.busy)) worker = w
    if (worker === undefined) return this.signHere(draft, format)
    const job = this.nextJob++
    worker.busy++
    return new Promise((resolve, reject) => {
      this.jobs.set(job, { resolve, reject, worker })
      worker.thread.postMessage({ type: 'sign', job, draft, format } satisfies ToWorker)
    })
  }

  /**
   * Signs on this thread, after a turn of the event loop: credentials signed here one after another would
   * otherwise run as one chain of promise callbacks, and the workers' messages (their readiness, their
   * signing requests, their results) would wait until the whole chain had run.
   */
  private async signHere(draft: JsonObject, format: ProofFormat): Promise<JsonObject | string> {
    await new Promise((resolve) => setImmediate(resolve))
    this.verifier ??= new Verifier({ offline: true, documents: new Map(this.options.documents) })
    return signChecked(draft, format, this.signer, this.verifier)
  }

  private receive(worker: PoolWorker, message: FromWorker): void {
    if (message.type === 'ready') {
      worker.ready = true
      return
    }
    if (message.type === 'sign-bytes') {
      this.signer.sign(message.data).then(
        (signature) => worker.thread.postMessage({ type: 'signature', request: message.request, signature }),
        (error: Error) =>
          worker.thread.postMessage({ type: 'signature', request: message.request, error: error.message }),
      )
      return
    }
    const job = this.jobs.get(message.job)
    if (job === undefined) return
    this.jobs.delete(message.job)
    job.worker.busy--
    if (message.type === 'signed') job.resolve(message.signed)
    else job.reject(new TesseraError(message.code, message.message))
  }

  /** A worker that dies fails every job in flight, and the pool refuses new ones. */
  private fail(error: Error): void {
    this.failure = error
    for (const job of this.jobs.values()) job.reject(error)
    this.jobs.clear()
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.thread.terminate()))
  }
}
