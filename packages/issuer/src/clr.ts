/**
 * A member's Comprehensive Learner Record (1EdTech CLR 2.0), issued on demand: their standing OB 3.0
 * credentials gathered from the ledger into one ClrCredential, with the associations their own `evidence`
 * and `related` links make (a milestone or a pathway's completion to the credentials it rests on), given a
 * revocation entry, signed (VC-JWT or Data Integrity), checked (CLR schema, its proof, each embedded
 * credential's proof and binding) and recorded in the ledger like any credential. A new CLR supersedes the
 * member's previous ones: they are revoked once it is recorded.
 *
 * CLR 2.0 embeds credentials as JSON objects with their embedded proofs (1EdTech's schema has no place for
 * a compact JWS), so a credential the ledger holds as a VC-JWT is embedded as the same credential (same id,
 * same status entry) secured with a Data Integrity proof by this issuer's key, which signed the JWT; with a
 * key that cannot sign Data Integrity (ES256, RS256) it is left out and the CLR is `partial`. Left out too,
 * and said so: credentials suspended, expired, or not valid yet at the issuer's clock (an embedded
 * credential that does not verify would make the whole CLR fail), copies made for wallets, earlier CLRs.
 * The CLR's `validUntil` is its earliest embedded credential's: it lapses when its record does, and is
 * issued again.
 */
import type { CredentialSigner } from '@tessera/proofs'
import {
  type AssociationType,
  credentialFromJwt,
  decodeJwt,
  type IdentityObject,
  type IssuerInput,
  isJsonObject,
  type JsonObject,
  parseJsonObject,
  readCredential,
  subjectsOf,
} from '@tessera/schema'
import { contextsForStatus, type StatusListManager } from '@tessera/status'
import type { CoreVerifier } from '@tessera/verifier'
import { fail } from './errors.js'
import { type ProofFormat, sign } from './self-check.js'
import type { IssuerStore, LedgerRow } from './store.js'

/** How the ledger names a CLR's achievement: what tells a member's CLRs from their other credentials. */
export const CLR_ACHIEVEMENT_ID = 'ClrCredential'

export interface ClrOptions {
  /** How the CLR itself is signed: Data Integrity (default with an Ed25519 key) or VC-JWT (default otherwise). */
  format?: ProofFormat
  /** Its name; default "Comprehensive Learner Record". */
  name?: string
  /**
   * Which of the member's ledger rows the record is made of (default all): an issuer that signs each award
   * twice, as VC-JWT and Data Integrity, gathers one of the two. Rows it turns away are not "left out".
   */
  only?: (row: LedgerRow) => boolean
}

/** A credential of the member that the CLR does not hold, and why. */
export interface LeftOut {
  credentialId: string
  reason: 'suspended' | 'expired' | 'not-yet-valid' | 'jwt-without-data-integrity-key'
}

export interface IssuedClr {
  credentialId: string
  /** The signed CLR: a JSON object (Data Integrity) or a compact JWT. */
  credential: JsonObject | string
  row: LedgerRow
  /** The ids of the credentials it embeds, in its order. */
  gathered: string[]
  leftOut: LeftOut[]
  /** The member's earlier CLRs, revoked now that this one supersedes them. */
  superseded: string[]
}

/** What issuing a CLR needs of the issuer. */
export interface ClrIssuing {
  store: IssuerStore
  signer: CredentialSigner
  statuses: StatusListManager
  verifier: CoreVerifier
  clock: () => Date
  revoke: (credentialId: string) => Promise<string[]>
}

interface Gathered {
  credentialId: string
  credential: JsonObject
}

/** The CLR schema's validators, loaded with the first CLR (they weigh more than the rest of the schema). */
const clrSchema = () => import('@tessera/schema/clr')

/** Throws INVALID_CREDENTIAL unless `draft` is a valid ClrCredential (an unsigned CLR, a wallet's copy). */
export async function assertValidClrDraft(draft: JsonObject): Promise<void> {
  const schema: typeof import('@tessera/schema/clr') = await clrSchema()
  schema.assertValidClr(draft)
}

/** The credential as the CLR embeds it: as signed, or (a VC-JWT) re-secured with Data Integrity. */
async function embeddable(
  row: LedgerRow,
  text: string,
  issuing: ClrIssuing,
): Promise<JsonObject | undefined> {
  if (row.format !== 'jwt') return parseJsonObject(text)
  if (issuing.signer.alg !== 'EdDSA') return undefined
  const { credential } = credentialFromJwt(decodeJwt(text))
  delete credential.proof
  return (await sign(credential, 'data-integrity', issuing.signer, issuing.clock())) as JsonObject
}

