/**
 * The service on two cores, on one SQLite file (issue #17: a flow's CPU split between two threads of one
 * process, where two processes on one file cost more than they bring). The main thread takes HTTP, reads
 * and checks the wallet flow's requests (token, nonce, credential: the bodies, the access token's
 * expiry, the key proof's signature); a worker thread (service-thread.ts) owns the database connection
 * and the issuer, and does what needs them: redeeming a code, claiming an offered credential, issuing its
 * copy (validation, status indices, signing, the self-check, the ledger row), all through the same
 * store code and group commit as a service in one thread. The endpoints are the same code as
 * `WalletService`'s: their context's stores and issuer are calls to the thread (`WalletFlowContext`).
 * Every other route (metadata, offers by reference, notifications, the admin API, status lists, events)
 * is sent to the thread whole and answered by the service's own app there. Each guarantee holds as in one
 * thread, since every decision is still taken by the one connection in the thread: a code is redeemed
 * once, an offered credential issued once, each status index distinct, and nothing a wallet is told of is
 * uncommitted. What cannot cross a thread is not taken: a clock (the system's), mail senders (open the
 * service in one thread for the membership notices and reminders).
 */
import type { IssueOptions } from '@tessera/issuer'
import type { JsonObject } from '@tessera/schema'
import { Hono } from 'hono'
import { answerError, walletFlowRoutes } from './app.js'
import { readBytes } from './body.js'
import { DEFAULT_LIMITS, type FlowStore, type ServiceEvent, type WalletFlowContext } from './context.js'
import { walletCors } from './cors.js'
import { HolderKeyCache } from './holder-key-cache.js'
import { NonceBox } from './nonces.js'
import { redemptionRuleOf } from './store.js'
import { ThreadHost } from './thread-host.js'
import { headerList, type ThreadServiceOptions } from './thread-protocol.js'
import { type ServiceUrls, serviceUrls } from './urls.js'

/** Bodies past this are refused on the main thread; below it, each route's own limit holds in the thread. */
const FORWARDED_BODY_LIMIT = 1024 * 1024

export interface ThreadedServiceOptions extends ThreadServiceOptions {
  /** Told of the service's own failures, in either thread. Default: one line on stderr. */
  onEvent?: (event: ServiceEvent) => void
  /** Runs the webhook deliveries in the thread (as `tessera serve` does). Default false. */
  startWebhooks?: boolean
}

export interface ThreadedService {
  /** Answers one request: give it to `listen` or any server that speaks `fetch`. */
  fetch(request: Request): Promise<Response>
  urls: ServiceUrls
  /**
   * Resolves with a THREAD_DIED error when the thread that owns the database ends without being closed
   * (an uncaught error, out of memory): from then on every request is a `server_error`, and the owner
   * should stop.
   */
  died: Promise<Error>
  /**
   * Lets the requests under way finish, then closes the thread's service (the webhook deliveries, the
   * store: the group commit's queue committed first) and waits for the thread to end. A request after
   * that is a `server_error`.
   */
  close(): Promise<void>
  /** Ends the database thread at once, as a crash would: `died` resolves, every request is a `server_error`. */
  terminateThread(): Promise<void>
}

function defaultLog(event: ServiceEvent): void {
  process.stderr.write(`tessera server: ${event.kind}: ${event.message}\n`)
}

/** The wallet flow's store calls, each one message to the thread. */
function flowStore(host: ThreadHost): FlowStore {
  return {
    offerByCode: (codeHash) => host.call('offerByCode', codeHash),
    redeem: (codeHash, decide, token, maxAttempts, now) => {
      const rule = redemptionRuleOf(decide)
      if (rule === undefined)
        return Promise.reject(new TypeError('a threaded service redeems with a redemptionDecider'))
      return host.call('redeem', codeHash, rule, token, maxAttempts, now)
    },
    purgeTokens: (now) => host.call('purgeTokens', now),
    denyItem: (itemId, now) => host.call('denyItem', itemId, now),
    token: (hash) => host.call('token', hash),
    configuration: (id) => host.call('configuration', id),
    claimItem: (itemId, holder, now) => host.call('claimItem', itemId, holder, now),
    completeItem: (itemId, credentialId, notificationId, now, events) =>
      host.call('completeItem', itemId, credentialId, notificationId, now, events),
  }
}

/** The bytes in an ArrayBuffer of their own, which can be handed to the thread. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(buffer).set(bytes)
  return buffer
}

/** The request sent to the thread whole, and its answer made again here. */
async function forward(host: ThreadHost, request: Request): Promise<Response> {
  const body =
    request.method === 'GET' || request.method === 'HEAD'
      ? undefined
      : await readBytes(request, FORWARDED_BODY_LIMIT, 'invalid_request')
  const answer = await host.fetch({
    method: request.method,
    url: request.url,
    headers: headerList(request.headers),
    body: body === undefined ? undefined : ownBuffer(body),
  })
  return new Response(answer.body.byteLength === 0 ? null : answer.body, {
    status: answer.status,
    headers: answer.headers,
  })
}

/**
 * Opens the store folder's service with its database in a thread of its own (SQLite: `DATABASE_URL`
 * unset), as `openWalletService` opens it in this one; the same errors (BASE_URL_UNKNOWN,
 * INVALID_BASE_URL, the issuer's codes) with their codes.
 */
export async function openThreadedService(
  dir: string,
  env: Record<string, string | undefined>,
  options: ThreadedServiceOptions = {},
): Promise<ThreadedService> {
  const log = options.onEvent ?? defaultLog
  const { onEvent: _, startWebhooks, ...threadOptions } = options
  const { host, ready } = await ThreadHost.start(
    { dir, env, options: threadOptions, webhooks: startWebhooks ?? false },
    (event) => log({ ...event, error: new Error(event.message) }),
  )
  const urls = serviceUrls(ready.issuerUrl)
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const context: WalletFlowContext = {
    urls,
    store: flowStore(host),
    issuer: {
      issueCopy: (draft: JsonObject, issueOptions: IssueOptions = {}) =>
        host.call('issueCopy', draft, issueOptions),
    },
    issuerStore: {
      row: (id) => host.call('row', id),
      standingOf: (id) => host.call('standingOf', id),
    },
    // The credential endpoint's database and issuing work in one message, not four.
    issueHolderCopy: (request) => host.call('issueHolderCopy', request),
    signerAlg: ready.signerAlg,
    nonces: new NonceBox(Buffer.from(ready.nonceKey, 'base64url'), limits.nonceLifetimeMs),
    holderKeys: new HolderKeyCache(),
    clock: () => new Date(),
    limits,
    display: options.display ?? {},
    log,
  }
  const app = new Hono()
  app.use('*', walletCors)
  walletFlowRoutes(app, context)
  app.all('*', (c) => forward(host, c.req.raw))
  app.onError(answerError(log))
  // The requests under way, which closing lets finish before the thread closes the store.
  const underWay = new Set<Promise<Response>>()
  let closing: Promise<void> | undefined
  return {
    fetch: (request) => {
      const answer = Promise.resolve(app.fetch(request))
      underWay.add(answer)
      const done = () => underWay.delete(answer)
      answer.then(done, done)
      return answer
    },
    urls,
    died: host.died,
    close: () => {
      closing ??= Promise.allSettled(underWay).then(() => host.close())
      return closing
    },
    terminateThread: async () => {
      await host.terminate()
    },
  }
}
