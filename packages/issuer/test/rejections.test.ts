// Each refusal the issuing side adds, fed its bad input: the error code, and nothing issued or written.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { collect, thrownCode, thrownCodeAsync } from '@tessera/testkit'
import { didKeyOf, kmsSigner, TesseraIssuerProvider, TesseraKeyManagementSystem } from '@tessera/veramo'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { addDuration, type BatchResult, fillTemplate, Issuer, nextTerm } from '../src/index.js'
import { openIssuer, readRecipients } from '../src/node/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'
import { openIssuerAgent } from './folder-agent.js'

/** The clock the issuer runs at in this test, whatever today's date. */
const NOW = new Date('2026-06-01T00:00:00Z')

const dir = mkdtempSync(join(tmpdir(), 'tessera-rejections-'))

async function issuer() {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Ed25519' })
  const { did, verificationMethod } = didKeyOf(key)
  const store = new SqliteIssuerStore(':memory:')
  const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })
  return {
    did,
    store,
    issuer: new Issuer({ store, signer, statusBaseUrl: 'https://guild.example/status', clock: () => NOW }),
  }
}

const membership = (did: string, validUntil?: string) =>
  buildMembershipCredential({
    issuer: { id: did, name: 'Guild' },
    recipient: { did: 'did:example:ada' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: validUntil ?? '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject

test('DUPLICATE_ROW: a key twice in one batch is issued once, the second row refused', async () => {
  const { did, store, issuer: guild } = await issuer()
  const results: BatchResult[] = []
  const rows = [0, 1].map(() => ({ key: 'M-1|membership|2026', credential: membership(did) }))
  const summary = await guild.issueBatch(rows, { onResult: (r) => void results.push(r) })
  assert.equal(summary, { issued: 1, existing: 0, failed: 1 })
  assert.equal(results.map((r) => (r.ok ? 'ok' : r.code)).sort(), ['DUPLICATE_ROW', 'ok'])
  assert.is((await collect(store.rows())).length, 1)
})

test('renew: WRONG_STATE for a revoked credential and for one with no end; NOT_ISSUED_HERE for a stranger', async () => {
  const { did, issuer: guild } = await issuer()
  const { credentialId } = await guild.issue(membership(did), { format: 'jwt' })
  await guild.revoke(credentialId)
  assert.is(await thrownCodeAsync(() => guild.renew(credentialId)), 'WRONG_STATE')
  assert.is(await thrownCodeAsync(() => guild.renew('urn:uuid:not-here')), 'NOT_ISSUED_HERE')
  const open = membership(did)
  delete open.validUntil
  assert.is(
    thrownCode(() => nextTerm(open)),
    'WRONG_STATE',
  )
})

test('templates: INVALID_TEMPLATE for an issuer id or a recipient given; INVALID_DURATION', () => {
  const template = membership('did:example:x')
  for (const field of ['id', 'validFrom', 'credentialStatus']) delete template[field]
  template.issuer = { type: ['Profile'], name: 'Guild' }
  delete (template.credentialSubject as JsonObject).id
  const options = { issuer: 'did:example:guild', recipient: { email: 'ada@example.org' }, validFrom: NOW }
  assert.ok(fillTemplate(template, options).id)
  assert.is(
    thrownCode(() => fillTemplate({ ...template, issuer: { id: 'did:example:y' } }, options)),
    'INVALID_TEMPLATE',
  )
  const withRecipient = structuredClone(template)
  ;(withRecipient.credentialSubject as JsonObject).id = 'did:example:ada'
  assert.is(
    thrownCode(() => fillTemplate(withRecipient, options)),
    'INVALID_TEMPLATE',
  )
  assert.is(
    thrownCode(() => fillTemplate(template, { issuer: 'did:example:guild', recipient: {}, validFrom: NOW })),
    'INVALID_TEMPLATE',
  )
  for (const bad of ['P', 'P1X', '1Y', 'PT1H', ''])
    assert.is(
      thrownCode(() => addDuration(new Date(), bad)),
      'INVALID_DURATION',
      bad,
    )
  assert.is(addDuration(new Date('2026-01-31T00:00:00Z'), 'P1Y2W').toISOString(), '2027-02-14T00:00:00.000Z')
})

test('recipients: MISSING_COLUMNS when the header lacks a required column', async () => {
  const file = join(dir, 'no-email.csv')
  writeFileSync(file, 'member_id,name\nM-1,Ada\n')
  assert.is(await thrownCodeAsync(() => collect(readRecipients(file))), 'MISSING_COLUMNS')
})

test('recipients: every reason of a bad row, with its first column; required and checked columns of the caller', async () => {
  const file = join(dir, 'recipients.csv')
  writeFileSync(
    file,
    [
      'member_id,name,email,did,valid_until,tier',
      'M-1,Ada,,,,Full',
      'M-2,Bea,b@example.org,did:key:z6Mk<script>,2025-02-30,Full',
      'M-3,Cy,,did:web:guild.example:people:cy,,',
      'M-3,Cy again,c@example.org,,,Full',
      'M-4,Dee,d@example.org,,,Gold',
      '',
    ].join('\n'),
  )
  const rows = await collect(
    readRecipients(file, {
      require: ['tier'],
      check: (f) => (f.tier === 'Gold' ? [{ column: 'tier', reason: 'no Gold tier this year' }] : []),
    }),
  )
  assert.equal(
    rows.map((r) => (r.ok ? r.recipient.memberId : r.problem)),
    [
      { line: 2, memberId: 'M-1', column: 'email', code: 'NO_EMAIL_OR_DID', reason: 'no email and no DID' },
      {
        line: 3,
        memberId: 'M-2',
        column: 'did',
        code: 'INVALID_DID',
        reason:
          'did "did:key:z6Mk<script>" is not a DID; valid until "2025-02-30" is not a date (YYYY-MM-DD)',
      },
      { line: 4, memberId: 'M-3', column: 'tier', code: 'MISSING_VALUE', reason: 'no tier' },
      'M-3',
      { line: 6, memberId: 'M-4', column: 'tier', code: 'INVALID_VALUE', reason: 'no Gold tier this year' },
    ],
  )
  assert.is(
    await thrownCodeAsync(() => collect(readRecipients(file, { require: ['join_date'] }))),
    'MISSING_COLUMNS',
  )
})

test('folders and agents: NOT_INITIALISED, ROTATION_NEEDS_DID_WEB', async () => {
  assert.is(await thrownCodeAsync(() => openIssuer(join(dir, 'empty'), {})), 'NOT_INITIALISED')
  const opened = await openIssuerAgent(join(dir, 'key'), {})
  const identifier = await opened.createIdentifier('key')
  assert.is(await thrownCodeAsync(() => opened.rotateKey(identifier)), 'ROTATION_NEEDS_DID_WEB')
  assert.is(await thrownCodeAsync(() => opened.createIdentifier('key', 'RSA')), 'INVALID_DID_CHOICE')
  await opened.close()
})

test('the Veramo issuer provider verifies nothing and signs no presentation: NOT_A_VERIFIER, UNSUPPORTED_PROOF_FORMAT', async () => {
  const provider = new TesseraIssuerProvider()
  assert.is(await thrownCodeAsync(() => provider.verifyCredential()), 'NOT_A_VERIFIER')
  assert.is(await thrownCodeAsync(() => provider.verifyPresentation()), 'NOT_A_VERIFIER')
  assert.is(await thrownCodeAsync(() => provider.createVerifiablePresentation()), 'UNSUPPORTED_PROOF_FORMAT')
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
