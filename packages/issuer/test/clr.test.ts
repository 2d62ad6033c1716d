// A member's CLR 2.0, issued from the ledger: their standing credentials (Data Integrity as signed, VC-JWTs
// re-secured with Data Integrity) gathered with the associations their evidence makes, valid against
// 1EdTech's CLR schema, verified by @tessera/verifier and (Data Integrity) by Digital Bazaar's vc, recorded
// with its own revocation entry; a new CLR supersedes the last; a revoked embedded credential is reported.
import { buildCredential, buildMembershipCredential, decodeJwt, type JsonObject } from '@tessera/schema'
import { validateClr } from '@tessera/schema/clr'
import { issuerOn, kmsIssuer, NOW } from '@tessera/testkit/issuer'
import { digitalBazaarVerdict } from '@tessera/testkit/peer-verify'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { type VerificationResult, Verifier } from '@tessera/verifier'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { CLR_ACHIEVEMENT_ID, type Issuer, isIssuerError, MemoryIssuerStore } from '../src/index.js'

const ADA = 'did:example:ada'
const line = (r: VerificationResult, id: string) => r.checks.find((c) => c.id === id)
const failures = (r: VerificationResult) => JSON.stringify(r.checks.filter((c) => !c.ok))

function workshop(issuer: string, n: number, evidence: string[] = []) {
  return buildCredential({
    issuer: { id: issuer, name: 'Guild of Bookbinders' },
    recipient: { did: ADA },
    achievement: {
      id: `https://guild.example/workshops/${n}`,
      name: `Workshop ${n}`,
      description: `The guild's workshop ${n}.`,
      criteria: 'Attend it.',
    },
    validFrom: '2026-03-01T00:00:00Z',
    ...(evidence.length === 0 ? {} : { evidence: evidence.map((id) => ({ id, name: 'rests on' })) }),
  }) as unknown as JsonObject
}

/** Ada's record: a 2026 membership (DI), two workshops (one a VC-JWT), a series milestone resting on them, a lapsed 2025 term. */
async function adasRecord() {
  const key = await kmsIssuer()
  const store = new MemoryIssuerStore()
  const issuer = issuerOn(store, key.signer)
  const term = (year: number) =>
    buildMembershipCredential({
      issuer: { id: key.did, name: 'Guild of Bookbinders' },
      recipient: { did: ADA },
      achievement: { id: 'https://guild.example/membership' },
      term: { name: String(year), start: `${year}-01-01T00:00:00Z`, end: `${year}-12-31T23:59:59Z` },
    }) as unknown as JsonObject
  // issued in 2025, by the same issuer on the same store
  const then = issuerOn(store, key.signer, { clock: () => new Date('2025-06-01T00:00:00Z') })
  const lapsed = await then.issue(term(2025), { recipient: 'ada' })
  const membership = await issuer.issue(term(2026), { recipient: 'ada' })
  const first = await issuer.issue(workshop(key.did, 1), { recipient: 'ada' })
  const second = await issuer.issue(workshop(key.did, 2), { recipient: 'ada', format: 'jwt' })
  const series = await issuer.issue(
    workshop(key.did, 3, [first.credentialId, 'https://guild.example/workshops/2']),
    { recipient: 'ada' },
  )
  await issuer.issue(term(2026), { recipient: 'bob' }) // someone else's
  return { key, store, issuer, lapsed, membership, first, second, series }
}

const verifierOf = async (issuer: Issuer) =>
  new Verifier({ offline: true, documents: await issuer.signedStatusLists() })

async function digitalBazaarVerifies(credential: JsonObject): Promise<void> {
  const theirs = await digitalBazaarVerdict(credential, { now: NOW })
  assert.ok(theirs.verified, JSON.stringify(theirs.error ?? theirs))
}

