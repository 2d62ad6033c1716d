// The service's store contract, on each store: memory, SQLite (two connections to one file, as two
// processes have) and PostgreSQL (two pools on one database). Settings, configurations, offers, the
// redemption of a code (once, whatever the number of connections racing for it), wrong transaction codes and
// the lock, claims on offered credentials (one winner), notifications and token expiry; the admin API's
// tokens; webhooks and their outbox (events to subscribers once, leases, settling, removal).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import {
  MemoryServerStore,
  type OfferItem,
  type OfferRecord,
  PostgresServerStore,
  type Redemption,
  type ServerStore,
  SqliteServerStore,
  type WebhookEventType,
} from '../src/index.js'
import { freshDatabase, postgresAvailable } from './postgres.js'

const NOW = Date.parse('2027-03-01T10:00:00Z')

function offer(id: string, extra: Partial<OfferRecord> = {}): OfferRecord {
  return {
    id,
    codeHash: `code-${id}`,
    member: 'M-1',
    credentialIssuer: 'https://guild.example/wallet',
    configurationIds: ['membership-1a2b3c4d_ldp_vc'],
    state: 'open',
    failedAttempts: 0,
    createdAt: NOW,
    expiresAt: NOW + 86_400_000,
    ...extra,
  }
}

function item(id: string, offerId: string): OfferItem {
  return {
    id,
    offerId,
    configurationId: 'membership-1a2b3c4d_ldp_vc',
    sourceCredentialId: `urn:uuid:${id}`,
    state: 'open',
    updatedAt: NOW,
  }
}

const grant = (): Redemption => ({ kind: 'grant' })
const token = (hash: string) => ({ hash, expiresAt: NOW + 600_000 })

/** Two handles on one store (two connections where the store has them), and how to close it. */
interface Opened {
  a: ServerStore
  b: ServerStore
  close(): Promise<void>
}

