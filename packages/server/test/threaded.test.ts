// The threaded service (openThreadedService: HTTP and the flow's checks on the main thread, the SQLite
// database and the issuing in a worker thread) on a store folder, on 127.0.0.1: wallet flows end to end,
// the refusals and error codes that cross the threads, closing with requests under way (each finishes and
// its copy is in the ledger), and a thread that dies (the service says so and answers server_error at
// once: nothing waits for a thread that is gone).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initIssuer } from '@tessera/issuer/node'
import { TesseraError } from '@tessera/schema'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ProtocolError } from '../src/errors.js'
import {
  type CreatedOffer,
  isServerError,
  listen,
  openThreadedService,
  openWalletService,
  type RunningServer,
  type ThreadedService,
} from '../src/index.js'
import { crossError, uncrossError } from '../src/thread-protocol.js'
import { guildMembership } from './guild.js'
import { type Answer, answerOf, codeOf, makeWallet, postForm, postJson, seconds } from './wallet.js'

const ISSUER_URL = 'https://guild.example/wallet'
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'
const dir = mkdtempSync(join(tmpdir(), 'tessera-threaded-'))
const store = join(dir, 'store')
const env = { DATABASE_URL: '' }
const offers: CreatedOffer[] = []
const guarded: { offer: CreatedOffer; txCode: string }[] = []
const services: ThreadedService[] = []
const servers: RunningServer[] = []

test.before(async () => {
  const profile = await initIssuer(store, { did: 'key', statusBaseUrl: 'https://guild.example/status' }, env)
  const opened = await openWalletService(store, env, { baseUrl: ISSUER_URL })
  try {
    const now = new Date()
    for (let i = 0; i < 16; i++) {
      const member = `M-${i}`
      await opened.issuer.issuer.issue(guildMembership(profile.did, `m${i}@example.org`, now), {
        key: `${member}|membership`,
        recipient: member,
        format: 'jwt',
      })
      if (i < 14) offers.push(await opened.service.createOffer({ member, formats: ['jwt_vc_json'] }))
      else {
        const offer = await opened.service.createOffer({ member, formats: ['jwt_vc_json'], txCode: true })
        guarded.push({ offer, txCode: offer.txCode ?? '' })
      }
    }
  } finally {
    await opened.close()
  }
})

test.after(async () => {
  for (const server of servers) await server.close()
  for (const service of services) await service.close().catch(() => undefined)
  rmSync(dir, { recursive: true, force: true })
})

/** The threaded service on the store, listening on 127.0.0.1; its wallet endpoints' base URL. */
async function start(): Promise<{ service: ThreadedService; base: string }> {
  const service = await openThreadedService(store, env, { onEvent: () => {} })
  services.push(service)
  const running = await listen(service.fetch)
  servers.push(running)
  return { service, base: `${running.url}/wallet` }
}

/** A wallet's token request for `offer`. */
function redeem(base: string, offer: CreatedOffer, txCode?: string): Promise<Answer> {
  return postForm(`${base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(offer.credentialOffer),
    ...(txCode === undefined ? {} : { tx_code: txCode }),
  })
}

/** The credential request of a redeemed offer (a fresh did:key wallet), made but not sent. */
async function credentialRequest(base: string, token: Answer): Promise<Request> {
  const wallet = await makeWallet('did:key', 'EdDSA')
  const nonce = (await postJson(`${base}/nonce`, '')).body.c_nonce as string
  const proof = await wallet.proof({ aud: ISSUER_URL, nonce, iat: seconds(new Date()) })
  const details = token.body.authorization_details as { credential_identifiers: string[] }[]
  const body = { credential_identifier: details[0]?.credential_identifiers[0], proofs: { jwt: [proof] } }
  return new Request(`${base}/credential`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.body.access_token}` },
    body: JSON.stringify(body),
  })
}

/** Sends a request over HTTP, as a wallet would. */
async function send(request: Request): Promise<Answer> {
  return answerOf(await fetch(request))
}

function ledgerCopies(): number {
  const db = new Database(join(store, 'tessera.db'), { readonly: true })
  try {
    const row = db
      .prepare("select count(*) as n from ledger where key like 'oid4vci:%' and credential is not null")
      .get() as { n: number }
    return row.n
  } finally {
    db.close()
  }
}

