/**
 * A signing thread of `SigningPool`: it signs and checks credentials with its own verifier. The private
 * key never comes here: the bytes to sign go to the main thread, which answers with the signature.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import type { CredentialSigner } from './sign.js'
import { signChecked } from './sign-checked.js'
import type { FromWorker, ToWorker, WorkerSetup } from './sign-pool.js'

const port = parentPort
if (port === null) throw new Error('sign-worker runs as a worker thread')
const setup = workerData as WorkerSetup
const verifier = new Verifier({ offline: true, documents: new Map(setup.documents) })
const signatures = new Map<number, { resolve: (signature: Uint8Array) => void; reject: (e: Error) => void }>()
let nextRequest = 0

const post = (message: FromWorker) => port.postMessage(message)

const signer: CredentialSigner = {
  ...setup.signer,
  sign: (data) =>
    new Promise((resolve, reject) => {
      const request = nextRequest++
      signatures.set(request, { resolve, reject })
      post({ type: 'sign-bytes', request, data })
    }),
}

port.on('message', async (message: ToWorker) => {
  if (message.type === 'signature') {
    const waiting = signatures.get(message.request)
    signatures.delete(message.request)
    if (message.signature !== undefined) waiting?.resolve(message.signature)
    else waiting?.reject(new Error(message.error ?? 'the main thread did not sign'))
    return
  }
  try {
    const signed = await signChecked(message.draft as JsonObject, message.format, signer, verifier)
    post({ type: 'signed', job: message.job, signed })
  } catch (error) {
    const { code, message: text } = error as { code?: string; message?: string }
    post({ type: 'failed', job: message.job, code: code ?? 'SIGNING_FAILED', message: String(text) })
  }
})

// loaded: the pool may send credentials now
post({ type: 'ready' })
