// The JWT-only entry with every capability installed gives exactly the full verifier's results on VC-JWTs:
// the VC-JWT cases of this folder's tests (interop, jws, signed-jwt, trust, evidence, baked and SVG images,
// status lists and messages, recipient hashes, presentations, endorsements, skip, budget, robustness),
// each run through both and compared whole (verdict, every line's id, ok, code and message, warnings,
// trust, evidence, nested results). Out of its reach by design, and so not here: Data Integrity proofs
// (UNSUPPORTED_CRYPTOSUITE) and CLR 2.0 credentials (UNSUPPORTED_CREDENTIAL_TYPE), tested in
// jwt-build.test.ts; a status list is signed as a VC-JWT here, as a JWT-only page's issuer would sign it.
import { readFileSync } from 'node:fs'
import { hashedIdentity, type JsonObject, OB_CONTEXT, type StatusMessage } from '@tessera/schema'
import { MemoryStatusListStore, StatusListManager } from '@tessera/status'
import { OB30 } from '@tessera/testkit/fixtures'
import { badge, didJwkIssuer, type JwtIssuer, jwtPayload } from '@tessera/testkit/signing'
import { CompactSign } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bakedImages } from '../src/capabilities/baked.js'
import { evidenceChecking } from '../src/capabilities/evidence.js'
import { trustRegistries } from '../src/capabilities/trust.js'
import { Verifier as FullVerifier } from '../src/index.js'
import {
  Verifier as LeanVerifier,
  type PresentationOptions,
  type VerifierOptions,
  type VerifyOptions,
} from '../src/jwt.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const flip = (text: string, at: number) =>
  `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`

interface Case {
  name: string
  presentation?: true
  input: unknown
  verifier?: VerifierOptions
  verify?: VerifyOptions & PresentationOptions
}
const cases: Case[] = []
const add = (name: string, input: unknown, more: Omit<Case, 'name' | 'input'> = {}): void => {
  cases.push({ name, input, ...more })
}

const [ed, es, rs] = await Promise.all([didJwkIssuer('EdDSA'), didJwkIssuer('ES256'), didJwkIssuer('RS256')])
const learner = 'did:example:ada'

/** A VP-JWT by `ed` (the holder) of `credentials`, for `nonce` and `aud`. */
const vpJwt = (nonce: string, aud: string, credentials: unknown[]) =>
  ed.signPayload(
    {
      iss: ed.did,
      aud,
      nonce,
      vp: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder: ed.did,
        verifiableCredential: credentials,
      },
    },
    { typ: 'vp+jwt' },
  )

// interop.test.ts, signed-jwt.test.ts: three algorithms, one byte changed in each segment, the vc claim form
for (const issuer of [ed, es, rs]) {
  const jwt = await issuer.signCredential(badge(issuer.did))
  const [h, p, s] = jwt.split('.') as [string, string, string]
  add(`${issuer.alg} VC-JWT`, jwt)
  add(`${issuer.alg} payload changed`, `${h}.${flip(p, 40)}.${s}`)
  add(`${issuer.alg} signature changed`, `${h}.${p}.${flip(s, 10)}`)
  add(`${issuer.alg} header changed`, `${flip(h, 5)}.${p}.${s}`)
  add(`${issuer.alg} as bytes`, new TextEncoder().encode(jwt))
}
{
  const { validFrom, ...rest } = badge(es.did)
  const v1 = {
    ...rest,
    '@context': ['https://www.w3.org/2018/credentials/v1', OB_CONTEXT],
    issuanceDate: validFrom,
  }
  const { iss, jti, sub, nbf } = jwtPayload({ ...v1, validFrom })
  add('vc claim (VCDM 1.1)', await es.signPayload({ vc: v1, iss, jti, sub, nbf }))
  add('expired', await es.signCredential(badge(es.did, { validUntil: '2026-03-01T00:00:00Z' })))
  add('not yet valid', await es.signCredential(badge(es.did, { validFrom: '2027-03-01T00:00:00Z' })))
  const { validFrom: _, ...undated } = badge(es.did)
  add('no start date', await es.signCredential(undated))
  add('schema invalid', await es.signCredential(badge(es.did, { name: 42 })))
  add('context invalid', await es.signCredential(badge(es.did, { '@context': ['https://example.org'] })))
  add('type invalid', await es.signCredential(badge(es.did, { type: ['VerifiableCredential'] })))
}

