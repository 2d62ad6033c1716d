/// <reference types="node" />
/**
 * node:crypto checking signatures on a worker thread of its own, many checks to a message: for work that
 * keeps many checks in flight (an issuer's batch). Handing each check to libuv's thread pool
 * (`nodeThreadPoolCrypto`) costs the calling thread a job, a wake-up of a pool thread and a callback per
 * check (about 12 µs at four in flight, measured); here the checks asked for in one turn of the event loop
 * go in one message and come back in one (about 3 to 7 µs a check at four to eight a message), and the
 * thread pool is left to the signatures. The worker is started with the first check, keeps the process
 * alive only while checks are pending, and is started again if it fails.
 */
import { Worker } from 'node:worker_threads'
import { nodeCrypto } from './crypto-node.js'
import type { CryptoProvider, SignatureAlg } from './crypto-provider.js'
import type { PublicJwk } from './keys.js'

/**
 * The worker: reads each key once (by the number the calling thread gave it) and answers a message of
 * checks with their verdicts in order: 1 valid, 0 not, or the error's message. The bytes each check covers
 * and its signature come in one buffer for the message, transferred (`sizes`: their lengths, in turn).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const keys = new Map()
parentPort.on('message', ({ reset, newKeys, ids, algs, sizes, bytes }) => {
  if (reset) keys.clear()
  for (const [id, jwk] of newKeys) {
    try {
      keys.set(id, createPublicKey({ key: jwk, format: 'jwk' }))
    } catch (error) {
      keys.set(id, error)
    }
  }
  const all = new Uint8Array(bytes)
  const verdicts = []
  let at = 0
  for (let i = 0; i < ids.length; i++) {
    const data = all.subarray(at, (at += sizes[2 * i]))
    const signature = all.subarray(at, (at += sizes[2 * i + 1]))
    const alg = algs[i]
    try {
      const key = keys.get(ids[i])
      if (key instanceof Error) throw key
      const ok =
        alg === 'ES256'
          ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
          : verify(alg === 'RS256' ? 'sha256' : null, data, key, signature)
      verdicts.push(ok ? 1 : 0)
    } catch (error) {
      verdicts.push(String(error && error.message))
    }
  }
  parentPort.postMessage(verdicts)
})
`

/** A check asked for: its key, algorithm, message and signature, and who waits for its verdict. */
interface Check {
  jwk: PublicJwk
  alg: SignatureAlg
  data: Uint8Array
  signature: Uint8Array
  resolve: (ok: boolean) => void
  reject: (error: Error) => void
}

/** Checks in one message at most: a batch's window of a few dozen rows never reaches it. */
const MAX_CHECKS = 256

/** Keys a worker holds at most; past it, it forgets them all and is sent again those it needs. */
const MAX_KEYS = 64

/** One worker at a time and the checks sent to it, answered in the order sent. */
class CheckingWorker {
  private worker: Worker | undefined
  /** The numbers the worker knows keys by (one map per worker, and per forgetting). */
  private keyIds = new WeakMap<PublicJwk, number>()
  private keyCount = 0
  private queued: Check[] = []
  /** The checks of each message sent, oldest first. */
  private readonly sent: Check[][] = []
  private scheduled = false

  verify(alg: SignatureAlg, jwk: PublicJwk, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queued.push({ jwk, alg, data, signature, resolve, reject })
      if (this.queued.length >= MAX_CHECKS) this.flush()
      else if (!this.scheduled) {
        this.scheduled = true
        // after this turn's ready callbacks, and the promises they settle, have asked for their checks
        setImmediate(() => this.flush())
      }
    })
  }

  /** Sends the queued checks in one message, with the keys the worker does not hold yet. */
  private flush(): void {
    this.scheduled = false
    const checks = this.queued
    if (checks.length === 0) return
    this.queued = []
    let worker: Worker
    try {
      worker = this.started()
    } catch (error) {
      for (const check of checks) check.reject(error as Error)
      return
    }
    // past MAX_KEYS the worker forgets every key, and is sent those this message needs
    let unknown = 0
    for (const check of checks) if (!this.keyIds.has(check.jwk)) unknown++
    const reset = this.keyCount + unknown > MAX_KEYS
    if (reset) {
      this.keyIds = new WeakMap()
      this.keyCount = 0
    }
    const newKeys: [number, PublicJwk][] = []
    const ids: number[] = []
    const algs: SignatureAlg[] = []
    const sizes: number[] = []
    let total = 0
    for (const { jwk, alg, data, signature } of checks) {
      let id = this.keyIds.get(jwk)
      if (id === undefined) {
        id = ++this.keyCount
        this.keyIds.set(jwk, id)
        newKeys.push([id, { ...jwk }])
      }
      ids.push(id)
      algs.push(alg)
      sizes.push(data.byteLength, signature.byteLength)
      total += data.byteLength + signature.byteLength
    }
    // One buffer of their own, handed over: a Uint8Array cloned as it is would copy all of the buffer it
    // views (for Buffer's small allocations, an 8 KB pool slab).
    const bytes = new Uint8Array(total)
    let at = 0
    for (const { data, signature } of checks) {
      bytes.set(data, at)
      at += data.byteLength
      bytes.set(signature, at)
      at += signature.byteLength
    }
    this.sent.push(checks)
    if (this.sent.length === 1) worker.ref()
    worker.postMessage({ reset, newKeys, ids, algs, sizes, bytes: bytes.buffer }, [bytes.buffer])
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    worker.on('message', (verdicts: (0 | 1 | string)[]) => this.answered(verdicts))
    worker.on('error', (error) => this.failed(worker, error))
    worker.on('exit', (code) =>
      this.failed(worker, new Error(`the checking worker stopped (exit code ${code})`)),
    )
    this.worker = worker
    this.keyIds = new WeakMap()
    this.keyCount = 0
    return worker
  }

  private answered(verdicts: (0 | 1 | string)[]): void {
    const checks = this.sent.shift() ?? []
    if (this.sent.length === 0) this.worker?.unref()
    checks.forEach((check, i) => {
      const verdict = verdicts[i]
      if (verdict === 0 || verdict === 1) check.resolve(verdict === 1)
      else check.reject(new Error(verdict ?? 'the checking worker gave no verdict'))
    })
  }

  /** The worker failed: the checks sent to it fail with its error; the next message starts another. */
  private failed(worker: Worker, error: Error): void {
    if (this.worker !== worker) return
    this.worker = undefined
    for (const checks of this.sent.splice(0)) for (const check of checks) check.reject(error)
  }
}

const checking = new CheckingWorker()

/**
 * node:crypto checking signatures on a worker thread, the checks asked for in one turn of the event loop
 * sent together (see the header). Hashing stays on the calling thread.
 */
export const nodeWorkerCrypto: CryptoProvider = {
  name: 'node-worker',
  verify: (alg, jwk, data, signature) => checking.verify(alg, jwk, data, signature),
  sha256: (data) => nodeCrypto.sha256(data),
}
