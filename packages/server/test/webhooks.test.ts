// Webhooks as a member-management system receives them, on 127.0.0.1: added through the admin API, events
// for a credential issued to a wallet, accepted by it, and revoked (with the copy that followed); each
// delivery signed as Standard Webhooks has it (checked against the `standardwebhooks` package); a receiver
// that fails is tried again after a backoff that doubles up to a cap, then marked failed; and a receiver
// that never answers does not hold up issuing.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { backoffMs, createAdminToken, WebhookDispatcher } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { takeOffer } from './take.js'
import { postJson } from './wallet.js'

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A receiver that answers `statuses` in turn (then 200), or never answers when `hang`. */
async function receiver(
  statuses: number[],
  hang = false,
): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8').on('data', (d: string) => (body += d))
    request.on('end', () => {
      got.push({ headers: request.headers, body })
      if (hang) return
      response.writeHead(statuses.shift() ?? 200).end()
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server }
}

let guild: Guild
let token: string

test.before(async () => {
  guild = await startGuild()
  token = (
    await createAdminToken(guild.opened.store, {
      scopes: ['webhooks:manage', 'credentials:revoke'],
      now: guild.clock(),
    })
  ).token
})
test.after(async () => {
  await guild?.close()
})

async function addWebhook(url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const added = await postJson(`${guild.base}/admin/webhooks`, { url, events }, token)
  assert.is(added.status, 201, added.text)
  assert.match(added.body.secret as string, /^whsec_/)
  return { id: added.body.id as string, secret: added.body.secret as string }
}

