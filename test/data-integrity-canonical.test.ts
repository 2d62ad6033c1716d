// Data Integrity proofs made and checked with Tessera's canonicalisation stay interoperable with Digital
// Bazaar's libraries run as installed: @digitalbazaar/vc verifies what Tessera signs, Tessera verifies what
// @digitalbazaar/vc signs, and a changed document fails on both sides. Status list credentials and
// presentations are canonicalised as Digital Bazaar's cryptosuite (jsonld.js) canonicalises them. Issue #15:
// what a conforming verifier refuses is refused before signing, and Tessera's verifier refuses what
// jsonld.js refuses (a blank node predicate) or misreads (__proto__), without jsonld.js ever writing
// onto Object.prototype.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { signJwt } from '@tessera/proofs'
import { type CanonizeOptions, canonizeDocument } from '@tessera/proofs/canonize'
import { documentLoader } from '@tessera/proofs/contexts'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import {
  buildCredential,
  buildMembershipCredential,
  type JsonObject,
  OB_CONTEXT,
  TesseraError,
} from '@tessera/schema'
import { Bitstring, buildStatusListCredential } from '@tessera/status'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loaderWithKey, tesseraIssuer } from '../bench/fixtures.js'

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
    // Another second than the signed one (a proof made at :59 would otherwise be "changed" to itself).
    const other = created.endsWith(':59Z') ? ':58Z' : ':59Z'
    const later = changed(signed, created, created.replace(/:\d\dZ$/, other))
    assert.is.not((later.proof as JsonObject).created, created)
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

