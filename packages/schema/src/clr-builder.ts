/**
 * The CLR 2.0 builder: one member's signed OB 3.0 credentials gathered into an unsigned ClrCredential
 * (VCDM 2.0), with the achievements it adds and the associations between achievements, that passes
 * `validateCredential` (the CLR schema, and the OB schema for each embedded credential), or a TesseraError.
 */
import { achievement, dropUndefined, image, optionalDate, profile, subjectIdentity } from './builder-parts.js'
import type { AchievementInput, DateInput, IssuerInput, RecipientInput } from './builders.js'
import { toDateTime } from './builders.js'
import { assertValidClr } from './clr-validate.js'
import { CLR_CONTEXT, CREDENTIALS_V2_CONTEXT, OB_CONTEXT } from './context-urls.js'
import { fail } from './fail.js'
import { isJsonObject, type JsonObject } from './json.js'
import type {
  Association,
  ClrCredentialV2,
  ClrSubject,
  CredentialStatus,
  EndorsementCredential,
  Image,
  OpenBadgeCredential,
  UnsignedCredential,
} from './types.js'
import { credentialVariant, validateCredential } from './validate.js'
import { type AssociationType, isAssociationType } from './vocabulary.js'

export type ClrBuilderErrorCode =
  | 'CLR_NO_CREDENTIALS'
  | 'CLR_JWT_CREDENTIAL'
  | 'CLR_NOT_A_CREDENTIAL'
  | 'CLR_UNSIGNED_CREDENTIAL'
  | 'CLR_INVALID_CREDENTIAL'
  | 'CLR_OTHER_RECIPIENT'
  | 'CLR_INVALID_ASSOCIATION'

export type UnsignedClrCredential = UnsignedCredential<ClrCredentialV2>

/** How two of the CLR's achievements relate: ids of achievements it holds (its own or its credentials'). */
export interface AssociationInput {
  associationType: AssociationType
  sourceId: string
  targetId: string
}

export interface ClrInput {
  /** Who issues the CLR (the association); its credentials may come from other issuers. */
  issuer: IssuerInput
  /** The learner, as in the OB builders; a DID must be the subject id of every credential that has one. */
  recipient: RecipientInput
  /**
   * The signed OB 3.0 credentials (OpenBadgeCredential / AchievementCredential, EndorsementCredential) as
   * JSON objects with their embedded proofs (Data Integrity). CLR 2.0 embeds credentials as objects, so a
   * VC-JWT (a compact JWS string) is refused: its proof is the JWS around the payload, which embedding
   * the payload would drop. Issue those credentials with a Data Integrity proof to gather them.
   */
  credentials: readonly unknown[]
  /** Achievements the CLR states besides its credentials' (a programme whose steps the credentials award). */
  achievements?: AchievementInput[]
  associations?: AssociationInput[]
  validFrom: DateInput
  validUntil?: DateInput
  awardedDate?: DateInput
  /** Defaults to a fresh `urn:uuid:`. */
  id?: string
  /** Defaults to "Comprehensive Learner Record". */
  name?: string
  description?: string
  image?: string | Image
  /** True when the CLR holds part of the learner's record (a selection of their credentials). */
  partial?: boolean
  credentialStatus?: CredentialStatus
}

const isCompactJws = (value: string): boolean =>
  /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(value.trim())

/** The embedded credential, checked: an object, signed, valid against the OB schema. */
function embedded(value: unknown, path: string): OpenBadgeCredential | EndorsementCredential {
  if (typeof value === 'string' && isCompactJws(value)) {
    fail(
      'CLR_JWT_CREDENTIAL',
      `${path}: a VC-JWT cannot be embedded in a CLR 2.0, which embeds credentials as JSON objects with their proofs: issue it with a Data Integrity proof`,
      { path },
    )
  }
  if (!isJsonObject(value)) fail('CLR_NOT_A_CREDENTIAL', `${path}: a credential is a JSON object`, { path })
  if (credentialVariant(value).kind === 'clr') {
    fail('CLR_NOT_A_CREDENTIAL', `${path}: a CLR gathers OB 3.0 credentials, not another CLR`, { path })
  }
  if (value.proof === undefined) {
    fail(
      'CLR_UNSIGNED_CREDENTIAL',
      `${path}: the credential has no proof: a CLR gathers signed credentials`,
      {
        path: `${path}/proof`,
      },
    )
  }
  const result = validateCredential(value)
  const first = result.errors[0]
  if (first !== undefined) {
    fail('CLR_INVALID_CREDENTIAL', `${path}${first.path}: ${first.message}`, {
      path: path + first.path,
      cause: result.errors,
    })
  }
  return structuredClone(value) as unknown as OpenBadgeCredential | EndorsementCredential
}

