/** The closed vocabularies of Open Badges 3.0 and CLR 2.0 that Tessera's types and builders use. */

/** A vocabulary term defined by an extension: `ext:` followed by letters, digits, `.`, `-` or `_`. */
export type ExtensionTerm = `ext:${string}`

/** The 31 achievement types of Open Badges 3.0 (AchievementType enumeration). */
export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const

export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number] | ExtensionTerm

/** Identifier types of IdentityObject and IdentifierEntry (IdentifierTypeEnum). */
export const IDENTIFIER_TYPES = [
  'name',
  'sourcedId',
  'systemId',
  'productId',
  'userName',
  'accountId',
  'emailAddress',
  'nationalIdentityNumber',
  'isbn',
  'issn',
  'lisSourcedId',
  'oneRosterSourcedId',
  'sisSourcedId',
  'ltiContextId',
  'ltiDeploymentId',
  'ltiToolId',
  'ltiPlatformId',
  'ltiUserId',
  'identifier',
] as const

export type IdentifierType = (typeof IDENTIFIER_TYPES)[number] | ExtensionTerm

export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const

export type ResultType = (typeof RESULT_TYPES)[number] | ExtensionTerm

export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency',
  'ceterms:Credential',
  'CFItem',
  'CFRubric',
  'CFRubricCriterion',
  'CFRubricCriterionLevel',
  'CTDL',
] as const

export type AlignmentTargetType = (typeof ALIGNMENT_TARGET_TYPES)[number] | ExtensionTerm

export type ResultStatus =
  | 'Completed'
  | 'Enrolled'
  | 'Failed'
  | 'InProgress'
  | 'OnHold'
  | 'Provisional'
  | 'Withdrew'

/**
 * How one achievement relates to another in a CLR 2.0 (AssociationType enumeration): a course `isChildOf`
 * (or `isPartOf`) the programme it belongs to, a step `precedes` the next, an achievement is
 * `replacedBy` its successor. Source and target are achievement ids; the direction reads source-to-target.
 */
export const ASSOCIATION_TYPES = [
  'exactMatchOf',
  'isChildOf',
  'isParentOf',
  'isPartOf',
  'isPeerOf',
  'isRelatedTo',
  'precedes',
  'replacedBy',
] as const

export type AssociationType = (typeof ASSOCIATION_TYPES)[number]

export function isAssociationType(value: unknown): value is AssociationType {
  return typeof value === 'string' && (ASSOCIATION_TYPES as readonly string[]).includes(value)
}

const EXTENSION_TERM = /^ext:[A-Za-z0-9.\-_]+$/

export function isExtensionTerm(value: string): value is ExtensionTerm {
  return EXTENSION_TERM.test(value)
}

export function isAchievementType(value: unknown): value is AchievementType {
  return (
    typeof value === 'string' &&
    ((ACHIEVEMENT_TYPES as readonly string[]).includes(value) || isExtensionTerm(value))
  )
}
