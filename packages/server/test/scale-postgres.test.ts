// Two `tessera serve` processes on one PostgreSQL, behind one credential issuer URL, and 1,000 wallets at
// once (64 in flight): each offer's code is presented to both processes at the same moment and redeemed
// exactly once, each credential is asked for at the process that did not redeem it (no state lives in a
// process), every wallet receives its credential, bound to its own DID, and every status index in the
// database is distinct. A sample of the credentials verifies.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initIssuer } from '@tessera/issuer/node'
import { buildMembershipCredential, isJsonObject, type JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import pg from 'pg'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type CreatedOffer, type OpenedService, openWalletService } from '../src/index.js'
import { freshDatabase, postgresAvailable } from './postgres.js'
import { codeOf, makeWallet, postForm, postJson, seconds } from './wallet.js'

const WALLETS = Number(process.env.TESSERA_SERVER_SCALE_WALLETS ?? 1000)
const IN_FLIGHT = 64
const ISSUER_URL = 'https://guild.example/wallet'
const BIN = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url))
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

/** Runs `work` over `items`, at most `limit` at once. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T, index)
    }
  })
  await Promise.all(runners)
  return results
}

function startServe(store: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', BIN, 'serve', '--store', store, '--port', '0', '--base-url', ISSUER_URL],
    { env },
  )
  return new Promise((resolve, reject) => {
    let seen = ''
    let errors = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (errors += d))
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      seen += d
      const match = / listening on (\S+)\n/.exec(seen)
      if (match !== null) resolve({ child, url: match[1] as string })
    })
    child.once('exit', (code) => reject(new Error(`tessera serve exited ${code}: ${seen}${errors}`)))
  })
}

if (postgresAvailable('two service processes')) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-scale-'))
  const store = join(dir, 'store')
  let database: Awaited<ReturnType<typeof freshDatabase>>
  const children: ChildProcess[] = []
  let opened: OpenedService | undefined

  test.after(async () => {
    for (const child of children) child.kill('SIGTERM')
    await opened?.close()
    await database?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  test(`${WALLETS} wallets, two processes, one PostgreSQL: each offer redeemed once, each credential issued once, every index distinct`, async () => {
    database = await freshDatabase('server_scale')
    const env = { DATABASE_URL: database.url }
    const profile = await initIssuer(
      store,
      { did: 'key', statusBaseUrl: 'https://guild.example/status' },
      env,
    )
    opened = await openWalletService(store, env, { baseUrl: ISSUER_URL })
    const now = new Date()
    const members = Array.from({ length: WALLETS }, (_, i) => `M-${i}`)
    const summary = await opened.issuer.issuer.issueBatch(
      members.map((member) => ({
        key: `${member}|membership`,
        credential: buildMembershipCredential({
          issuer: { id: profile.did, name: 'Guild of Bookbinders' },
          recipient: { email: `${member.toLowerCase()}@example.org` },
          achievement: { id: 'https://guild.example/achievements/membership' },
          term: {
            name: 'this year',
            start: new Date(now.getTime() - 86_400_000),
            end: new Date(now.getTime() + 300 * 86_400_000),
          },
        }) as unknown as JsonObject,
        options: { format: 'jwt', recipient: member },
      })),
    )
    assert.is(summary.issued, WALLETS)
    const service = opened.service
    const offers = await pool(members, 16, (member) =>
      service.createOffer({ member, formats: ['jwt_vc_json'] }),
    )

    const processEnv = { ...process.env, DATABASE_URL: database.url }
    const servers = await Promise.all([startServe(store, processEnv), startServe(store, processEnv)])
    for (const { child } of servers) children.push(child)
    // As a proxy in front would forward https://guild.example/wallet/... to each process.
    const urls = servers.map((s) => `${s.url}${new URL(ISSUER_URL).pathname}`) as [string, string]

    const received = await pool(offers, IN_FLIGHT, async (offer: CreatedOffer) => {
      const form = { grant_type: PRE_AUTHORIZED, 'pre-authorized_code': codeOf(offer.credentialOffer) }
      const both = await Promise.all(urls.map((url) => postForm(`${url}/token`, form)))
      const winner = both.findIndex((a) => a.status === 200)
      assert.ok(winner >= 0, JSON.stringify(both.map((a) => a.body)))
      assert.is(both[1 - winner]?.body.error, 'invalid_grant')
      const other = urls[1 - winner] as string
      const wallet = await makeWallet('did:key', 'EdDSA')
      const nonce = (await postJson(`${other}/nonce`, '')).body.c_nonce as string
      const proof = await wallet.proof({ aud: ISSUER_URL, nonce, iat: seconds(new Date()) })
      const details = both[winner]?.body.authorization_details as { credential_identifiers: string[] }[]
      const answer = await postJson(
        `${other}/credential`,
        { credential_identifier: details[0]?.credential_identifiers[0], proofs: { jwt: [proof] } },
        both[winner]?.body.access_token as string,
      )
      assert.is(answer.status, 200, answer.text)
      const [{ credential } = { credential: '' }] = answer.body.credentials as { credential: string }[]
      return { credential, did: wallet.did }
    })
    assert.is(received.length, WALLETS)

    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      const one = async (sql: string) => (await client.query(sql)).rows[0] as Record<string, string>
      assert.equal(await one("select count(*) as n from oid4vci_offers where state = 'redeemed'"), {
        n: String(WALLETS),
      })
      const items = await one(
        "select count(*) as issued, count(distinct holder) as holders, count(distinct credential_id) as credentials from oid4vci_offer_items where state = 'issued'",
      )
      assert.equal(items, { issued: String(WALLETS), holders: String(WALLETS), credentials: String(WALLETS) })
      const entries = await one(
        'select count(*) as n, count(distinct (list_url, idx)) as distinct_indices, count(distinct holder) as holders from status_entries',
      )
      assert.equal(entries, {
        n: String(2 * WALLETS),
        distinct_indices: String(2 * WALLETS),
        holders: String(2 * WALLETS),
      })
      const ledger = await one(
        "select count(*) as n, count(*) filter (where key like 'oid4vci:%') as copies from ledger",
      )
      assert.equal(ledger, { n: String(2 * WALLETS), copies: String(WALLETS) })
    } finally {
      await client.end()
    }

    const lists = await opened.issuer.issuer.signedStatusLists()
    const verifier = new Verifier({ offline: true, documents: new Map(lists) as Map<string, JsonObject> })
    for (const { credential, did } of received.filter((_, i) => i % Math.ceil(WALLETS / 10) === 0)) {
      const result = await verifier.verifyCredential(credential, { now: new Date() })
      assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
      const subject = result.credential?.credentialSubject
      assert.ok(isJsonObject(subject) && subject.id === did)
    }
  })

  test.run()
}
