// The issuer's Veramo agent on its folder: did:key made by the Tessera KMS, keys sealed at rest, the
// secret kept out of every output, and the same identity after a reopen.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildMembershipCredential, errorCodeOf } from '@tessera/schema'
import { collect, thrownCodeAsync } from '@tessera/testkit'
import { Verifier } from '@tessera/verifier'
import { SecretBox } from '@veramo/kms-local'
import Database from 'better-sqlite3'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Issuer } from '../src/index.js'
import { KMS_NAME, openIssuerAgent } from './folder-agent.js'

const root = mkdtempSync(join(tmpdir(), 'tessera-agent-'))
const NOW = new Date('2026-06-01T00:00:00Z')

function membership(did: string) {
  return buildMembershipCredential({
    issuer: { id: did, name: 'Guild of Bookbinders' },
    recipient: { email: 'ada@example.org' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  })
}

test('a did:key on the Tessera KMS issues credentials that verify; reopened, it is the same issuer', async () => {
  const dir = join(root, 'guild')
  const opened = await openIssuerAgent(dir, {})
  const identifier = await opened.agent.didManagerCreate({
    provider: 'did:key',
    kms: KMS_NAME,
    options: { keyType: 'Ed25519' },
  })
  assert.match(identifier.did, /^did:key:z6Mk/)
  assert.is(identifier.keys[0]?.kms, KMS_NAME)
  const issuer = new Issuer({
    store: opened.store,
    signer: opened.signerFor(identifier),
    statusBaseUrl: 'https://guild.example/status',
    clock: () => NOW,
    verifier: new Verifier({ offline: true }),
  })
  const { credential } = await issuer.issue(membership(identifier.did), { format: 'jwt' })
  await opened.close()

  const again = await openIssuerAgent(dir, {})
  const [same] = await again.agent.didManagerFind()
  assert.is(same?.did, identifier.did)
  const reopened = new Issuer({
    store: again.store,
    signer: again.signerFor(same as typeof identifier),
    statusBaseUrl: 'https://guild.example/status',
    clock: () => NOW,
    verifier: new Verifier({ offline: true }),
  })
  const second = await reopened.issue(membership(identifier.did))
  assert.is((await collect(again.store.rows())).length, 2)
  const lists = await reopened.signedStatusLists({ validFrom: '2026-01-01T00:00:00Z' })
  const verifier = new Verifier({ documents: lists, offline: true })
  assert.ok((await verifier.verifyCredential(credential as string, { now: NOW })).verified)
  assert.ok((await verifier.verifyCredential(second.credential as never, { now: NOW })).verified)
  await again.close()
})

test('private keys are sealed at rest, and the secret file is made with mode 0600', async () => {
  const dir = join(root, 'sealed')
  const opened = await openIssuerAgent(dir, {})
  const identifier = await opened.agent.didManagerCreate({ provider: 'did:key', kms: KMS_NAME })
  const key = identifier.keys[0]
  await opened.close()
  assert.is(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600)
  // the row holds the key sealed: opened with the secret it is the seed, which appears nowhere in clear
  const db = new Database(join(dir, 'tessera.db'), { readonly: true })
  const { privateKeyHex: sealed } = db.prepare('select privateKeyHex from "private-key"').get() as {
    privateKeyHex: string
  }
  db.close()
  const seed = await new SecretBox(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).decrypt(sealed)
  assert.match(seed, /^[0-9a-f]{64,128}$/)
  assert.is.not(sealed, seed)
  const files = ['tessera.db', 'tessera.db-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f))
  for (const file of files) assert.not.ok(readFileSync(file).includes(Buffer.from(seed.slice(0, 64))), file)
  const again = await openIssuerAgent(dir, {})
  const [stored] = await again.kms.listKeys()
  await again.close()
  assert.is(stored?.publicKeyHex, key?.publicKeyHex)
})

test('a wrong TESSERA_SECRET: WRONG_SECRET, and neither secret appears in the message', async () => {
  const dir = join(root, 'secret')
  const right = 'a'.repeat(64)
  const opened = await openIssuerAgent(dir, { TESSERA_SECRET: right })
  await opened.agent.didManagerCreate({ provider: 'did:key', kms: KMS_NAME })
  await opened.close()
  const wrong = 'b'.repeat(64)
  try {
    await openIssuerAgent(dir, { TESSERA_SECRET: wrong })
    assert.unreachable('opened with the wrong secret')
  } catch (error) {
    assert.is(errorCodeOf(error), 'WRONG_SECRET')
    assert.not.ok(String((error as Error).message).includes(wrong))
    assert.not.ok(String((error as Error).message).includes(right))
  }
  assert.is(
    await thrownCodeAsync(() => openIssuerAgent(dir, { TESSERA_SECRET: 'not hex' })),
    'INVALID_SECRET',
  )
  const reopened = await openIssuerAgent(dir, { TESSERA_SECRET: right })
  assert.is((await reopened.agent.didManagerFind()).length, 1)
  await reopened.close()
})

test.after(() => rmSync(root, { recursive: true, force: true }))

test.run()
