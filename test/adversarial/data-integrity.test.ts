// Hostile Data Integrity credentials: wrong suites, purposes and keys, contexts that redefine terms,
// documents changed after signing, and documents built to make canonicalisation crawl.
import type { JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { badge, type DidKeyIssuer, diIssuer, NOW, signedBadge, strangerDiIssuer } from './fixtures.js'
import { type Case, expectFailure, family } from './harness.js'

const verifier = new Verifier({ offline: true })
const verify = (input: JsonObject) => verifier.verifyCredential(input, { now: NOW })

let issuer: DidKeyIssuer
let stranger: DidKeyIssuer
let signed: JsonObject = {}

const proofOf = (credential: JsonObject) => credential.proof as JsonObject
const withProof = (patch: JsonObject): JsonObject => ({ ...signed, proof: { ...proofOf(signed), ...patch } })
const withContext = (...extra: unknown[]): JsonObject => ({
  ...signed,
  '@context': [...(signed['@context'] as unknown[]), ...extra],
})
const achievementWith = (patch: JsonObject): JsonObject => {
  const subject = signed.credentialSubject as JsonObject
  return {
    ...signed,
    credentialSubject: { ...subject, achievement: { ...(subject.achievement as JsonObject), ...patch } },
  }
}

const proofCase = (name: string, make: () => JsonObject | Promise<JsonObject>, code: string): Case => ({
  name,
  run: async () => {
    expectFailure(await verify(await make()), 'proof', code)
  },
})

const cases: Case[] = [
  proofCase(
    'cryptosuite ecdsa-rdfc-2019',
    () => withProof({ cryptosuite: 'ecdsa-rdfc-2019' }),
    'UNSUPPORTED_CRYPTOSUITE',
  ),
  proofCase(
    'cryptosuite eddsa-jcs-2022',
    () => withProof({ cryptosuite: 'eddsa-jcs-2022' }),
    'UNSUPPORTED_CRYPTOSUITE',
  ),
  proofCase('cryptosuite empty', () => withProof({ cryptosuite: '' }), 'UNSUPPORTED_CRYPTOSUITE'),
  proofCase(
    'cryptosuite as an object',
    () => withProof({ cryptosuite: { name: 'eddsa-rdfc-2022' } }),
    'UNSUPPORTED_CRYPTOSUITE',
  ),
  proofCase(
    'proof type RsaSignature2018',
    () => withProof({ type: 'RsaSignature2018' }),
    'UNSUPPORTED_CRYPTOSUITE',
  ),
  proofCase(
    'proofPurpose authentication',
    () => withProof({ proofPurpose: 'authentication' }),
    'PROOF_PURPOSE_MISMATCH',
  ),
  proofCase(
    'proofPurpose capabilityInvocation',
    () => withProof({ proofPurpose: 'capabilityInvocation' }),
    'PROOF_PURPOSE_MISMATCH',
  ),
  proofCase(
    'no proofPurpose',
    () => {
      const { proofPurpose: _, ...proof } = proofOf(signed)
      return { ...signed, proof }
    },
    'PROOF_PURPOSE_MISMATCH',
  ),
  {
    name: 'a controller other than the issuer (a stranger signs)',
    run: async () => {
      const result = await verify(await stranger.sign(badge(issuer.did)))
      assert.ok(result.checks.find((c) => c.id === 'proof')?.ok, 'the signature itself holds')
      expectFailure(result, 'issuer', 'KEY_NOT_ISSUERS')
    },
  },
  proofCase(
    "the issuer's DID with a stranger's key fragment",
    () => withProof({ verificationMethod: `${issuer.did}#${stranger.publicKeyMultibase}` }),
    'KEY_NOT_FOUND',
  ),
  proofCase(
    "the stranger's key named for the issuer's signature",
    () => withProof({ verificationMethod: stranger.methodId }),
    'PROOF_INVALID',
  ),
  proofCase(
    'no verificationMethod',
    () => {
      const { verificationMethod: _, ...proof } = proofOf(signed)
      return { ...signed, proof }
    },
    'KEY_NOT_FOUND',
  ),
  proofCase('verificationMethod as a number', () => withProof({ verificationMethod: 7 }), 'KEY_NOT_FOUND'),
  proofCase(
    'verificationMethod did:ethr',
    () => withProof({ verificationMethod: 'did:ethr:0xabc#key-1' }),
    'UNSUPPORTED_DID_METHOD',
  ),
  proofCase(
    'verificationMethod over http',
    () => withProof({ verificationMethod: 'http://guild.example/key#1' }),
    'UNSUPPORTED_URL_SCHEME',
  ),
  proofCase(
    'a context that redefines name',
    () => withContext({ name: 'https://evil.example/name' }),
    'CONTEXT_ERROR',
  ),
  proofCase(
    'a context that redefines the AchievementSubject type',
    () => withContext({ AchievementSubject: { '@id': 'https://evil.example/AchievementSubject' } }),
    'CONTEXT_ERROR',
  ),
  proofCase(
    'a context that redefines a term inside a type-scoped context',
    () =>
      withContext({
        Achievement: { '@id': 'https://evil.example/A', '@context': { name: 'https://evil.example/n' } },
      }),
    'CONTEXT_ERROR',
  ),
  proofCase(
    'a context fetched from anywhere',
    () => withContext('https://evil.example/context.json'),
    'CONTEXT_NOT_BUNDLED',
  ),
  proofCase(
    'a context at the metadata address',
    () => withContext('http://169.254.169.254/context.json'),
    'CONTEXT_NOT_BUNDLED',
  ),
  {
    name: 'a first context that is not the W3C one',
    run: async () => {
      const context = signed['@context'] as unknown[]
      expectFailure(
        await verify({ ...signed, '@context': [...context].reverse() }),
        'context',
        'CONTEXT_INVALID',
      )
    },
  },
  proofCase('a value changed after signing', () => ({ ...signed, name: 'Board member' }), 'PROOF_INVALID'),
  proofCase(
    'the issuer swapped for a stranger after signing',
    () => ({ ...signed, issuer: { ...(signed.issuer as JsonObject), id: stranger.did } }),
    'PROOF_INVALID',
  ),
  proofCase('a lone surrogate in a value', () => ({ ...signed, name: 'Member \ud800' }), 'PROOF_INVALID'),
  proofCase(
    'the proofValue altered',
    () => {
      const value = proofOf(signed).proofValue as string
      return withProof({ proofValue: `${value.slice(0, -2)}${value.endsWith('11') ? '22' : '11'}` })
    },
    'PROOF_INVALID',
  ),
  proofCase(
    'the proofValue not multibase',
    () => withProof({ proofValue: 'not multibase!' }),
    'PROOF_INVALID',
  ),
  proofCase(
    "another credential's proof transplanted",
    async () => ({ ...signed, proof: proofOf(await issuer.sign(badge(issuer.did))) }),
    'PROOF_INVALID',
  ),
  proofCase(
    'the proof created date changed',
    () => withProof({ created: '2020-01-01T00:00:00Z' }),
    'PROOF_INVALID',
  ),
  {
    name: "a valid proof beside a stranger's",
    run: async () => {
      const foreign = proofOf(await stranger.sign(badge(issuer.did)))
      const result = await verify({ ...signed, proof: [proofOf(signed), foreign] })
      expectFailure(result, 'issuer', 'KEY_NOT_ISSUERS')
    },
  },
  proofCase('proof null', () => ({ ...signed, proof: null }), 'NO_PROOF'),
  proofCase('proof an array of junk', () => ({ ...signed, proof: [null, 1, 'x', []] }), 'NO_PROOF'),
  proofCase(
    '100,000 tags (quadratic in jsonld.js)',
    () => achievementWith({ tag: Array.from({ length: 100_000 }, (_, i) => `t${i}`) }),
    'DOCUMENT_TOO_COMPLEX',
  ),
  proofCase(
    '5,000 alignment objects (one blank node each)',
    () =>
      achievementWith({
        alignment: Array.from({ length: 5_000 }, (_, i) => ({
          type: ['Alignment'],
          targetName: `n${i}`,
          targetUrl: 'https://x.example/',
        })),
      }),
    'DOCUMENT_TOO_COMPLEX',
  ),
  proofCase(
    '20 arrays of 900 tags (within each bound, over the total)',
    () => ({
      ...signed,
      evidence: Array.from({ length: 20 }, (_, i) => ({
        type: ['Evidence'],
        name: `e${i}`,
        description: Array.from({ length: 900 }, (_, j) => `d${j}`),
      })),
    }),
    'DOCUMENT_TOO_COMPLEX',
  ),
  {
    name: 'an object with 50,000 keys (given as an object, past the JSON parser)',
    run: async () => {
      const subject: JsonObject = { ...(signed.credentialSubject as JsonObject) }
      for (let i = 0; i < 50_000; i++) subject[`k${i}`] = i
      expectFailure(await verify({ ...signed, credentialSubject: subject }), 'proof', 'DOCUMENT_TOO_COMPLEX')
    },
  },
  {
    name: 'expired after signing window (validUntil in the past)',
    run: async () =>
      expectFailure(
        await verify(await issuer.sign(badge(issuer.did, { validUntil: '2026-02-01T00:00:00Z' }))),
        'validity',
        'EXPIRED',
      ),
  },
]

family('adversarial: Data Integrity', cases, {
  setup: async () => {
    ;[issuer, stranger, signed] = await Promise.all([diIssuer(), strangerDiIssuer(), signedBadge()])
    assert.ok((await verify(signed)).verified, 'the untouched credential verifies')
  },
})
