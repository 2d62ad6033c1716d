// Credentials signed by Tessera verify here, in @digitalbazaar/vc and with jose; so do the published status lists, which say revoked exactly for the revoked; the signer must be the issuer.
import { decodeList as dbDecodeList } from '@digitalbazaar/vc-bitstring-status-list'
import { signJwt } from '@tessera/proofs'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { digitalBazaarVerdict } from '@tessera/testkit/peer-verify'
import {
  didJwkOf,
  didKeyOf,
  kmsSigner,
  publicJwk,
  TesseraKeyManagementSystem,
  type TesseraKeyType,
} from '@tessera/veramo'
import { Verifier } from '@tessera/verifier'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Issued, Issuer } from '../src/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
const verifier = new Verifier({ offline: true })

function membership(issuer: string): JsonObject {
  return buildMembershipCredential({
    issuer: { id: issuer, name: 'Guild of Bookbinders' },
    recipient: { did: 'did:example:ada' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject
}

async function signerFor(type: TesseraKeyType, didOf: typeof didKeyOf) {
  const key = await kms.createKey({ type })
  const { did, verificationMethod } = didOf(key)
  return { key, did, signer: kmsSigner(kms, key, { issuer: did, verificationMethod }) }
}

/** Digital Bazaar's own verification (@tessera/testkit/peer-verify), at NOW. */
async function assertDigitalBazaarVerifies(signed: JsonObject): Promise<void> {
  const theirs = await digitalBazaarVerdict(signed, { now: NOW })
  assert.ok(theirs.verified, JSON.stringify(theirs.error ?? theirs))
}

test('published status lists verify in @digitalbazaar/vc and say revoked exactly for the revoked credentials', async () => {
  const { did, signer } = await signerFor('Ed25519', didKeyOf)
  const issuer = new Issuer({
    store: new SqliteIssuerStore(':memory:'),
    signer,
    statusBaseUrl: 'https://guild.example/status',
    clock: () => NOW,
  })
  const issued = []
  for (let i = 0; i < 6; i++) issued.push(await issuer.issue(membership(did), { format: 'jwt' }))
  const revoked = [issued[1], issued[4]] as Issued[]
  for (const r of revoked) await issuer.revoke(r.credentialId)
  const [[url, list]] = [...(await issuer.signedStatusLists())] as [[string, JsonObject]]
  await assertDigitalBazaarVerifies(list)
  const bits = await dbDecodeList({
    encodedList: (list.credentialSubject as { encodedList: string }).encodedList,
  })
  for (const { credential, credentialId } of issued) {
    const entry = JSON.parse(
      Buffer.from((credential as string).split('.')[1] as string, 'base64url').toString(),
    ).credentialStatus as { statusListCredential: string; statusListIndex: string }
    assert.is(entry.statusListCredential, url)
    assert.is(
      bits.getStatus(Number(entry.statusListIndex)),
      revoked.some((r) => r.credentialId === credentialId),
    )
  }
})

test('eddsa-rdfc-2022 by Tessera verifies in @tessera/verifier and in @digitalbazaar/vc', async () => {
  const { did, signer } = await signerFor('Ed25519', didKeyOf)
  const signed = await signDataIntegrity(membership(did), signer)
  const ours = await verifier.verifyCredential(signed, { now: NOW })
  assert.ok(ours.verified, JSON.stringify(ours.checks.filter((c) => !c.ok)))
  await assertDigitalBazaarVerifies(signed)
})

for (const [type, didOf] of [
  ['Ed25519', didKeyOf],
  ['Secp256r1', didKeyOf],
  ['Secp256r1', didJwkOf],
  ['RSA', didJwkOf],
] as const) {
  test(`VC-JWT with a ${type} key on ${didOf === didKeyOf ? 'did:key' : 'did:jwk'}: verifies here and with jose`, async () => {
    const { key, did, signer } = await signerFor(type, didOf)
    const credential = membership(did)
    const jwt = await signJwt(credential, signer)
    assert.equal(decodeProtectedHeader(jwt), {
      alg: signer.alg,
      kid: signer.verificationMethod,
      typ: 'vc+jwt',
    })
    const { payload } = await compactVerify(jwt, await importJWK(publicJwk(key) as JWK, signer.alg))
    const claims = JSON.parse(new TextDecoder().decode(payload))
    assert.is(claims.iss, did)
    assert.is(claims.jti, credential.id)
    assert.is(claims.sub, 'did:example:ada')
    assert.is(claims.nbf, Date.parse('2026-01-01T00:00:00Z') / 1000)
    assert.is(claims.exp, Date.parse('2026-12-31T23:59:59Z') / 1000)
    const result = await verifier.verifyCredential(jwt, { now: NOW })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
  })
}

test('a signer refuses a credential of another issuer, and a key that cannot make the proof', async () => {
  const { signer } = await signerFor('Ed25519', didKeyOf)
  assert.is(
    await thrownCodeAsync(() => signJwt(membership('did:web:other.example'), signer)),
    'SIGNER_MISMATCH',
  )
  assert.is(
    await thrownCodeAsync(() => signDataIntegrity(membership('did:web:other.example'), signer)),
    'SIGNER_MISMATCH',
  )
  const p256 = await signerFor('Secp256r1', didKeyOf)
  assert.is(
    await thrownCodeAsync(() => signDataIntegrity(membership(p256.did), p256.signer)),
    'SIGNER_MISMATCH',
  )
})

test.run()
