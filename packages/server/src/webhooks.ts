/**
 * Webhook deliveries, as the Standard Webhooks specification has them: each event POSTed as JSON with
 * `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * under the webhook's `whsec_` secret. Events wait in the store's outbox (written with the change they
 * report); the dispatcher claims those due (a lease, so that several processes never send one twice at
 * once), sends them, and on a failure tries again after an exponential backoff with a cap, giving up after
 * a number of attempts. Issuing never waits for it: it runs on its own timer, and a receiver that hangs
 * costs only its own timeout.
 */
import { createHmac } from 'node:crypto'
import type { DueDelivery, ServerStore } from './store.js'

export interface WebhookDispatchOptions {
  /** Delay after the first failure, doubled after each next one. Default 5 s. */
  baseDelayMs?: number
  /** Longest delay between two attempts. Default 1 hour. */
  maxDelayMs?: number
  /** Attempts before a delivery is marked failed. Default 10 (about 11 hours with the defaults). */
  maxAttempts?: number
  /** How long a receiver has to answer. Default 10 s. */
  timeoutMs?: number
  /** Deliveries sent per round. Default 20. */
  batch?: number
  /** The HTTP client (tests, proxies). Default the global fetch. */
  fetch?: typeof fetch
}

const DEFAULTS = {
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 10,
  timeoutMs: 10_000,
  batch: 20,
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Why `url` cannot receive webhooks (https only, http on loopback), or undefined when it can. */
export function checkWebhookUrl(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'url is not a URL'
  }
  if (parsed.username !== '' || parsed.password !== '') return 'url carries no credentials'
  if (parsed.protocol === 'https:') return undefined
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)) return undefined
  return 'url is https (http only on this machine: 127.0.0.1, localhost)'
}

/** The `webhook-signature` value for a message (Standard Webhooks: `v1,` and base64 HMAC-SHA256). */
export function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64')
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64')
  return `v1,${mac}`
}

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1))
}

export class WebhookDispatcher {
  private readonly options: typeof DEFAULTS & { fetch: typeof fetch }
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<number> | undefined
  private stopped = false

  constructor(
    private readonly store: ServerStore,
    private readonly clock: () => Date,
    options: WebhookDispatchOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options, fetch: options.fetch ?? fetch }
  }

  /** Sends the deliveries due now (one round); returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { batch, timeoutMs } = this.options
    const due = await this.store.claimDeliveries(this.clock().getTime(), batch, timeoutMs * 2)
    await Promise.all(due.map((delivery) => this.send(delivery)))
    return due.length
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const sentAt = this.clock()
    const timestamp = Math.floor(sentAt.getTime() / 1000)
    let status: number | undefined
    let error: string | undefined
    try {
      const response = await this.options.fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'tessera-webhooks',
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': webhookSignature(
            delivery.secret,
            delivery.eventId,
            timestamp,
            delivery.payload,
          ),
        },
        body: delivery.payload,
      })
      status = response.status
      await response.body?.cancel().catch(() => undefined)
      if (status < 200 || status > 299) error = `HTTP ${status}`
    } catch (failure) {
      error = failure instanceof Error ? failure.message.slice(0, 200) : 'failed'
    }
    const attempts = delivery.attempts + 1
    const at = this.clock().getTime()
    const { baseDelayMs, maxDelayMs, maxAttempts } = this.options
    await this.store.settleDelivery(delivery.eventId, delivery.webhookId, {
      state: error === undefined ? 'delivered' : attempts >= maxAttempts ? 'failed' : 'pending',
      attempts,
      nextAt: error === undefined ? at : at + backoffMs(attempts, baseDelayMs, maxDelayMs),
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
      at,
    })
  }

  /** Runs a round every `intervalMs` until `stop` (the timer never keeps the process alive). */
  start(intervalMs = 1_000): void {
    this.stopped = false
    const tick = () => {
      this.running = this.runOnce().catch(() => 0)
      void this.running.finally(() => {
        if (!this.stopped) {
          this.timer = setTimeout(tick, intervalMs)
          this.timer.unref?.()
        }
      })
    }
    this.timer = setTimeout(tick, intervalMs)
    this.timer.unref?.()
  }

  /** Stops the timer and waits for the round under way. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    await this.running
  }
}
