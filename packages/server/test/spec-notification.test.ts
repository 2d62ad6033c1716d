// The notification endpoint as OpenID4VCI 1.0 section 11 has it, over HTTP against the service on
// 127.0.0.1: the notification_id of a credential response with one of the three events (case sensitive),
// an optional ASCII event_description; a 2xx (204) answer, the same again for an identical notification;
// invalid_notification_id for an id the access token did not receive, invalid_notification_request for a
// malformed request, RFC 6750's 401 without a valid access token; unknown parameters ignored.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Guild, startGuild } from './guild.js'
import { assertOAuthError, credentialRequest, goodProof, openSession, type Session } from './spec-checks.js'
import { type Answer, postJson } from './wallet.js'

let guild: Guild
let session: Session
let notificationId: string

test.before(async () => {
  guild = await startGuild({ start: new Date('2027-03-01T10:00:00Z') })
  session = await openSession(guild)
  const answer = await credentialRequest(guild, session, {
    credential_identifier: session.identifier,
    proofs: { jwt: [await goodProof(guild, session)] },
  })
  assert.is(answer.status, 200, answer.text)
  notificationId = answer.body.notification_id as string
})
test.after(async () => {
  await guild?.close()
})

function notify(body: unknown, token: string = session.accessToken): Promise<Answer> {
  return postJson(`${guild.base}/notification`, body, token)
}

test('11.1 and 11.2: each of the three events is received: 204, no body; an identical notification succeeds again', async () => {
  for (const event of [
    'credential_accepted',
    'credential_accepted',
    'credential_failure',
    'credential_deleted',
  ]) {
    const answer = await notify({ notification_id: notificationId, event })
    assert.is(answer.status, 204, answer.text)
    assert.is(answer.text, '')
  }
})

test('11.1: event_description in the allowed ASCII is taken; unknown parameters are ignored', async () => {
  const answer = await notify({
    notification_id: notificationId,
    event: 'credential_failure',
    event_description: 'Could not store the Credential. Out of storage.',
    something_new: 1,
  })
  assert.is(answer.status, 204, answer.text)
})

test('11.3: a notification_id this access token did not receive is invalid_notification_id (400, JSON)', async () => {
  assertOAuthError(
    await notify({ notification_id: 'not-one-of-ours', event: 'credential_accepted' }),
    400,
    'invalid_notification_id',
  )
  // Another offer's access token does not reach this notification_id.
  const other = await openSession(guild)
  assertOAuthError(
    await notify({ notification_id: notificationId, event: 'credential_accepted' }, other.accessToken),
    400,
    'invalid_notification_id',
  )
})

test('11.1 and 11.3: no notification_id, no event, an event of another name or case, or a description outside ASCII: invalid_notification_request', async () => {
  const refused = [
    { event: 'credential_accepted' },
    { notification_id: notificationId },
    { notification_id: notificationId, event: 'credential_lost' },
    { notification_id: notificationId, event: 'Credential_Accepted' },
    { notification_id: notificationId, event: 'credential_failure', event_description: 'a "quoted" word' },
    { notification_id: notificationId, event: 'credential_failure', event_description: 'né' },
  ]
  for (const body of refused) assertOAuthError(await notify(body), 400, 'invalid_notification_request')
})

test('11.3: a notification that repeats the same parameter is invalid_notification_request', async () => {
  const id = JSON.stringify(notificationId)
  assertOAuthError(
    await notify(`{"notification_id":${id},"event":"credential_deleted","event":"credential_accepted"}`),
    400,
    'invalid_notification_request',
  )
  assertOAuthError(
    await notify(`{"notification_id":"unknown","notification_id":${id},"event":"credential_accepted"}`),
    400,
    'invalid_notification_request',
  )
})

test('11.3: without an access token, or with an unknown one: 401 with the Bearer challenge', async () => {
  const body = { notification_id: notificationId, event: 'credential_accepted' }
  assertOAuthError(await postJson(`${guild.base}/notification`, body), 401, 'invalid_token')
  assertOAuthError(await notify(body, 'y'.repeat(43)), 401, 'invalid_token')
  // The token is judged first: a malformed request without one is still the 401.
  assertOAuthError(await postJson(`${guild.base}/notification`, '{"notification_id":'), 401, 'invalid_token')
})

test.run()
