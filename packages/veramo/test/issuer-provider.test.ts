// Tessera's proofs in a plain Veramo agent: CredentialPlugin with TesseraIssuerProvider issues OB 3.0
// VC-JWTs (VCDM 2.0) and eddsa-rdfc-2022 credentials that @tessera/verifier accepts.
import { buildBadgeCredential, errorCodeOf, type JsonObject } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
import { Verifier } from '@tessera/verifier'
import { createAgent, type ICredentialPlugin, type IDIDManager, type IKeyManager } from '@veramo/core'
import { CredentialPlugin } from '@veramo/credential-w3c'
import { DIDManager, MemoryDIDStore } from '@veramo/did-manager'
import { KeyManager, MemoryKeyStore, MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  TesseraCredentialProvider,
  TesseraIssuerProvider,
  TesseraKeyDIDProvider,
  TesseraKeyManagementSystem,
} from '../src/index.js'

const verifier = new Verifier({ offline: true })
const agent = createAgent<IKeyManager & IDIDManager & ICredentialPlugin>({
  plugins: [
    new KeyManager({
      store: new MemoryKeyStore(),
      kms: { tessera: new TesseraKeyManagementSystem(new MemoryPrivateKeyStore()) },
    }),
    new DIDManager({
      store: new MemoryDIDStore(),
      defaultProvider: 'did:key',
      providers: { 'did:key': new TesseraKeyDIDProvider('tessera') },
    }),
    new CredentialPlugin([new TesseraIssuerProvider(), new TesseraCredentialProvider(verifier)]),
  ],
})

async function badgeOf(keyType: 'Ed25519' | 'Secp256r1') {
  const { did } = await agent.didManagerCreate({ provider: 'did:key', options: { keyType } })
  return buildBadgeCredential({
    issuer: { id: did, name: 'Guild of Bookbinders' },
    recipient: { email: 'ada@example.org' },
    kind: 'attendance',
    occasion: 'Bookbinding Conference 2026',
    achievement: { id: 'https://guild.example/badges/conference-2026' },
  }) as unknown as JsonObject
}

test('proofFormat jwt: a VCDM 2.0 VC-JWT (credential as payload) that verifies, through the agent too', async () => {
  const credential = await badgeOf('Ed25519')
  const issued = await agent.createVerifiableCredential({
    credential: credential as never,
    proofFormat: 'jwt',
  })
  const jwt = (issued.proof as { jwt: string }).jwt
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as JsonObject
  assert.is(payload.iss, (credential.issuer as JsonObject).id)
  assert.is(payload.issuanceDate, undefined)
  assert.ok(Array.isArray(payload['@context']))
  assert.ok((await verifier.verifyCredential(jwt)).verified)
  assert.ok((await agent.verifyCredential({ credential: jwt })).verified)
})

test('proofFormat eddsa-rdfc-2022: a Data Integrity credential; ES256 keys sign JWTs', async () => {
  const issued = await agent.createVerifiableCredential({
    credential: (await badgeOf('Ed25519')) as never,
    proofFormat: 'eddsa-rdfc-2022',
  })
  assert.is((issued.proof as { cryptosuite: string }).cryptosuite, 'eddsa-rdfc-2022')
  assert.ok((await verifier.verifyCredential(issued as unknown as JsonObject)).verified)
  const es256 = await agent.createVerifiableCredential({
    credential: (await badgeOf('Secp256r1')) as never,
    proofFormat: 'jwt',
  })
  const jwt = (es256.proof as { jwt: string }).jwt
  assert.is(JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString()).alg, 'ES256')
  assert.ok((await verifier.verifyCredential(jwt)).verified)
})

test('an invalid OB credential is refused before it is signed (validated once); an unknown proof format is refused', async () => {
  const credential = await badgeOf('Ed25519')
  delete (credential.credentialSubject as JsonObject).achievement
  assert.is(
    await thrownCodeAsync(() =>
      new TesseraIssuerProvider().createVerifiableCredential(
        { credential: credential as never, proofFormat: 'lds' },
        { agent } as never,
      ),
    ),
    'UNSUPPORTED_PROOF_FORMAT',
  )
  try {
    await agent.createVerifiableCredential({ credential: credential as never, proofFormat: 'jwt' })
    assert.unreachable('issued an invalid credential')
  } catch (error) {
    assert.is(errorCodeOf(error), 'INVALID_CREDENTIAL')
    assert.match(String(error), /achievement is required/)
  }
})

test.run()
