// Several `tessera serve` processes on one database, behind one credential issuer URL, and many wallets at
// once (64 in flight): each offer's code is presented to two services at the same moment and redeemed
// exactly once, each credential is asked for at the service that did not redeem it (no state lives in a
// process), every wallet receives its credential, bound to its own DID, and every status index in the
// database is distinct. A sample of the credentials verifies. Run on PostgreSQL (scale-postgres.test.ts)
// and on SQLite with `--workers` (scale-sqlite.test.ts).
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { initIssuer } from '@tessera/issuer/node'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { type CreatedOffer, type OpenedService, openWalletService } from '../src/index.js'
import { guildMembership } from './guild.js'
import { codeOf, makeWallet, postForm, postJson, seconds } from './wallet.js'

const IN_FLIGHT = 64
export const ISSUER_URL = 'https://guild.example/wallet'
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

/** Starts `tessera serve` with `extra` arguments; resolves once it says where it listens. */
export function startServe(
  store: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', BIN, 'serve', '--store', store, '--port', '0', '--base-url', ISSUER_URL, ...extra],
    { env },
  )
  return new Promise((resolve, reject) => {
    let seen = ''
    let errors = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (errors += d))
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      seen += d
      const match = / listening on (\S+)/.exec(seen)
      if (match !== null) resolve({ child, url: match[1] as string })
    })
    child.once('exit', (code) => reject(new Error(`tessera serve exited ${code}: ${seen}${errors}`)))
  })
}

/** Answers one row of a count query, its values as strings (PostgreSQL's counts are strings already). */
export type CountQuery = (sql: string) => Promise<Record<string, string>>

export interface ScaleRun {
  store: string
  /** The database for the services and this process (`DATABASE_URL`, or empty for the store's SQLite). */
  databaseUrl: string
  wallets: number
  /** Extra arguments of each `tessera serve` (`--workers 2`). */
  serveArgs?: string[]
  /** Each started service, for the caller to stop. */
  children: ChildProcess[]
  /** The service this process opened to make the offers, for the caller to close. */
  opened: (service: OpenedService) => void
  /** A count query on the database, opened once the services have issued. */
  query: () => Promise<{ one: CountQuery; close: () => Promise<void> }>
}

/** Issues `wallets` memberships, offers them, takes them through two services, and checks the database. */
export async function scaleRun(run: ScaleRun): Promise<void> {
  const { store, wallets: count } = run
  const env = { DATABASE_URL: run.databaseUrl }
  const profile = await initIssuer(store, { did: 'key', statusBaseUrl: 'https://guild.example/status' }, env)
  const opened = await openWalletService(store, env, { baseUrl: ISSUER_URL })
  run.opened(opened)
  const now = new Date()
  const members = Array.from({ length: count }, (_, i) => `M-${i}`)
  const summary = await opened.issuer.issuer.issueBatch(
    members.map((member) => ({
      key: `${member}|membership`,
      credential: guildMembership(profile.did, `${member.toLowerCase()}@example.org`, now),
      options: { format: 'jwt', recipient: member },
    })),
  )
  assert.is(summary.issued, count)
  const service = opened.service
  const offers = await pool(members, 16, (member) =>
    service.createOffer({ member, formats: ['jwt_vc_json'] }),
  )

  const processEnv = { ...process.env, ...env }
  const servers = await Promise.all([
    startServe(store, processEnv, run.serveArgs),
    startServe(store, processEnv, run.serveArgs),
  ])
  for (const { child } of servers) run.children.push(child)
  // As a proxy in front would forward https://guild.example/wallet/... to each service.
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
  assert.is(received.length, count)

  const { one, close } = await run.query()
  try {
    assert.equal(await one("select count(*) as n from oid4vci_offers where state = 'redeemed'"), {
      n: String(count),
    })
    const items = await one(
      "select count(*) as issued, count(distinct holder) as holders, count(distinct credential_id) as credentials from oid4vci_offer_items where state = 'issued'",
    )
    assert.equal(items, { issued: String(count), holders: String(count), credentials: String(count) })
    const entries = await one(
      "select count(*) as n, count(distinct list_url || ' ' || idx) as distinct_indices, count(distinct holder) as holders from status_entries",
    )
    assert.equal(entries, {
      n: String(2 * count),
      distinct_indices: String(2 * count),
      holders: String(2 * count),
    })
    const ledger = await one(
      "select count(*) as n, count(*) filter (where key like 'oid4vci:%') as copies from ledger",
    )
    assert.equal(ledger, { n: String(2 * count), copies: String(count) })
  } finally {
    await close()
  }

  const lists = await opened.issuer.issuer.signedStatusLists()
  const verifier = new Verifier({ offline: true, documents: new Map(lists) as Map<string, JsonObject> })
  for (const { credential, did } of received.filter((_, i) => i % Math.ceil(count / 10) === 0)) {
    const result = await verifier.verifyCredential(credential, { now: new Date() })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
    const subject = result.credential?.credentialSubject
    assert.ok(isJsonObject(subject) && subject.id === did)
  }
}