// jws.test.ts: every way a VC-JWT is refused
{
  const payload = jwtPayload(badge(ed.did))
  add('alg none', `${b64({ alg: 'none', kid: ed.kid })}.${b64(payload)}.`)
  const secret = new TextEncoder().encode(JSON.stringify(rs.publicJwk))
  add(
    'HS256 with the public key',
    await new CompactSign(new TextEncoder().encode(JSON.stringify(jwtPayload(badge(rs.did)))))
      .setProtectedHeader({ alg: 'HS256', kid: rs.kid })
      .sign(secret),
  )
  add('alg of another key', `${b64({ alg: 'ES256', kid: ed.kid })}.${b64(payload)}.c2ln`)
  add('alg not allowed', `${b64({ alg: 'PS256', kid: ed.kid })}.${b64(payload)}.c2ln`)
  add('alg missing', `${b64({ kid: ed.kid })}.${b64(payload)}.c2ln`)
  add('jku', await ed.signPayload(payload, { jku: 'https://evil.example/jwks' }))
  add('crit', `${b64({ alg: 'EdDSA', kid: ed.kid, crit: ['exp'], exp: 1 })}.${b64(payload)}.c2ln`)
  add('kid of another DID', await es.signCredential(badge(ed.did)))
  for (const claim of [{ iss: 'did:web:other.example' }, { jti: 'urn:uuid:other' }, { nbf: 1 }, { exp: 2 }])
    add(`claim ${Object.keys(claim)[0]} differs`, await ed.signPayload({ ...payload, ...claim }))
  const credential = badge(ed.did)
  const jwt = await ed.signCredential(credential)
  add('JSON copy carrying its JWT', { ...credential, proof: { type: 'JwtProof2020', jwt } })
  add('JSON copy changed', { ...credential, name: 'Honorary', proof: { type: 'JwtProof2020', jwt } })
  add('embedded jwk of the issuer', await ed.signPayload(payload, { kid: undefined, jwk: ed.publicJwk }))
  add(
    'embedded jwk of another',
    await es.signPayload(jwtPayload(badge(ed.did)), { kid: undefined, jwk: es.publicJwk }),
  )
  add('relative kid', await rs.signPayload(jwtPayload(badge(rs.did)), { kid: '#0' }))
  add('no kid nor jwk', await rs.signPayload(jwtPayload(badge(rs.did)), { kid: undefined }))
  add(
    'unreachable did:web',
    await rs.signPayload(jwtPayload(badge('did:web:guild.example')), { kid: 'did:web:guild.example#key-1' }),
  )
  for (const junk of [
    'a.b',
    'a.b.c.d',
    `${b64({ alg: 'EdDSA' })}.${b64([1])}.c2ln`,
    '{"@context": [',
    '[1,2]',
    '',
    '<svg/>',
    '<',
  ])
    add(`junk ${JSON.stringify(junk)}`, junk)
}

// status-messages.test.ts, interop.test.ts: status lists (signed as VC-JWTs), revoked, suspended, with reasons
async function statusCases(issuer: JwtIssuer, purpose: 'revocation' | 'suspension' | 'message') {
  const reasons: StatusMessage[] = [
    { status: '0x0', message: 'valid' },
    { status: '0x1', message: 'left' },
    { status: '0x2', message: 'expelled' },
    { status: '0x3', message: 'deceased' },
  ]
  const statuses = new StatusListManager({
    store: new MemoryStatusListStore(),
    issuer: issuer.did,
    baseUrl: `https://guild.example/status/${purpose}`,
  })
  const signed: string[] = []
  let listUrl = ''
  for (let value = 0; value < 3; value++) {
    const entry = await statuses.allocate({
      holder: `urn:uuid:${value}`,
      purpose,
      ...(purpose === 'message' || purpose === 'revocation' ? { statusSize: 2, statusMessage: reasons } : {}),
    })
    if (value !== 0)
      await statuses.setStatus(entry.listUrl, entry.index, purpose === 'suspension' ? 1 : value)
    listUrl = entry.listUrl
    signed.push(
      await issuer.signCredential(
        badge(issuer.did, { credentialStatus: entry.credentialStatus as unknown as JsonObject }),
      ),
    )
  }
  const list = await issuer.signCredential(
    await statuses.listCredential(listUrl, { validFrom: '2026-01-01T00:00:00Z' }),
  )
  for (const [i, jwt] of signed.entries())
    add(`${purpose} list, value ${i}`, jwt, {
      verifier: { offline: true, documents: new Map([[listUrl, list]]) },
    })
  add(`${purpose} list unreachable`, signed[1], { verifier: { offline: true } })
  add(`${purpose} list not checked`, signed[1], { verify: { status: false } })
  const forged = await (issuer === ed ? rs : ed).signCredential(
    await statuses.listCredential(listUrl, { validFrom: '2026-01-01T00:00:00Z' }),
  )
  add(`${purpose} list signed by another`, signed[1], {
    verifier: { offline: true, documents: new Map([[listUrl, forged]]) },
  })
}
await statusCases(es, 'revocation')
await statusCases(ed, 'suspension')
await statusCases(rs, 'message')

