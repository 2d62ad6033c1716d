// Presentations: the holder's proof for this challenge and domain, and every credential inside.
import type { JsonObject } from '@tessera/schema'
import { badge, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type PresentationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const verifier = new Verifier({ offline: true })
const code = (result: PresentationResult, id: string) => result.checks.find((c) => c.id === id)?.code
const failures = (r: PresentationResult) => JSON.stringify(r.checks.filter((c) => !c.ok))

test('a Data Integrity presentation by its holder, for this challenge and domain, with a credential inside', async () => {
  const [issuer, holder, stranger] = await Promise.all([didKeyIssuer(), didKeyIssuer(), didKeyIssuer()])
  const credential = await issuer.sign(
    badge(issuer.did, {
      credentialSubject: { ...(badge(issuer.did).credentialSubject as JsonObject), id: holder.did },
    }),
  )
  const vp = await holder.present([credential], 'nonce-123', 'https://employer.example')
  const ok = await verifier.verifyPresentation(vp, {
    challenge: 'nonce-123',
    domain: 'https://employer.example',
    now: NOW,
  })
  assert.ok(ok.verified, failures(ok))
  assert.is(ok.holder, holder.did)
  assert.is(ok.credentials.length, 1)
  assert.equal(ok.warnings, [])

  assert.is(
    code(await verifier.verifyPresentation(vp, { challenge: 'other', now: NOW }), 'proof'),
    'CHALLENGE_MISMATCH',
  )
  assert.is(
    code(await verifier.verifyPresentation(vp, { domain: 'https://evil.example', now: NOW }), 'proof'),
    'DOMAIN_MISMATCH',
  )
  const noChallenge = await verifier.verifyPresentation(vp, { now: NOW })
  assert.ok(noChallenge.warnings.some((w) => w.code === 'NO_CHALLENGE'))

  // presented by someone else, in the holder's name
  const forged = { ...(await stranger.present([credential], 'nonce-123')), holder: holder.did }
  const byStranger = await verifier.verifyPresentation(forged, { challenge: 'nonce-123', now: NOW })
  assert.not.ok(byStranger.verified)
  assert.ok(
    ['KEY_NOT_HOLDERS', 'PROOF_INVALID'].includes(
      code(byStranger, 'holder') ?? code(byStranger, 'proof') ?? '',
    ),
    failures(byStranger),
  )

  // a credential changed inside a validly signed presentation
  const changed = await holder.present([{ ...credential, name: 'Honorary member' }], 'nonce-123')
  const inner = await verifier.verifyPresentation(changed, { challenge: 'nonce-123', now: NOW })
  assert.not.ok(inner.verified)
  assert.is(code(inner, 'credentials'), 'CREDENTIAL_INVALID')
  assert.is(inner.credentials[0]?.checks.find((c) => c.id === 'proof')?.code, 'PROOF_INVALID')

  const unsigned = { ...vp }
  delete unsigned.proof
  assert.is(code(await verifier.verifyPresentation(unsigned, { now: NOW }), 'proof'), 'NO_PROOF')
})

test('a VP-JWT: nonce and aud bind it; JWT and enveloped credentials inside are verified', async () => {
  const [issuer, holder] = await Promise.all([didJwkIssuer('ES256'), didJwkIssuer('EdDSA')])
  const credentialJwt = await issuer.signCredential(badge(issuer.did))
  const vp = (nonce: string, aud: string, credentials: unknown[]) =>
    holder.signPayload(
      {
        iss: holder.did,
        aud,
        nonce,
        vp: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiablePresentation'],
          holder: holder.did,
          verifiableCredential: credentials,
        },
      },
      { typ: 'vp+jwt' },
    )
  const token = await vp('n-1', 'https://employer.example', [credentialJwt])
  const ok = await verifier.verifyPresentation(token, {
    challenge: 'n-1',
    domain: 'https://employer.example',
    now: NOW,
  })
  assert.ok(ok.verified, failures(ok))
  assert.is(ok.format, 'jwt')
  assert.is(ok.credentials[0]?.format, 'jwt')
  const enveloped = await vp('n-1', 'https://employer.example', [
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: 'EnvelopedVerifiableCredential',
      id: `data:application/vc+jwt,${credentialJwt}`,
    },
  ])
  assert.ok((await verifier.verifyPresentation(enveloped, { challenge: 'n-1', now: NOW })).verified)
  assert.is(
    code(await verifier.verifyPresentation(token, { challenge: 'n-2', now: NOW }), 'challenge'),
    'CHALLENGE_MISMATCH',
  )
  assert.is(
    code(
      await verifier.verifyPresentation(token, {
        challenge: 'n-1',
        domain: 'https://evil.example',
        now: NOW,
      }),
      'challenge',
    ),
    'DOMAIN_MISMATCH',
  )
  const other = await didJwkIssuer('EdDSA')
  const impostor = await other.signPayload({
    iss: holder.did,
    nonce: 'n-1',
    vp: { type: ['VerifiablePresentation'], holder: holder.did },
  })
  assert.is(
    code(await verifier.verifyPresentation(impostor, { challenge: 'n-1', now: NOW }), 'holder'),
    'KEY_NOT_HOLDERS',
  )
})

test('unusable presentations are parse failures with a code', async () => {
  for (const input of ['{"type": [', 'a.b', '{"verifiableCredential": [42]}']) {
    const result = await verifier.verifyPresentation(input)
    assert.not.ok(result.verified)
    assert.ok(result.checks[0]?.code !== undefined, input)
  }
})

test.run()
