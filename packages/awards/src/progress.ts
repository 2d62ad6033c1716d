/**
 * A member's progress: on each pathway (which steps are done, how many of how many, what is next) and
 * toward each milestone (how many of the credentials it counts they hold). The evaluator completes a
 * pathway with the same reading, so what progress says and what is awarded never differ.
 */
import type { HeldCredential } from './facts.js'
import { type AchievementRule, achievementOf, type Pathway, type Rules } from './rules.js'

export interface StepProgress {
  achievement: string
  name: string
  optional: boolean
  done: boolean
}

export interface PathwayProgress {
  pathway: string
  name: string
  /** The completion achievement's key and name. */
  completion: { key: string; name: string }
  /** Steps that count: required ones done, and optional ones done up to those needed. */
  done: number
  /** Steps completion needs: every required one and the optional ones needed. */
  total: number
  complete: boolean
  /** The first step to take next (in order), when the pathway is not complete. */
  next?: { key: string; name: string }
  steps: StepProgress[]
  /** "2 of 3 steps toward Certified Practitioner; next: Ethics workshop". */
  summary: string
}

export interface MilestoneProgress {
  achievement: string
  name: string
  have: number
  need: number
  complete: boolean
  /** "2 of 3 toward Three-Season Volunteer". */
  summary: string
}

export interface Progress {
  memberId: string
  pathways: PathwayProgress[]
  milestones: MilestoneProgress[]
}

/** The achievement key of each award key a member holds: `volunteer-2027` is volunteer's. */
export function achievementKeysHeld(
  rules: Rules,
  held: readonly Pick<HeldCredential, 'achievementId' | 'awardKey'>[],
): Map<string, string[]> {
  const byId = new Map(rules.achievements.map((a) => [a.id, a.key]))
  const keys = new Map<string, string[]>()
  for (const h of held) {
    const key = byId.get(h.achievementId)
    if (key === undefined) continue
    keys.set(key, [...(keys.get(key) ?? []), h.awardKey])
  }
  return keys
}

/** A pathway's progress given the achievement keys a member holds. */
export function pathwayProgress(rules: Rules, pathway: Pathway, holds: ReadonlySet<string>): PathwayProgress {
  const needed = pathway.optionalNeeded ?? 0
  let requiredSoFar = true
  const steps: StepProgress[] = pathway.steps.map((s) => {
    const optional = s.optional === true
    // In an ordered pathway a step counts once every required step before it is done.
    const done = holds.has(s.achievement) && (pathway.ordered !== true || requiredSoFar)
    if (!optional && !done) requiredSoFar = false
    return { achievement: s.achievement, name: achievementOf(rules, s.achievement).name, optional, done }
  })
  const required = steps.filter((s) => !s.optional)
  const optionalDone = steps.filter((s) => s.optional && s.done).length
  const done = required.filter((s) => s.done).length + Math.min(optionalDone, needed)
  const total = required.length + needed
  const completion = achievementOf(rules, pathway.completion)
  const complete = done === total
  const nextStep = complete
    ? undefined
    : (required.find((s) => !s.done) ?? steps.find((s) => s.optional && !s.done))
  const next = nextStep === undefined ? undefined : { key: nextStep.achievement, name: nextStep.name }
  const summary = `${done} of ${total} step${total === 1 ? '' : 's'} toward ${completion.name}${
    next === undefined ? (complete ? ': complete' : '') : `; next: ${next.name}`
  }`
  return {
    pathway: pathway.key,
    name: pathway.name,
    completion: { key: completion.key, name: completion.name },
    done,
    total,
    complete,
    ...(next === undefined ? {} : { next }),
    steps,
    summary,
  }
}

/** A count milestone's progress given the award keys held of each achievement. */
export function milestoneProgress(
  achievement: AchievementRule,
  held: ReadonlyMap<string, string[]>,
): MilestoneProgress | undefined {
  const rule = achievement.when
  if (rule?.rule !== 'count') return undefined
  const have = rule.of.reduce((n, key) => n + (held.get(key)?.length ?? 0), 0)
  const shown = Math.min(have, rule.atLeast)
  return {
    achievement: achievement.key,
    name: achievement.name,
    have: shown,
    need: rule.atLeast,
    complete: have >= rule.atLeast,
    summary: `${shown} of ${rule.atLeast} toward ${achievement.name}`,
  }
}

/** A member's progress on every pathway and milestone of the rules, from the credentials they hold. */
export function progress(rules: Rules, memberId: string, held: readonly HeldCredential[]): Progress {
  const keys = achievementKeysHeld(
    rules,
    held.filter((h) => h.memberId === memberId),
  )
  const holds = new Set(keys.keys())
  return {
    memberId,
    pathways: (rules.pathways ?? []).map((p) => pathwayProgress(rules, p, holds)),
    milestones: rules.achievements.flatMap((a) => milestoneProgress(a, keys) ?? []),
  }
}