// recipient-hash.test.ts: the recipient asked for, against hashed and plain identities
{
  const subject = (identity: JsonObject) =>
    badge(es.did, {
      credentialSubject: {
        ...(badge(es.did).credentialSubject as JsonObject),
        id: undefined as unknown as string,
        identifier: [identity],
      },
    })
  const hashed = await es.signCredential(
    JSON.parse(
      JSON.stringify(subject(hashedIdentity('ada@example.org', { salt: 'pepper' }) as unknown as JsonObject)),
    ),
  )
  for (const email of ['ada@example.org', ' Ada@Example.org', 'bob@example.org'])
    add(`hashed identity against ${email}`, hashed, { verify: { recipient: { email } } })
  const plain = await es.signCredential(badge(es.did))
  add('a DID recipient, matching', plain, { verify: { recipient: { did: learner } } })
  add('a DID recipient, not matching', plain, { verify: { recipient: { did: 'did:example:bob' } } })
}

// trust.test.ts: lists given as data and by URL, domains, requireTrustedIssuer, a registry not readable
{
  const jwt = await es.signCredential(badge(es.did))
  const stranger = await ed.signCredential(badge(ed.did))
  const policy = { name: 'the guild list', issuers: [{ id: es.did, name: 'Guild' }] }
  for (const required of [false, true]) {
    const verify = { requireTrustedIssuer: required }
    add(`trust: no policy, required ${required}`, jwt, { verify })
    add(`trust: listed, required ${required}`, jwt, { verifier: { offline: true, trust: policy }, verify })
    add(`trust: not listed, required ${required}`, stranger, {
      verifier: { offline: true, trust: policy },
      verify,
    })
    const registries = [
      { name: 'DCC', url: 'https://registry.example/dcc.json' },
      { name: 'given', document: { issuers: [ed.did] } },
      { name: 'other', type: 'x509' },
    ]
    add(`trust: registries, one unreadable, required ${required}`, stranger, {
      verifier: { offline: true, trust: { registries } },
      verify,
    })
    add(`trust: registry unreadable only, required ${required}`, jwt, {
      verifier: {
        offline: true,
        trust: { registries: [{ name: 'DCC', url: 'https://registry.example/dcc.json' }] },
      },
      verify,
    })
    add(`trust: registry from documents, required ${required}`, jwt, {
      verifier: {
        offline: true,
        trust: { registries: [{ name: 'DCC', url: 'https://registry.example/dcc.json' }] },
        documents: new Map([
          ['https://registry.example/dcc.json', { issuers: [{ id: es.did, name: 'Guild' }] }],
        ]),
      },
      verify,
    })
    add(`trust: a changed credential, required ${required}`, `${jwt.slice(0, -4)}AAAA`, {
      verifier: { offline: true, trust: policy },
      verify,
    })
  }
}

