// `tessera token create|list|revoke` on a store while its service runs: a token made by the command works
// at the admin API at once, is listed without itself, and once revoked is refused; and `tessera revoke` on
// a member's credential says which wallet copies (IssueOptions.copyOf) it revoked with it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initIssuer, openIssuer } from '@tessera/issuer/node'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { listen, type OpenedService, openWalletService, type RunningServer } from '@tessera/server'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { main } from '../src/main.js'
import { TEST_NOW } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-token-'))
const store = join(dir, 'store')
let running: RunningServer
let opened: OpenedService

test.before(async () => {
  await initIssuer(store, { did: 'key', statusBaseUrl: 'https://guild.example/status' }, {})
  let handler: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  running = await listen((request) => handler(request))
  opened = await openWalletService(store, {}, { clock: () => TEST_NOW, baseUrl: running.url })
  handler = opened.service.fetch
})
test.after(async () => {
  await running?.close()
  await opened?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs `tessera <argv>` in this process on the SQLite store (never a DATABASE_URL of the test command). */
async function tessera(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const saved = process.env.DATABASE_URL
  process.env.DATABASE_URL = ''
  try {
    const code = await main(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd: dir,
      now: () => TEST_NOW,
    })
    return { code, out: out.join(''), err: err.join('') }
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = saved
  }
}

const ledger = (token: string) =>
  fetch(`${running.url}/admin/credentials`, { headers: { authorization: `Bearer ${token}` } })

test('token create prints the token once; it works; list shows it without the token; revoke refuses it', async () => {
  const created = await tessera(
    'token',
    'create',
    '--store',
    'store',
    '--scope',
    'ledger:read',
    '--name',
    'audit',
    '--json',
  )
  assert.is(created.code, 0, created.err)
  const { id, token } = JSON.parse(created.out) as { id: string; token: string }
  assert.match(token, /^tsa_/)
  assert.is((await ledger(token)).status, 200)

  const listed = await tessera('token', 'list', '--store', 'store')
  assert.is(listed.code, 0, listed.err)
  assert.match(listed.out, new RegExp(`${id}\\s+active .*ledger:read\\s+audit`))
  assert.not.ok(listed.out.includes(token))

  const revoked = await tessera('token', 'revoke', '--store', 'store', id)
  assert.is(revoked.code, 0, revoked.err)
  const refused = await ledger(token)
  assert.is(refused.status, 401)
  assert.is(((await refused.json()) as { error: string }).error, 'invalid_token')
  assert.match((await tessera('token', 'list', '--store', 'store')).out, new RegExp(`${id}\\s+revoked`))
  assert.is((await tessera('token', 'revoke', '--store', 'store', id)).code, 2, 'revoked once')
})

test('token create refuses an unknown scope, and no scope', async () => {
  const unknown = await tessera('token', 'create', '--store', 'store', '--scope', 'everything')
  assert.is(unknown.code, 2)
  assert.match(unknown.err, /INVALID_OPTIONS/)
  const none = await tessera('token', 'create', '--store', 'store')
  assert.is(none.code, 2)
  assert.match(none.err, /USAGE/)
})

test("tessera revoke on a member's credential revokes the wallet copy made from it, and says so", async () => {
  const { issuer, profile, close } = await openIssuer(store, {}, { clock: () => TEST_NOW })
  let original: string
  let copy: string
  try {
    const credential = buildMembershipCredential({
      issuer: { id: profile.did, name: 'Guild of Bookbinders' },
      recipient: { email: 'm-cli@example.org' },
      achievement: { id: 'https://guild.example/achievements/membership' },
      term: { name: '2027', start: new Date('2026-01-01T00:00:00Z'), end: new Date('2027-12-31T23:59:59Z') },
    }) as unknown as JsonObject
    original = (await issuer.issue(credential, { recipient: 'M-cli' })).credentialId
    const bound = { ...credential, id: 'urn:uuid:2d7c1e0a-7a0b-4d8e-9d3e-5c3b1a2f4e6d' }
    copy = (await issuer.issue(bound, { recipient: 'M-cli', copyOf: original })).credentialId
  } finally {
    await close()
  }
  const revoked = await tessera('revoke', '--store', 'store', original)
  assert.is(revoked.code, 0, revoked.err)
  assert.ok(revoked.out.includes(`revoked ${original}\n`), revoked.out)
  assert.ok(revoked.out.includes(`revoked ${copy} (its wallet copy)`), revoked.out)
})

test.run()
