// The service's store contract, on each store: memory, SQLite (two connections to one file, as two
// processes have) and PostgreSQL (two pools on one database). Settings, configurations, offers, the
// redemption of a code (once, whatever the number of connections racing for it), wrong transaction codes and
// the lock, claims on offered credentials (one winner), notifications and token expiry.
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