test('errors cross the threads with their class, code, status and challenge', () => {
  const refusal = uncrossError(
    crossError(
      new ProtocolError('invalid_nonce', 'stale', { extra: { c_nonce: 'n' }, challenge: 'Basic realm="x"' }),
    ),
  )
  assert.instance(refusal, ProtocolError)
  if (!(refusal instanceof ProtocolError)) return
  assert.is(refusal.code, 'invalid_nonce')
  assert.is(refusal.status, 400)
  assert.equal(refusal.body(), { error: 'invalid_nonce', error_description: 'stale', c_nonce: 'n' })
  assert.is(refusal.headers()['WWW-Authenticate'], 'Basic realm="x"')
  const failure = uncrossError(crossError(new TesseraError('STORE_FULL', 'disk full', { path: '/a' })))
  assert.instance(failure, TesseraError)
  assert.ok(failure instanceof TesseraError && failure.code === 'STORE_FULL' && failure.path === '/a')
  const plain = uncrossError(crossError(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' })))
  assert.ok(!(plain instanceof TesseraError))
  assert.is('code' in plain ? plain.code : undefined, 'SQLITE_BUSY')
})

test('a code thrown while the thread opens the service reaches the caller (BASE_URL_UNKNOWN)', async () => {
  const empty = join(dir, 'unserved')
  await initIssuer(empty, { did: 'key', statusBaseUrl: 'https://guild.example/status' }, env)
  const error = await openThreadedService(empty, env, { onEvent: () => {} }).catch((e: unknown) => e)
  assert.ok(isServerError(error, 'BASE_URL_UNKNOWN'), String(error))
  const bad = await openThreadedService(empty, env, { baseUrl: 'ftp://guild.example' }).catch((e) => e)
  assert.ok(isServerError(bad, 'INVALID_BASE_URL'), String(bad))
})

test('wallet flows through both threads; a code redeemed once; a wrong transaction code counted', async () => {
  const { base } = await start()
  const [first, second] = offers.splice(0, 2) as [CreatedOffer, CreatedOffer]
  const token = await redeem(base, first)
  assert.is(token.status, 200, token.text)
  const again = await redeem(base, first)
  assert.is(again.body.error, 'invalid_grant')
  const answer = await send(await credentialRequest(base, token))
  assert.is(answer.status, 200, answer.text)
  const twice = await send(await credentialRequest(base, token))
  assert.is(twice.body.error, 'invalid_token')
  // Routes answered whole in the thread: metadata, a 405, an admin call without a token.
  const metadata = await fetch(`${base.replace('/wallet', '')}/.well-known/openid-credential-issuer/wallet`)
  assert.is(((await metadata.json()) as { credential_issuer: string }).credential_issuer, ISSUER_URL)
  const get = await fetch(`${base}/token`)
  assert.is(get.status, 405)
  assert.is(get.headers.get('allow'), 'POST')
  const admin = await fetch(`${base}/admin/credentials`)
  assert.is(admin.status, 401)
  assert.is(((await admin.json()) as { error: string }).error, 'invalid_token')
  // The transaction code: a wrong one is counted in the thread, the refusal made on the main thread.
  const { offer, txCode } = guarded[0] as { offer: CreatedOffer; txCode: string }
  const wrong = await redeem(base, offer, txCode === '000000' ? '111111' : '000000')
  assert.is(wrong.body.error, 'invalid_grant')
  assert.match(String(wrong.body.error_description), '4 tries left')
  assert.is((await redeem(base, offer, txCode)).status, 200)
  assert.is((await redeem(base, second)).status, 200)
})

test('closing with credential requests under way: each finishes, its copy is in the ledger, then the thread ends', async () => {
  const { service, base } = await start()
  const batch = offers.splice(0, 8)
  const requests = await Promise.all(
    batch.map(async (offer) => credentialRequest(base, await redeem(base, offer))),
  )
  const before = ledgerCopies()
  // Handed to the service (as its HTTP server hands them), then closing at once: none is refused or cut.
  const answers = requests.map((request) => service.fetch(request).then(answerOf))
  const closed = service.close()
  const settled = await Promise.all(answers)
  await closed
  assert.equal(
    settled.map((a) => a.status),
    batch.map(() => 200),
    settled.map((a) => a.text).join('\n'),
  )
  assert.is(ledgerCopies(), before + batch.length)
  const after = await service.fetch(new Request(`${base}/nonce`, { method: 'POST' }))
  assert.is(after.status, 200, 'a nonce needs no thread')
  const refused = await service.fetch(
    new Request(`${base}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': 'x' }),
    }),
  )
  assert.is(refused.status, 500)
})

test('a thread that dies: died says THREAD_DIED, requests under way and after are server_error, none waits', async () => {
  const { service, base } = await start()
  const [offer, later] = offers.splice(0, 2) as [CreatedOffer, CreatedOffer]
  const token = await redeem(base, offer)
  const underWay = send(await credentialRequest(base, token))
  await service.terminateThread()
  const death = await service.died
  assert.ok(isServerError(death, 'THREAD_DIED'), String(death))
  // The request sent before the death was answered (issued, or refused if the thread died under it).
  assert.ok([200, 500].includes((await underWay).status))
  const afterwards = await redeem(base, later)
  assert.is(afterwards.status, 500)
  assert.is(afterwards.body.error, 'server_error')
  assert.not.match(afterwards.text, 'at ')
})

test.run()
