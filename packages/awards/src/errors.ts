/**
 * The codes @tessera/awards throws, its one way to throw them, and the helper that narrows a caught error
 * to them. A rules file's errors (`RulesError`) carry the line and column of the offending value and its
 * JSON path, so that the person who wrote the file finds it.
 */
import { errorGuard, TesseraError } from '@tessera/schema'

/** A rules file that cannot be used. */
export type RulesErrorCode =
  /** Not YAML or JSON (a syntax error), or larger than the limit. */
  | 'RULES_NOT_READABLE'
  /** Against the published JSON schema (schemas/rules.schema.json). */
  | 'INVALID_RULES'
  /** A key (a step, a count, a pathway's completion, a paid membership) that names no achievement. */
  | 'UNKNOWN_ACHIEVEMENT'
  /** Two achievements or pathways with one key or id. */
  | 'DUPLICATE_KEY'
  /** Milestones or pathways that rest on each other in a circle. */
  | 'RULES_CYCLE'

/** Referral codes. */
export type ReferralErrorCode =
  | 'UNKNOWN_REFERRAL_CODE'
  | 'REFERRAL_REVOKED'
  /** The new member has used a referral code already: one per new member. */
  | 'REFERRAL_ALREADY_USED'
  /** A member cannot refer themselves. */
  | 'SELF_REFERRAL'
  | 'INVALID_REFERRAL_CODE'

/** Every code this package throws. */
export type AwardsErrorCode = RulesErrorCode | ReferralErrorCode

/** Whether `error` is a TesseraError with one of `codes` of this package. */
export const isAwardsError = /* @__PURE__ */ errorGuard<AwardsErrorCode>()

/** A rules file refused: where (line and column from 1, JSON path such as `/achievements/2/when`) and why. */
export class RulesError extends TesseraError<RulesErrorCode> {
  override readonly name = 'RulesError'

  constructor(
    code: RulesErrorCode,
    message: string,
    readonly at: { line: number; column: number; path: string },
  ) {
    super(code, `line ${at.line}, column ${at.column}, at ${at.path || '/'}: ${message}`, { path: at.path })
  }

  get line(): number {
    return this.at.line
  }
}

/** Throws the TesseraError `code` (this package's one way to fail, besides RulesError). */
export function fail(code: AwardsErrorCode, message: string): never {
  throw new TesseraError<AwardsErrorCode>(code, message)
}
