/**
 * Builders for what associations issue: memberships for a term, certificates, and badges for taking
 * part. Each returns an unsigned OB 3.0 credential (VCDM 2.0) that passes `validateCredential`, or
 * throws a TesseraError.
 */

import {
  achievement,
  dropUndefined,
  image,
  optionalDate,
  profile,
  subjectIdentity,
  toDateTime,
} from './builder-parts.js'
import { CREDENTIALS_V2_CONTEXT, OB_CONTEXT } from './context-urls.js'
import { fail } from './fail.js'
import type {
  AchievementSubject,
  Alignment,
  CredentialStatus,
  Criteria,
  Evidence,
  IdentityObject,
  Image,
  OpenBadgeCredentialV2,
  Result,
  ResultDescription,
  UnsignedCredential,
} from './types.js'
import { assertValidCredential } from './validate.js'
import type { AchievementType } from './vocabulary.js'

export type BuilderErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_RECIPIENT'
  | 'INVALID_ACHIEVEMENT'
  | 'INVALID_ACHIEVEMENT_TYPE'

export type UnsignedOpenBadgeCredential = UnsignedCredential<OpenBadgeCredentialV2>

/** A date as a `Date` or an ISO 8601 string with a time zone. */
export type DateInput = Date | string

/** The issuing organisation. `id` is its DID (or an https URL of its profile). */
export interface IssuerInput {
  id: string
  name: string
  url?: string
  email?: string
  description?: string
  /** URL or data: URI of the logo, or an Image. */
  image?: string | Image
}

/**
 * Who receives the credential: a DID, an email (salted and hashed, never in clear), or both.
 * `salt` fixes the email hash's salt (random by default). `name` adds the recipient's name as an OB 3.0
 * identifier of type `name` (in clear, so that a verifier can compare it with the name printed on a
 * certificate); it never stands for the recipient alone.
 */
export type RecipientInput = (
  | { did: string; email?: string; salt?: string }
  | { email: string; salt?: string; did?: string }
  | { identity: IdentityObject; did?: string }
) & { name?: string }

export type EvidenceInput = Omit<Evidence, 'type'>
export type AlignmentInput = Omit<Alignment, 'type'>
export type ResultInput = Omit<Result, 'type'>
export type ResultDescriptionInput = Omit<ResultDescription, 'type'>

/** The achievement, described once by the association: `id` is a stable URI (a page on its site). */
export interface AchievementInput {
  id: string
  name: string
  description: string
  /** What it takes to earn it: a narrative (Markdown allowed), or a Criteria object. */
  criteria: string | Criteria
  achievementType?: AchievementType
  image?: string | Image
  alignment?: AlignmentInput[]
  resultDescription?: ResultDescriptionInput[]
  tag?: string[]
  creditsAvailable?: number
  fieldOfStudy?: string
  specialization?: string
  humanCode?: string
  inLanguage?: string
  version?: string
}

export interface CredentialInput {
  issuer: IssuerInput
  recipient: RecipientInput
  achievement: AchievementInput
  /** Defaults to a fresh `urn:uuid:`. */
  id?: string
  /** Defaults to now. */
  validFrom?: DateInput
  validUntil?: DateInput
  awardedDate?: DateInput
  /** Defaults to the achievement's name. */
  name?: string
  description?: string
  image?: string | Image
  evidence?: EvidenceInput[]
  results?: ResultInput[]
  activityStartDate?: DateInput
  activityEndDate?: DateInput
  role?: string
  term?: string
  narrative?: string
  licenseNumber?: string
  creditsEarned?: number
  credentialStatus?: CredentialStatus
}

export { toDateTime } from './builder-parts.js'

