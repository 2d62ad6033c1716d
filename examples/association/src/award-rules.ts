/**
 * The association's recognition programme, driven by its rules file alone: data/rules.yaml for the
 * Guild, data/choir/rules.yaml for a second association on the same code. `awardByRules` reads the rules
 * and the members sheet, records the referral codes that new members' rows carry (referred_by), works
 * out what each member newly earns (memberships, badges, certifications, milestones, pathway
 * completions, referral tiers) against the ledger and the clock, and issues it through the issuer's
 * idempotent batch; `dryRun` only shows it. Nothing here names an achievement: the rules do.
 */
import { readFileSync } from 'node:fs'
import {
  credentialsFor,
  type EarnedAward,
  type Evaluation,
  evaluate,
  type HeldCredential,
  heldFromLedger,
  issueAwards,
  type MemberRow,
  parseRules,
  progress,
  type ReferralStore,
  type ReferralUse,
  type Rules,
  recordReferrals,
} from '@tessera/awards'
import type { BatchSummary, Issuer, IssuerStore } from '@tessera/issuer'
import { type Recipient, type RowProblem, readRecipients } from '@tessera/issuer/node'
import type { IssuerInput, RecipientInput, UnsignedOpenBadgeCredential } from '@tessera/schema'

/** The Guild's rules, and the second example association's (a choir), with its members sheet. */
export const GUILD_RULES = new URL('../data/rules.yaml', import.meta.url)
export const CHOIR_RULES = new URL('../data/choir/rules.yaml', import.meta.url)
export const CHOIR_MEMBERS = new URL('../data/choir/members.csv', import.meta.url)

/** The rules of a file (RulesError with line and path when they are wrong). */
export function readRules(file: URL | string): Rules {
  return parseRules(readFileSync(file, 'utf8'))
}

export interface AwardByRulesOptions {
  rules: Rules
  members: URL | string
  issuer: Issuer
  store: IssuerStore
  /** The issuing DID (the credentials' issuer id). */
  did: string
  referrals: ReferralStore
  now: Date
  /** Show what would be awarded; record and issue nothing. */
  dryRun?: boolean
  /** Put members' names in their credentials (default true, as the example's settings do). */
  names?: boolean
}

export interface AwardByRulesResult {
  evaluation: Evaluation
  awards: EarnedAward[]
  /** Rows refused by the sheet's checks, and referral codes refused (with their line). */
  refused: RowProblem[]
  summary?: BatchSummary
}

/** What each member newly earns under the rules, issued unless `dryRun`. */
export async function awardByRules(options: AwardByRulesOptions): Promise<AwardByRulesResult> {
  const { rules, referrals, now } = options
  const members: MemberRow[] = []
  const recipients = new Map<string, Recipient>()
  const refused: RowProblem[] = []
  for await (const read of readRecipients(options.members)) {
    if (!read.ok) {
      refused.push(read.problem)
      continue
    }
    members.push({ memberId: read.recipient.memberId, fields: read.recipient.fields })
    recipients.set(read.recipient.memberId, read.recipient)
  }
  const column = rules.columns?.referredBy ?? 'referred_by'
  const recorded = await recordReferrals(referrals, members, {
    column,
    now,
    ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
  })
  for (const r of recorded.refused)
    refused.push({
      line: recipients.get(r.memberId)?.line ?? 0,
      memberId: r.memberId,
      column,
      code: r.code,
      reason: r.reason,
    })
  const held = await heldFromLedger(options.store.rows())
  const evaluation = evaluate(rules, {
    members,
    held,
    referrals: recorded.uses,
    now,
  })
  if (options.dryRun === true) return { evaluation, awards: evaluation.awards, refused }
  const names = options.names ?? true
  const recipientOf = (memberId: string): RecipientInput => {
    const r = recipients.get(memberId) as Recipient
    const name = names && r.name !== '' ? { name: r.name } : {}
    return r.did !== undefined ? { did: r.did, ...name } : { email: r.email as string, ...name }
  }
  const summary = await issueAwards(options.issuer, evaluation.awards, {
    issuer: { id: options.did, ...rules.issuer },
    recipientOf,
  })
  return { evaluation, awards: evaluation.awards, refused, summary }
}