function contract(name: string, open: () => Promise<Opened>): void {
  const it = suite(`${name} store`)
  let stores: Opened
  it.before.each(async () => {
    stores = await open()
  })
  it.after.each(async () => {
    await stores.close()
  })

  it('settings: the first value set stands, put replaces it', async () => {
    const { a, b } = stores
    assert.is(await a.setting('nonce_key'), undefined)
    assert.is(await a.initSetting('nonce_key', 'first'), 'first')
    assert.is(await b.initSetting('nonce_key', 'second'), 'first')
    await b.putSetting('nonce_key', 'third')
    assert.is(await a.setting('nonce_key'), 'third')
  })

  it('configurations: saved, read back by id and in full, metadata updated', async () => {
    const { a, b } = stores
    const record = {
      id: 'c1_ldp_vc',
      achievementId: 'https://a.example/1',
      format: 'ldp_vc' as const,
      metadata: { format: 'ldp_vc' },
    }
    await a.saveConfigurations([record, { ...record, id: 'c2_jwt_vc_json', format: 'jwt_vc_json' }])
    await b.saveConfigurations([{ ...record, metadata: { format: 'ldp_vc', display: [{ name: 'New' }] } }])
    assert.equal((await a.configuration('c1_ldp_vc'))?.metadata, {
      format: 'ldp_vc',
      display: [{ name: 'New' }],
    })
    assert.equal((await b.configurations()).map((c) => c.id).sort(), ['c1_ldp_vc', 'c2_jwt_vc_json'])
    assert.is(await a.configuration('nope'), undefined)
  })

  it('offers: recorded with their credentials, found by id, code and member; a code twice is refused', async () => {
    const { a, b } = stores
    await a.addOffer(offer('o1', { txCode: { input_mode: 'numeric', length: 6 }, txCodeHash: 'tx' }), [
      item('i1', 'o1'),
      item('i2', 'o1'),
    ])
    const found = await b.offerByCode('code-o1')
    assert.equal(
      found?.offer,
      offer('o1', { txCode: { input_mode: 'numeric', length: 6 }, txCodeHash: 'tx' }),
    )
    assert.equal(
      found?.items.map((i) => i.id),
      ['i1', 'i2'],
    )
    assert.equal((await b.offer('o1'))?.items[1], item('i2', 'o1'))
    assert.equal(
      (await b.offersOf('M-1')).map((o) => o.id),
      ['o1'],
    )
    let refused = false
    try {
      await b.addOffer(offer('o2', { codeHash: 'code-o1' }), [])
    } catch {
      refused = true
    }
    assert.ok(refused, 'a second offer with the same code hash')
    assert.is(await b.offer('o2'), undefined)
  })

  it('redeeming: once, even with twenty requests racing on two connections', async () => {
    const { a, b } = stores
    await a.addOffer(offer('o1'), [item('i1', 'o1')])
    const verdict = (o: OfferRecord): Redemption =>
      o.state === 'open' ? grant() : { kind: 'refuse', reason: 'redeemed' }
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).redeem('code-o1', verdict, token(`t${i}`), 5, NOW),
      ),
    )
    assert.is(results.filter((r) => r?.redemption.kind === 'grant').length, 1)
    const granted = results.findIndex((r) => r?.redemption.kind === 'grant')
    assert.is((await a.token(`t${granted}`))?.offer.state, 'redeemed')
    assert.is((await b.offer('o1'))?.offer.redeemedAt, NOW)
    for (let i = 0; i < 20; i++) if (i !== granted) assert.is(await a.token(`t${i}`), undefined)
    assert.is(await a.redeem('code-unknown', grant, token('x'), 5, NOW), undefined)
  })

  it('wrong transaction codes are counted, and lock the offer at the limit, even racing', async () => {
    const { a, b } = stores
    await a.addOffer(offer('o1', { txCodeHash: 'right' }), [item('i1', 'o1')])
    const wrong = (): Redemption => ({ kind: 'wrong-tx-code' })
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => (i % 2 ? a : b).redeem('code-o1', wrong, token(`t${i}`), 5, NOW)),
    )
    assert.is((await a.offer('o1'))?.offer.failedAttempts, 4)
    assert.is((await a.offer('o1'))?.offer.state, 'open')
    const fifth = await b.redeem('code-o1', wrong, token('t5'), 5, NOW)
    assert.is(fifth?.offer.state, 'locked')
    assert.is(fifth?.offer.failedAttempts, 5)
  })

  it('claims: one winner among racing holders; the same holder may go on; issued and denied are final', async () => {
    const { a, b } = stores
    await a.addOffer(offer('o1'), [item('i1', 'o1'), item('i2', 'o1')])
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimItem('i1', `did:key:holder${i}`, NOW)),
    )
    assert.is(claims.filter((c) => c === 'claimed').length, 1)
    const winner = `did:key:holder${claims.indexOf('claimed')}`
    assert.is(await a.claimItem('i1', winner, NOW), 'again')
    await b.completeItem('i1', 'urn:uuid:copy', 'n-1', NOW + 1)
    assert.is(await a.claimItem('i1', winner, NOW), 'taken')
    const done = (await a.offer('o1'))?.items[0]
    assert.equal(
      [done?.state, done?.holder, done?.credentialId, done?.notificationId],
      ['issued', winner, 'urn:uuid:copy', 'n-1'],
    )
    await a.denyItem('i1', NOW)
    assert.is((await a.offer('o1'))?.items[0]?.state, 'issued')
    await a.denyItem('i2', NOW)
    assert.is(await b.claimItem('i2', winner, NOW), 'taken')
    assert.is(await b.claimItem('nope', winner, NOW), 'taken')
  })

  it("notifications: recorded for the offer's own credential only", async () => {
    const { a, b } = stores
    await a.addOffer(offer('o1'), [item('i1', 'o1')])
    await a.addOffer(offer('o2', { codeHash: 'code-o2' }), [item('i2', 'o2')])
    await a.claimItem('i1', 'did:key:h', NOW)
    await a.completeItem('i1', 'urn:uuid:copy', 'n-1', NOW)
    assert.not.ok(await b.notify('o2', 'n-1', 'credential_deleted', undefined, NOW))
    assert.ok(await b.notify('o1', 'n-1', 'credential_failure', 'Out of storage.', NOW + 5))
    assert.ok(await b.notify('o1', 'n-1', 'credential_accepted', undefined, NOW + 6))
    const notified = (await a.offer('o1'))?.items[0]
    assert.equal(
      [notified?.event, notified?.eventDescription, notified?.eventAt],
      ['credential_accepted', undefined, NOW + 6],
    )
  })

  it('tokens: found with their offer until purged after expiry; cancelled offers are not redeemed', async () => {
    const { a, b } = stores
    await a.addOffer(offer('o1'), [item('i1', 'o1')])
    await a.redeem('code-o1', grant, token('t1'), 5, NOW)
    assert.is((await b.token('t1'))?.items.length, 1)
    assert.is(await b.purgeTokens(NOW), 0)
    assert.is(await b.purgeTokens(NOW + 600_001), 1)
    assert.is(await a.token('t1'), undefined)
    await a.addOffer(offer('o2', { codeHash: 'code-o2' }), [])
    assert.ok(await b.cancelOffer('o2', NOW))
    assert.not.ok(await b.cancelOffer('o2', NOW))
    assert.is((await a.offer('o2'))?.offer.state, 'cancelled')
  })

  it('admin tokens: found by hash, listed oldest first with the revoked, revoked once', async () => {
    const { a, b } = stores
    const first = {
      id: 'tok_1',
      name: 'crm',
      hash: 'hash-1',
      scopes: ['ledger:read' as const],
      createdAt: NOW,
    }
    const second = {
      id: 'tok_2',
      name: 'issuer',
      hash: 'hash-2',
      scopes: ['credentials:issue' as const, 'offers:create' as const],
      createdAt: NOW + 1,
    }
    await a.addAdminToken(first)
    await b.addAdminToken(second)
    assert.equal(await b.adminTokenByHash('hash-1'), first)
    assert.is(await a.adminTokenByHash('hash-3'), undefined)
    assert.equal(
      (await a.adminTokens()).map((t) => t.id),
      ['tok_1', 'tok_2'],
    )
    assert.ok(await a.revokeAdminToken('tok_2', NOW + 5))
    assert.not.ok(await b.revokeAdminToken('tok_2', NOW + 6), 'revoked once')
    assert.not.ok(await b.revokeAdminToken('tok_9', NOW + 6), 'no such token')
    assert.is((await b.adminTokenByHash('hash-2'))?.revokedAt, NOW + 5)
    assert.equal((await b.adminTokens()).at(-1)?.scopes, ['credentials:issue', 'offers:create'])
    assert.is((await a.adminTokenByHash('hash-1'))?.revokedAt, undefined)
  })

  it('outbox: an event goes to the webhooks subscribed to its type, once; leases, settling, removal', async () => {
    const { a, b } = stores
    const hook = (id: string, events: WebhookEventType[], createdAt: number) => ({
      id,
      url: `https://crm.example/${id}`,
      events,
      secret: `whsec_${id}`,
      createdAt,
    })
    await a.addWebhook(hook('wh_1', ['credential.issued', 'credential.revoked'], NOW))
    await b.addWebhook({ ...hook('wh_2', ['credential.revoked'], NOW + 1), description: 'audit' })
    assert.equal(
      (await b.webhooks()).map((w) => [w.id, w.description]),
      [
        ['wh_1', undefined],
        ['wh_2', 'audit'],
      ],
    )
    const event = (id: string, type: WebhookEventType, createdAt: number) => ({
      id,
      type,
      payload: JSON.stringify({ type, timestamp: new Date(createdAt).toISOString(), data: { id } }),
      createdAt,
    })
    await a.recordEvents([
      event('evt_1', 'credential.issued', NOW),
      event('evt_2', 'credential.revoked', NOW + 10),
    ])
    // Recording again is harmless: the event id is known.
    await b.recordEvents([event('evt_1', 'credential.issued', NOW)])
    // An event no webhook subscribes to is not kept.
    await b.recordEvents([event('evt_3', 'credential.accepted', NOW)])
    assert.equal(
      (await a.deliveries('wh_1', 10)).map((d) => [d.eventId, d.type, d.state, d.attempts]),
      [
        ['evt_2', 'credential.revoked', 'pending', 0],
        ['evt_1', 'credential.issued', 'pending', 0],
      ],
    )
    assert.equal((await a.deliveries('wh_1', 1)).length, 1, 'the limit holds')
    assert.equal(
      (await b.deliveries('wh_2', 10)).map((d) => d.eventId),
      ['evt_2'],
    )

    // Nothing is due before its time; due ones are claimed oldest first, with what sending needs.
    assert.equal(await a.claimDeliveries(NOW - 1, 10, 30_000), [])
    const claimed = await a.claimDeliveries(NOW + 10, 10, 30_000)
    assert.is(claimed[0]?.eventId, 'evt_1', 'the oldest first')
    assert.equal(claimed.map((d) => `${d.eventId} ${d.webhookId}`).sort(), [
      'evt_1 wh_1',
      'evt_2 wh_1',
      'evt_2 wh_2',
    ])
    const [one] = claimed
    assert.is(one?.url, 'https://crm.example/wh_1')
    assert.is(one?.secret, 'whsec_wh_1')
    assert.is(one?.eventCreatedAt, NOW)
    assert.is(JSON.parse(one?.payload ?? '{}').data.id, 'evt_1')
    // Leased: another process claims none of them until the lease ends.
    assert.equal(await b.claimDeliveries(NOW + 20, 10, 30_000), [])

    // Settled: delivered is final; a failure comes back at its next time, with what went wrong.
    await b.settleDelivery('evt_1', 'wh_1', {
      state: 'delivered',
      attempts: 1,
      nextAt: NOW + 10,
      status: 204,
      at: NOW + 11,
    })
    await b.settleDelivery('evt_2', 'wh_1', {
      state: 'pending',
      attempts: 1,
      nextAt: NOW + 5_000,
      status: 500,
      error: 'HTTP 500',
      at: NOW + 11,
    })
    const settled = await a.deliveries('wh_1', 10)
    const delivered = settled.find((d) => d.eventId === 'evt_1')
    assert.is(delivered?.state, 'delivered')
    assert.is(delivered?.deliveredAt, NOW + 11)
    assert.is(delivered?.lastStatus, 204)
    const retried = settled.find((d) => d.eventId === 'evt_2')
    assert.equal([retried?.state, retried?.attempts, retried?.nextAt], ['pending', 1, NOW + 5_000])
    assert.equal([retried?.lastStatus, retried?.lastError], [500, 'HTTP 500'])
    // The retry is due at its time even though the first lease has not run out: settling released it.
    assert.equal(
      (await b.claimDeliveries(NOW + 5_000, 10, 30_000)).map((d) => d.eventId),
      ['evt_2'],
    )
    // The lease of wh_2's delivery ran out unsettled (a process died): it is claimed again (the retry's
    // lease, taken at NOW + 5,000, still holds).
    assert.equal(
      (await a.claimDeliveries(NOW + 34_000, 10, 30_000)).map((d) => [d.eventId, d.webhookId]),
      [['evt_2', 'wh_2']],
    )

    // Removing a webhook drops its undelivered deliveries; its delivered ones no longer matter.
    assert.ok(await a.removeWebhook('wh_2'))
    assert.not.ok(await b.removeWebhook('wh_2'))
    assert.equal(
      (await b.webhooks()).map((w) => w.id),
      ['wh_1'],
    )
    assert.equal(await b.deliveries('wh_2', 10), [])
    // What is left to send is wh_1's retry alone.
    assert.equal(
      (await a.claimDeliveries(NOW + 100_000, 10, 30_000)).map((d) => `${d.eventId} ${d.webhookId}`),
      ['evt_2 wh_1'],
    )
  })

  it('outbox: completing a claimed credential records its events in the same step, once', async () => {
    const { a, b } = stores
    await a.addWebhook({
      id: 'wh_1',
      url: 'https://crm.example/hook',
      events: ['credential.issued', 'credential.accepted'],
      secret: 'whsec_1',
      createdAt: NOW,
    })
    await a.addOffer(offer('o1'), [item('i1', 'o1')])
    assert.is(await a.claimItem('i1', 'did:key:z6Mk', NOW), 'claimed')
    const issued = {
      id: 'evt_issued',
      type: 'credential.issued' as const,
      payload: '{}',
      createdAt: NOW + 1,
    }
    await b.completeItem('i1', 'urn:uuid:copy', 'notif-1', NOW + 1, [issued])
    // Completing again changes nothing and records nothing more.
    await a.completeItem('i1', 'urn:uuid:other', 'notif-2', NOW + 2, [{ ...issued, id: 'evt_again' }])
    assert.is((await a.offer('o1'))?.items[0]?.credentialId, 'urn:uuid:copy')
    assert.ok(
      await b.notify('o1', 'notif-1', 'credential_accepted', undefined, NOW + 3, (accepted) => ({
        id: 'evt_accepted',
        type: 'credential.accepted',
        payload: JSON.stringify({ credentialId: accepted.credentialId }),
        createdAt: NOW + 3,
      })),
    )
    const recorded = await a.deliveries('wh_1', 10)
    assert.equal(
      recorded.map((d) => [d.eventId, d.type]),
      [
        ['evt_accepted', 'credential.accepted'],
        ['evt_issued', 'credential.issued'],
      ],
    )
    const [accepted] = await b.claimDeliveries(NOW + 3, 1, 1_000)
    assert.is(accepted?.eventId, 'evt_issued')
    const [next] = await b.claimDeliveries(NOW + 3, 1, 1_000)
    assert.is(JSON.parse(next?.payload ?? '{}').credentialId, 'urn:uuid:copy')
  })

  it.run()
}

contract('memory', async () => {
  const store = new MemoryServerStore()
  return { a: store, b: store, close: () => store.close() }
})

contract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-server-store-'))
  const a = new SqliteServerStore(join(dir, 'tessera.db'))
  const b = new SqliteServerStore(join(dir, 'tessera.db'))
  return {
    a,
    b,
    async close() {
      await a.close()
      await b.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

if (postgresAvailable('the service store'))
  contract('PostgreSQL', async () => {
    const database = await freshDatabase('server_store')
    const [a, b] = await Promise.all([
      PostgresServerStore.open(database.url),
      PostgresServerStore.open(database.url),
    ])
    return {
      a,
      b,
      async close() {
        await a.close()
        await b.close()
        await database.drop()
      },
    }
  })