// evidence.test.ts: a milestone resting on credentials, beside it in a VP-JWT, fetched, missing, cycles, malformed
{
  const credential = (name: string, extra: JsonObject = {}, subject = learner): JsonObject => {
    const base = badge(es.did)
    return {
      ...base,
      name,
      credentialSubject: { ...(base.credentialSubject as JsonObject), id: subject },
      ...extra,
    }
  }
  const restsOn = (...rested: JsonObject[]) => ({
    evidence: rested.map((c) => ({ type: ['Evidence'], id: c.id, name: c.name, genre: 'Credential' })),
  })
  const basics = credential('Basics')
  const ethics = credential('Ethics')
  const someoneElse = credential('Ethics', {}, 'did:example:bob')
  const milestone = credential('Practitioner', restsOn(basics, ethics))
  const [basicsJwt, ethicsJwt, milestoneJwt, elseJwt] = await Promise.all(
    [basics, ethics, milestone, someoneElse].map((c) => es.signCredential(c)),
  )
  const vp = (nonce: string, credentials: unknown[]) => vpJwt(nonce, 'https://employer.example', credentials)
  const verify = { challenge: 'n-1' }
  for (const evidence of ['check', 'require', 'ignore'] as const) {
    add(`evidence ${evidence}: all beside`, await vp('n-1', [milestoneJwt, basicsJwt, ethicsJwt]), {
      presentation: true,
      verify: { ...verify, evidence },
    })
    add(`evidence ${evidence}: one missing`, await vp('n-1', [milestoneJwt, basicsJwt]), {
      presentation: true,
      verify: { ...verify, evidence },
    })
    add(`evidence ${evidence}: alone`, milestoneJwt, { verify: { evidence } })
  }
  const elseMilestone = await es.signCredential(
    credential('Practitioner', restsOn(basics, { ...ethics, id: someoneElse.id })),
  )
  add('evidence about someone else', await vp('n-1', [elseMilestone, basicsJwt, elseJwt]), {
    presentation: true,
    verify,
  })
  const URL_1 = 'https://guild.example.org/credentials/basics'
  const published = await es.signCredential(credential('Basics', { id: URL_1 }))
  const fetched = await es.signCredential(credential('Practitioner', restsOn({ id: URL_1, name: 'Basics' })))
  add('evidence fetched from documents', fetched, {
    verifier: { offline: true, documents: new Map([[URL_1, published]]) },
  })
  const serve = (page: string | undefined) => ({
    fetch: {
      fetch: async () =>
        page === undefined ? new Response('not here', { status: 404 }) : new Response(page),
    },
  })
  add('evidence fetched', fetched, { verifier: serve(published) })
  add('evidence not there (404)', fetched, { verifier: serve(undefined) })
  add('evidence not there (404), required', fetched, {
    verifier: serve(undefined),
    verify: { evidence: 'require' },
  })
  const selfId = 'urn:uuid:0b4f8a52-56c7-4d5e-9d43-7c1b4a1e2f10'
  add(
    'evidence cycle',
    await es.signCredential(
      credential('Loop', { id: selfId, evidence: [{ type: ['Evidence'], id: selfId, genre: 'Credential' }] }),
    ),
  )
  add(
    'evidence malformed',
    await es.signCredential(credential('Bad', { evidence: [{ type: ['Evidence'], id: 'not a uri' }] })),
  )
  add(
    'evidence a web page',
    await es.signCredential(
      credential('Page', { evidence: [{ type: ['Evidence'], id: 'https://portfolio.example/ada' }] }),
    ),
  )
}

// presentation.test.ts: VP-JWTs, their challenge and domain, the holder's key
{
  const credentialJwt = await es.signCredential(badge(es.did))
  const vp = vpJwt
  const token = await vp('n-1', 'https://employer.example', [credentialJwt])
  const presentation = true
  add('VP-JWT', token, { presentation, verify: { challenge: 'n-1', domain: 'https://employer.example' } })
  add('VP-JWT, no challenge asked', token, { presentation })
  add('VP-JWT, other challenge', token, { presentation, verify: { challenge: 'n-2' } })
  add('VP-JWT, other domain', token, {
    presentation,
    verify: { challenge: 'n-1', domain: 'https://evil.example' },
  })
  add(
    'VP-JWT, enveloped',
    await vp('n-1', 'https://employer.example', [
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: 'EnvelopedVerifiableCredential',
        id: `data:application/vc+jwt,${credentialJwt}`,
      },
    ]),
    { presentation, verify: { challenge: 'n-1' } },
  )
  add(
    'VP-JWT by an impostor',
    await rs.signPayload({
      iss: ed.did,
      nonce: 'n-1',
      vp: { type: ['VerifiablePresentation'], holder: ed.did },
    }),
    { presentation, verify: { challenge: 'n-1' } },
  )
  add(
    'VP-JWT, a bad credential inside',
    await vp('n-1', 'a', [credentialJwt, `${credentialJwt.slice(0, -4)}AAAA`]),
    {
      presentation,
      verify: { challenge: 'n-1' },
    },
  )
  add('VP-JWT, too many credentials', token, {
    presentation,
    verify: { challenge: 'n-1', budget: { maxCredentials: 0 } },
  })
  add('presentation junk', '{"type": 1}', { presentation })
}