/** What the example's run awards by the rules, on top of the awards of association.ts. */
type RunKind = 'milestone' | 'pathway' | 'referral'
const RUN_KINDS: ReadonlySet<string> = new Set<RunKind>(['milestone', 'pathway', 'referral'])

let guildRunKinds: ReadonlyMap<string, RunKind> | undefined

/** The kind of an award key the run awards by the Guild's rules (`five-terms` is a milestone); else undefined. */
export function ruleAwardKindOf(key: string): RunKind | undefined {
  guildRunKinds ??= new Map(
    readRules(GUILD_RULES).achievements.flatMap((a) =>
      RUN_KINDS.has(a.kind) ? [[a.key, a.kind as RunKind] as const] : [],
    ),
  )
  return guildRunKinds.get(key)
}

/**
 * The example's ledger read as the rules' facts: the run issues `membership-2027` under a per-year
 * achievement id, the rules name one `membership` achievement; an award key the rules make
 * (`<key>` or `<key>-<term>`) is read as that rule's achievement.
 */
export function heldForRules(rules: Rules, held: readonly HeldCredential[]): HeldCredential[] {
  return held.flatMap((h) => {
    const rule = rules.achievements.find(
      (a) => h.awardKey === a.key || (a.repeat === 'per-term' && h.awardKey.startsWith(`${a.key}-`)),
    )
    return rule === undefined ? [] : [{ ...h, achievementId: rule.id }]
  })
}

export interface RuleAwardsOptions {
  rules: Rules
  /** The members the run awards (their ids). */
  memberIds: readonly string[]
  store: IssuerStore
  issuer: IssuerInput
  recipientOf: (memberId: string) => RecipientInput
  now: Date
  /** The referrals that count (recordReferrals on the members' referred_by codes). */
  referrals?: readonly ReferralUse[]
}

/** An award of the rules, built for the run's batch: the member's, its award key and its credential. */
export interface RuleAward {
  memberId: string
  key: string
  credential: UnsignedOpenBadgeCredential
}

/**
 * The milestones, pathway completions and referral tiers the members newly earn by the rules against what the ledger
 * holds (the run's other awards issued first): evaluated with only those rules, so the run's own awards
 * are not decided twice. A re-run earns nothing new (the keys are held).
 */
export async function ruleAwardsOf(options: RuleAwardsOptions): Promise<RuleAward[]> {
  const { rules } = options
  const only: Rules = {
    ...rules,
    achievements: rules.achievements.map((a) => {
      if (RUN_KINDS.has(a.kind)) return a
      const { when: _when, ...rest } = a
      return rest
    }),
  }
  const held = heldForRules(rules, await heldFromLedger(options.store.rows()))
  const evaluation = evaluate(only, {
    members: options.memberIds.map((memberId) => ({ memberId, fields: {} })),
    held,
    now: options.now,
    ...(options.referrals === undefined ? {} : { referrals: options.referrals }),
  })
  const earned = evaluation.awards.filter((a) => RUN_KINDS.has(a.achievement.kind))
  return credentialsFor(earned, { issuer: options.issuer, recipientOf: options.recipientOf }).map((c) => ({
    memberId: c.award.memberId,
    key: c.award.awardKey,
    credential: c.credential,
  }))
}

/**
 * Where a member stands on each pathway they have started and not completed, by what the ledger holds
 * ("2 of 3 steps toward Master Binder; next: Project Contributor"), for their award mail.
 */
export async function pathwaysStarted(rules: Rules, memberId: string, store: IssuerStore): Promise<string[]> {
  const held = heldForRules(rules, await heldFromLedger(store.rows({ recipient: memberId })))
  return progress(rules, memberId, held)
    .pathways.filter((p) => !p.complete && p.done > 0)
    .map((p) => p.summary)
}