/** Why a credential is not gathered at `now`, or undefined when it is. */
function lapse(row: LedgerRow, now: Date): LeftOut['reason'] | undefined {
  if (row.state === 'suspended') return 'suspended'
  if (new Date(row.validFrom).getTime() > now.getTime()) return 'not-yet-valid'
  if (row.validUntil !== undefined && new Date(row.validUntil).getTime() <= now.getTime()) return 'expired'
  return undefined
}

/** The links a credential makes to others: its `evidence` and its (and its achievement's) `related` ids. */
function linksOf(credential: JsonObject): string[] {
  const achievement = readCredential(credential).achievement
  const ids: string[] = []
  for (const list of [credential.evidence, credential.related, achievement?.related]) {
    for (const item of Array.isArray(list) ? list : list === undefined ? [] : [list]) {
      if (isJsonObject(item) && typeof item.id === 'string') ids.push(item.id)
      else if (typeof item === 'string') ids.push(item)
    }
  }
  return ids
}

/**
 * The associations between the gathered achievements: a credential whose `evidence` or `related` names
 * another gathered credential (by its id) or achievement (by the achievement's id) rests on it, so its
 * achievement `isParentOf` that one (a milestone of its steps, a pathway's completion of its steps).
 */
function associations(gathered: readonly Gathered[]) {
  const achievementOf = new Map<string, string>()
  for (const { credentialId, credential } of gathered) {
    const id = readCredential(credential).achievementId
    if (id === undefined) continue
    achievementOf.set(credentialId, id)
    achievementOf.set(id, id)
  }
  const seen = new Set<string>()
  const out: { associationType: AssociationType; sourceId: string; targetId: string }[] = []
  for (const { credentialId, credential } of gathered) {
    const sourceId = achievementOf.get(credentialId)
    if (sourceId === undefined) continue
    for (const link of linksOf(credential)) {
      const targetId = achievementOf.get(link)
      if (targetId === undefined || targetId === sourceId || seen.has(`${sourceId} ${targetId}`)) continue
      seen.add(`${sourceId} ${targetId}`)
      out.push({ associationType: 'isParentOf', sourceId, targetId })
    }
  }
  return out
}

/** The CLR's issuer profile: the one this issuer's credentials carry, or its DID. */
function issuerProfile(gathered: readonly Gathered[], issuer: string): IssuerInput {
  for (const { credential } of gathered) {
    const profile = credential.issuer
    if (!isJsonObject(profile) || profile.id !== issuer) continue
    const text = (key: string) => (typeof profile[key] === 'string' ? { [key]: profile[key] } : {})
    return {
      id: issuer,
      name: issuer,
      ...text('name'),
      ...text('url'),
      ...text('email'),
      ...text('description'),
    }
  }
  return { id: issuer, name: issuer }
}

/**
 * The learner: the DID the credentials name (the builder holds every subject id to it), and every
 * identity they carry (hashed emails, each with its own salt; a name), so that each embedded credential
 * shares an identity with the CLR's subject (the verifier's binding).
 */
function learnerOf(gathered: readonly Gathered[]): { did?: string; identifier: JsonObject[] } {
  let did: string | undefined
  const identifier: JsonObject[] = []
  const seen = new Set<string>()
  for (const { credential } of gathered) {
    const subject = subjectsOf(credential)[0]
    if (typeof subject?.id === 'string') did ??= subject.id
    const identities = Array.isArray(subject?.identifier) ? subject.identifier : []
    for (const identity of identities) {
      if (!isJsonObject(identity) || seen.has(JSON.stringify(identity))) continue
      seen.add(JSON.stringify(identity))
      identifier.push(identity)
    }
  }
  return { ...(did === undefined ? {} : { did }), identifier }
}

