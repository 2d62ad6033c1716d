/**
 * Open Badges 3.0 data model (1EdTech, 3.0, document 1.2) for the classes issuers and verifiers touch,
 * and the Comprehensive Learner Record 2.0 classes built on it (ClrCredential, ClrSubject, Association).
 * Property names and cardinalities follow the official JSON Schema; arrays that JSON-LD lets a producer
 * write as a single value are typed `OneOrMany` where Tessera reads them, arrays where it writes them.
 */
import type {
  AchievementType,
  AlignmentTargetType,
  AssociationType,
  IdentifierType,
  ResultStatus,
  ResultType,
} from './vocabulary.js'

export type OneOrMany<T> = T | T[]

/** An ISO 8601 / RFC 3339 date-time with its time zone, e.g. `2026-01-01T00:00:00Z`. */
export type DateTimeZ = string

/** A JSON-LD context entry: a URL, or an inline context object. */
export type JsonLdContext = string | { readonly [term: string]: unknown }

export interface Image {
  id: string
  type: 'Image'
  caption?: string
}

export interface Criteria {
  id?: string
  narrative?: string
}

export interface Alignment {
  type: OneOrMany<string>
  targetName: string
  targetUrl: string
  targetCode?: string
  targetDescription?: string
  targetFramework?: string
  targetType?: AlignmentTargetType
}

export interface IdentifierEntry {
  type: 'IdentifierEntry'
  identifier: string
  identifierType: IdentifierType
}

export interface GeoCoordinates {
  type: 'GeoCoordinates'
  latitude: number
  longitude: number
}

export interface Address {
  type: OneOrMany<string>
  addressCountry?: string
  addressCountryCode?: string
  addressRegion?: string
  addressLocality?: string
  streetAddress?: string
  postOfficeBoxNumber?: string
  postalCode?: string
  geo?: GeoCoordinates
}

/** An issuer, creator or other party. `type` must contain "Profile". */
export interface Profile {
  id: string
  type: OneOrMany<string>
  name?: string
  url?: string
  phone?: string
  description?: string
  image?: Image
  email?: string
  address?: Address
  otherIdentifier?: IdentifierEntry[]
  official?: string
  parentOrg?: Profile
  familyName?: string
  givenName?: string
  additionalName?: string
  patronymicName?: string
  honorificPrefix?: string
  honorificSuffix?: string
  familyNamePrefix?: string
  /** A full date, `YYYY-MM-DD`. */
  dateOfBirth?: string
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
}

/** A profile by value, or by its id alone. */
export type ProfileRef = string | Profile

export interface RubricCriterionLevel {
  id: string
  type: OneOrMany<string>
  name: string
  description?: string
  level?: string
  points?: string
  alignment?: Alignment[]
}

export interface ResultDescription {
  id: string
  type: OneOrMany<string>
  name: string
  resultType: ResultType
  alignment?: Alignment[]
  allowedValue?: string[]
  requiredLevel?: string
  requiredValue?: string
  rubricCriterionLevel?: RubricCriterionLevel[]
  valueMax?: string
  valueMin?: string
}

export interface Result {
  type: OneOrMany<string>
  achievedLevel?: string
  alignment?: Alignment[]
  /** The `id` of a ResultDescription of the achievement. */
  resultDescription?: string
  status?: ResultStatus
  value?: string
}

export interface Related {
  id: string
  type: OneOrMany<string>
  inLanguage?: string
  version?: string
}

export interface Achievement {
  id: string
  type: OneOrMany<string>
  name: string
  description: string
  criteria: Criteria
  achievementType?: AchievementType
  alignment?: Alignment[]
  creator?: Profile
  creditsAvailable?: number
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
  fieldOfStudy?: string
  humanCode?: string
  image?: Image
  inLanguage?: string
  otherIdentifier?: IdentifierEntry[]
  related?: Related[]
  resultDescription?: ResultDescription[]
  specialization?: string
  tag?: string[]
  version?: string
}

/** A (possibly hashed) identifier of the recipient. */
export interface IdentityObject {
  type: 'IdentityObject'
  hashed: boolean
  /** `sha256$<hex>` or `md5$<hex>` when hashed, the plain identifier otherwise. */
  identityHash: string
  identityType: IdentifierType
  salt?: string
}

/** The recipient and what they achieved. Needs `id` or at least one `identifier`. */
export interface AchievementSubject {
  type: OneOrMany<string>
  achievement: Achievement
  id?: string
  identifier?: IdentityObject[]
  activityStartDate?: DateTimeZ
  activityEndDate?: DateTimeZ
  creditsEarned?: number
  image?: Image
  licenseNumber?: string
  narrative?: string
  result?: Result[]
  role?: string
  source?: Profile
  term?: string
}

export interface Evidence {
  type: OneOrMany<string>
  id?: string
  narrative?: string
  name?: string
  description?: string
  genre?: string
  audience?: string
}

export type StatusPurpose = 'revocation' | 'suspension' | 'refresh' | 'message'

