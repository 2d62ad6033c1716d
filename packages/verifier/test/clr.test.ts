// A CLR 2.0 ClrCredential: its own proof, then every credential it embeds (proof, dates, binding to its
// learner), each reported by its place; a tampered embedded credential fails the CLR and is named; the
// budget's limit on embedded credentials is a typed failure, none of them verified.
import type { JsonObject } from '@tessera/schema'
import { buildClrCredential } from '@tessera/schema/clr'
import { badge, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type VerificationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const LEARNER = 'did:example:ada'
const verifier = new Verifier({ offline: true })
const line = (r: VerificationResult, id: string) => r.checks.find((c) => c.id === id)
const failures = (r: VerificationResult) => JSON.stringify(r.checks.filter((c) => !c.ok))

function course(issuer: string, n: number, subject: JsonObject = { id: LEARNER }): JsonObject {
  const base = badge(issuer)
  return {
    ...base,
    name: `Course ${n}`,
    credentialSubject: {
      type: ['AchievementSubject'],
      ...subject,
      achievement: {
        id: `https://guild.example/achievements/course-${n}`,
        type: ['Achievement'],
        name: `Course ${n}`,
        description: `The guild's course ${n}.`,
        criteria: { narrative: 'Attend.' },
      },
    },
  }
}

const issuer = await didKeyIssuer()
const courses = await Promise.all([1, 2, 3].map((n) => issuer.sign(course(issuer.did, n))))

/** The unsigned CLR of `credentials` for the learner. */
function clrOf(
  credentials: unknown[],
  recipient: Parameters<typeof buildClrCredential>[0]['recipient'] = { did: LEARNER },
) {
  return buildClrCredential({
    issuer: { id: issuer.did, name: 'Guild of Bookbinders' },
    recipient,
    credentials,
    associations: [
      {
        associationType: 'precedes',
        sourceId: 'https://guild.example/achievements/course-1',
        targetId: 'https://guild.example/achievements/course-2',
      },
    ],
    validFrom: '2026-05-01T00:00:00Z',
  }) as unknown as JsonObject
}

test('a signed CLR verifies: its own proof, then each embedded credential, by place', async () => {
  const clr = await issuer.sign(clrOf(courses))
  const result = await verifier.verifyCredential(clr, { now: NOW })
  assert.ok(result.verified, failures(result))
  assert.is(line(result, 'type')?.message, 'ClrCredential')
  assert.is(line(result, 'schema')?.message, 'valid CLR 2.0 ClrCredential')
  assert.ok(line(result, 'embedded')?.ok)
  assert.equal(
    result.embedded?.map((e) => [e.path, e.verified]),
    [0, 1, 2].map((i) => [`/credentialSubject/verifiableCredential/${i}`, true]),
  )
})

test('one tampered embedded credential (one field) fails the CLR, which names its place and code', async () => {
  const tampered = structuredClone(courses)
  ;(tampered[1] as JsonObject).name = 'Course 2 with honours'
  // the CLR's own proof is sound (its issuer signed what it holds): only the embedded proof fails
  const clr = await issuer.sign(clrOf(tampered))
  const result = await verifier.verifyCredential(clr, { now: NOW })
  assert.not.ok(result.verified)
  assert.ok(line(result, 'proof')?.ok, failures(result))
  const embedded = line(result, 'embedded')
  assert.is(embedded?.code, 'EMBEDDED_CREDENTIAL_INVALID')
  assert.match(embedded?.message ?? '', '/credentialSubject/verifiableCredential/1 (proof PROOF_INVALID)')
  assert.equal(
    result.embedded?.map((e) => e.verified),
    [true, false, true],
  )
  assert.is(line(result.embedded?.[1] as VerificationResult, 'proof')?.code, 'PROOF_INVALID')
})

test('an embedded VC-JWT with one byte of its payload changed is named by its place', async () => {
  const jwtIssuer = await didJwkIssuer('ES256')
  const jwt = await jwtIssuer.signCredential(course(jwtIssuer.did, 4))
  const [header, payload, signature] = jwt.split('.') as [string, string, string]
  const bytes = Buffer.from(payload, 'base64url')
  const at = bytes.indexOf('Course 4')
  bytes[at] = 'K'.charCodeAt(0)
  const forged = `${header}.${bytes.toString('base64url')}.${signature}`
  // CLR 2.0 embeds objects (the schema refuses a JWS: EMBEDDED_JWT): placed by hand, schema left out
  const unsigned = clrOf(courses)
  const subject = unsigned.credentialSubject as JsonObject
  subject.verifiableCredential = [...(subject.verifiableCredential as unknown[]), forged] as JsonObject[]
  const clr = await issuer.sign(unsigned)
  const result = await verifier.verifyCredential(clr, { now: NOW, skip: ['schema'] })
  assert.not.ok(result.verified)
  assert.is(line(result, 'embedded')?.code, 'EMBEDDED_CREDENTIAL_INVALID')
  assert.match(line(result, 'embedded')?.message ?? '', '/credentialSubject/verifiableCredential/3 (proof')
  assert.is(result.embedded?.[3]?.format, 'jwt')
  assert.is(result.embedded?.[3]?.verified, false)
  // and with the schema: the JWS is refused where it stands
  const checked = await verifier.verifyCredential(clr, { now: NOW })
  assert.match(line(checked, 'schema')?.message ?? '', '/credentialSubject/verifiableCredential/3')
})

test('an embedded credential about someone else fails the binding (EMBEDDED_SUBJECT_MISMATCH)', async () => {
  const ada = {
    identity: {
      type: 'IdentityObject',
      hashed: true,
      identityType: 'emailAddress',
      identityHash: 'sha256$a5fbef6e6ca15bd8e7a4f4a1b7e1fbbf8c5e0b0cb7e6f3d4e2a1b0c9d8e7f6a5',
      salt: 'pepper',
    },
  } as const
  const mine = await issuer.sign(course(issuer.did, 5, { identifier: [ada.identity] }))
  const bob = { ...ada.identity, identityHash: `sha256$${'b'.repeat(64)}` }
  const theirs = await issuer.sign(course(issuer.did, 6, { identifier: [bob] }))
  const clr = await issuer.sign(
    buildClrCredential({
      issuer: { id: issuer.did, name: 'Guild of Bookbinders' },
      recipient: { identity: ada.identity },
      credentials: [mine, theirs],
      validFrom: '2026-05-01T00:00:00Z',
    }) as unknown as JsonObject,
  )
  const result = await verifier.verifyCredential(clr, { now: NOW })
  assert.not.ok(result.verified)
  assert.is(line(result, 'embedded')?.code, 'EMBEDDED_SUBJECT_MISMATCH')
  assert.match(line(result, 'embedded')?.message ?? '', '/credentialSubject/verifiableCredential/1:')
  assert.not.match(line(result, 'embedded')?.message ?? '', 'verifiableCredential/0')
})

test('more embedded credentials than the budget allows: TOO_MANY_EMBEDDED_CREDENTIALS, none verified', async () => {
  const clr = await issuer.sign(clrOf(courses))
  const result = await verifier.verifyCredential(clr, { now: NOW, budget: { maxEmbeddedCredentials: 2 } })
  assert.not.ok(result.verified)
  assert.is(line(result, 'embedded')?.code, 'TOO_MANY_EMBEDDED_CREDENTIALS')
  assert.is(line(result, 'budget')?.code, 'TOO_MANY_EMBEDDED_CREDENTIALS')
  assert.is(result.embedded, undefined)
})

test.run()
