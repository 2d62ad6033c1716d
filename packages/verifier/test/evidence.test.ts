// The `evidence` check (issue #20): a milestone names the credentials it rests on as OB 3.0 evidence; they
// are checked when the verifier has them (beside it in a presentation or a CLR, or fetched when the id is
// an https URL): verified -> pass, failing (revoked, tampered, someone else's) -> a typed failure naming
// the entry and where it was found, not found -> a warning unless `evidence: 'require'`. Bad evidence
// (huge lists, cycles, ids that are not URIs) is a typed result, never a loop or a flood of fetches.
import { hashedIdentity, type JsonObject } from '@tessera/schema'
import { buildClrCredential } from '@tessera/schema/clr'
import { badge, bitstringRevocationList, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type PresentationResult, type VerificationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const LIST = 'https://guild.example.org/status/1'
const issuer = await didKeyIssuer()
const learner = await didKeyIssuer()
const stranger = 'did:example:someone-else'
const revocations = await bitstringRevocationList(issuer, LIST, [7])
const verifier = new Verifier({ offline: true, documents: new Map([[LIST, revocations.credential]]) })

const line = (r: VerificationResult | PresentationResult, id: string) => r.checks.find((c) => c.id === id)
const failures = (r: VerificationResult | PresentationResult) => JSON.stringify(r.checks.filter((c) => !c.ok))

/** An OB 3.0 credential of the guild about `subject`, unsigned. */
function credential(name: string, extra: JsonObject = {}, subject: string = learner.did): JsonObject {
  const base = badge(issuer.did)
  return {
    ...base,
    name,
    credentialSubject: {
      ...(base.credentialSubject as JsonObject),
      id: subject,
      achievement: {
        id: `https://guild.example.org/achievements/${name.toLowerCase().replaceAll(' ', '-')}`,
        type: ['Achievement'],
        name,
        description: `The guild's ${name}.`,
        criteria: { narrative: 'Take part.' },
      },
    },
    ...extra,
  }
}

/** The evidence entries @tessera/awards writes: each credential's id, its name, genre Credential. */
const restsOn = (...rested: JsonObject[]) => ({
  evidence: rested.map((c) => ({ type: ['Evidence'], id: c.id, name: c.name, genre: 'Credential' })),
})

const basics = await issuer.sign(credential('Basics workshop'))
const ethics = await issuer.sign(credential('Ethics workshop'))
const milestone = await issuer.sign(credential('Practitioner', restsOn(basics, ethics)))

test('a milestone presented with the credentials it rests on: each found beside it and verified', async () => {
  const vp = await learner.present([milestone, basics, ethics], 'n-1')
  const result = await verifier.verifyPresentation(vp, { challenge: 'n-1', now: NOW })
  assert.ok(result.verified, failures(result))
  const [rests, first] = result.credentials as [VerificationResult, VerificationResult]
  assert.ok(line(rests, 'evidence')?.ok)
  assert.is(line(rests, 'evidence')?.message, '2 credentials named as evidence verified')
  assert.equal(
    rests.evidence?.map((e) => [e.path, e.id, e.state, e.source]),
    [
      ['/evidence/0', basics.id, 'verified', '/verifiableCredential/1'],
      ['/evidence/1', ethics.id, 'verified', '/verifiableCredential/2'],
    ],
  )
  // a credential without evidence has no evidence line
  assert.is(line(first, 'evidence'), undefined)
  assert.equal(result.warnings, [])
})

test('one the milestone rests on revoked, or tampered: the milestone fails, naming the entry, place and code', async () => {
  const revoked = await issuer.sign(credential('Basics workshop', { credentialStatus: revocations.entry(7) }))
  const resting = await issuer.sign(credential('Practitioner', restsOn(revoked, ethics)))
  const vp = await learner.present([resting, revoked, ethics], 'n-2')
  const result = await verifier.verifyPresentation(vp, { challenge: 'n-2', now: NOW })
  assert.not.ok(result.verified)
  assert.is(line(result, 'credentials')?.code, 'CREDENTIAL_INVALID')
  const evidence = line(result.credentials[0] as VerificationResult, 'evidence')
  assert.is(evidence?.code, 'EVIDENCE_INVALID')
  assert.match(
    evidence?.message ?? '',
    `/evidence/0 (${String(revoked.id)}): /verifiableCredential/1 does not verify (status REVOKED)`,
  )
  assert.not.match(evidence?.message ?? '', '/evidence/1')
  assert.equal(
    result.credentials[0]?.evidence?.map((e) => [e.state, e.code]),
    [
      ['failed', 'EVIDENCE_INVALID'],
      ['verified', undefined],
    ],
  )

  const tampered = { ...ethics, name: 'Ethics workshop, with honours' }
  const vp2 = await learner.present([milestone, basics, tampered], 'n-3')
  const result2 = await verifier.verifyPresentation(vp2, { challenge: 'n-3', now: NOW })
  const evidence2 = line(result2.credentials[0] as VerificationResult, 'evidence')
  assert.is(evidence2?.code, 'EVIDENCE_INVALID')
  assert.match(evidence2?.message ?? '', '/evidence/1')
  assert.match(evidence2?.message ?? '', '(proof PROOF_INVALID)')
})

test('one about someone else: EVIDENCE_SUBJECT_MISMATCH', async () => {
  const theirs = await issuer.sign(credential('Basics workshop', {}, stranger))
  const resting = await issuer.sign(credential('Practitioner', restsOn(theirs)))
  const vp = await learner.present([resting, theirs], 'n-4')
  const result = await verifier.verifyPresentation(vp, { challenge: 'n-4', now: NOW })
  assert.not.ok(result.verified)
  const evidence = line(result.credentials[0] as VerificationResult, 'evidence')
  assert.is(evidence?.code, 'EVIDENCE_SUBJECT_MISMATCH')
  assert.match(evidence?.message ?? '', '/verifiableCredential/1 is about someone else')
})

test('hashed learners: hashed alike and different is a mismatch; hashed with other salts cannot be compared (a warning)', async () => {
  /** `credential` about the learner known by the email `email`, hashed with `salt`. */
  const hashedFor = (name: string, email: string, salt: string, extra: JsonObject = {}) => {
    const c = credential(name, extra)
    const { id: _id, ...subject } = c.credentialSubject as JsonObject
    return { ...c, credentialSubject: { ...subject, identifier: [hashedIdentity(email, { salt })] } }
  }
  const workshopAda = await issuer.sign(hashedFor('Basics workshop', 'ada@example.org', 'salt-1'))
  const workshopBob = await issuer.sign(hashedFor('Ethics workshop', 'bob@example.org', 'salt-2'))
  const resting = await issuer.sign(
    hashedFor('Practitioner', 'ada@example.org', 'salt-2', restsOn(workshopAda, workshopBob)),
  )
  const vp = await learner.present([resting, workshopAda, workshopBob], 'n-7')
  const result = await verifier.verifyPresentation(vp, { challenge: 'n-7', now: NOW })
  const rests = result.credentials[0] as VerificationResult
  // salt-2 on both sides: comparable, and not the same hash
  assert.is(line(rests, 'evidence')?.code, 'EVIDENCE_SUBJECT_MISMATCH')
  assert.match(line(rests, 'evidence')?.message ?? '', '/evidence/1')

  const alone = await issuer.sign(
    hashedFor('Practitioner', 'ada@example.org', 'salt-3', restsOn(workshopAda)),
  )
  const vp2 = await learner.present([alone, workshopAda], 'n-8')
  const unsure = await verifier.verifyPresentation(vp2, { challenge: 'n-8', now: NOW })
  assert.ok(unsure.verified, failures(unsure))
  assert.ok(unsure.credentials[0]?.warnings.some((w) => w.code === 'EVIDENCE_SUBJECT_UNCHECKED'))
})

test('one missing: a warning by default, a failure with evidence: require, nothing with ignore', async () => {
  const vp = await learner.present([milestone, basics], 'n-5')
  const checked = await verifier.verifyPresentation(vp, { challenge: 'n-5', now: NOW })
  assert.ok(checked.verified, failures(checked))
  const rests = checked.credentials[0] as VerificationResult
  assert.is(
    line(rests, 'evidence')?.message,
    '1 credential named as evidence verified; 1 not available, not checked',
  )
  assert.equal(
    rests.warnings.map((w) => w.code).filter((code) => code.startsWith('EVIDENCE_')),
    ['EVIDENCE_NOT_CHECKED'],
  )
  assert.match(
    rests.warnings.find((w) => w.code === 'EVIDENCE_NOT_CHECKED')?.message ?? '',
    `/evidence/1 (${String(ethics.id)})`,
  )
  assert.equal(
    rests.evidence?.map((e) => [e.state, e.code]),
    [
      ['verified', undefined],
      ['unavailable', 'EVIDENCE_UNAVAILABLE'],
    ],
  )

  const required = await verifier.verifyPresentation(vp, { challenge: 'n-5', now: NOW, evidence: 'require' })
  assert.not.ok(required.verified)
  assert.is(line(required.credentials[0] as VerificationResult, 'evidence')?.code, 'EVIDENCE_UNAVAILABLE')

  const ignored = await verifier.verifyPresentation(vp, { challenge: 'n-5', now: NOW, evidence: 'ignore' })
  assert.ok(ignored.verified)
  assert.is(line(ignored.credentials[0] as VerificationResult, 'evidence'), undefined)

  // on its own, a milestone whose evidence is urn:uuid ids has nothing to fetch: the same warning
  const alone = await verifier.verifyCredential(milestone, { now: NOW })
  assert.ok(alone.verified, failures(alone))
  assert.is(
    line(alone, 'evidence')?.message,
    '0 credentials named as evidence verified; 2 not available, not checked',
  )
  const strict = await verifier.verifyCredential(milestone, { now: NOW, evidence: 'require' })
  assert.is(line(strict, 'evidence')?.code, 'EVIDENCE_UNAVAILABLE')
})

/** The learner's CLR of `credentials`, signed by the guild. */
function clrOf(credentials: JsonObject[]) {
  return issuer.sign(
    buildClrCredential({
      issuer: { id: issuer.did, name: 'Guild of Bookbinders' },
      recipient: { did: learner.did },
      credentials,
      validFrom: '2026-05-01T00:00:00Z',
    }) as unknown as JsonObject,
  )
}

test('in a CLR: found among its credentials, by place; one missing fails the CLR only when required', async () => {
  const result = await verifier.verifyCredential(await clrOf([basics, ethics, milestone]), { now: NOW })
  assert.ok(result.verified, failures(result))
  const rests = result.embedded?.[2] as VerificationResult
  assert.ok(line(rests, 'evidence')?.ok)
  assert.equal(
    rests.evidence?.map((e) => e.source),
    ['/credentialSubject/verifiableCredential/0', '/credentialSubject/verifiableCredential/1'],
  )

  const partial = await clrOf([basics, milestone])
  assert.ok((await verifier.verifyCredential(partial, { now: NOW })).verified)
  const required = await verifier.verifyCredential(partial, { now: NOW, evidence: 'require' })
  assert.not.ok(required.verified)
  assert.is(line(required, 'embedded')?.code, 'EMBEDDED_CREDENTIAL_INVALID')
  assert.match(
    line(required, 'embedded')?.message ?? '',
    '/credentialSubject/verifiableCredential/1 (evidence EVIDENCE_UNAVAILABLE)',
  )
})

/** A fetch answering from memory, counting what it was asked. */
function servedFrom(pages: Record<string, unknown>) {
  const asked: string[] = []
  const fetch = async (url: string | URL | Request) => {
    asked.push(String(url))
    const page = pages[String(url)]
    return page === undefined
      ? new Response('not here', { status: 404 })
      : new Response(typeof page === 'string' ? page : JSON.stringify(page))
  }
  return {
    asked,
    verifier: new Verifier({ fetch: { fetch }, documents: new Map([[LIST, revocations.credential]]) }),
  }
}

const URL_1 = 'https://guild.example.org/credentials/basics'
const URL_2 = 'https://guild.example.org/credentials/ethics'
const published = await issuer.sign(credential('Basics workshop', { id: URL_1 }))
const publishedToo = await issuer.sign(credential('Ethics workshop', { id: URL_2 }))

test('fetched through the injected fetcher when the id is an https URL of a credential', async () => {
  const resting = await issuer.sign(credential('Practitioner', restsOn(published, publishedToo)))
  const { asked, verifier: online } = servedFrom({ [URL_1]: published, [URL_2]: publishedToo })
  const result = await online.verifyCredential(resting, { now: NOW })
  assert.ok(result.verified, failures(result))
  assert.equal(
    result.evidence?.map((e) => [e.state, e.source, e.fetched?.verified]),
    [
      ['verified', URL_1, true],
      ['verified', URL_2, true],
    ],
  )
  assert.equal(asked.sort(), [URL_1, URL_2])

  // one not there (HTTP 404): a warning by default, EVIDENCE_UNAVAILABLE with the fetch's code when required
  const missing = servedFrom({ [URL_1]: published })
  const partly = await missing.verifier.verifyCredential(resting, { now: NOW })
  assert.ok(partly.verified, failures(partly))
  assert.match(
    partly.warnings.find((w) => w.code === 'EVIDENCE_NOT_CHECKED')?.message ?? '',
    'FETCH_HTTP_STATUS',
  )
  const required = await missing.verifier.verifyCredential(resting, { now: NOW, evidence: 'require' })
  assert.is(line(required, 'evidence')?.code, 'EVIDENCE_UNAVAILABLE')
  assert.match(
    line(required, 'evidence')?.message ?? '',
    `/evidence/1 (${URL_2}): could not be fetched: FETCH_HTTP_STATUS`,
  )

  // the URL serves another credential (its id is not the one named): found but failing
  const swapped = servedFrom({ [URL_1]: published, [URL_2]: published })
  const wrong = await swapped.verifier.verifyCredential(resting, { now: NOW })
  assert.is(line(wrong, 'evidence')?.code, 'EVIDENCE_INVALID')
  assert.match(line(wrong, 'evidence')?.message ?? '', `${URL_2} serves a credential of another id`)

  // revoked since: the fetched credential's status is checked like any other
  const revokedThere = await issuer.sign(
    credential('Ethics workshop', { id: URL_2, credentialStatus: revocations.entry(7) }),
  )
  const revokedServed = servedFrom({ [URL_1]: published, [URL_2]: revokedThere })
  const revoked = await revokedServed.verifier.verifyCredential(resting, { now: NOW })
  assert.not.ok(revoked.verified)
  assert.match(line(revoked, 'evidence')?.message ?? '', `${URL_2} does not verify (status REVOKED)`)
})

test('one that has expired since the milestone was issued still holds it up; one expired before does not', async () => {
  const lapsed = await issuer.sign(
    credential('Basics workshop', {
      id: URL_1,
      validFrom: '2025-09-01T00:00:00Z',
      validUntil: '2026-03-01T00:00:00Z',
    }),
  )
  const stale = await issuer.sign(
    credential('Ethics workshop', {
      id: URL_2,
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2025-12-01T00:00:00Z',
    }),
  )
  // the milestone was issued on 2026-01-01 (badge's validFrom), judged on 2026-06-01
  const resting = await issuer.sign(credential('Practitioner', restsOn(lapsed, stale)))
  const { verifier: online } = servedFrom({ [URL_1]: lapsed, [URL_2]: stale })
  const result = await online.verifyCredential(resting, { now: NOW })
  assert.equal(
    result.evidence?.map((e) => [e.state, e.code]),
    [
      ['verified', undefined],
      ['failed', 'EVIDENCE_INVALID'],
    ],
  )
  assert.is(
    result.evidence?.[0]?.message,
    `${URL_1} verified (expired on 2026-03-01T00:00:00Z, valid when this credential was issued)`,
  )
  assert.match(line(result, 'evidence')?.message ?? '', `${URL_2} does not verify (validity EXPIRED)`)
})

test('only entries that say they are credentials are fetched; what is fetched is verified one level deep', async () => {
  const deeper = 'https://guild.example.org/credentials/deeper'
  const fetchedWithEvidence = await issuer.sign(
    credential('Basics workshop', {
      id: URL_1,
      evidence: [{ type: ['Evidence'], id: deeper, genre: 'Credential' }],
    }),
  )
  const resting = await issuer.sign(
    credential('Practitioner', {
      evidence: [
        { type: ['Evidence'], id: URL_1, genre: 'Credential' },
        { type: ['Evidence'], id: 'https://guild.example.org/portfolio/ada.html', name: 'Portfolio' },
        { type: ['Evidence'], narrative: 'Taught two sessions.' },
      ],
    }),
  )
  const { asked, verifier: online } = servedFrom({ [URL_1]: fetchedWithEvidence })
  const result = await online.verifyCredential(resting, { now: NOW })
  assert.ok(result.verified, failures(result))
  assert.is(
    line(result, 'evidence')?.message,
    '1 credential named as evidence verified; 2 other entries (not credentials)',
  )
  assert.equal(asked, [URL_1])
  assert.is(line(result.evidence?.[0]?.fetched as VerificationResult, 'evidence'), undefined)
})

test('bounded: a huge evidence list is one typed line, and past maxEvidence nothing is fetched', async () => {
  const many = (n: number, id: (i: number) => string) => ({
    evidence: Array.from({ length: n }, (_, i) => ({ id: id(i), genre: 'Credential' })),
  })
  const huge = credential(
    'Practitioner',
    many(15_000, (i) => `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
  )
  const result = await verifier.verifyCredential(huge, { now: NOW })
  assert.ok(line(result, 'evidence')?.ok)
  assert.is(
    line(result, 'evidence')?.message,
    '0 credentials named as evidence verified; 15000 not available, not checked',
  )
  assert.match(
    result.warnings.find((w) => w.code === 'EVIDENCE_NOT_CHECKED')?.message ?? '',
    'and 14995 more',
  )
  const required = await verifier.verifyCredential(huge, { now: NOW, evidence: 'require' })
  assert.is(line(required, 'evidence')?.code, 'EVIDENCE_UNAVAILABLE')
  assert.ok((line(required, 'evidence')?.message.length ?? 0) < 2_000)

  const { asked, verifier: online } = servedFrom({})
  const flood = credential(
    'Practitioner',
    many(5_000, (i) => `https://host-${i}.example.org/c`),
  )
  const refused = await online.verifyCredential(flood, { now: NOW })
  assert.not.ok(refused.verified)
  assert.is(line(refused, 'evidence')?.code, 'TOO_MANY_EVIDENCE')
  assert.is(line(refused, 'budget')?.code, 'TOO_MANY_EVIDENCE')
  assert.equal(asked, [])
  // within maxEvidence, the hosts limit still holds (17 hosts, 16 allowed)
  const spread = credential(
    'Practitioner',
    many(17, (i) => `https://host-${i}.example.org/c`),
  )
  const wide = await online.verifyCredential(spread, { now: NOW, budget: { maxEvidence: 20 } })
  assert.is(line(wide, 'budget')?.code, 'TOO_MANY_HOSTS')
  assert.ok(asked.length <= 16)
})

test('cycles: a credential resting on itself, or on one beside it that rests on it, is EVIDENCE_CYCLE', async () => {
  const id = 'urn:uuid:11111111-1111-4111-8111-111111111111'
  const itself = await issuer.sign(
    credential('Practitioner', { id, evidence: [{ type: ['Evidence'], id, genre: 'Credential' }] }),
  )
  const result = await verifier.verifyCredential(itself, { now: NOW })
  assert.is(line(result, 'evidence')?.code, 'EVIDENCE_CYCLE')
  assert.match(line(result, 'evidence')?.message ?? '', `/evidence/0 (${id})`)

  const a = 'urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
  const b = 'urn:uuid:bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
  const first = await issuer.sign(credential('First', { id: a, evidence: [{ type: ['Evidence'], id: b }] }))
  const second = await issuer.sign(credential('Second', { id: b, evidence: [{ type: ['Evidence'], id: a }] }))
  const vp = await learner.present([first, second], 'n-6')
  const both = await verifier.verifyPresentation(vp, { challenge: 'n-6', now: NOW })
  assert.not.ok(both.verified)
  assert.equal(
    both.credentials.map((c) => line(c, 'evidence')?.code),
    ['EVIDENCE_CYCLE', 'EVIDENCE_CYCLE'],
  )

  // 150 credentials gathered together, each resting on all the others: one walk per credential, each
  // credential's line a cycle (unsigned: their proofs fail too, which does not stop the evidence check)
  const ids = Array.from(
    { length: 150 },
    (_, i) => `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  )
  const tangled = ids.map((id) =>
    credential('Knot', { id, evidence: ids.map((other) => ({ id: other, genre: 'Credential' })) }),
  )
  const record = credential('Record')
  ;(record.credentialSubject as JsonObject).verifiableCredential = tangled
  const knot = await verifier.verifyCredential(record, { now: NOW, skip: ['schema'] })
  assert.is(knot.embedded?.length, 150)
  assert.ok(knot.embedded?.every((e) => line(e, 'evidence')?.code === 'EVIDENCE_CYCLE'))
})

test('malformed evidence: not objects, ids that are not URIs, a value of the wrong kind: EVIDENCE_MALFORMED', async () => {
  const cases: unknown[] = [
    'https://guild.example.org/evidence',
    42,
    [{ id: 'not a uri', genre: 'Credential' }],
    [{ id: 42 }],
    [{ id: '' }],
    [{ id: `https://guild.example.org/${'a'.repeat(5_000)}`, genre: 'Credential' }],
    ['urn:uuid:00000000-0000-4000-8000-000000000001'],
    [null],
  ]
  for (const evidence of cases) {
    const result = await verifier.verifyCredential(credential('Practitioner', { evidence } as JsonObject), {
      now: NOW,
      skip: ['schema'],
    })
    assert.is(line(result, 'evidence')?.code, 'EVIDENCE_MALFORMED', JSON.stringify(evidence).slice(0, 80))
  }
})

test.run()