async function removeWebhook(id: string): Promise<void> {
  const removed = await fetch(`${guild.base}/admin/webhooks/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  })
  assert.is(removed.status, 204)
}

const advance = (ms: number) => {
  guild.now.value = new Date(guild.clock().getTime() + ms)
}

test('backoff doubles from its base and stops at its cap', () => {
  assert.equal(
    [1, 2, 3, 4].map((n) => backoffMs(n, 5_000, 3_600_000)),
    [5_000, 10_000, 20_000, 40_000],
  )
  assert.is(backoffMs(30, 5_000, 3_600_000), 3_600_000)
})

test('a webhook URL that is not https (nor loopback http) is refused', async () => {
  const refused = await postJson(
    `${guild.base}/admin/webhooks`,
    { url: 'http://members.example/hook', events: ['credential.issued'] },
    token,
  )
  assert.is(refused.status, 400)
  assert.is(refused.body.error, 'invalid_request')
  const unknown = await postJson(
    `${guild.base}/admin/webhooks`,
    { url: 'https://members.example/hook', events: ['member.left'] },
    token,
  )
  assert.is(unknown.status, 400)
})

test('issued, accepted and revoked events, signed, retried after failures with backoff, then delivered', async () => {
  const hook = await receiver([503, 500])
  const { id, secret } = await addWebhook(hook.url, [
    'credential.issued',
    'credential.accepted',
    'credential.revoked',
  ])
  const dispatcher = new WebhookDispatcher(guild.opened.store, guild.clock, { baseDelayMs: 1_000 })

  const original = await guild.issueMembership('M-hooks')
  const offer = await guild.opened.service.createOffer({ member: 'M-hooks' })
  const taken = await takeOffer(guild, offer.credentialOffer)

  assert.is(await dispatcher.runOnce(), 1, 'attempt 1 (503)')
  assert.is(await dispatcher.runOnce(), 0, 'not due again before its backoff')
  advance(1_000)
  assert.is(await dispatcher.runOnce(), 1, 'attempt 2 (500)')
  advance(1_000)
  assert.is(await dispatcher.runOnce(), 0, 'the second backoff is 2 s')
  advance(1_000)
  assert.is(await dispatcher.runOnce(), 1, 'attempt 3 (200)')
  assert.is(hook.got.length, 3)
  const ids = new Set(hook.got.map((r) => r.headers['webhook-id']))
  assert.is(ids.size, 1, 'the same webhook-id on every attempt')

  const verifier = new Webhook(secret)
  for (const { headers, body } of hook.got) {
    const timestamp = new Date(Number(headers['webhook-timestamp']) * 1000)
    assert.is(headers['webhook-signature'], verifier.sign(headers['webhook-id'] as string, timestamp, body))
  }
  const issued = JSON.parse(hook.got[2]?.body as string)
  assert.is(issued.type, 'credential.issued')
  assert.is(issued.data.credentialId, taken.credentialId)
  assert.is(issued.data.copyOf, original.credentialId)
  assert.is(issued.data.member, 'M-hooks')

  const accepted = await postJson(
    `${guild.base}/notification`,
    { notification_id: taken.notificationId, event: 'credential_accepted' },
    taken.accessToken,
  )
  assert.is(accepted.status, 204, accepted.text)
  const revoked = await postJson(
    `${guild.base}/admin/credentials/${encodeURIComponent(original.credentialId)}/revoke`,
    {},
    token,
  )
  assert.is(revoked.status, 200, revoked.text)
  assert.is(await dispatcher.runOnce(), 2)
  const [acceptedEvent, revokedEvent] = hook.got.slice(3).map((r) => JSON.parse(r.body))
  assert.is(acceptedEvent.type, 'credential.accepted')
  assert.is(acceptedEvent.data.credentialId, taken.credentialId)
  assert.is(revokedEvent.type, 'credential.revoked')
  assert.equal(revokedEvent.data.copies, [taken.credentialId])

  const deliveries = await fetch(`${guild.base}/admin/webhooks/${id}/deliveries`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const listed = (
    (await deliveries.json()) as { deliveries: { state: string; attempts: number; type: string }[] }
  ).deliveries
  assert.equal(
    listed.map((d) => d.state),
    ['delivered', 'delivered', 'delivered'],
  )
  assert.is(listed.find((d) => d.type === 'credential.issued')?.attempts, 3)
  await removeWebhook(id)
  hook.server.close()
})

test('a receiver that keeps failing is given up after the last attempt', async () => {
  const hook = await receiver(Array(10).fill(500))
  const { id } = await addWebhook(hook.url, ['credential.issued'])
  const dispatcher = new WebhookDispatcher(guild.opened.store, guild.clock, {
    baseDelayMs: 1_000,
    maxDelayMs: 2_000,
    maxAttempts: 3,
  })
  await guild.issueMembership('M-failing')
  const offer = await guild.opened.service.createOffer({ member: 'M-failing' })
  await takeOffer(guild, offer.credentialOffer)
  for (let round = 0; round < 5; round++) {
    await dispatcher.runOnce()
    advance(2_000)
  }
  assert.is(hook.got.length, 3)
  const [delivery] = await guild.opened.store.deliveries(id, 10)
  assert.is(delivery?.state, 'failed')
  assert.is(delivery?.lastStatus, 500)
  await removeWebhook(id)
  hook.server.close()
})

test('a receiver that never answers does not hold up issuing', async () => {
  const hook = await receiver([], true)
  const { id } = await addWebhook(hook.url, ['credential.issued'])
  const dispatcher = new WebhookDispatcher(guild.opened.store, guild.clock, { timeoutMs: 300 })
  dispatcher.start(1)
  try {
    for (const member of ['M-hang-1', 'M-hang-2']) {
      await guild.issueMembership(member)
      const offer = await guild.opened.service.createOffer({ member })
      await takeOffer(guild, offer.credentialOffer)
    }
  } finally {
    await dispatcher.stop()
  }
  const deliveries = await guild.opened.store.deliveries(id, 10)
  assert.is(deliveries.length, 2, 'both issued, both events waiting in the outbox')
  await removeWebhook(id)
  hook.server.closeAllConnections()
  hook.server.close()
})

test.run()
