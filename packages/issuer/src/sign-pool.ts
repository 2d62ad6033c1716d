/**
 * Signing on every core: worker threads canonicalise, sign and verify credentials while the main thread
 * keeps the key and the database. A worker asks the main thread for each raw signature (microseconds
 * with node:crypto), so no private key is ever copied into a worker.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type JsonObject, TesseraError } from '@tessera/schema'
import type { CredentialSigner } from './sign.js'
import type { ProofFormat } from './sign-checked.js'

export interface WorkerSetup {
  signer: Pick<CredentialSigner, 'issuer' | 'verificationMethod' | 'alg'>
  /** Documents the worker's verifier needs offline (the issuer's did:web document). */
  documents: [string, unknown][]
}

export type ToWorker =
  | { type: 'sign'; job: number; draft: JsonObject; format: ProofFormat }
  | { type: 'signature'; request: number; signature?: Uint8Array; error?: string }

export type FromWorker =
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

  constructor(
    private readonly signer: CredentialSigner,
    options: { threads?: number; documents?: ReadonlyMap<string, unknown> } = {},
  ) {
    const setup: WorkerSetup = {
      signer: { issuer: signer.issuer, verificationMethod: signer.verificationMethod, alg: signer.alg },
      documents: [...(options.documents ?? new Map())],
    }
    const threads = Math.max(1, options.threads ?? availableParallelism())
    for (let i = 0; i < threads; i++) {
      const worker: PoolWorker = { thread: startWorker(setup), busy: 0 }
      worker.thread.on('message', (message: FromWorker) => this.receive(worker, message))
      worker.thread.on('error', (error) => this.fail(error))
      this.workers.push(worker)
    }
  }

  /** Signs and verifies `draft` on the least busy worker. */
  sign(draft: JsonObject, format: ProofFormat): Promise<JsonObject | string> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    const worker = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a))
    const job = this.nextJob++
    worker.busy++
    return new Promise((resolve, reject) => {
      this.jobs.set(job, { resolve, reject, worker })
      worker.thread.postMessage({ type: 'sign', job, draft, format } satisfies ToWorker)
    })
  }

  private receive(worker: PoolWorker, message: FromWorker): void {
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