/** Issues the member's CLR (see the header); NOTHING_TO_GATHER when no credential of theirs can be embedded. */
export async function issueClrFor(
  issuing: ClrIssuing,
  member: string,
  options: ClrOptions = {},
): Promise<IssuedClr> {
  const { store, signer, clock } = issuing
  const now = clock()
  const gathered: Gathered[] = []
  const leftOut: LeftOut[] = []
  const earlier: string[] = []
  for await (const row of store.rows({ recipient: member })) {
    if (row.state === 'revoked' || row.state === 'pending' || row.credential === undefined) continue
    // wallet copies follow their original (revoked with it), and are no part of the member's record
    if (row.copyOf !== undefined) continue
    if (row.achievementId === CLR_ACHIEVEMENT_ID) {
      earlier.push(row.credentialId)
      continue
    }
    if (options.only !== undefined && !options.only(row)) continue
    const reason = lapse(row, now)
    const credential = reason === undefined ? await embeddable(row, row.credential, issuing) : undefined
    if (credential === undefined) {
      leftOut.push({ credentialId: row.credentialId, reason: reason ?? 'jwt-without-data-integrity-key' })
      continue
    }
    gathered.push({ credentialId: row.credentialId, credential })
  }
  if (gathered.length === 0) {
    fail(
      'NOTHING_TO_GATHER',
      `${member} has no credential a CLR can hold${leftOut.length === 0 ? '' : ` (left out: ${leftOut.map((l) => `${l.credentialId} ${l.reason}`).join(', ')})`}`,
    )
  }
  const learner = learnerOf(gathered)
  const firstIdentity = learner.identifier.find((i) => i.identityType !== 'name')
  if (learner.did === undefined && firstIdentity === undefined)
    fail('NOTHING_TO_GATHER', `${member}'s credentials name no DID and no identity to issue a CLR to`)
  const untils = gathered
    .map((g) => readCredential(g.credential).validity.until?.getTime())
    .filter((t): t is number => t !== undefined)
  const clr = (await clrSchema()).buildClrCredential({
    issuer: issuerProfile(gathered, signer.issuer),
    recipient:
      learner.did !== undefined
        ? { did: learner.did }
        : { identity: firstIdentity as unknown as IdentityObject },
    credentials: gathered.map((g) => g.credential),
    associations: associations(gathered),
    validFrom: new Date(Math.floor(now.getTime() / 1000) * 1000),
    ...(untils.length === 0 ? {} : { validUntil: new Date(Math.min(...untils)) }),
    awardedDate: new Date(Math.floor(now.getTime() / 1000) * 1000),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(leftOut.length === 0 ? {} : { partial: true }),
  }) as unknown as JsonObject
  const subject = clr.credentialSubject as JsonObject
  if (learner.identifier.length > 0) subject.identifier = learner.identifier as unknown as JsonObject[]
  // Data Integrity needs an Ed25519 key: an ES256 or RS256 issuer signs its CLR as a VC-JWT
  const format = options.format ?? (signer.alg === 'EdDSA' ? 'data-integrity' : 'jwt')
  const credentialId = clr.id as string
  const pending: LedgerRow = {
    credentialId,
    recipient: member,
    achievementId: CLR_ACHIEVEMENT_ID,
    validFrom: clr.validFrom as string,
    ...(typeof clr.validUntil === 'string' ? { validUntil: clr.validUntil } : {}),
    state: 'pending',
    format,
    issuedAt: now.toISOString(),
  }
  await store.addRow(pending)
  const { credentialStatus } = await issuing.statuses.allocate({
    holder: credentialId,
    type: 'BitstringStatusList',
    purpose: 'revocation',
  })
  clr.credentialStatus = credentialStatus as unknown as JsonObject
  clr['@context'] = [
    ...(clr['@context'] as unknown[]),
    ...contextsForStatus(clr['@context'] as unknown[], [credentialStatus as { type: string }]),
  ] as JsonObject['@context']
  await assertValidClrDraft(clr)
  const signed = await sign(clr, format, signer, now)
  const check = await issuing.verifier.verifyCredential(signed, {
    status: false,
    skip: ['schema'],
    evidence: 'ignore',
    now,
  })
  if (!check.verified) {
    const failure = check.checks.find((c) => !c.ok)
    fail(
      'SIGNED_CREDENTIAL_REJECTED',
      `the signed CLR does not verify (${failure?.id} ${failure?.code}: ${failure?.message})`,
    )
  }
  const text = typeof signed === 'string' ? signed : JSON.stringify(signed)
  await store.completeRow(credentialId, text, format)
  const superseded: string[] = []
  for (const id of earlier) superseded.push(...(await issuing.revoke(id)))
  return {
    credentialId,
    credential: signed,
    row: { ...pending, state: 'active', credential: text },
    gathered: gathered.map((g) => g.credentialId),
    leftOut,
    superseded,
  }
}