// robustness.test.ts, skip.test.ts, budget: endorsements as JWTs, nested too deep, checks left out, limits
{
  const endorsement = (inner: string[]): JsonObject => ({
    '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement',
    issuer: { id: rs.did, type: ['Profile'] },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://guild.example', type: ['EndorsementSubject'] },
    ...(inner.length === 0 ? {} : { endorsementJwt: inner }),
  })
  const level3 = await rs.signCredential(endorsement([]))
  const level2 = await rs.signCredential(endorsement([level3]))
  const level1 = await rs.signCredential(endorsement([level2]))
  add('endorsed once', await es.signCredential(badge(es.did, { endorsementJwt: [level3] })))
  add('endorsements too deep', await es.signCredential(badge(es.did, { endorsementJwt: [level1] })))
  add(
    'endorsement broken',
    await es.signCredential(badge(es.did, { endorsementJwt: [`${level3.slice(0, -4)}AAAA`] })),
  )
  add('too many endorsements', await es.signCredential(badge(es.did, { endorsementJwt: [level3, level3] })), {
    verify: { budget: { maxEndorsements: 1 } },
  })
  const invalid = await es.signCredential(badge(es.did, { name: 42 }))
  add('schema skipped', invalid, { verify: { skip: ['schema'] } })
  add('all skippable skipped', invalid, {
    verify: { skip: ['context', 'type', 'schema', 'validity', 'status', 'endorsements'] },
  })
}

// baked.test.ts, svg-reader.test.ts: 1EdTech's baked JWT images, a JWT baked in an SVG, hostile images
{
  for (const file of [
    'simple-jwt.png',
    'simple-jwt.svg',
    'simple-jwt_v1.png',
    'simple-jwt_v1.svg',
    'simple.jwt',
    'velocity.jwt',
  ])
    add(`1EdTech ${file}`, readFileSync(`${OB30}${file}`))
  const jwt = await es.signCredential(badge(es.did))
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="${jwt}"/></svg>`
  add('SVG baked with a VC-JWT', svg)
  add('SVG baked, as bytes', new TextEncoder().encode(svg))
  add('SVG with a DOCTYPE', `<!DOCTYPE svg [<!ENTITY a "b">]>${svg}`)
  add('SVG without the credential', '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
  const png = readFileSync(`${OB30}simple-jwt.png`)
  add('PNG cut short', png.subarray(0, 40))
}

test(`the JWT-only entry with every capability gives the full verifier's result on each of ${cases.length} VC-JWT cases`, async () => {
  const capabilities = [trustRegistries, evidenceChecking, bakedImages]
  for (const c of cases) {
    const options = c.verifier ?? { offline: true }
    const full = new FullVerifier(options)
    const lean = new LeanVerifier({ ...options, capabilities })
    const verify = { now: NOW, ...c.verify }
    const [expected, actual] = c.presentation
      ? await Promise.all([
          full.verifyPresentation(c.input as string, verify),
          lean.verifyPresentation(c.input as string, verify),
        ])
      : await Promise.all([
          full.verifyCredential(c.input as string, verify),
          lean.verifyCredential(c.input as string, verify),
        ])
    assert.equal(actual, expected, c.name)
  }
})

test('the cases cover every kind of verdict: verified and not, and most of the codes a VC-JWT can fail with', async () => {
  const full = new FullVerifier({ offline: true })
  let verified = 0
  for (const c of cases.filter((c) => c.verifier === undefined && c.presentation === undefined)) {
    if ((await full.verifyCredential(c.input as string, { now: NOW, ...c.verify })).verified) verified++
  }
  assert.ok(verified >= 5 && verified < cases.length / 2, `${verified} verified`)
})

test.run()
