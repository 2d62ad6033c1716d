// Tessera's own eddsa-rdfc-2022 check against Digital Bazaar's (@digitalbazaar/vc's verifyCredential with
// DataIntegrityProof and the eddsa-rdfc-2022 cryptosuite), proof by proof: a good proof, and proofs made
// or changed to be wrong (purpose, controller, key, created, expires, the document). Both see the same
// controller document; the verdicts must agree (except an expired proof, which Tessera refuses and Digital
// Bazaar 2.x accepts), and Tessera's says which check failed with which code.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { createDocumentLoader } from '@tessera/proofs/contexts'
import type { JsonObject } from '@tessera/schema'
import { badge } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const DID = 'did:web:guild.example'
const METHOD = `${DID}#key-1`
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1'

interface KeyPair {
  publicKeyMultibase: string
  id?: string
  controller?: string
  signer(): { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> }
}

async function keyPair(): Promise<KeyPair> {
  const pair = (await Ed25519Multikey.generate()) as KeyPair
  pair.controller = DID
  pair.id = METHOD
  return pair
}

/** The issuer's controller document, listing its key for `relationships`. */
function controllerDocument(publicKeyMultibase: string, relationships: string[] = ['assertionMethod']) {
  const document: JsonObject = {
    '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY_CONTEXT],
    id: DID,
    verificationMethod: [{ id: METHOD, type: 'Multikey', controller: DID, publicKeyMultibase }],
  }
  for (const relationship of relationships) document[relationship] = [METHOD]
  return document
}

/** Signs `credential` with Digital Bazaar's suite; `proof` fields set before signing, `purpose` the proof's purpose. */
async function sign(
  pair: KeyPair,
  credential: JsonObject,
  { proof, purpose }: { proof?: JsonObject; purpose?: string } = {},
): Promise<JsonObject> {
  // `date`: the proof's created (not in the declarations @tessera/proofs keeps for these libraries)
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: NOW } as {
    cryptosuite: object
  })
  if (proof !== undefined) (suite as unknown as { proof: JsonObject }).proof = proof
  const loader = createDocumentLoader()
  const options: Record<string, unknown> = {
    credential: structuredClone(credential),
    suite,
    documentLoader: loader,
  }
  if (purpose !== undefined) {
    options.purpose = {
      update: async (p: JsonObject) => ({ ...p, proofPurpose: purpose }),
      match: async () => true,
    }
  }
  return (await vc.issue(options as unknown as Parameters<typeof vc.issue>[0])) as JsonObject
}

/** Both verdicts on `signed`, the controller document served to both. */
async function verdicts(signed: JsonObject, document: JsonObject) {
  const vm = (document.verificationMethod as JsonObject[])[0] as JsonObject
  const loader = createDocumentLoader(
    new Map<string, object>([
      [DID, document],
      [METHOD, { '@context': MULTIKEY_CONTEXT, ...vm }],
    ]),
  )
  const options = {
    credential: signed,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader: loader,
    now: NOW,
  }
  const theirs = (await vc.verifyCredential(options)) as { verified: boolean }
  const ours = await new Verifier({ offline: true, documents: new Map([[DID, document]]) }).verifyCredential(
    signed,
    { now: NOW },
  )
  const failed = ours.checks.find((c) => !c.ok)
  return {
    digitalBazaar: theirs.verified,
    tessera: ours.verified,
    failed: failed && `${failed.id} ${failed.code}`,
  }
}

const pair = await keyPair()
const document = controllerDocument(pair.publicKeyMultibase)
const credential = badge(DID)

test('a good proof: both verify', async () => {
  const result = await verdicts(await sign(pair, credential), document)
  assert.equal(result, { digitalBazaar: true, tessera: true, failed: undefined })
})

test('a proof made for another purpose (authentication): both refuse', async () => {
  const result = await verdicts(await sign(pair, credential, { purpose: 'authentication' }), document)
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'proof PROOF_PURPOSE_MISMATCH' })
})

test('a controller document that does not list the key for assertionMethod: both refuse', async () => {
  const result = await verdicts(
    await sign(pair, credential),
    controllerDocument(pair.publicKeyMultibase, ['authentication']),
  )
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'issuer KEY_NOT_AUTHORIZED' })
})

test("a key of another controller (the issuer's id is not the key's controller): both refuse", async () => {
  const other = badge('did:web:other.example')
  const signed = await sign(pair, other)
  const result = await verdicts(signed, document)
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'issuer KEY_NOT_ISSUERS' })
})

test('signed with another key under the same verification method: both refuse', async () => {
  const result = await verdicts(await sign(await keyPair(), credential), document)
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'proof PROOF_INVALID' })
})

test('created changed after signing: both refuse', async () => {
  const signed = await sign(pair, credential)
  const proof = signed.proof as JsonObject
  const result = await verdicts({ ...signed, proof: { ...proof, created: '2026-05-01T00:00:00Z' } }, document)
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'proof PROOF_INVALID' })
})

test('the document changed after signing: both refuse', async () => {
  const signed = await sign(pair, credential)
  const result = await verdicts({ ...signed, name: 'Master' }, document)
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'proof PROOF_INVALID' })
})

test('an expires that is not a date, signed: both refuse', async () => {
  const result = await verdicts(await sign(pair, credential, { proof: { expires: 'tomorrow' } }), document)
  assert.equal(result, { digitalBazaar: false, tessera: false, failed: 'proof PROOF_INVALID' })
})

test('an expires in the past, signed: Tessera refuses it as expired (Digital Bazaar only checks it is a date)', async () => {
  const result = await verdicts(
    await sign(pair, credential, { proof: { expires: '2026-02-01T00:00:00Z' } }),
    document,
  )
  assert.equal(result, { digitalBazaar: true, tessera: false, failed: 'proof PROOF_EXPIRED' })
})

test('an expires after the verification time, signed: both accept it', async () => {
  const result = await verdicts(
    await sign(pair, credential, { proof: { expires: '2026-12-01T00:00:00Z' } }),
    document,
  )
  assert.equal(result, { digitalBazaar: true, tessera: true, failed: undefined })
})

test.run()
