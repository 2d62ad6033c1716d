// The issuer's agent with DATABASE_URL: keys, DIDs, status lists and ledger on PostgreSQL (a database of
// its own on the throwaway server the test command starts); reopened, the same issuer; the password of
// an unreachable server never in the error.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildMembershipCredential, errorCodeOf } from '@tessera/schema'
import { collect } from '@tessera/testkit'
import { DATABASE_URL, postgresAvailable } from '@tessera/testkit/postgres'
import { Verifier } from '@tessera/verifier'
import pg from 'pg'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initIssuer, openIssuer } from '../src/node/index.js'
import { openIssuerAgent } from './folder-agent.js'

const root = mkdtempSync(join(tmpdir(), 'tessera-agent-pg-'))

if (postgresAvailable('the issuer agent')) {
  const database = `agent_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
  const url = new URL(DATABASE_URL as string)
  const admin = new pg.Client({ connectionString: url.href })
  url.pathname = `/${database}`
  const env = { DATABASE_URL: url.href }

  test.before(async () => {
    await admin.connect()
    await admin.query(`create database ${database}`)
  })

  test('init and issue on PostgreSQL; reopened, the same DID and ledger', async () => {
    const dir = join(root, 'guild')
    const profile = await initIssuer(dir, { did: 'web:guild.example' }, env)
    const opened = await openIssuer(dir, env, { clock: () => new Date('2026-06-01T00:00:00Z') })
    const { credential } = await opened.issuer.issue(
      buildMembershipCredential({
        issuer: { id: profile.did, name: 'Guild of Bookbinders' },
        recipient: { email: 'ada@example.org' },
        achievement: { id: 'https://guild.example/membership' },
        term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
      }),
      { key: 'M-1|membership|2026', recipient: 'M-1', format: 'jwt' },
    )
    const didDocument = opened.agent.didDocument(opened.identifier)
    await opened.close()
    const again = await openIssuer(dir, env)
    assert.is(again.identifier.did, 'did:web:guild.example')
    assert.is((await collect(again.store.rows())).length, 1)
    const lists = await again.issuer.signedStatusLists({ validFrom: '2026-01-01T00:00:00Z' })
    await again.close()
    const verifier = new Verifier({
      documents: new Map([...lists, ['did:web:guild.example', didDocument]]),
      offline: true,
    })
    const result = await verifier.verifyCredential(credential, { now: new Date('2026-06-01T00:00:00Z') })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
  })

  test('an unreachable PostgreSQL: STORE_UNREACHABLE, and the password is not in the message', async () => {
    const secret = 'hunter2-not-in-errors'
    try {
      await openIssuerAgent(join(root, 'unreachable'), {
        DATABASE_URL: `postgres://tessera:${secret}@127.0.0.1:1/x`,
      })
      assert.unreachable('opened')
    } catch (error) {
      assert.is(errorCodeOf(error), 'STORE_UNREACHABLE')
      assert.not.ok(String((error as Error).message).includes(secret))
    }
  })

  test.after(async () => {
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.end()
    rmSync(root, { recursive: true, force: true })
  })

  test.run()
}
