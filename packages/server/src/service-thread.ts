/**
 * The thread of a threaded service (threaded-service.ts) that owns the SQLite database: it opens the
 * store folder's service as `openWalletService` does (the issuer, its store, the service's tables on the
 * same connection, the group commit), answers the main thread's wallet-flow calls from them (redeeming,
 * claiming, issuing: SQLite's statements and commits, signing, the self-check), answers every other route
 * whole through the service's own app, and runs the webhook deliveries. On `close` it stops them and
 * closes the store (the group commit's queue committed first), then ends.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { issueHolderCopy } from './holder-copy.js'
import { type OpenedService, openWalletService } from './open-service.js'
import { sameHash } from './secrets.js'
import { redemptionDecider } from './store.js'
import { Outbox } from './thread-outbox.js'
import {
  type CrossedRequest,
  type CrossedResponse,
  crossError,
  type FromThread,
  headerList,
  type ThreadStart,
  type ToThread,
} from './thread-protocol.js'

const port = parentPort
if (port === null)
  throw new Error('service-thread.ts runs as a worker thread (threaded-service.ts starts it)')
const start: ThreadStart = workerData.start

const outbox = new Outbox<FromThread>((messages, transfer) => port?.postMessage(messages, transfer))

function send(message: FromThread, transfer: ArrayBuffer[] = []): void {
  outbox.send(message, transfer)
}

/** One call of the main thread, answered from the opened service. */
function answer(opened: OpenedService, message: ToThread): Promise<unknown> {
  const { store } = opened
  const issuerStore = opened.issuer.store
  switch (message.call) {
    case 'offerByCode':
      return store.offerByCode(...message.args)
    case 'redeem': {
      const [codeHash, rule, token, maxAttempts, now] = message.args
      return store.redeem(codeHash, redemptionDecider(rule, sameHash), token, maxAttempts, now)
    }
    case 'purgeTokens':
      return store.purgeTokens(...message.args)
    case 'denyItem':
      return store.denyItem(...message.args)
    case 'token':
      return store.token(...message.args)
    case 'configuration':
      return store.configuration(...message.args)
    case 'claimItem':
      return store.claimItem(...message.args)
    case 'completeItem':
      return store.completeItem(...message.args)
    case 'row':
      return issuerStore.row(...message.args)
    case 'standingOf': {
      const [id] = message.args
      return issuerStore.standingOf?.(id) ?? issuerStore.row(id)
    }
    case 'issueCopy':
      return opened.issuer.issuer.issueCopy(...message.args)
    case 'issueHolderCopy':
      return issueHolderCopy(
        { store, issuerStore, issuer: opened.issuer.issuer, clock: () => new Date() },
        ...message.args,
      )
    case 'fetch':
      return answerRequest(opened, message.request)
    case 'close':
      return close(opened)
  }
}

async function answerRequest(opened: OpenedService, crossed: CrossedRequest): Promise<CrossedResponse> {
  const response = await opened.service.fetch(
    new Request(crossed.url, {
      method: crossed.method,
      headers: crossed.headers,
      ...(crossed.body === undefined ? {} : { body: crossed.body }),
    }),
  )
  return {
    status: response.status,
    headers: headerList(response.headers),
    body: await response.arrayBuffer(),
  }
}

let closing: Promise<void> | undefined
function close(opened: OpenedService): Promise<void> {
  closing ??= opened.close()
  return closing
}

async function main(): Promise<void> {
  let opened: OpenedService
  try {
    opened = await openWalletService(start.dir, start.env, {
      ...start.options,
      onEvent: (event) => send({ event: { kind: event.kind, message: event.message } }),
    })
  } catch (error) {
    send({ failed: crossError(error) })
    end()
    return
  }
  const nonceKey = await opened.store.setting('nonce_key')
  if (nonceKey === undefined) throw new Error('the store holds no nonce key after the service opened')
  if (start.webhooks) opened.service.webhooks.start()
  port?.on('message', (messages: ToThread[]) => {
    for (const message of messages) reply(opened, message)
  })
  send({
    ready: { issuerUrl: opened.service.urls.issuer, nonceKey, signerAlg: opened.issuer.signerAlg },
  })
}

/** Answers `message` when its call is done. */
function reply(opened: OpenedService, message: ToThread): void {
  // A call that throws at once is answered as one that rejects: the thread goes on.
  Promise.resolve(message)
    .then((call) => answer(opened, call))
    .then(
      (value) => {
        const body = message.call === 'fetch' && isCrossedResponse(value) ? [value.body] : []
        send({ id: message.id, ok: true, value }, body)
        if (message.call === 'close') end()
      },
      (error: unknown) => send({ id: message.id, ok: false, error: crossError(error) }),
    )
}

/** Sends what is queued and lets the thread end. */
function end(): void {
  outbox.flush()
  port?.close()
}

function isCrossedResponse(value: unknown): value is CrossedResponse {
  return typeof value === 'object' && value !== null && 'body' in value && value.body instanceof ArrayBuffer
}

await main()
