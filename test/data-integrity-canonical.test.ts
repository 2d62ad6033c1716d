// Data Integrity proofs made and checked with Tessera's canonicalisation stay interoperable with Digital
// Bazaar's libraries run as installed: @digitalbazaar/vc verifies what Tessera signs, Tessera verifies what
// @digitalbazaar/vc signs, and a changed document fails on both sides. Status list credentials and
// presentations are canonicalised as Digital Bazaar's cryptosuite (jsonld.js) canonicalises them.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { signDataIntegrity } from '@tessera/issuer'
import { buildCredential, buildMembershipCredential, type JsonObject, OB_CONTEXT } from '@tessera/schema'
import { canonizeDocument } from '@tessera/schema/canonize'
import { documentLoader } from '@tessera/schema/contexts'
import { Bitstring, buildStatusListCredential } from '@tessera/status'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loaderWithKey, tesseraIssuer } from '../bench/fixtures.js'
import { badge, didKeyIssuer } from '../packages/verifier/test/signing.js'

const NOW = new Date('2026-06-01T00:00:00Z')

/** @digitalbazaar/vc's own verification, with its own cryptosuite (jsonld.js canonicalisation). */
async function digitalBazaarVerifies(credential: JsonObject, did: string): Promise<boolean> {
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader: loaderWithKey(did, `${did}#${did.slice('did:key:'.length)}`),
    now: NOW,
  } as Parameters<typeof vc.verifyCredential>[0])
  return result.verified
}

/** What Digital Bazaar's cryptosuite computes: jsonld.js's toRDF in safe mode, then rdf-canonize. */
const digitalBazaarCanonize = (document: object) =>
  (eddsaRdfc2022 as { canonize: (input: object, options: object) => Promise<string> }).canonize(document, {
    documentLoader,
  })

/**
 * The document a proof signs and its proof configurations, canonicalised by Tessera as by Digital
 * Bazaar's cryptosuite (packages/schema/test/canonize.test.ts compares with jsonld.canonize itself).
 */
async function assertSameNQuads(name: string, signed: JsonObject): Promise<void> {
  const { proof, ...document } = signed
  const parts: [string, object][] = [['document', document]]
  for (const p of (Array.isArray(proof) ? proof : [proof]) as JsonObject[]) {
    const { proofValue: _, ...options } = p
    parts.push([`proof ${String(p.proofPurpose)}`, { '@context': signed['@context'], ...options }])
  }
  for (const [label, part] of parts) {
    const ours = await canonizeDocument(part, { documentLoader })
    assert.ok(ours !== undefined, `${name} ${label} was left to jsonld.js`)
    assert.fixture(ours as string, await digitalBazaarCanonize(part), `${name} ${label}`)
  }
}

/** `credential` with one value changed: the first occurrence of `from` becomes `to`. */
const changed = (credential: JsonObject, from: string, to: string): JsonObject =>
  JSON.parse(JSON.stringify(credential).replace(from, to)) as JsonObject

test('@digitalbazaar/vc verifies what Tessera signs; a changed credential fails in both', async () => {
  const issuer = await tesseraIssuer()
  const verifier = new Verifier({ offline: true })
  const credentials: [string, JsonObject][] = [
    [
      'membership',
      buildMembershipCredential({
        issuer: { id: issuer.did, name: 'Guild of Bookbinders' },
        recipient: { email: 'ada@example.org' },
        achievement: { id: 'https://guild.example/membership' },
        term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
      }) as unknown as JsonObject,
    ],
    [
      'certificate with alignments, a list and results',
      buildCredential({
        issuer: { id: issuer.did, name: 'Guild of Bookbinders', url: 'https://guild.example' },
        recipient: { did: 'did:example:ada' },
        achievement: {
          id: 'https://guild.example/a/1',
          name: 'Gilding "II"',
          description: 'Gold leaf\non leather',
          criteria: 'Gild three spines.',
          achievementType: 'Certificate',
          alignment: [
            { targetName: 'ESCO', targetUrl: 'https://esco.example/1' },
            { targetName: 'ESCO', targetUrl: 'https://esco.example/1' },
          ],
          resultDescription: [
            { id: 'urn:uuid:0b0b', name: 'Grade', resultType: 'LetterGrade', allowedValue: ['C', 'B', 'A'] },
          ],
          creditsAvailable: 2.5,
        },
        results: [{ resultDescription: 'urn:uuid:0b0b', value: 'A' }],
        validFrom: '2026-01-01T00:00:00Z',
      }) as unknown as JsonObject,
    ],
  ]
  for (const [name, credential] of credentials) {
    const signed = await signDataIntegrity(credential, issuer.signer)
    await assertSameNQuads(name, signed)
    assert.ok(await digitalBazaarVerifies(signed, issuer.did), `${name}: @digitalbazaar/vc does not verify`)
    const ours = await verifier.verifyCredential(signed, { now: NOW })
    assert.ok(ours.verified, `${name}: ${JSON.stringify(ours.checks.filter((c) => !c.ok))}`)
    const issuerName = String((signed.issuer as JsonObject).name)
    for (const [from, to] of [
      [issuerName, `${issuerName}.`],
      ['2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'],
      ['"Achievement"', '"Achievement","Profile"'],
    ] as const) {
      const tampered = changed(signed, from, to)
      assert.not.ok(await digitalBazaarVerifies(tampered, issuer.did), `${name}: ${from} changed, DB accepts`)
      const result = await verifier.verifyCredential(tampered, { now: NOW })
      assert.not.ok(result.verified, `${name}: ${from} changed, Tessera accepts`)
    }
    // the proof's own options are signed too
    const created = String((signed.proof as JsonObject).created)
    const later = changed(signed, created, created.replace(/:\d\dZ$/, ':59Z'))
    assert.not.ok(await digitalBazaarVerifies(later, issuer.did))
    assert.not.ok((await verifier.verifyCredential(later, { now: NOW })).verified)
  }
})

