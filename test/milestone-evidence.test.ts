// Issue #20 end to end: a milestone issued by @tessera/awards (its evidence naming the credentials it rests
// on by id) and those credentials, issued through the issuer and verified by @tessera/verifier together:
// presented with all of them it verifies; once one of them is revoked the milestone fails, naming which;
// presented without one, it verifies with a warning unless the verifier requires its evidence.
import { evaluate, issueAwards, parseRules } from '@tessera/awards'
import { MemoryIssuerStore } from '@tessera/issuer'
import { type JsonObject, parseJsonObject } from '@tessera/schema'
import { collect } from '@tessera/testkit'
import { issuerOn, kmsIssuer, NOW } from '@tessera/testkit/issuer'
import { didKeyIssuer } from '@tessera/testkit/signing'
import { type PresentationResult, type VerificationResult, Verifier } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const RULES = `version: 1
issuer:
  name: The Club
achievements:
  - key: workshop-basics
    id: https://club.example/achievements/workshop-basics
    name: Basics workshop
    description: Took the basics workshop.
    criteria: Attended the basics workshop.
    kind: participation
    when: { rule: value, column: workshops, anyOf: [basics] }
  - key: workshop-ethics
    id: https://club.example/achievements/workshop-ethics
    name: Ethics workshop
    description: Took the ethics workshop.
    criteria: Attended the ethics workshop.
    kind: participation
    when: { rule: value, column: workshops, anyOf: [ethics] }
  - key: practitioner
    id: https://club.example/achievements/practitioner
    name: Practitioner
    description: Took both workshops.
    criteria: The basics and the ethics workshops.
    kind: milestone
    when: { rule: count, of: [workshop-basics, workshop-ethics], atLeast: 2 }
`

const line = (r: VerificationResult | PresentationResult, id: string) => r.checks.find((c) => c.id === id)
const failures = (r: VerificationResult | PresentationResult) => JSON.stringify(r.checks.filter((c) => !c.ok))

const learner = await didKeyIssuer()
const key = await kmsIssuer()
const store = new MemoryIssuerStore()
const issuer = issuerOn(store, key.signer)
const { awards } = evaluate(parseRules(RULES), {
  members: [{ memberId: 'A', fields: { workshops: 'basics, ethics' } }],
  held: [],
  now: NOW,
})
const summary = await issueAwards(issuer, awards, {
  issuer: { id: key.did, name: 'The Club' },
  recipientOf: () => ({ did: learner.did }),
})
const rows = new Map((await collect(store.rows())).map((r) => [r.key, r]))
const signed = (awardKey: string) => parseJsonObject(rows.get(`A/${awardKey}`)?.credential as string)
const milestone = signed('practitioner')
const basics = signed('workshop-basics')
const ethics = signed('workshop-ethics')
const verifierNow = async () => new Verifier({ offline: true, documents: await issuer.signedStatusLists() })

test('the awards issued a milestone whose evidence names its two workshops by credential id', () => {
  assert.equal(summary, { issued: 3, existing: 0, failed: 0 })
  assert.equal(
    (milestone.evidence as JsonObject[]).map((e) => [e.id, e.genre]),
    [
      [basics.id, 'Credential'],
      [ethics.id, 'Credential'],
    ],
  )
})

test('presented with both workshops it verifies; without one, a warning, or a failure when required', async () => {
  const verifier = await verifierNow()
  const all = await verifier.verifyPresentation(await learner.present([milestone, basics, ethics], 'c-1'), {
    challenge: 'c-1',
    now: NOW,
  })
  assert.ok(all.verified, failures(all))
  assert.equal(
    all.credentials[0]?.evidence?.map((e) => [e.state, e.source]),
    [
      ['verified', '/verifiableCredential/1'],
      ['verified', '/verifiableCredential/2'],
    ],
  )

  const short = await learner.present([milestone, basics], 'c-2')
  const checked = await verifier.verifyPresentation(short, { challenge: 'c-2', now: NOW })
  assert.ok(checked.verified, failures(checked))
  assert.ok(checked.credentials[0]?.warnings.some((w) => w.code === 'EVIDENCE_NOT_CHECKED'))
  const required = await verifier.verifyPresentation(short, {
    challenge: 'c-2',
    now: NOW,
    evidence: 'require',
  })
  assert.not.ok(required.verified)
  assert.is(line(required.credentials[0] as VerificationResult, 'evidence')?.code, 'EVIDENCE_UNAVAILABLE')
})

test('once a workshop is revoked, the milestone presented with it fails, naming the entry and the status', async () => {
  await issuer.revoke(ethics.id as string)
  const verifier = await verifierNow()
  const result = await verifier.verifyPresentation(
    await learner.present([milestone, basics, ethics], 'c-3'),
    {
      challenge: 'c-3',
      now: NOW,
    },
  )
  assert.not.ok(result.verified)
  const evidence = line(result.credentials[0] as VerificationResult, 'evidence')
  assert.is(evidence?.code, 'EVIDENCE_INVALID')
  assert.match(
    evidence?.message ?? '',
    `/evidence/1 (${String(ethics.id)}): /verifiableCredential/2 does not verify (status REVOKED)`,
  )
  // the milestone itself is sound: only what it rests on fails
  assert.ok(line(result.credentials[0] as VerificationResult, 'status')?.ok)
})

test.run()