function subjectOf(credential: JsonObject): JsonObject | undefined {
  const subject = credential.credentialSubject
  const first = Array.isArray(subject) ? subject[0] : subject
  return isJsonObject(first) ? first : undefined
}

/** The achievement ids a CLR holds: its own, and those its credentials award. */
function achievementIds(credentials: readonly JsonObject[], own: readonly { id: string }[]): Set<string> {
  const ids = new Set(own.map((a) => a.id))
  for (const credential of credentials) {
    const held = subjectOf(credential)?.achievement
    for (const a of Array.isArray(held) ? held : [held]) {
      if (isJsonObject(a) && typeof a.id === 'string') ids.add(a.id)
    }
  }
  return ids
}

function association(input: AssociationInput, i: number, known: Set<string>): Association {
  const path = `/associations/${i}`
  if (!isAssociationType(input.associationType)) {
    fail(
      'CLR_INVALID_ASSOCIATION',
      `${path}/associationType: ${JSON.stringify(input.associationType)} is not a CLR 2.0 association type`,
      { path: `${path}/associationType` },
    )
  }
  for (const end of ['sourceId', 'targetId'] as const) {
    if (!known.has(input[end])) {
      fail(
        'CLR_INVALID_ASSOCIATION',
        `${path}/${end}: ${JSON.stringify(input[end])} is not an achievement of this CLR (its own or its credentials')`,
        { path: `${path}/${end}` },
      )
    }
  }
  return {
    type: 'Association',
    associationType: input.associationType,
    sourceId: input.sourceId,
    targetId: input.targetId,
  }
}

/**
 * Gathers a member's signed OB 3.0 credentials into an unsigned ClrCredential. Paths in the errors point
 * into the input (`/credentials/1/credentialSubject/...`, `/associations/0/targetId`); every error is a
 * TesseraError with a stable code. The result is validated before it is returned.
 */
export function buildClrCredential(input: ClrInput): UnsignedClrCredential {
  if (input.credentials.length === 0) {
    fail('CLR_NO_CREDENTIALS', '/credentials: a CLR gathers at least one credential', {
      path: '/credentials',
    })
  }
  const credentials = input.credentials.map((c, i) => embedded(c, `/credentials/${i}`))
  const identity = subjectIdentity(input.recipient)
  if (identity.id !== undefined) {
    credentials.forEach((credential, i) => {
      const id = subjectOf(credential as unknown as JsonObject)?.id
      if (typeof id === 'string' && id !== identity.id) {
        const path = `/credentials/${i}/credentialSubject/id`
        fail('CLR_OTHER_RECIPIENT', `${path}: ${JSON.stringify(id)} is not the learner ${identity.id}`, {
          path,
        })
      }
    })
  }
  const achievements = (input.achievements ?? []).map(achievement)
  const known = achievementIds(credentials as unknown as JsonObject[], achievements)
  const associations = (input.associations ?? []).map((a, i) => association(a, i, known))
  const subject: ClrSubject = dropUndefined({
    type: ['ClrSubject'],
    ...identity,
    verifiableCredential: credentials,
    achievement: achievements.length > 0 ? achievements : undefined,
    association: associations.length > 0 ? associations : undefined,
  })
  const clr: UnsignedClrCredential = dropUndefined({
    '@context': [CREDENTIALS_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
    id: input.id ?? `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: input.name ?? 'Comprehensive Learner Record',
    description: input.description,
    image: input.image === undefined ? undefined : image(input.image),
    partial: input.partial,
    issuer: profile(input.issuer),
    validFrom: toDateTime(input.validFrom, 'validFrom'),
    validUntil: optionalDate(input.validUntil, 'validUntil'),
    awardedDate: optionalDate(input.awardedDate, 'awardedDate'),
    credentialSubject: subject,
    credentialStatus: input.credentialStatus,
  })
  assertValidClr(clr)
  return clr
}
