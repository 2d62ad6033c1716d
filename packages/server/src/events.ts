/**
 * The events the service tells webhooks about, as Standard Webhooks payloads (`{ type, timestamp, data
 * }`): a credential issued to a wallet, revoked, suspended or reinstated (with the wallet copies that
 * followed), and what a wallet said of its credential (accepted, deleted, failure). Made here, recorded in
 * the outbox with the change they report (see ServerStore.recordEvents), delivered by webhooks.ts.
 */
import { randomToken } from './secrets.js'
import type { EventRecord, NotificationEvent, WebhookEventType } from './store.js'

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  'credential.issued',
  'credential.revoked',
  'credential.suspended',
  'credential.reinstated',
  'credential.accepted',
  'credential.deleted',
  'credential.failure',
]

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}

/** An event of `type` at `at`, with its data. */
export function webhookEvent(
  type: WebhookEventType,
  at: Date,
  data: Record<string, string | string[] | undefined>,
): EventRecord {
  return {
    id: `evt_${randomToken(16)}`,
    type,
    // JSON.stringify leaves out the members whose value is undefined: no filtered copy of `data` first.
    payload: JSON.stringify({ type, timestamp: at.toISOString(), data }),
    createdAt: at.getTime(),
  }
}

/** The webhook event for a wallet's notification. */
export const NOTIFICATION_EVENT_TYPES: Readonly<Record<NotificationEvent, WebhookEventType>> = {
  credential_accepted: 'credential.accepted',
  credential_deleted: 'credential.deleted',
  credential_failure: 'credential.failure',
}