/** The general builder: any achievement, any recipient. The others fill it in for common cases. */
export function buildCredential(input: CredentialInput): UnsignedOpenBadgeCredential {
  const subject: AchievementSubject = dropUndefined({
    type: ['AchievementSubject'],
    ...subjectIdentity(input.recipient),
    achievement: achievement(input.achievement),
    result: input.results?.map((r) => ({ type: ['Result'], ...r })),
    activityStartDate: optionalDate(input.activityStartDate, 'activityStartDate'),
    activityEndDate: optionalDate(input.activityEndDate, 'activityEndDate'),
    role: input.role,
    term: input.term,
    narrative: input.narrative,
    licenseNumber: input.licenseNumber,
    creditsEarned: input.creditsEarned,
  })
  const credential: UnsignedOpenBadgeCredential = dropUndefined({
    '@context': [CREDENTIALS_V2_CONTEXT, OB_CONTEXT],
    id: input.id ?? `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: input.name ?? input.achievement.name,
    description: input.description,
    image: input.image === undefined ? undefined : image(input.image),
    issuer: profile(input.issuer),
    validFrom: toDateTime(input.validFrom ?? new Date(), 'validFrom'),
    validUntil: optionalDate(input.validUntil, 'validUntil'),
    awardedDate: optionalDate(input.awardedDate, 'awardedDate'),
    credentialSubject: subject,
    evidence: input.evidence?.map((e) => ({ type: ['Evidence'], ...e })),
    credentialStatus: input.credentialStatus,
  })
  assertValidCredential(credential)
  return credential
}

type Described = Partial<Omit<AchievementInput, 'id'>> & { id: string }

type BuilderInput = Omit<CredentialInput, 'achievement' | 'validFrom' | 'validUntil'> & {
  achievement: Described
}

/** A membership term, such as the calendar year 2026. */
export interface Term {
  /** How the term is named on the credential, such as "2026". */
  name: string
  start: DateInput
  /** End of the term: the credential's `validUntil`. */
  end: DateInput
}

export interface MembershipInput extends Omit<BuilderInput, 'term'> {
  term: Term
  /** Membership tier or grade, such as "Full member"; shown as the subject's role. */
  tier?: string
}

/** Membership for a term: achievementType Membership, valid from the term's start to its end. */
export function buildMembershipCredential(input: MembershipInput): UnsignedOpenBadgeCredential {
  const { term, tier, achievement: described, ...rest } = input
  const org = input.issuer.name
  return buildCredential({
    ...rest,
    validFrom: term.start,
    validUntil: term.end,
    term: term.name,
    ...(tier === undefined ? {} : { role: tier }),
    achievement: {
      name: `${org} membership ${term.name}`,
      description: `Membership of ${org} for the term ${term.name}.`,
      criteria: `A member in good standing of ${org} for the term ${term.name}.`,
      ...described,
      achievementType: 'Membership',
    },
  })
}

export type CertificateType =
  | 'Certificate'
  | 'Certification'
  | 'CertificateOfCompletion'
  | 'Course'
  | 'License'
  | 'MicroCredential'

export interface CertificateInput extends BuilderInput {
  /** Certificate (a course or programme), Certification (a qualification), ... Default Certificate. */
  certificateType?: CertificateType
  validFrom?: DateInput
  /** When the certificate lapses, if it does (a certification to renew). */
  validUntil?: DateInput
}

/** A certificate: a course completed or a qualification held. Give the achievement's criteria. */
export function buildCertificateCredential(input: CertificateInput): UnsignedOpenBadgeCredential {
  const { certificateType = 'Certificate', achievement: described, ...rest } = input
  if (
    described.name === undefined ||
    described.description === undefined ||
    described.criteria === undefined
  ) {
    fail('INVALID_ACHIEVEMENT', 'a certificate needs the achievement name, description and criteria')
  }
  return buildCredential({
    ...rest,
    achievement: {
      ...described,
      name: described.name,
      description: described.description,
      criteria: described.criteria,
      achievementType: certificateType,
    },
  })
}

/** The badges associations award for taking part, and the OB 3.0 achievement type each maps to. */
export const BADGE_KINDS = {
  participation: 'Badge',
  attendance: 'Badge',
  volunteering: 'CommunityService',
  contribution: 'Badge',
  loyalty: 'Award',
  referral: 'Badge',
} as const satisfies Record<string, AchievementType>

export type BadgeKind = keyof typeof BADGE_KINDS

export interface BadgeInput extends BuilderInput {
  kind: BadgeKind
  /** What the badge is for: the event attended, the project contributed to, the years of loyalty... */
  occasion: string
  validFrom?: DateInput
  validUntil?: DateInput
}

const BADGE_WORDING: Record<BadgeKind, (org: string, occasion: string) => [string, string]> = {
  participation: (org, on) => [`Participant: ${on}`, `Took part in ${on}, organised by ${org}.`],
  attendance: (org, on) => [`Attendee: ${on}`, `Attended ${on}, organised by ${org}.`],
  volunteering: (org, on) => [`Volunteer: ${on}`, `Volunteered for ${org}: ${on}.`],
  contribution: (org, on) => [`Contributor: ${on}`, `Contributed to ${on}, a project of ${org}.`],
  loyalty: (org, on) => [`Loyal member: ${on}`, `A member of ${org} for ${on}.`],
  referral: (org, on) => [`Ambassador: ${on}`, `Brought new members to ${org}: ${on}.`],
}

/** A badge for participation, attendance, volunteering, contribution, loyalty or referral. */
export function buildBadgeCredential(input: BadgeInput): UnsignedOpenBadgeCredential {
  const { kind, occasion, achievement: described, ...rest } = input
  const wording = BADGE_WORDING[kind]
  if (wording === undefined) {
    fail('INVALID_ACHIEVEMENT_TYPE', `unknown badge kind ${JSON.stringify(kind)}`)
  }
  const [name, description] = wording(input.issuer.name, occasion)
  return buildCredential({
    ...rest,
    achievement: {
      name,
      description,
      criteria: description,
      tag: [kind],
      ...described,
      achievementType: BADGE_KINDS[kind],
    },
  })
}
