// The self-check: nothing is handed out that the verifier does not accept. A signer that signs with
// another key than the one it names, a signature corrupted on its way back, a credential already expired
// by the issuer's clock: each is SIGNED_CREDENTIAL_REJECTED, in both formats, and its ledger row is not
// completed (it stays pending, for a re-run to finish). The same of a batch's signatures, made and checked
// on libuv's thread pool.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CredentialSigner } from '@tessera/proofs'
import { buildMembershipCredential, decodeJwt, type JsonObject } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { Verifier } from '@tessera/verifier'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Issued, Issuer, type ProofFormat } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-self-check-'))
const FORMATS: ProofFormat[] = ['jwt', 'data-integrity']

async function setup(
  faulty: (signer: CredentialSigner, other: CredentialSigner) => CredentialSigner,
  now = new Date('2026-06-01T00:00:00Z'),
) {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Ed25519' })
  const otherKey = await kms.createKey({ type: 'Ed25519' })
  const { did, verificationMethod } = didKeyOf(key)
  const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })
  const otherDid = didKeyOf(otherKey)
  const other = kmsSigner(kms, otherKey, {
    issuer: otherDid.did,
    verificationMethod: otherDid.verificationMethod,
  })
  const store = new SqliteIssuerStore(join(dir, `${crypto.randomUUID()}.db`))
  const issuer = new Issuer({
    store,
    signer: faulty(signer, other),
    statusBaseUrl: 'https://guild.example/status',
    clock: () => now,
  })
  const credential = buildMembershipCredential({
    issuer: { id: did, name: 'Guild of Bookbinders' },
    recipient: { did: 'did:example:ada' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject
  return { store, issuer, credential }
}

async function rejected(
  faulty: (signer: CredentialSigner, other: CredentialSigner) => CredentialSigner,
  now?: Date,
) {
  for (const format of FORMATS) {
    const { store, issuer, credential } = await setup(faulty, now)
    const code = await thrownCodeAsync(() => issuer.issue(credential, { format, key: 'M-1' }))
    assert.is(code, 'SIGNED_CREDENTIAL_REJECTED', format)
    assert.is((await store.rowByKey('M-1'))?.state, 'pending', format)
    await store.close()
  }
}

test('a signer signing with another key than the one it names: SIGNED_CREDENTIAL_REJECTED', async () => {
  await rejected((signer, other) => ({ ...signer, sign: (data) => other.sign(data) }))
})

test('a corrupted signature: SIGNED_CREDENTIAL_REJECTED', async () => {
  await rejected((signer) => ({
    ...signer,
    sign: async (data) => (await signer.sign(data)).map((byte, i) => (i === 0 ? byte ^ 0x80 : byte)),
  }))
})

test("a credential already expired by the issuer's clock: SIGNED_CREDENTIAL_REJECTED", async () => {
  await rejected((signer) => signer, new Date('2027-06-01T00:00:00Z'))
})

/** A signer whose background signatures (those of batches) are `faulty`'s, its `sign` sound. */
async function rejectedInBatch(
  faulty: (signer: CredentialSigner, other: CredentialSigner) => CredentialSigner['sign'],
) {
  for (const format of FORMATS) {
    const { store, issuer, credential } = await setup((signer, other) => ({
      ...signer,
      signInBackground: faulty(signer, other),
    }))
    const results: { ok: boolean; code?: string }[] = []
    const summary = await issuer.issueBatch([{ key: 'M-1', credential, options: { format } }], {
      onResult: (result) => {
        results.push(result.ok ? { ok: true } : { ok: false, code: result.code })
      },
    })
    assert.equal(results, [{ ok: false, code: 'SIGNED_CREDENTIAL_REJECTED' }], format)
    assert.is(summary.failed, 1, format)
    assert.is((await store.rowByKey('M-1'))?.state, 'pending', format)
    await store.close()
  }
}

test("a batch's background signature with another key, or corrupted: SIGNED_CREDENTIAL_REJECTED", async () => {
  await rejectedInBatch((_signer, other) => (data) => other.sign(data))
  await rejectedInBatch(
    (signer) => async (data) => (await signer.sign(data)).map((byte, i) => (i === 0 ? byte ^ 0x80 : byte)),
  )
})

/**
 * The bytes a signer is given, changed before it signs them: a JWT's signing input with its status entry
 * pointing at another index (the payload re-encoded), other bytes (a Data Integrity hash) with one bit flipped.
 */
function tampered(data: Uint8Array): Uint8Array {
  const text = Buffer.from(data).toString('latin1')
  const [header, payload] = text.split('.')
  if (header === undefined || payload === undefined || !/^[\w-]+\.[\w-]+$/.test(text))
    return data.map((byte, i) => (i === 0 ? byte ^ 1 : byte))
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  claims.credentialStatus.statusListIndex = String(Number(claims.credentialStatus.statusListIndex) + 1)
  return Buffer.from(`${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`)
}

test('a signature over other bytes than those handed out (another status index): SIGNED_CREDENTIAL_REJECTED', async () => {
  await rejected((signer) => ({ ...signer, sign: (data) => signer.sign(tampered(data)) }))
  await rejectedInBatch((signer) => (data) => signer.sign(tampered(data)))
})

test("a batch's VC-JWT verifies as handed out, with the status entry the ledger holds for it", async () => {
  const { store, issuer, credential } = await setup((signer) => signer)
  const issued: Issued[] = []
  await issuer.issueBatch(
    [1, 2, 3].map((n) => ({
      key: `M-${n}`,
      credential: { ...credential, id: `urn:uuid:m-${n}` },
      options: { format: 'jwt' as const },
    })),
    { onResult: (result) => void (result.ok && issued.push(result.issued)) },
  )
  assert.is(issued.length, 3)
  const verifier = new Verifier({ offline: true })
  for (const { credentialId, credential: token } of issued) {
    assert.type(token, 'string')
    const result = await verifier.verifyCredential(token as string, {
      now: new Date('2026-06-01T00:00:00Z'),
      status: false,
    })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
    const [held] = await store.entriesOf(credentialId)
    const entry = decodeJwt(token as string).payload.credentialStatus as JsonObject
    assert.equal([entry.statusListCredential, entry.statusListIndex], [held?.url, String(held?.index)])
  }
  await store.close()
})

test('the same issuer with a sound signer issues both formats', async () => {
  for (const format of FORMATS) {
    const { store, issuer, credential } = await setup((signer) => signer)
    const issued = await issuer.issue(credential, { format, key: 'M-1' })
    assert.is(issued.row.state, 'active')
    // and in a batch, signed and checked on libuv's thread pool
    const states: string[] = []
    await issuer.issueBatch(
      [{ key: 'M-2', credential: { ...credential, id: 'urn:uuid:m-2' }, options: { format } }],
      {
        onResult: (result) => {
          if (result.ok) states.push(result.issued.row.state)
        },
      },
    )
    assert.equal(states, ['active'], format)
    await store.close()
  }
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
