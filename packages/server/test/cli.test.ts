// `tessera serve` and `tessera offer`, as staff run them: the service started on a store (its URL recorded
// there), an offer made by another process and taken by a wallet, and SIGTERM while a request is under
// way: the request finishes (its credential issued and recorded), new ones are refused, the process exits 0.
// Then the site's count-only events, accepted from the site --site-origin names only, in tessera report.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initIssuer, openIssuer } from '@tessera/issuer/node'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { guildMembership } from './guild.js'
import { assertFlowAnswerHeaders } from './spec-checks.js'
import { codeOf, makeWallet, postForm, postJson, seconds } from './wallet.js'

const BIN = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tessera-serve-'))
const store = join(dir, 'store')
/** The commands' environment: no PostgreSQL, whatever the test command was given. */
const env = { ...process.env, DATABASE_URL: '' }
let serve: ChildProcess | undefined

/** Runs `tessera <args>` to its end. */
function tessera(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { env })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

/** Resolves with the first stdout line of `child` that matches, and all that it printed. */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const onData = (data: string) => {
      seen += data
      const match = pattern.exec(seen)
      if (match !== null) {
        child.stdout?.off('data', onData)
        resolve(match)
      }
    }
    child.stdout?.setEncoding('utf8').on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${pattern}: ${seen}`)))
  })
}

test.after(() => {
  serve?.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

test('tessera serve, tessera offer, a wallet takes its credential, SIGTERM lets the request under way finish', async () => {
  const profile = await initIssuer(
    store,
    { did: 'key', statusBaseUrl: 'https://guild.example/status' },
    { DATABASE_URL: '' },
  )
  const opened = await openIssuer(store, { DATABASE_URL: '' })
  const now = new Date()
  await opened.issuer.issue(guildMembership(profile.did, 'ada@example.org', now), {
    key: 'M-1|membership',
    recipient: 'M-1',
    format: 'jwt',
  })
  await opened.close()

  // An offer before any service ran: no URL to name.
  const early = await tessera('offer', '--store', store, '--member', 'M-1')
  assert.is(early.code, 2, early.err)
  assert.match(early.err, 'BASE_URL_UNKNOWN')

  serve = spawn(process.execPath, ['--import', 'tsx', BIN, 'serve', '--store', store, '--port', '0'], { env })
  let stderr = ''
  serve.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const [, issuer, url] = (await waitFor(
    serve,
    /tessera serve: (\S+) listening on (\S+)\n/,
  )) as unknown as string[]
  assert.is(issuer, url, 'with no --base-url, a trial service answers at its own address')

  const offered = await tessera(
    'offer',
    '--store',
    store,
    '--member',
    'M-1',
    '--format',
    'jwt_vc_json',
    '--tx-code',
    '--qr',
    join(dir, 'offer.svg'),
    '--json',
  )
  assert.is(offered.code, 0, offered.err)
  const offer = JSON.parse(offered.out) as {
    link: string
    txCode: string
    credentials: unknown[]
    qrSvg: string
  }
  assert.match(offer.link, /^openid-credential-offer:\/\/\?credential_offer=/)
  assert.match(offer.txCode, /^\d{6}$/)
  assert.is(offer.credentials.length, 1)
  assert.match(readFileSync(join(dir, 'offer.svg'), 'utf8'), /^<svg/)
  const credentialOffer = JSON.parse(decodeURIComponent(offer.link.split('credential_offer=')[1] as string))
  assert.is(credentialOffer.credential_issuer, url)

  const text = await tessera('offer', '--store', store, '--member', 'M-1')
  assert.is(text.code, 0, text.err)
  assert.match(text.out, 'openid-credential-offer://')
  assert.match(text.out, 'Guild of Bookbinders membership this year')
  const nothing = await tessera('offer', '--store', store, '--member', 'M-2')
  assert.is(nothing.code, 2)
  assert.match(nothing.err, 'NOTHING_TO_OFFER')
  const bad = await tessera('offer', '--store', store, '--member', 'M-1', '--format', 'mso_mdoc')
  assert.is(bad.code, 2)
  assert.match(bad.err, 'USAGE')

  const token = await postForm(`${url}/token`, {
    grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
    'pre-authorized_code': codeOf(credentialOffer),
    tx_code: offer.txCode,
  })
  assert.is(token.status, 200, token.text)
  const nonceAnswer = await postJson(`${url}/nonce`, '')
  // Under `tessera serve` (@hono/node-server's own Request and Response) the flow's answers carry their
  // headers and CORS's as any other answer does.
  for (const answer of [token, nonceAnswer]) assertFlowAnswerHeaders(answer)
  const nonce = nonceAnswer.body.c_nonce as string
  const wallet = await makeWallet('did:key', 'EdDSA')
  const proof = await wallet.proof({ aud: url as string, nonce, iat: seconds(new Date()) })
  const body = JSON.stringify({
    credential_configuration_id: credentialOffer.credential_configuration_ids[0],
    proofs: { jwt: [proof] },
  })

  // A credential request whose body is half sent when SIGTERM comes.
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}/credential`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token.body.access_token}`,
        'content-length': Buffer.byteLength(body),
      },
    })
    req.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8').on('data', (d: string) => (text += d))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.write(body.slice(0, 40))
    setImmediate(() => {
      serve?.kill('SIGTERM')
      waitFor(serve as ChildProcess, /stopping/).then(() => req.end(body.slice(40)), reject)
    })
  })
  const exited = new Promise<number | null>((resolve) => serve?.once('exit', resolve))
  const finished = await answer
  assert.is(finished.status, 200, finished.body)
  const { credentials } = JSON.parse(finished.body) as { credentials: { credential: string }[] }
  assert.type(credentials[0]?.credential, 'string')
  // New connections are refused while it stops, and it exits 0.
  let refused = false
  await fetch(`${url}/nonce`, { method: 'POST' }).catch(() => {
    refused = true
  })
  assert.ok(refused, 'a new request after SIGTERM')
  assert.is(await exited, 0, stderr)
  serve = undefined

  // The credential is in the ledger against the member.
  const ledger = await tessera('ledger', '--store', store, '--member', 'M-1', '--json')
  assert.is(ledger.code, 0, ledger.err)
  assert.is((ledger.out.match(/"credentialId"/g) ?? []).length, 2, ledger.out)
})

test('tessera serve counts the site events from its own site only, and tessera report shows them', async () => {
  serve = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      BIN,
      'serve',
      '--store',
      store,
      '--port',
      '0',
      '--site-origin',
      'https://guild.example/',
    ],
    { env },
  )
  const [, , url] = (await waitFor(serve, /tessera serve: (\S+) listening on (\S+)\n/)) as unknown as string[]
  const send = (origin: string) =>
    fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin },
      body: JSON.stringify({ type: 'view', achievement: 'https://guild.example/achievements/membership' }),
    })
  for (let i = 0; i < 3; i++) assert.is((await send('https://guild.example')).status, 204)
  const other = await send('https://tracker.example')
  assert.is(other.status, 403)
  assert.is(((await other.json()) as { error: string }).error, 'origin_not_allowed')
  const exited = new Promise<number | null>((resolve) => serve?.once('exit', resolve))
  serve.kill('SIGTERM')
  assert.is(await exited, 0)
  serve = undefined

  const report = await tessera('report', '--store', store, '--format', 'json')
  assert.is(report.code, 0, report.err)
  const { totals } = JSON.parse(report.out) as { totals: { events: Record<string, number> } }
  assert.equal(totals.events, { view: 3, verify: 0, linkedin: 0, download: 0 })
})

test('tessera serve --workers: a bad count is USAGE; workers that cannot open the store say why and it exits 2', async () => {
  for (const count of ['0', '65', 'two']) {
    const bad = await tessera('serve', '--store', store, '--port', '0', '--workers', count)
    assert.is(bad.code, 2, bad.err)
    assert.match(bad.err, 'USAGE')
  }
  const none = await tessera('serve', '--store', join(dir, 'no-store'), '--port', '0', '--workers', '2')
  assert.is(none.code, 2, none.err)
  assert.match(none.err, 'NOT_INITIALISED')
  assert.match(none.err, /worker \d exited 2 while starting/)
})

test.run()
