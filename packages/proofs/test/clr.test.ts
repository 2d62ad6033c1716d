// CLR 2.0 (#20): its JSON-LD contexts are bundled, so that a ClrCredential, with the signed OB 3.0
// credentials it embeds, canonicalises offline, and to the same N-Quads with Tessera's canonicaliser as
// with jsonld.js (what Digital Bazaar's cryptosuites, and so every Data Integrity verifier, compute).
import { generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import {
  buildCertificateCredential,
  buildMembershipCredential,
  CLR_CONTEXT,
  CLR_CONTEXTS,
  type JsonObject,
} from '@tessera/schema'
import { buildClrCredential, validateClr } from '@tessera/schema/clr'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { canonizeDocument } from '../src/canonize.js'
import { CONTEXTS, documentLoader } from '../src/contexts.js'
import type { CredentialSigner } from '../src/signer.js'
import { differ, show } from './canonize-differential.js'

const SAMPLE = new URL('../../schema/test/fixtures/clr20/simple.json', import.meta.url)
const TEST_VECTOR = new URL('./fixtures/clr20-test-vector/', import.meta.url)

const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const did = `did:jwk:${Buffer.from(JSON.stringify(publicKey.export({ format: 'jwk' }))).toString('base64url')}`
const signer: CredentialSigner = {
  issuer: did,
  verificationMethod: `${did}#0`,
  alg: 'EdDSA',
  sign: async (data) => sign(null, data, privateKey),
}
const ISSUER = { id: did, name: 'Guild of Bookbinders' }
const LEARNER = 'did:example:ada'

async function signed(credential: object): Promise<JsonObject> {
  const { signDataIntegrity } = await import('../src/data-integrity-sign.js')
  return signDataIntegrity(credential as JsonObject, signer)
}

async function builtClr(): Promise<JsonObject> {
  const course = await signed(
    buildCertificateCredential({
      issuer: ISSUER,
      recipient: { did: LEARNER },
      certificateType: 'Course',
      achievement: {
        id: 'https://guild.example/courses/binding-1',
        name: 'Binding I',
        description: 'The first bookbinding course.',
        criteria: 'Bind three books.',
      },
      validFrom: '2026-03-01T00:00:00Z',
    }),
  )
  const membership = await signed(
    buildMembershipCredential({
      issuer: ISSUER,
      recipient: { did: LEARNER },
      achievement: { id: 'https://guild.example/membership' },
      term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
    }),
  )
  return buildClrCredential({
    issuer: ISSUER,
    recipient: { did: LEARNER },
    credentials: [course, membership],
    achievements: [
      {
        id: 'https://guild.example/programmes/binding',
        name: 'Bookbinding programme',
        description: 'The guild programme in bookbinding.',
        criteria: 'Complete its courses.',
      },
    ],
    associations: [
      {
        associationType: 'isChildOf',
        sourceId: 'https://guild.example/courses/binding-1',
        targetId: 'https://guild.example/programmes/binding',
      },
    ],
    validFrom: '2026-06-01T00:00:00Z',
  }) as unknown as JsonObject
}

test('both CLR 2.0 contexts are bundled (2.0.1, which Tessera writes, and 2.0.0)', () => {
  for (const url of CLR_CONTEXTS) {
    const context = CONTEXTS.get(url) as { '@context'?: unknown } | undefined
    assert.ok(context?.['@context'] !== undefined, `${url} is not bundled`)
  }
  assert.ok(CLR_CONTEXTS.includes(CLR_CONTEXT))
})

test("a built CLR of signed credentials: the same N-Quads with Tessera's canonicaliser as with jsonld.js, offline", async () => {
  const clr = await builtClr()
  assert.ok(validateClr(clr).valid)
  const realFetch = globalThis.fetch
  globalThis.fetch = (async () => {
    throw new Error('a context was fetched')
  }) as typeof fetch
  try {
    const agreement = await differ(clr)
    assert.is(agreement.kind, 'same', show(agreement))
    const nquads = (await canonizeDocument(clr, { documentLoader })) as string
    // the embedded credentials and the association are in the graph, not dropped as undefined terms
    assert.ok(nquads.includes('<https://purl.imsglobal.org/spec/vc/clr/vocab.html#verifiableCredential>'))
    assert.ok(
      nquads.includes('<https://purl.imsglobal.org/spec/vc/clr/vocab.html#AssociationType> "isChildOf"'),
    )
  } finally {
    globalThis.fetch = realFetch
  }
})

test("1EdTech's sample CLR (simple.json, with its proofs): the same N-Quads with Tessera's canonicaliser as with jsonld.js", async () => {
  const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as JsonObject
  const agreement = await differ(sample)
  assert.is(agreement.kind, 'same', show(agreement))
})

test("1EdTech's CLR 2.0 Data Integrity test vector: the document (valid) canonicalises to 1EdTech's published N-Quads, as with jsonld.js", async () => {
  const document = JSON.parse(readFileSync(new URL('document.json', TEST_VECTOR), 'utf8')) as JsonObject
  const expected = readFileSync(new URL('document-canon.txt', TEST_VECTOR), 'utf8')
  assert.is(await canonizeDocument(document, { documentLoader }), expected)
  assert.is((await differ(document)).kind, 'same')
  assert.ok(validateClr(document).valid) // and it is valid against 1EdTech's CLR schema
})

test('a built CLR signs with a Data Integrity proof (eddsa-rdfc-2022) over the bundled contexts', async () => {
  const clr = await signed(await builtClr())
  const proof = clr.proof as JsonObject
  assert.is(proof.cryptosuite, 'eddsa-rdfc-2022')
  assert.ok(validateClr(clr).valid)
})

test.run()