// Issue #15 and what its differential run found next.
const UNDEFINED_TERMS = 'https://www.w3.org/ns/credentials/undefined-terms/v2'
/** `credential` as `JSON.parse` makes it with `key` (even `__proto__`) an own property, first. */
const withKey = (key: string, value: unknown, credential: JsonObject): JsonObject =>
  JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(credential).slice(1)}`)
/** The code a promise is rejected with (a TesseraError's), or what happened instead. */
const codeOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'signed',
    (error: unknown) => (error instanceof TesseraError ? error.code : `threw ${String(error)}`),
  )
const polluted = () =>
  Reflect.ownKeys(Object.prototype).filter((k) => typeof k === 'string' && /[@:]/.test(k))

test('#15: the issuing path refuses, before signing, what a conforming verifier would refuse, with its code', async () => {
  const issuer = await tesseraIssuer()
  let signatures = 0
  const signer = {
    ...issuer.signer,
    sign: (data: Uint8Array) => {
      signatures++
      return issuer.signer.sign(data)
    },
  }
  const credential = badge(issuer.did) as JsonObject
  const subject = credential.credentialSubject as JsonObject
  let deep: unknown = 'x'
  for (let level = 2; level <= 65; level++) deep = [deep] // arrays at levels 2 to 65 of the credential
  const cyclic: JsonObject = { ...credential }
  cyclic.evidence = [cyclic]
  const both: [string, JsonObject, string][] = [
    ['a __proto__ key', withKey('__proto__', { name: 'x' }, credential), 'UNSAFE_KEY'],
    [
      'a constructor key',
      { ...credential, credentialSubject: withKey('constructor', 'x', subject) },
      'UNSAFE_KEY',
    ],
    [
      'a prototype key',
      { ...credential, evidence: [withKey('prototype', 'x', { narrative: 'n' })] },
      'UNSAFE_KEY',
    ],
    ['65 levels', { ...credential, description: deep }, 'JSON_TOO_DEEP'],
    ['a cycle', cyclic, 'JSON_TOO_DEEP'],
    ['a Date', { ...credential, awardedDate: new Date(NOW) }, 'MALFORMED_JSON'],
    ['NaN', { ...credential, creditsEarned: Number.NaN }, 'MALFORMED_JSON'],
  ]
  for (const [name, input, code] of both) {
    assert.is(await codeOf(signDataIntegrity(input, signer)), code, `Data Integrity, ${name}`)
    assert.is(await codeOf(signJwt(input, signer)), code, `VC-JWT, ${name}`)
  }
  // what JSON-LD safe mode refuses, Data Integrity refuses: no verifier could canonicalise it
  const bnode = await signDataIntegrity({ ...credential, '_:p': 'x' }, signer).catch((e: TesseraError) => e)
  assert.instance(bnode, TesseraError)
  assert.is((bnode as TesseraError).code, 'CONTEXT_ERROR')
  assert.match((bnode as TesseraError).message, 'blank node predicate')
  const undefinedTerm = await codeOf(signDataIntegrity({ ...credential, nickname: 'x' }, signer))
  assert.is(undefinedTerm, 'CONTEXT_ERROR')
  // and what jsonld.js would turn into writes onto Object.prototype, it never sees (jsonld.js#584)
  assert.is(await codeOf(signDataIntegrity({ ...credential, image: '__proto__' }, signer)), 'UNSAFE_KEY')
  assert.equal(polluted(), [])
  assert.is(signatures, 0, 'nothing was signed')
  // 64 levels are signed, and verified by Digital Bazaar
  const deepest = await signDataIntegrity({ ...credential, description: (deep as unknown[])[0] }, signer)
  assert.ok(await digitalBazaarVerifies(deepest, issuer.did))
})

test('#15: a blank node predicate signed anyway (as Tessera signed it before) verifies neither in Tessera nor at Digital Bazaar', async () => {
  const issuer = await tesseraIssuer()
  const credential = { ...(badge(issuer.did) as JsonObject), '_:p': 'x' }
  // Tessera's N-Quads before the fix: the key written as a predicate IRI, <urn:...> <_:p> "x"
  const before = async (input: object, options: CanonizeOptions) => {
    const { '_:p': value, ...rest } = input as JsonObject
    const nquads = (await canonizeDocument(rest, options)) as string
    const line = `<${String(rest.id)}> <_:p> ${JSON.stringify(value)} .\n`
    return [...nquads.split(/(?<=\n)/), line].sort().join('')
  }
  const suite = new DataIntegrityProof({
    cryptosuite: { ...eddsaRdfc2022, canonize: before },
    signer: {
      id: issuer.signer.verificationMethod,
      algorithm: 'Ed25519',
      sign: ({ data }: { data: Uint8Array }) => issuer.signer.sign(data),
    },
  })
  const signed = (await vc.issue({ credential, suite, documentLoader })) as JsonObject
  assert.not.ok(await digitalBazaarVerifies(signed, issuer.did))
  const result = await new Verifier({ offline: true }).verifyCredential(signed, { now: NOW })
  assert.not.ok(result.verified)
  assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'CONTEXT_ERROR')
})

test('#15: a __proto__ key, which Digital Bazaar signs without it, is refused by Tessera as object and as text', async () => {
  const issuer = await didKeyIssuer()
  const credential = withKey(
    '__proto__',
    { name: 'Eve' },
    {
      ...badge(issuer.did),
      '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT, UNDEFINED_TERMS],
    },
  )
  const signed = await issuer.sign(credential)
  assert.ok(Object.hasOwn(signed, '__proto__'), 'the key is still there, unsigned')
  assert.ok(await digitalBazaarVerifies(signed, issuer.did), 'Digital Bazaar verifies it without the key')
  const verifier = new Verifier({ offline: true })
  const asObject = await verifier.verifyCredential(signed, { now: NOW })
  assert.not.ok(asObject.verified)
  assert.is(asObject.checks.find((c) => c.id === 'proof')?.code, 'UNSAFE_KEY')
  const asText = await verifier.verifyCredential(JSON.stringify(signed), { now: NOW })
  assert.is(asText.checks.find((c) => c.id === 'parse')?.code, 'UNSAFE_KEY')
})

test('jsonld.js#584: a credential naming a node __proto__ is refused by every Data Integrity suite of the verifier, Object.prototype untouched', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(badge(issuer.did))
  const proof = signed.proof as JsonObject
  const verifier = new Verifier({ offline: true })
  for (const [suite, variant] of [
    ['eddsa-rdfc-2022', proof],
    ['eddsa-2022', { ...proof, cryptosuite: 'eddsa-2022' }],
    ['Ed25519Signature2020', { ...proof, type: 'Ed25519Signature2020' }],
  ] as const) {
    const result = await verifier.verifyCredential(
      { ...signed, image: '__proto__', proof: variant },
      { now: NOW },
    )
    assert.not.ok(result.verified, suite)
    assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'UNSAFE_KEY', suite)
    assert.equal(polluted(), [], suite)
  }
})

test.run()
