/**
 * The notification endpoint (OpenID4VCI 1.0, section 11): the wallet says what became of a credential
 * it received (`credential_accepted`, `credential_deleted`, `credential_failure`), with the access token
 * of its offer. The event is recorded beside the issued credential (its last event wins); identical
 * notifications succeed again, as the specification asks.
 */
import { authorizeWithBody } from './bearer.js'
import type { ServiceContext } from './context.js'
import { refuse } from './errors.js'
import { NOTIFICATION_EVENT_TYPES, webhookEvent } from './events.js'
import type { NotificationEvent } from './store.js'

const EVENTS: readonly NotificationEvent[] = [
  'credential_accepted',
  'credential_failure',
  'credential_deleted',
]
/** Printable ASCII without `"` and `\` (OpenID4VCI 1.0, 11.1). */
const DESCRIPTION = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{0,1000}$/

export async function notificationEndpoint(context: ServiceContext, request: Request): Promise<void> {
  // The body read, the access token judged first (bearer.ts).
  const { body, offer } = await authorizeWithBody(context, request, 'invalid_notification_request')
  const { notification_id: notificationId, event, event_description: description } = body
  if (typeof notificationId !== 'string' || notificationId === '')
    refuse('invalid_notification_request', 'notification_id is missing')
  if (typeof event !== 'string' || !(EVENTS as readonly string[]).includes(event))
    refuse('invalid_notification_request', `event is one of ${EVENTS.join(', ')}`)
  if (description !== undefined && (typeof description !== 'string' || !DESCRIPTION.test(description)))
    refuse(
      'invalid_notification_request',
      'event_description is printable ASCII without quotes or backslashes, at most 1000 characters',
    )
  const now = context.clock()
  const recorded = await context.store.notify(
    offer.id,
    notificationId,
    event as NotificationEvent,
    description as string | undefined,
    now.getTime(),
    // Its webhook event, recorded with it (a repeated notification is another event: receivers see both).
    (item) =>
      webhookEvent(NOTIFICATION_EVENT_TYPES[event as NotificationEvent], now, {
        credentialId: item.credentialId,
        copyOf: item.sourceCredentialId,
        member: offer.member,
        holder: item.holder,
        description: description as string | undefined,
      }),
  )
  if (!recorded)
    refuse('invalid_notification_id', 'no credential issued with this access token has that notification_id')
}
