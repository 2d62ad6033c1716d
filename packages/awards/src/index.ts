/**
 * @tessera/awards: award rules as data. A rules file (YAML or JSON, checked against the published
 * schemas/rules.schema.json) says which achievements an association awards and when a member earns each;
 * `evaluate` works out what each member newly earns from the members sheet, the ledger and the clock;
 * `issueAwards` issues it through the issuer's idempotent batch; `progress` tells a member where they
 * stand on each pathway and milestone; referral codes feed the referral tiers. Listed name by name.
 */
export {
  ACHIEVEMENT_TYPES,
  type AwardCredential,
  type CredentialOptions,
  credentialsFor,
  type IssueAwardsOptions,
  issueAwards,
} from './credentials.js'
export {
  type AwardsErrorCode,
  isAwardsError,
  type ReferralErrorCode,
  RulesError,
  type RulesErrorCode,
} from './errors.js'
export {
  type CellProblem,
  type EarnedAward,
  type Evaluation,
  type EvaluationInput,
  type EvidenceRef,
  evaluate,
} from './evaluate.js'
export {
  type HeldCredential,
  heldFromLedger,
  ledgerKeyOf,
  type MemberRow,
  type ReferralUse,
  splitAwardKey,
} from './facts.js'
export {
  type MilestoneProgress,
  type PathwayProgress,
  type Progress,
  progress,
  type StepProgress,
} from './progress.js'
export {
  newReferralCode,
  normalReferralCode,
  REFERRAL_ALPHABET,
  REFERRAL_CODE_BITS,
  REFERRAL_CODE_LENGTH,
} from './referral-codes.js'
export {
  checkReferralCode,
  createReferralCode,
  MemoryReferralStore,
  type RecordReferralsOptions,
  type ReferralCode,
  type ReferralStore,
  type RefusedReferral,
  recordReferrals,
  revokeReferralCode,
  type StoredReferralUse,
  useReferralCode,
} from './referrals.js'
export {
  type AchievementKind,
  type AchievementRule,
  type CertificationRule,
  type CountRule,
  type FilledRule,
  MAX_RULES_BYTES,
  type MemberYearsRule,
  type Pathway,
  type PathwayStep,
  parseRules,
  type ReferralsRule,
  type Rule,
  type Rules,
  type ThresholdRule,
  type ValueRule,
} from './rules.js'
export { termAt, termStarting } from './terms.js'
