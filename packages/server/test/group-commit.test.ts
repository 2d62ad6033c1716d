// The service's SQLite store on a group commit (issue #17): redemptions, claims and completions asked for
// in one turn share one transaction, each done once (racing redemptions of a code and claims of an offered
// credential still have one winner), answered once committed (another connection sees them then, not
// before); closing the store commits what is still queued.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { type OfferItem, type OfferRecord, SqliteServerStore } from '../src/index.js'

const NOW = Date.parse('2027-03-01T10:00:00Z')

function offer(id: string): OfferRecord {
  return {
    id,
    codeHash: `code-${id}`,
    member: 'M-1',
    credentialIssuer: 'https://guild.example/wallet',
    configurationIds: ['membership-1a2b3c4d_jwt_vc_json'],
    state: 'open',
    failedAttempts: 0,
    createdAt: NOW,
    expiresAt: NOW + 86_400_000,
  }
}

function item(id: string, offerId: string): OfferItem {
  return {
    id,
    offerId,
    configurationId: 'membership-1a2b3c4d_jwt_vc_json',
    sourceCredentialId: `urn:uuid:${id}`,
    state: 'open',
    updatedAt: NOW,
  }
}

const it = suite('service store: SQLite group commit')
let dir: string
it.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-group-commit-'))
})
it.after.each(() => {
  rmSync(dir, { recursive: true, force: true })
})

it('concurrent redemptions and claims: each done once, seen by another connection once answered', async () => {
  const a = new SqliteServerStore(join(dir, 'tessera.db'))
  const b = new SqliteServerStore(join(dir, 'tessera.db'))
  try {
    for (let i = 0; i < 40; i++) await a.addOffer(offer(`o${i}`), [item(`i${i}`, `o${i}`)])
    // Every code redeemed twice in the same turn, on one connection: one grant each.
    const redeemed = Array.from({ length: 80 }, (_, n) =>
      a.redeem(
        `code-o${n % 40}`,
        (o) => (o.state === 'open' ? { kind: 'grant' } : { kind: 'refuse', reason: 'redeemed' }),
        { hash: `token-${n}`, expiresAt: NOW + 600_000 },
        5,
        NOW,
      ),
    )
    // Not written before the group's commit: the other connection sees every code open still.
    assert.is((await b.offerByCode('code-o0'))?.offer.state, 'open')
    const results = await Promise.all(redeemed)
    assert.is(results.filter((r) => r?.redemption.kind === 'grant').length, 40)
    for (let i = 0; i < 40; i++) assert.is((await b.offerByCode(`code-o${i}`))?.offer.state, 'redeemed')
    // Claims racing for each item from two holders, in one turn: one winner per item.
    const claims = await Promise.all(
      Array.from({ length: 80 }, (_, n) =>
        a.claimItem(`i${n % 40}`, `did:example:${n < 40 ? 'x' : 'y'}`, NOW),
      ),
    )
    assert.is(claims.filter((c) => c === 'claimed').length, 40)
    assert.is(claims.filter((c) => c === 'taken').length, 40)
    // Completed together with their events; a completion of an item not claimed changes nothing.
    await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => a.completeItem(`i${n}`, `urn:uuid:copy-${n}`, `n-${n}`, NOW)),
      a.completeItem('no-such-item', 'urn:uuid:none', 'n-none', NOW),
    ])
    const found = await b.offer('o7')
    assert.is(found?.items[0]?.state, 'issued')
    assert.is(found?.items[0]?.credentialId, 'urn:uuid:copy-7')
  } finally {
    await a.close()
    await b.close()
  }
})

it('closing the store commits the writes still queued', async () => {
  const path = join(dir, 'tessera.db')
  const a = new SqliteServerStore(path)
  await a.addOffer(offer('o1'), [item('i1', 'o1')])
  const claimed = a.claimItem('i1', 'did:example:x', NOW)
  await a.close()
  assert.is(await claimed, 'claimed')
  const b = new SqliteServerStore(path)
  assert.is((await b.offer('o1'))?.items[0]?.state, 'claimed')
  await b.close()
})

it.run()
