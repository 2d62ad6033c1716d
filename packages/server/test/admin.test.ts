// The admin API as a member-management system uses it, on 127.0.0.1: scoped tokens (none, unknown,
// revoked, lacking the scope: each refused with its code, no stack), bounded bodies, issuing, reading the
// ledger, making an offer a wallet takes, and revoking, suspending and reinstating a member's credential
// reaching the wallet copy made from it.
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createAdminToken, listAdminTokens, revokeAdminToken } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { takeOffer } from './take.js'
import type { Answer } from './wallet.js'

let guild: Guild
let all: string
let readOnly: string

test.before(async () => {
  guild = await startGuild()
  const store = guild.opened.store
  all = (
    await createAdminToken(store, {
      name: 'members system',
      scopes: ['credentials:issue', 'credentials:revoke', 'offers:create', 'ledger:read', 'webhooks:manage'],
      now: guild.clock(),
    })
  ).token
  readOnly = (await createAdminToken(store, { scopes: ['ledger:read'], now: guild.clock() })).token
})
test.after(async () => {
  await guild?.close()
})

const admin = (path: string) => `${guild.base}/admin${path}`

async function call(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const response = await fetch(admin(path), {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  const text = await response.text()
  let parsed: Record<string, unknown> = {}
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
  } catch {}
  return { status: response.status, headers: response.headers, body: parsed, text }
}

function refused(answer: Answer, status: number, code: string): void {
  assert.is(answer.status, status, answer.text)
  assert.is(answer.body.error, code, answer.text)
  assert.type(answer.body.error_description, 'string')
  assert.not.match(answer.text, /\bat [\w.<>]+ \(|node:internal|\.ts:\d+/, 'no stack trace')
}

test('a token is shown once, stored as its SHA-256, listed without itself', async () => {
  const created = await createAdminToken(guild.opened.store, {
    name: 'audit',
    scopes: ['ledger:read'],
    now: guild.clock(),
  })
  assert.match(created.token, /^tsa_[A-Za-z0-9_-]{43}$/)
  const listed = await listAdminTokens(guild.opened.store)
  const mine = listed.find((t) => t.id === created.record.id)
  assert.ok(mine)
  assert.is.not(mine.hash, created.token)
  assert.not.ok(JSON.stringify(listed).includes(created.token))
})

test('a token with an unknown scope or none is not made', async () => {
  for (const scopes of [['credentials:everything'], []])
    try {
      await createAdminToken(guild.opened.store, { scopes, now: guild.clock() })
      assert.unreachable('made')
    } catch (error) {
      assert.is((error as { code?: string }).code, 'INVALID_OPTIONS')
    }
})

test('refused: no token, a malformed header, an unknown token, a revoked token (401 invalid_token)', async () => {
  const none = await call('GET', '/credentials')
  refused(none, 401, 'invalid_token')
  assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/)
  const malformed = await fetch(admin('/credentials'), { headers: { authorization: 'Basic YWJj' } })
  assert.is(malformed.status, 401)
  refused(
    await call('GET', '/credentials', 'tsa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    401,
    'invalid_token',
  )
  const { token, record } = await createAdminToken(guild.opened.store, {
    scopes: ['ledger:read'],
    now: guild.clock(),
  })
  assert.is((await call('GET', '/credentials', token)).status, 200)
  assert.ok(await revokeAdminToken(guild.opened.store, record.id, guild.clock()))
  assert.not.ok(await revokeAdminToken(guild.opened.store, record.id, guild.clock()), 'revoked once')
  const revoked = await call('GET', '/credentials', token)
  refused(revoked, 401, 'invalid_token')
  assert.match(revoked.body.error_description as string, /revoked/)
})

test('refused: a token without the scope (403 insufficient_scope), for every write', async () => {
  for (const [method, path] of [
    ['POST', '/credentials'],
    ['POST', '/credentials/urn:x/revoke'],
    ['POST', '/credentials/urn:x/suspend'],
    ['POST', '/credentials/urn:x/reinstate'],
    ['POST', '/credentials/urn:x/renew'],
    ['POST', '/offers'],
    ['GET', '/webhooks'],
  ] as const) {
    const answer = await call(method, path, readOnly, method === 'GET' ? undefined : {})
    refused(answer, 403, 'insufficient_scope')
  }
})

test('refused: oversized (413), malformed, not JSON, not an object, unknown members (400 invalid_request)', async () => {
  const big = await call('POST', '/offers', all, JSON.stringify({ member: 'x'.repeat(70_000) }))
  refused(big, 413, 'invalid_request')
  refused(await call('POST', '/offers', all, '{"member": '), 400, 'invalid_request')
  refused(await call('POST', '/offers', all, '[1]'), 400, 'invalid_request')
  const text = await fetch(admin('/offers'), {
    method: 'POST',
    headers: { authorization: `Bearer ${all}`, 'content-type': 'text/plain' },
    body: 'member=M-1',
  })
  assert.is(text.status, 400)
  refused(await call('POST', '/offers', all, { member: 'M-1', surprise: true }), 400, 'invalid_request')
  refused(await call('POST', '/offers', all, { member: 'M-1', lifetimeDays: 400 }), 400, 'invalid_request')
  refused(await call('POST', '/credentials', all, { credential: 'no' }), 400, 'invalid_request')
  refused(
    await call('POST', '/credentials', all, { credential: { name: 'not a badge' } }),
    400,
    'invalid_request',
  )
  refused(await call('GET', '/credentials?limit=0', all), 400, 'invalid_request')
  refused(await call('GET', '/credentials?state=gone', all), 400, 'invalid_request')
})

test('not found (404) and conflicts (409): an unknown credential, reinstating a revoked one, an offer with nothing to offer', async () => {
  refused(
    await call('POST', `/credentials/${encodeURIComponent('urn:uuid:none')}/revoke`, all),
    404,
    'not_found',
  )
  refused(await call('GET', `/credentials/${encodeURIComponent('urn:uuid:none')}`, all), 404, 'not_found')
  const issued = await guild.issueMembership('M-gone', { suspension: true })
  const id = encodeURIComponent(issued.credentialId)
  assert.is((await call('POST', `/credentials/${id}/revoke`, all)).status, 200)
  refused(await call('POST', `/credentials/${id}/reinstate`, all), 409, 'conflict')
  refused(await call('POST', '/offers', all, { member: 'M-gone' }), 409, 'conflict')
})

test('issue through the API, read it in the ledger, renew it', async () => {
  const credential = buildMembershipCredential({
    issuer: { id: guild.opened.issuer.profile.did, name: 'Guild of Bookbinders' },
    recipient: { email: 'm-api@example.org' },
    achievement: { id: 'https://guild.example/achievements/membership' },
    term: { name: '2027', start: new Date('2027-01-01T00:00:00Z'), end: new Date('2027-12-31T23:59:59Z') },
  }) as unknown as JsonObject
  const issued = await call('POST', '/credentials', all, { credential, member: 'M-api', key: 'M-api 2027' })
  assert.is(issued.status, 201, issued.text)
  const again = await call('POST', '/credentials', all, { credential, member: 'M-api', key: 'M-api 2027' })
  assert.is(again.status, 200)
  assert.is(again.body.existing, true)
  assert.is(again.body.credentialId, issued.body.credentialId)
  const ledger = await call('GET', '/credentials?member=M-api', readOnly)
  assert.is(ledger.status, 200)
  const rows = ledger.body.credentials as JsonObject[]
  assert.is(rows.length, 1)
  assert.is(rows[0]?.credentialId, issued.body.credentialId)
  assert.is(rows[0]?.state, 'active')
  const renewed = await call(
    'POST',
    `/credentials/${encodeURIComponent(issued.body.credentialId as string)}/renew`,
    all,
  )
  assert.is(renewed.status, 201, renewed.text)
  assert.is.not(renewed.body.credentialId, issued.body.credentialId)
  const page = await call('GET', '/credentials?member=M-api&limit=1', readOnly)
  assert.is(page.body.next, issued.body.credentialId)
  const next = await call(
    'GET',
    `/credentials?member=M-api&limit=1&after=${encodeURIComponent(page.body.next as string)}`,
    readOnly,
  )
  assert.is((next.body.credentials as JsonObject[])[0]?.credentialId, renewed.body.credentialId)
})

test("an offer made through the API, taken by a wallet; suspend, reinstate and revoke reach the wallet's copy", async () => {
  const original = await guild.issueMembership('M-cascade', { suspension: true })
  const offer = await call('POST', '/offers', all, { member: 'M-cascade' })
  assert.is(offer.status, 201, offer.text)
  assert.match(offer.body.qrSvg as string, /^<svg/)
  const link = offer.body.link as string
  const credentialOffer = JSON.parse(decodeURIComponent(link.split('credential_offer=')[1] as string))
  const { credentialId: copy } = await takeOffer(guild, credentialOffer)
  const id = encodeURIComponent(original.credentialId)

  const read = await call('GET', `/credentials/${id}`, readOnly)
  assert.equal(
    (read.body.copies as JsonObject[]).map((c) => c.credentialId),
    [copy],
  )
  const state = async (credentialId: string) => (await guild.opened.issuer.store.row(credentialId))?.state

  const suspended = await call('POST', `/credentials/${id}/suspend`, all)
  assert.is(suspended.status, 200, suspended.text)
  assert.equal(suspended.body.changed, [original.credentialId, copy])
  assert.is(await state(copy), 'suspended')
  const reinstated = await call('POST', `/credentials/${id}/reinstate`, all)
  assert.equal(reinstated.body.changed, [original.credentialId, copy])
  assert.is(await state(copy), 'active')
  const revoked = await call('POST', `/credentials/${id}/revoke`, all)
  assert.equal(revoked.body.changed, [original.credentialId, copy])
  assert.is(await state(copy), 'revoked')
  assert.is((await guild.opened.issuer.store.row(copy))?.copyOf, original.credentialId)
})

test.run()
