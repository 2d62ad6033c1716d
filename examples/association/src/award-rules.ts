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
  type EarnedAward,
  type Evaluation,
  evaluate,
  heldFromLedger,
  issueAwards,
  type MemberRow,
  parseRules,
  type ReferralStore,
  type Rules,
  recordReferrals,
} from '@tessera/awards'
import type { BatchSummary, Issuer, IssuerStore } from '@tessera/issuer'
import { type Recipient, type RowProblem, readRecipients } from '@tessera/issuer/node'
import type { RecipientInput } from '@tessera/schema'

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