test("a member's CLR (Data Integrity): what it gathers, valid against the CLR schema, verified by Tessera and Digital Bazaar", async () => {
  const { issuer, lapsed, membership, first, second, series } = await adasRecord()
  const issued = await issuer.issueClr('ada')
  assert.equal(
    issued.gathered,
    [membership, first, second, series].map((c) => c.credentialId),
  )
  assert.equal(issued.leftOut, [{ credentialId: lapsed.credentialId, reason: 'expired' }])
  assert.equal(issued.superseded, [])
  assert.is(issued.row.achievementId, CLR_ACHIEVEMENT_ID)
  assert.is(issued.row.state, 'active')
  const clr = issued.credential as JsonObject
  const validation = validateClr(clr)
  assert.ok(validation.valid, JSON.stringify(validation.errors))
  const subject = clr.credentialSubject as JsonObject
  assert.is(subject.id, ADA)
  assert.is(clr.partial, true) // the lapsed term is left out
  assert.is(clr.validUntil, '2026-12-31T23:59:59Z') // the membership's end: the CLR lapses with it
  // the milestone rests on both workshops (evidence by credential id and by achievement id)
  assert.equal(
    (subject.association as JsonObject[]).map((a) => [a.associationType, a.sourceId, a.targetId]),
    [
      ['isParentOf', 'https://guild.example/workshops/3', 'https://guild.example/workshops/1'],
      ['isParentOf', 'https://guild.example/workshops/3', 'https://guild.example/workshops/2'],
    ],
  )
  // the VC-JWT is embedded as the same credential (id, status entry) secured with Data Integrity
  const embedded = subject.verifiableCredential as JsonObject[]
  assert.is(embedded[2]?.id, second.credentialId)
  assert.is((embedded[2]?.proof as JsonObject | undefined)?.cryptosuite, 'eddsa-rdfc-2022')
  const jwtStatus = (decodeJwt(second.credential as string).payload as JsonObject).credentialStatus
  assert.equal(embedded[2]?.credentialStatus, jwtStatus)
  assert.equal(embedded[0], membership.credential) // a Data Integrity credential, as signed

  const result = await (await verifierOf(issuer)).verifyCredential(clr, { now: NOW })
  assert.ok(result.verified, failures(result))
  assert.is(result.embedded?.length, 4)
  await digitalBazaarVerifies(clr)
})

test('a CLR as a VC-JWT supersedes the last CLR (revoked); a revoked embedded credential is reported by place', async () => {
  const { issuer, first } = await adasRecord()
  const old = await issuer.issueClr('ada')
  const jwt = await issuer.issueClr('ada', { format: 'jwt' })
  assert.type(jwt.credential, 'string')
  assert.equal(jwt.superseded, [old.credentialId])
  assert.is((await issuer.standing('ada')).filter((r) => r.achievementId === CLR_ACHIEVEMENT_ID).length, 1)
  const verifier = await verifierOf(issuer)
  const current = await verifier.verifyCredential(jwt.credential, { now: NOW })
  assert.ok(current.verified, failures(current))
  assert.is(current.format, 'jwt')
  assert.ok(validateClr(current.credential).valid)
  const previous = await verifier.verifyCredential(old.credential, { now: NOW })
  assert.is(line(previous, 'status')?.code, 'REVOKED')

  await issuer.revoke(first.credentialId)
  const after = await (await verifierOf(issuer)).verifyCredential(jwt.credential, { now: NOW })
  assert.not.ok(after.verified)
  assert.ok(line(after, 'status')?.ok) // the CLR itself stands
  assert.is(line(after, 'embedded')?.code, 'EMBEDDED_CREDENTIAL_INVALID')
  assert.match(
    line(after, 'embedded')?.message ?? '',
    '/credentialSubject/verifiableCredential/1 (status REVOKED)',
  )
  assert.is(line(after.embedded?.[1] as VerificationResult, 'status')?.code, 'REVOKED')
  // a CLR is not renewed like a term: it is issued again, from what the member holds then
  try {
    await issuer.renew(jwt.credentialId)
    assert.unreachable()
  } catch (error) {
    assert.ok(isIssuerError(error, 'WRONG_STATE'), String(error))
  }
  // issued again, the CLR leaves the revoked credential out
  const again = await issuer.issueClr('ada')
  assert.not.ok(again.gathered.includes(first.credentialId))
})

test('a member with nothing to gather: NOTHING_TO_GATHER, and nothing recorded', async () => {
  const { issuer } = await adasRecord()
  try {
    await issuer.issueClr('carol')
    assert.unreachable()
  } catch (error) {
    assert.ok(isIssuerError(error, 'NOTHING_TO_GATHER'), String(error))
  }
  assert.equal(await issuer.standing('carol'), [])
})

test('a P-256 issuer: its VC-JWTs cannot be re-secured with Data Integrity, so nothing is gathered, and it says why', async () => {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Secp256r1' })
  const { did, verificationMethod } = didKeyOf(key)
  const issuer = issuerOn(new MemoryIssuerStore(), kmsSigner(kms, key, { issuer: did, verificationMethod }))
  const only = await issuer.issue(workshop(did, 1), { recipient: 'ada', format: 'jwt' })
  try {
    await issuer.issueClr('ada')
    assert.unreachable()
  } catch (error) {
    assert.ok(isIssuerError(error, 'NOTHING_TO_GATHER'), String(error))
    assert.match(String(error), `${only.credentialId} jwt-without-data-integrity-key`)
  }
})

test.run()
