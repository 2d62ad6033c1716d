/**
 * The evaluator: rules, members' rows, the credentials they hold, the referrals and the clock in; what
 * each member newly earns out. Pure and deterministic (no clock of its own, no randomness, members and
 * achievements in the order given) and idempotent: an award is keyed (`volunteer-2027`, `loyalty-5`), a
 * key held already is never earned again, so evaluating after issuing earns nothing new.
 *
 * Milestones and pathway completions rest on other credentials, which may be earned in the same
 * evaluation: evaluation runs in rounds, each against what was held or earned before it, so an award's
 * `round` orders issuing (round 0 first) and its evidence names only awards of earlier rounds.
 */
import type { Term } from '@tessera/schema'
import type { HeldCredential, MemberRow, ReferralUse } from './facts.js'
import { pathwayProgress } from './progress.js'
import type { AchievementRule, Rules } from './rules.js'
import { termAt } from './terms.js'

/** A credential an award rests on: held (with its id) or earned in an earlier round of this evaluation. */
export interface EvidenceRef {
  awardKey: string
  achievementId: string
  name: string
  /** The held credential's id; undefined for an award of this evaluation (its id comes when it is built). */
  credentialId?: string
}

/** An achievement a member newly earns. */
export interface EarnedAward {
  memberId: string
  /** Stable: the ledger key is `<member id>/<award key>`. */
  awardKey: string
  achievement: AchievementRule
  /** The term it was earned in (per-term achievements name it in their key). */
  term: Term
  validFrom: string
  validUntil?: string
  /** Why, in a sentence that names no other person. */
  narrative: string
  evidence: EvidenceRef[]
  /** Issue round 0 first: evidence comes from earlier rounds only. */
  round: number
}

/** A cell that a rule could not read (the award it would decide is not made). */
export interface CellProblem {
  memberId: string
  column: string
  code: 'INVALID_NUMBER' | 'INVALID_DATE'
  reason: string
}

export interface EvaluationInput {
  members: readonly MemberRow[]
  held: readonly HeldCredential[]
  referrals?: readonly ReferralUse[]
  now: Date
}

export interface Evaluation {
  term: Term
  awards: EarnedAward[]
  problems: CellProblem[]
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** A real calendar day's time (UTC midnight), or undefined. */
function dayOf(text: string): number | undefined {
  if (!DATE.test(text)) return undefined
  const ms = Date.parse(`${text}T00:00:00Z`)
  return Number.isNaN(ms) || iso(ms).slice(0, 10) !== text ? undefined : ms
}

/** `ms` plus `years` calendar years (29 February to 28 February, or 1 March, as Date does). */
const addYears = (ms: number, years: number) => {
  const d = new Date(ms)
  d.setUTCFullYear(d.getUTCFullYear() + years)
  return d.getTime()
}

/** The values of a list cell: separated by commas or semicolons, trimmed, compared without case. */
const listOf = (cell: string) =>
  cell
    .split(/[,;]/)
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '')

