/**
 * One typed reading of a credential as parsed (VCDM 2.0 or 1.1; any value, since a credential read from
 * outside may hold anything): who issued it, about whom, for what, when it holds, its status entries and
 * endorsements, the recipient's name. Every package reads credentials through it, so that each question
 * (`validFrom` or VCDM 1.1's `issuanceDate`? is the subject an object, or an array of them?) is answered
 * in one place. A CLR 2.0 ClrCredential reads the same, and also yields the credentials it embeds.
 * Nothing here validates: a value of the wrong kind reads as absent.
 */
import { isJsonObject, type JsonObject } from './json.js'

/** When a credential holds: VCDM 2.0's `validFrom` / `validUntil`, or VCDM 1.1's `issuanceDate` / `expirationDate`. */
export interface Validity {
  /** `validFrom` (or `issuanceDate`) as written, when it is text. */
  validFrom?: string
  /** `validUntil` (or `expirationDate`) as written, when it is text. */
  validUntil?: string
  /** `validFrom` as a date; absent when missing or not a date. */
  from?: Date
  /** `validUntil` as a date; absent when missing or not a date. */
  until?: Date
  /** The names the credential uses: `vcdm1.1` when it has an `issuanceDate` and no `validFrom`. */
  names: 'vcdm2' | 'vcdm1.1'
}

/** What a credential says, read once (`readCredential`). */
export interface CredentialView {
  /** The issuer's id: `issuer` as a string, or its `id`. */
  issuerId?: string
  /** The issuer's profile, when given as an object. */
  issuer?: JsonObject
  /** Every credential subject (`credentialSubject` as an object, or the objects of an array). */
  subjects: JsonObject[]
  /** The first subject. */
  subject?: JsonObject
  /** The first subject's `id` (a DID, say). */
  subjectId?: string
  /** The first subject's achievement (OB 3.0's AchievementSubject). */
  achievement?: JsonObject
  achievementId?: string
  validity: Validity
  /** The `credentialStatus` entries (one object or an array), as they stand. */
  statusEntries: unknown[]
  /** The embedded endorsements and endorsement JWTs, as they stand (`endorsementsOf`). */
  endorsements: unknown[]
  /** The recipient's name, when stated in clear (`recipientNameOf`). */
  recipientName?: string
  /** A CLR's embedded credentials with their paths (`embeddedCredentialsOf`); none for other credentials. */
  embeddedCredentials: EmbeddedCredential[]
}

