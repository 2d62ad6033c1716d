/**
 * The main thread's end of a threaded service: starts the thread that owns the database
 * (service-thread.ts), sends it calls and whole requests, and hears their answers. A thread that dies (an
 * uncaught error, out of memory, terminated) fails every call under way and every later one with
 * THREAD_DIED, and `died` resolves: the service cannot answer any more, and its owner must stop (tessera
 * serve exits non-zero) rather than wait for answers that will never come.
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Issued, LedgerRow, LedgerStanding } from '@tessera/issuer'
import { TesseraError } from '@tessera/schema'
import type { ServerErrorCode } from './errors.js'
import type { HolderCopy } from './holder-copy.js'
import type { ServerStore } from './store.js'
import { Outbox } from './thread-outbox.js'
import {
  type CrossedRequest,
  type CrossedResponse,
  type FlowCalls,
  type FromThread,
  type ThreadReady,
  type ThreadStart,
  type ToThread,
  uncrossError,
} from './thread-protocol.js'

/** What each flow call answers. */
export interface FlowResults {
  offerByCode: Awaited<ReturnType<ServerStore['offerByCode']>>
  redeem: Awaited<ReturnType<ServerStore['redeem']>>
  purgeTokens: number
  denyItem: undefined
  token: Awaited<ReturnType<ServerStore['token']>>
  configuration: Awaited<ReturnType<ServerStore['configuration']>>
  claimItem: Awaited<ReturnType<ServerStore['claimItem']>>
  completeItem: undefined
  row: LedgerRow | undefined
  standingOf: LedgerStanding | undefined
  issueCopy: Issued
  issueHolderCopy: HolderCopy
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** The thread's module beside this one: `.ts` when run from source (tsx), `.js` when built. */
const THREAD_MODULE = new URL(`./service-thread${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
  .href

/**
 * Starts the thread's module. From source it registers tsx in the thread first: tsx, given to Node 20 by
 * `--import`, loads TypeScript on the main thread only.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads')
;(async () => {
  if (workerData.loader !== undefined) (await import(workerData.loader)).register()
  await import(workerData.module)
})()
`

function loaderOf(module: string): string | undefined {
  return module.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : undefined
}

function threadDied(message: string): TesseraError<ServerErrorCode> {
  return new TesseraError<ServerErrorCode>('THREAD_DIED', message)
}

export class ThreadHost {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private death: TesseraError<ServerErrorCode> | undefined
  private closing = false
  private readonly exited: Promise<void>
  private readonly outbox: Outbox<ToThread>
  private onDeath: (error: TesseraError<ServerErrorCode>) => void = () => {}
  /** Resolves with THREAD_DIED when the thread ends without being closed. */
  readonly died: Promise<TesseraError<ServerErrorCode>>

  private constructor(
    private readonly worker: Worker,
    onEvent: (event: { kind: 'server_error'; message: string }) => void,
  ) {
    this.died = new Promise((resolve) => {
      this.onDeath = resolve
    })
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()))
    this.outbox = new Outbox((messages, transfer) => worker.postMessage(messages, transfer))
    worker.on('message', (messages: FromThread[]) => {
      for (const message of messages) this.receive(message, onEvent)
    })
    worker.on('error', (error) => this.fail(`the service thread failed: ${error.message}`))
    worker.on('exit', (code) => {
      if (!this.closing || this.pending.size > 0) this.fail(`the service thread exited (code ${code})`)
    })
  }

  /** Starts the thread; resolves once it has opened the service, or rejects with the error that stopped it. */
  static start(
    start: ThreadStart,
    onEvent: (event: { kind: 'server_error'; message: string }) => void,
  ): Promise<{ host: ThreadHost; ready: ThreadReady }> {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { module: THREAD_MODULE, loader: loaderOf(THREAD_MODULE), start },
    })
    return new Promise((resolve, reject) => {
      const early = ([message]: FromThread[]) => {
        if (message === undefined) return
        if ('ready' in message) {
          stop()
          resolve({ host: new ThreadHost(worker, onEvent), ready: message.ready })
        } else if ('failed' in message) {
          stop()
          reject(uncrossError(message.failed))
        }
      }
      const error = (cause: Error) => {
        stop()
        reject(threadDied(`the service thread failed to start: ${cause.message}`))
      }
      const exit = (code: number) => {
        stop()
        reject(threadDied(`the service thread exited (code ${code}) before it opened the service`))
      }
      const stop = () => {
        worker.off('message', early)
        worker.off('error', error)
        worker.off('exit', exit)
      }
      worker.on('message', early)
      worker.on('error', error)
      worker.on('exit', exit)
    })
  }

  private receive(
    message: FromThread,
    onEvent: (event: { kind: 'server_error'; message: string }) => void,
  ): void {
    if ('event' in message) onEvent(message.event)
    if (!('id' in message)) return
    const pending = this.pending.get(message.id)
    if (pending === undefined) return
    this.pending.delete(message.id)
    if (message.ok) pending.resolve(message.value)
    else pending.reject(uncrossError(message.error))
  }

  private fail(message: string): void {
    if (this.death !== undefined) return
    const death = threadDied(message)
    this.death = death
    for (const pending of this.pending.values()) pending.reject(death)
    this.pending.clear()
    this.onDeath(death)
  }

  private send(message: ToThread, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.death !== undefined) return Promise.reject(this.death)
    if (this.closing) return Promise.reject(threadDied('the service is closed'))
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject })
      this.outbox.send(message, transfer)
    })
  }

  /** One flow call, answered by the thread. */
  call<M extends keyof FlowCalls>(call: M, ...args: FlowCalls[M]): Promise<FlowResults[M]> {
    // The thread answers each call with what its store or issuer returned for it (service-thread.ts).
    return this.send({ id: this.nextId++, call, args } as ToThread) as Promise<FlowResults[M]>
  }

  /** A whole request, answered by the service's app in the thread. */
  fetch(request: CrossedRequest): Promise<CrossedResponse> {
    const transfer = request.body === undefined ? [] : [request.body]
    return this.send({ id: this.nextId++, call: 'fetch', request }, transfer) as Promise<CrossedResponse>
  }

  /** Closes the service in the thread (the store, the webhook deliveries), then waits for the thread to end. */
  async close(): Promise<void> {
    if (this.death === undefined && !this.closing) {
      const closed = this.send({ id: this.nextId++, call: 'close' })
      this.closing = true
      await closed
    }
    await this.exited
  }

  /** Ends the thread at once (tests: a thread that dies). */
  terminate(): Promise<number> {
    return this.worker.terminate()
  }
}