test('a credential Tessera leaves to jsonld.js (a context written into it) is signed and checked all the same', async () => {
  const issuer = await tesseraIssuer()
  const credential = {
    ...badge(issuer.did),
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      OB_CONTEXT,
      { nickname: 'https://example.org/nickname' },
    ],
    nickname: 'Ada',
  }
  assert.is(await canonizeDocument(credential, { documentLoader }), undefined)
  const signed = await signDataIntegrity(credential, issuer.signer)
  assert.ok(await digitalBazaarVerifies(signed, issuer.did))
  assert.not.ok(await digitalBazaarVerifies(changed(signed, '"Ada"', '"Eve"'), issuer.did))
})

test('Tessera verifies what @digitalbazaar/vc signs, and not once it is changed', async () => {
  const issuer = await didKeyIssuer()
  const verifier = new Verifier({ offline: true })
  for (const extra of [{}, { description: 'With "quotes", a tab\tand ünïcödé' }]) {
    const signed = await issuer.sign(badge(issuer.did, extra))
    await assertSameNQuads('badge', signed)
    const ok = await verifier.verifyCredential(signed, { now: NOW })
    assert.ok(ok.verified, JSON.stringify(ok.checks.filter((c) => !c.ok)))
    for (const [from, to] of [
      ['"Member"', '"Membre"'],
      ['did:example:ada', 'did:example:eve'],
    ] as const) {
      const result = await verifier.verifyCredential(changed(signed, from, to), { now: NOW })
      assert.not.ok(result.verified, from)
      assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'PROOF_INVALID', from)
    }
  }
})

test('status list credentials (Bitstring and StatusList2021) signed by Tessera: same N-Quads, verified by both', async () => {
  const issuer = await tesseraIssuer()
  const list = new Bitstring({ length: 131_072 })
  list.set(7, 1)
  for (const type of ['BitstringStatusList', 'StatusList2021'] as const) {
    const unsigned = buildStatusListCredential({
      type,
      url: `https://guild.example/status/${type}`,
      issuer: issuer.did,
      purpose: 'revocation',
      list,
      validFrom: '2026-01-01T00:00:00Z',
      ...(type === 'BitstringStatusList' ? { ttl: 300_000 } : {}),
    })
    const signed = await signDataIntegrity(unsigned, issuer.signer)
    await assertSameNQuads(type, signed)
    assert.ok(await digitalBazaarVerifies(signed, issuer.did), type)
    const bit = changed(signed, '"revocation"', '"suspension"')
    assert.not.ok(await digitalBazaarVerifies(bit, issuer.did), `${type} changed`)
  }
})

test('a presentation signed by @digitalbazaar/vc: same N-Quads (credential in a named graph), verified by Tessera', async () => {
  const [issuer, holder] = await Promise.all([didKeyIssuer(), didKeyIssuer()])
  const credential = await issuer.sign(
    badge(issuer.did, {
      credentialSubject: { ...(badge(issuer.did).credentialSubject as JsonObject), id: holder.did },
    }),
  )
  const vp = await holder.present([credential], 'nonce-1', 'https://employer.example')
  await assertSameNQuads('presentation', vp)
  const verifier = new Verifier({ offline: true })
  const ok = await verifier.verifyPresentation(vp, {
    challenge: 'nonce-1',
    domain: 'https://employer.example',
    now: NOW,
  })
  assert.ok(ok.verified, JSON.stringify(ok.checks.filter((c) => !c.ok)))
  const tampered = changed(vp, '"Member"', '"Membre"')
  assert.not.ok(
    (
      await verifier.verifyPresentation(tampered, {
        challenge: 'nonce-1',
        domain: 'https://employer.example',
        now: NOW,
      })
    ).verified,
  )
})

test.run()