/** What each member newly earns under `rules` at `input.now`. */
export function evaluate(rules: Rules, input: EvaluationInput): Evaluation {
  const now = input.now.getTime()
  const term = termAt(input.now, rules.terms?.startMonth)
  const joinColumn = rules.columns?.joinDate ?? 'join_date'
  const nowText = iso(now)
  const byId = new Map(rules.achievements.map((a) => [a.id, a]))
  const problems: CellProblem[] = []
  /** What each member has: held credentials and awards earned so far, by award key. */
  const has = new Map<string, Map<string, EvidenceRef & { achievementKey: string; round: number }>>()
  for (const m of input.members) has.set(m.memberId, new Map())
  for (const h of input.held) {
    const achievement = byId.get(h.achievementId)
    if (achievement === undefined) continue
    const mine = has.get(h.memberId) ?? new Map()
    has.set(h.memberId, mine)
    mine.set(h.awardKey, {
      awardKey: h.awardKey,
      achievementId: h.achievementId,
      name: achievement.name,
      credentialId: h.credentialId,
      achievementKey: achievement.key,
      round: -1,
    })
  }
  const paying = new Set(rules.referrals?.paidMembership ?? [])
  const referredBy = new Map<string, string[]>()
  for (const use of input.referrals ?? [])
    referredBy.set(use.referrer, [...(referredBy.get(use.referrer) ?? []), use.referred])
  const awards: EarnedAward[] = []
  const perTermKey = (a: AchievementRule) => (a.repeat === 'per-term' ? `${a.key}-${term.name}` : a.key)

  /** The award a member earns of an achievement, judged against `state` (what was had before this round). */
  const judge = (
    member: MemberRow,
    achievement: AchievementRule,
    state: ReadonlyMap<string, ReadonlyMap<string, EvidenceRef & { achievementKey: string; round: number }>>,
    round: number,
  ): Omit<EarnedAward, 'memberId' | 'achievement' | 'term' | 'round'> | undefined => {
    const mine = state.get(member.memberId) ?? new Map()
    const rule = achievement.when
    const cell = (column: string) => (member.fields[column] ?? '').trim()
    const base = { validFrom: nowText, evidence: [] as EvidenceRef[] }
    if (rule === undefined) {
      // A pathway's completion.
      const pathway = (rules.pathways ?? []).find((p) => p.completion === achievement.key)
      if (pathway === undefined) return undefined
      const holds = new Set([...mine.values()].map((h) => h.achievementKey))
      const status = pathwayProgress(rules, pathway, holds)
      if (!status.complete) return undefined
      // In the pathway's order: each done step's credentials.
      const evidence = status.steps
        .filter((s) => s.done)
        .flatMap((s) => [...mine.values()].filter((h) => h.achievementKey === s.achievement))
      return {
        awardKey: perTermKey(achievement),
        ...base,
        narrative: `Completed the pathway ${pathway.name}: ${status.steps
          .filter((s) => s.done)
          .map((s) => s.name)
          .join(', ')}.`,
        evidence: evidence.map(({ achievementKey: _k, round: _r, ...ref }) => ref),
      }
    }
    switch (rule.rule) {
      case 'threshold': {
        const text = cell(rule.column)
        if (text === '') return undefined
        const value = Number(text)
        if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
          if (round === 0)
            problems.push({
              memberId: member.memberId,
              column: rule.column,
              code: 'INVALID_NUMBER',
              reason: `${rule.column} ${JSON.stringify(text)} is not a number`,
            })
          return undefined
        }
        if (value < rule.atLeast) return undefined
        return {
          awardKey: perTermKey(achievement),
          ...base,
          narrative: `${rule.column}: ${text} (at least ${rule.atLeast}).`,
        }
      }
      case 'value': {
        const wanted = new Set(rule.anyOf.map((v) => v.toLowerCase()))
        const found = listOf(cell(rule.column)).filter((v) => wanted.has(v))
        if (found.length === 0) return undefined
        return {
          awardKey: perTermKey(achievement),
          ...base,
          narrative: `${rule.column}: ${found.join(', ')}.`,
        }
      }
      case 'filled': {
        const text = cell(rule.column)
        if (text === '') return undefined
        return { awardKey: perTermKey(achievement), ...base, narrative: `${rule.column}: ${text}.` }
      }
      case 'member-years': {
        const text = cell(joinColumn)
        const joined = dayOf(text)
        if (joined === undefined) {
          if (round === 0 && text !== '')
            problems.push({
              memberId: member.memberId,
              column: joinColumn,
              code: 'INVALID_DATE',
              reason: `${joinColumn} ${JSON.stringify(text)} is not a date (YYYY-MM-DD)`,
            })
          return undefined
        }
        const anniversary = addYears(joined, rule.atLeast)
        if (anniversary > now) return undefined
        return {
          awardKey: perTermKey(achievement),
          validFrom: iso(anniversary),
          evidence: [],
          narrative: `A member since ${text}: ${rule.atLeast} year${rule.atLeast === 1 ? '' : 's'}.`,
        }
      }
      case 'certification': {
        const text = cell(rule.column)
        if (text === '') return undefined
        const on = dayOf(text)
        if (on === undefined) {
          if (round === 0)
            problems.push({
              memberId: member.memberId,
              column: rule.column,
              code: 'INVALID_DATE',
              reason: `${rule.column} ${JSON.stringify(text)} is not a date (YYYY-MM-DD)`,
            })
          return undefined
        }
        const until = addYears(on, rule.validYears)
        // Not yet certified, or the certification has lapsed: nothing to issue.
        if (on > now || until <= now) return undefined
        return {
          awardKey: `${achievement.key}-${text}`,
          validFrom: iso(on),
          validUntil: iso(until - 1000),
          evidence: [],
          narrative: `Certified on ${text}, for ${rule.validYears} year${rule.validYears === 1 ? '' : 's'}.`,
        }
      }
      case 'count': {
        const of = new Set(rule.of)
        const counted = [...mine.values()].filter((h) => of.has(h.achievementKey))
        if (counted.length < rule.atLeast) return undefined
        return {
          awardKey: perTermKey(achievement),
          ...base,
          narrative: `Holds ${counted.length} of the credentials this milestone counts (at least ${rule.atLeast}).`,
          evidence: counted.map(({ achievementKey: _k, round: _r, ...ref }) => ref),
        }
      }
      case 'referrals': {
        // A referred member counts once they hold a paying membership; nothing about them is recorded here.
        const count = (referredBy.get(member.memberId) ?? []).filter((referred) =>
          [...(state.get(referred)?.values() ?? [])].some((h) => paying.has(h.achievementKey)),
        ).length
        if (count < rule.atLeast) return undefined
        return {
          awardKey: perTermKey(achievement),
          ...base,
          narrative: `Welcomed ${rule.atLeast} new member${rule.atLeast === 1 ? '' : 's'} or more.`,
        }
      }
    }
  }

  // Rounds: each judged against what was had before it; at most one round per achievement, plus one.
  for (let round = 0; round <= rules.achievements.length; round++) {
    const state = new Map([...has].map(([id, mine]) => [id, new Map(mine)]))
    let found = 0
    for (const member of input.members) {
      const mine = has.get(member.memberId) ?? new Map()
      has.set(member.memberId, mine)
      for (const achievement of rules.achievements) {
        const award = judge(member, achievement, state, round)
        if (award === undefined || mine.has(award.awardKey)) continue
        found++
        mine.set(award.awardKey, {
          awardKey: award.awardKey,
          achievementId: achievement.id,
          name: achievement.name,
          achievementKey: achievement.key,
          round,
        })
        // A membership lasts its term.
        const validity =
          achievement.kind === 'membership' && award.validUntil === undefined
            ? { validUntil: term.end as string }
            : {}
        awards.push({ memberId: member.memberId, achievement, term, round, ...award, ...validity })
      }
    }
    if (found === 0) break
  }
  return { term, awards, problems }
}
