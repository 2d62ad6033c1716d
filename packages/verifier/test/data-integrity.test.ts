// Data Integrity proofs refused for their suite, purpose, key or context; and the rest of the pipeline.
import { hashedIdentity, type JsonObject } from '@tessera/schema'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type VerificationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const code = (result: VerificationResult, id: string) => result.checks.find((c) => c.id === id)?.code
const verifier = new Verifier({ offline: true })
const verify = (credential: JsonObject, options = {}) =>
  verifier.verifyCredential(credential, { now: NOW, ...options })

function withProof(credential: JsonObject, patch: JsonObject): JsonObject {
  return { ...credential, proof: { ...(credential.proof as JsonObject), ...patch } }
}

test('an unsupported cryptosuite is UNSUPPORTED_CRYPTOSUITE, never verified', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(badge(issuer.did))
  const result = await verify(withProof(signed, { cryptosuite: 'ecdsa-rdfc-2019' }))
  assert.not.ok(result.verified)
  assert.is(code(result, 'proof'), 'UNSUPPORTED_CRYPTOSUITE')
})

test('a proof made for another purpose is PROOF_PURPOSE_MISMATCH', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(badge(issuer.did))
  assert.is(
    code(await verify(withProof(signed, { proofPurpose: 'authentication' })), 'proof'),
    'PROOF_PURPOSE_MISMATCH',
  )
})

test('a proof by a key the issuer does not control is KEY_NOT_ISSUERS, though its signature holds', async () => {
  const [issuer, stranger] = await Promise.all([didKeyIssuer(), didKeyIssuer()])
  const result = await verify(await stranger.sign(badge(issuer.did)))
  assert.ok(result.checks.find((c) => c.id === 'proof')?.ok)
  assert.is(code(result, 'issuer'), 'KEY_NOT_ISSUERS')
})

test('a controller document that lists the key only for authentication: KEY_NOT_AUTHORIZED', async () => {
  const url = 'https://guild.example/issuer'
  const method = `${url}#key-1`
  const issuer = await didKeyIssuer({ controller: url, methodId: method })
  const signed = await issuer.sign(badge(url))
  const key = { id: method, type: 'Multikey', controller: url, publicKeyMultibase: issuer.publicKeyMultibase }
  const listing = (relationship: string) =>
    new Verifier({
      documents: new Map([[url, { id: url, verificationMethod: [key], [relationship]: [method] }]]),
      offline: true,
    })
  const asserting = await listing('assertionMethod').verifyCredential(signed, { now: NOW })
  assert.ok(asserting.verified, JSON.stringify(asserting.checks))
  const result = await listing('authentication').verifyCredential(signed, { now: NOW })
  assert.not.ok(result.verified)
  assert.ok(result.checks.find((c) => c.id === 'proof')?.ok)
  assert.is(code(result, 'issuer'), 'KEY_NOT_AUTHORIZED')
})

test('a context that redefines protected terms, or is not bundled: CONTEXT_ERROR / CONTEXT_NOT_BUNDLED', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(badge(issuer.did))
  const redefine = {
    ...signed,
    '@context': [...(signed['@context'] as unknown[]), { name: 'https://evil.example/name' }],
  }
  assert.is(code(await verify(redefine), 'proof'), 'CONTEXT_ERROR')
  const unknown = {
    ...signed,
    '@context': [...(signed['@context'] as unknown[]), 'https://evil.example/context.json'],
  }
  assert.is(code(await verify(unknown), 'proof'), 'CONTEXT_NOT_BUNDLED')
})

test('validity window: not yet valid, expired, and the clock skew', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(
    badge(issuer.did, { validFrom: '2026-06-01T00:00:30Z', validUntil: '2026-12-31T00:00:00Z' }),
  )
  assert.ok((await verify(signed)).verified, 'within the default 60 s skew')
  assert.is(code(await verify(signed, { clockSkewSeconds: 0 }), 'validity'), 'NOT_YET_VALID')
  assert.is(code(await verify(signed, { now: new Date('2027-01-01T00:00:00Z') }), 'validity'), 'EXPIRED')
  const expired = await verify(signed, { now: new Date('2027-01-01T00:00:00Z') })
  assert.match(expired.checks.find((c) => c.id === 'validity')?.message ?? '', /expired on 2026-12-31/)
})

test('recipient: a hashed email or a DID matches, anything else is RECIPIENT_MISMATCH', async () => {
  const issuer = await didKeyIssuer()
  const credential = badge(issuer.did)
  const subject = credential.credentialSubject as JsonObject
  subject.identifier = [hashedIdentity('ada@example.org')]
  const signed = await issuer.sign(credential)
  assert.ok((await verify(signed, { recipient: { email: 'Ada@Example.org' } })).verified)
  assert.ok((await verify(signed, { recipient: { did: 'did:example:ada' } })).verified)
  assert.is(
    code(await verify(signed, { recipient: { email: 'bob@example.org' } }), 'recipient'),
    'RECIPIENT_MISMATCH',
  )
  assert.is(
    code(await verify(signed, { recipient: { did: 'did:example:bob' } }), 'recipient'),
    'RECIPIENT_MISMATCH',
  )
})

test('endorsements are verified the same way; a broken one is ENDORSEMENT_INVALID', async () => {
  const [issuer, endorser] = await Promise.all([didKeyIssuer(), didKeyIssuer()])
  const endorsement = await endorser.sign({
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'urn:uuid:5a1e0a43-3c38-4f6f-9d62-0d4b3b0c6e01',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsed by the federation',
    issuer: { id: endorser.did, type: ['Profile'] },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'https://guild.example/achievements/member',
      type: ['EndorsementSubject'],
      endorsementComment: 'Sound criteria.',
    },
  })
  const good = await issuer.sign(badge(issuer.did, { endorsement: [endorsement] }))
  const result = await verify(good)
  assert.ok(result.verified, JSON.stringify(result.checks))
  assert.is(result.endorsements?.length, 1)
  const broken = await issuer.sign(badge(issuer.did, { endorsement: [{ ...endorsement, name: 'Forged' }] }))
  assert.is(code(await verify(broken), 'endorsements'), 'ENDORSEMENT_INVALID')
})

test('no proof at all is NO_PROOF', async () => {
  const issuer = await didKeyIssuer()
  assert.is(code(await verify(badge(issuer.did)), 'proof'), 'NO_PROOF')
})

test('a proof configuration hashed once is never taken for another: each changed created is PROOF_INVALID, the proof as made verifies again', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(badge(issuer.did))
  assert.ok((await verify(signed)).verified)
  // more configurations than the cryptosuite keeps hashed (64), so that it starts again on the way
  for (let day = 1; day <= 70; day++) {
    const created = `2026-02-${String((day % 28) + 1).padStart(2, '0')}T00:00:${String(day % 60).padStart(2, '0')}Z`
    assert.is(code(await verify(withProof(signed, { created })), 'proof'), 'PROOF_INVALID', created)
    if (day % 20 === 0) assert.ok((await verify(signed)).verified, `after ${day}`)
  }
  assert.ok((await verify(signed)).verified)
})

test.run()