/** W3C CCG StatusList2021 entry; `statusListIndex` is a decimal string. */
export interface StatusList2021Entry {
  id: string
  type: 'StatusList2021Entry'
  statusPurpose: 'revocation' | 'suspension'
  statusListIndex: string
  statusListCredential: string
}

export interface StatusMessage {
  status: string
  message: string
}

/** W3C Bitstring Status List v1.0 entry. */
export interface BitstringStatusListEntry {
  id: string
  type: 'BitstringStatusListEntry'
  statusPurpose: StatusPurpose
  statusListIndex: string
  statusListCredential: string
  statusSize?: number
  statusMessage?: StatusMessage[]
  statusReference?: OneOrMany<string>
}

/** Any other status method (1EdTechRevocationList, ...): verifiers report these as unsupported. */
export interface OtherCredentialStatus {
  id: string
  type: string
  readonly [property: string]: unknown
}

export type CredentialStatus = StatusList2021Entry | BitstringStatusListEntry | OtherCredentialStatus

export interface CredentialSchema {
  id: string
  type: string
}

export interface RefreshService {
  id: string
  type: string
}

export interface TermsOfUse {
  type: string
  id?: string
}

export interface Proof {
  type: string
  created?: DateTimeZ
  cryptosuite?: string
  challenge?: string
  domain?: string
  nonce?: string
  proofPurpose?: string
  proofValue?: string
  verificationMethod?: string
}

/** Validity dates of the W3C VC Data Model 2.0, the model of Open Badges 3.0. */
export interface Vcdm2Validity {
  validFrom: DateTimeZ
  validUntil?: DateTimeZ
}

/** Validity dates of the W3C VC Data Model 1.1, still found on older Open Badges 3.0 credentials. */
export interface Vcdm11Validity {
  issuanceDate: DateTimeZ
  expirationDate?: DateTimeZ
}

interface CredentialCore<Subject> {
  '@context': JsonLdContext[]
  id: string
  type: OneOrMany<string>
  issuer: ProfileRef
  credentialSubject: Subject
  name?: string
  description?: string
  image?: Image
  awardedDate?: DateTimeZ
  credentialSchema?: CredentialSchema[]
  credentialStatus?: CredentialStatus
  refreshService?: RefreshService
  termsOfUse?: TermsOfUse[]
  proof?: OneOrMany<Proof>
}

interface AchievementCredentialCore extends CredentialCore<AchievementSubject> {
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
  evidence?: Evidence[]
}

/** An OpenBadgeCredential (alias AchievementCredential) on the VC Data Model 2.0. */
export type OpenBadgeCredentialV2 = AchievementCredentialCore & Vcdm2Validity
/** An OpenBadgeCredential on the VC Data Model 1.1 (`issuanceDate`, credentials/v1 context). */
export type OpenBadgeCredentialV1 = AchievementCredentialCore & Vcdm11Validity
export type OpenBadgeCredential = OpenBadgeCredentialV2 | OpenBadgeCredentialV1
/** `AchievementCredential` is the other name of `OpenBadgeCredential` in the specification. */
export type AchievementCredential = OpenBadgeCredential

export interface EndorsementSubject {
  id: string
  type: OneOrMany<string>
  endorsementComment?: string
}

export type EndorsementCredential = CredentialCore<EndorsementSubject> &
  (Vcdm2Validity | Vcdm11Validity) & { name: string }

/** A credential without its proof: what builders return and signers take. */
export type UnsignedCredential<C extends { proof?: unknown } = OpenBadgeCredentialV2> = Omit<C, 'proof'>

// --- Comprehensive Learner Record 2.0

/**
 * How two achievements of a CLR relate (CLR 2.0 Association): `sourceId` and `targetId` are achievement
 * ids, read source-to-target (a course `isChildOf` its programme, a step `precedes` the next).
 */
export interface Association {
  type: 'Association'
  associationType: AssociationType
  sourceId: string
  targetId: string
}

/**
 * The learner of a CLR and their record: the credentials it gathers (embedded with their proofs),
 * the achievements they evidence, and how those relate.
 */
export interface ClrSubject {
  type: OneOrMany<string>
  /** The credentials gathered, at least one; OB 3.0 credentials are validated with the OB schema. */
  verifiableCredential: Array<OpenBadgeCredential | EndorsementCredential>
  id?: string
  identifier?: IdentityObject[]
  achievement?: Achievement[]
  association?: Association[]
}

/** A ClrCredential (CLR 2.0) on the VC Data Model 2.0: one learner's credentials, gathered and signed. */
export type ClrCredentialV2 = CredentialCore<ClrSubject> &
  Vcdm2Validity & {
    name: string
    partial?: boolean
    endorsement?: EndorsementCredential[]
    endorsementJwt?: string[]
    evidence?: Evidence[]
  }
/** A ClrCredential on the VC Data Model 1.1 (`issuanceDate`, credentials/v1 context). */
export type ClrCredentialV1 = Omit<ClrCredentialV2, keyof Vcdm2Validity> & Vcdm11Validity
export type ClrCredential = ClrCredentialV2 | ClrCredentialV1