/** A credential a CLR 2.0 embeds, as it stands, and its JSON Pointer in the CLR. */
export interface EmbeddedCredential {
  /** `/credentialSubject/verifiableCredential/<i>` (without the index when the value is a single object). */
  path: string
  credential: unknown
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function field(value: unknown, name: string): unknown {
  return isJsonObject(value) ? value[name] : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** The issuer's id: `issuer` as a string, or its `id`. */
export function issuerIdOf(credential: unknown): string | undefined {
  const issuer = field(credential, 'issuer')
  return typeof issuer === 'string' ? issuer : text(field(issuer, 'id'))
}

/** Every credential subject: `credentialSubject` as an object, or the objects of an array. */
export function subjectsOf(credential: unknown): JsonObject[] {
  const subject = field(credential, 'credentialSubject')
  if (isJsonObject(subject)) return [subject]
  return Array.isArray(subject) ? subject.filter(isJsonObject) : []
}

/** The first subject's achievement (OB 3.0's AchievementSubject.achievement), when it is an object. */
export function achievementOf(credential: unknown): JsonObject | undefined {
  return firstAchievement(subjectsOf(credential))
}

function firstAchievement(subjects: JsonObject[]): JsonObject | undefined {
  const achievement = field(subjects[0], 'achievement')
  return isJsonObject(achievement) ? achievement : undefined
}

/**
 * When the credential holds, as text and as dates: `validFrom ?? issuanceDate` and `validUntil ??
 * expirationDate`, each taken as written when it is text.
 */
export function validityOf(credential: unknown): Validity {
  // built property by property: it runs for every credential signed and verified
  const start = field(credential, 'validFrom')
  const issuance = field(credential, 'issuanceDate')
  const validity: Validity = { names: start === undefined && issuance !== undefined ? 'vcdm1.1' : 'vcdm2' }
  const validFrom = text(start ?? issuance)
  const validUntil = text(field(credential, 'validUntil') ?? field(credential, 'expirationDate'))
  if (validFrom !== undefined) {
    validity.validFrom = validFrom
    const from = dateOf(validFrom)
    if (from !== undefined) validity.from = from
  }
  if (validUntil !== undefined) {
    validity.validUntil = validUntil
    const until = dateOf(validUntil)
    if (until !== undefined) validity.until = until
  }
  return validity
}

/** The entries of a credential's `credentialStatus` (one object or an array), as they stand. */
export function statusEntriesOf(credential: unknown): unknown[] {
  return asArray(field(credential, 'credentialStatus'))
}

/**
 * Every embedded endorsement, wherever OB 3.0 puts one: on the credential, on each subject's achievement,
 * on the issuer's profile and on the achievement's creator; `endorsement` (EndorsementCredential
 * objects) then `endorsementJwt` (compact JWTs) of each, as they stand.
 */
export function endorsementsOf(credential: unknown): unknown[] {
  return endorsementsIn(credential, subjectsOf(credential))
}

function endorsementsIn(credential: unknown, subjects: JsonObject[]): unknown[] {
  const achievements = subjects.map((subject) => subject.achievement).filter(isJsonObject)
  const holders = [credential, ...achievements, field(credential, 'issuer')]
  for (const achievement of achievements) holders.push(achievement.creator)
  return holders
    .filter(isJsonObject)
    .flatMap((holder) => [...asArray(holder.endorsement), ...asArray(holder.endorsementJwt)])
}

/**
 * The recipient's name, when the credential states it in clear (an OB 3.0 identifier of type `name`,
 * not hashed, on its first subject): what a certificate prints and a verifier may compare it with.
 */
export function recipientNameOf(credential: unknown): string | undefined {
  return recipientNameIn(subjectsOf(credential))
}

function recipientNameIn(subjects: JsonObject[]): string | undefined {
  for (const identity of asArray(field(subjects[0], 'identifier'))) {
    if (!isJsonObject(identity)) continue
    const { identityType, hashed, identityHash } = identity
    if (identityType === 'name' && hashed === false && typeof identityHash === 'string') return identityHash
  }
  return undefined
}

/**
 * The credentials a CLR 2.0 embeds (its subject's `verifiableCredential`, an array or one value), each
 * with its JSON Pointer in the CLR; none for a credential that embeds none.
 */
export function embeddedCredentialsOf(credential: unknown): EmbeddedCredential[] {
  return embeddedIn(subjectsOf(credential))
}

function embeddedIn(subjects: JsonObject[]): EmbeddedCredential[] {
  const embedded = field(subjects[0], 'verifiableCredential')
  const base = '/credentialSubject/verifiableCredential'
  if (embedded === undefined) return []
  return Array.isArray(embedded)
    ? embedded.map((credential, i) => ({ path: `${base}/${i}`, credential }))
    : [{ path: base, credential: embedded }]
}

/** Reads everything `CredentialView` names at once. */
export function readCredential(credential: unknown): CredentialView {
  const subjects = subjectsOf(credential)
  const [subject] = subjects
  const issuerId = issuerIdOf(credential)
  const issuer = field(credential, 'issuer')
  const subjectId = text(subject?.id)
  const achievement = firstAchievement(subjects)
  const achievementId = text(achievement?.id)
  const recipientName = recipientNameIn(subjects)
  return {
    ...(issuerId === undefined ? {} : { issuerId }),
    ...(isJsonObject(issuer) ? { issuer } : {}),
    subjects,
    ...(subject === undefined ? {} : { subject }),
    ...(subjectId === undefined ? {} : { subjectId }),
    ...(achievement === undefined ? {} : { achievement }),
    ...(achievementId === undefined ? {} : { achievementId }),
    validity: validityOf(credential),
    statusEntries: statusEntriesOf(credential),
    endorsements: endorsementsIn(credential, subjects),
    ...(recipientName === undefined ? {} : { recipientName }),
    embeddedCredentials: embeddedIn(subjects),
  }
}
