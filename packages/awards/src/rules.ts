/**
 * The award rules as data: their types (what schemas/rules.schema.json allows), and `parseRules`, which
 * reads a YAML or JSON rules file, checks it against the published schema (compiled ahead of time:
 * generated/rules-validator.ts) and then what a schema cannot say (every key a rule names exists, no two
 * achievements share a key or id, no milestone rests on itself), refusing it with the line, column and
 * JSON path of the first problem.
 */
import { LineCounter, type Node, parseDocument } from 'yaml'
import { RulesError, type RulesErrorCode } from './errors.js'
import { validate } from './generated/rules-validator.js'

/** The kinds of achievement; each but membership, certificate, milestone and pathway is a badge kind. */
export type AchievementKind =
  | 'membership'
  | 'certificate'
  | 'participation'
  | 'attendance'
  | 'volunteering'
  | 'contribution'
  | 'loyalty'
  | 'referral'
  | 'milestone'
  | 'pathway'

/** A number column at or above a threshold (attendance, volunteering hours). */
export interface ThresholdRule {
  rule: 'threshold'
  column: string
  atLeast: number
}

/** A list column (values separated by commas or semicolons) holding one of some values (committee roles). */
export interface ValueRule {
  rule: 'value'
  column: string
  anyOf: string[]
}

/** A column with anything in it (what the member volunteered for, the project they contributed to). */
export interface FilledRule {
  rule: 'filled'
  column: string
}

/** Years of membership since the join date, as of the clock (loyalty). */
export interface MemberYearsRule {
  rule: 'member-years'
  atLeast: number
}

/** A date column: certified on that day, valid `validYears` years from it (a new date, a new credential). */
export interface CertificationRule {
  rule: 'certification'
  column: string
  validYears: number
}

/** A milestone: at least `atLeast` credentials of the achievements `of` (each credential counts once). */
export interface CountRule {
  rule: 'count'
  of: string[]
  atLeast: number
}

/** Referred members who became paying members (see `Rules.referrals`). */
export interface ReferralsRule {
  rule: 'referrals'
  atLeast: number
}

export type Rule =
  | ThresholdRule
  | ValueRule
  | FilledRule
  | MemberYearsRule
  | CertificationRule
  | CountRule
  | ReferralsRule

export interface AchievementRule {
  /** Short and stable: the ledger key of an award is `<member id>/<key>` (`-<term>` when per term). */
  key: string
  /** The achievement's URI (its page on the association's site). */
  id: string
  name: string
  description: string
  criteria: string
  image?: string
  kind: AchievementKind
  /** `once` (the default): earned once ever; `per-term`: once in each term it is earned in. */
  repeat?: 'once' | 'per-term'
  /** When it is earned; none for a pathway's completion (earned by completing it). */
  when?: Rule
}

export interface PathwayStep {
  achievement: string
  optional?: boolean
}

export interface Pathway {
  key: string
  name: string
  /** Steps taken in order: a step counts once the required steps before it are done. */
  ordered?: boolean
  /** How many optional steps completion needs besides every required one. Default 0. */
  optionalNeeded?: number
  steps: PathwayStep[]
  /** The achievement awarded on completion. */
  completion: string
}

export interface Rules {
  version: 1
  /** The association as its credentials name it; the id is the issuing DID. */
  issuer: { name: string; url?: string; image?: string }
  /** Terms are years starting on the first of `startMonth` (1, the default: calendar years). */
  terms?: { startMonth?: number }
  /** The members sheet's columns, where they differ from member_id, join_date, referred_by. */
  columns?: { memberId?: string; joinDate?: string; referredBy?: string }
  achievements: AchievementRule[]
  pathways?: Pathway[]
  /** Referrals: the achievements that make a referred member a paying member. */
  referrals?: { paidMembership: string[] }
}

/** A rules file larger than this is refused before it is parsed. */
export const MAX_RULES_BYTES = 1_000_000

interface AjvError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

/** Reads, checks and returns the rules of a YAML or JSON text; RulesError naming line and path otherwise. */
export function parseRules(text: string): Rules {
  const lineCounter = new LineCounter()
  const refuse = (code: RulesErrorCode, message: string, offset: number, path: string): never => {
    const { line, col } = lineCounter.linePos(offset)
    throw new RulesError(code, message, { line, column: col, path })
  }
  if (text.length > MAX_RULES_BYTES)
    refuse('RULES_NOT_READABLE', `the rules are longer than ${MAX_RULES_BYTES} characters`, 0, '')
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const syntax = doc.errors[0]
  if (syntax !== undefined)
    refuse('RULES_NOT_READABLE', syntax.message.split('\n')[0] ?? '', syntax.pos[0], '')
  // Aliases are bounded: a billion laughs is refused rather than expanded.
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    refuse('RULES_NOT_READABLE', error instanceof Error ? error.message : String(error), 0, '')
  }
  const offsetOf = (path: string): number => {
    const segments = path
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    // The deepest node that exists on the path (a missing property is placed at its parent).
    for (let n = segments.length; n >= 0; n--) {
      const keys = segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
      const node = (keys.length === 0 ? doc.contents : doc.getIn(keys, true)) as Node | null | undefined
      if (node?.range != null) return node.range[0]
    }
    return 0
  }
  if (!validate(data)) {
    const errors = ((validate as unknown as { errors?: AjvError[] }).errors ?? []).filter(
      (e) => e.keyword !== 'if',
    )
    const first = errors[0]
    if (first !== undefined) {
      const where = first.params.additionalProperty ?? first.params.missingProperty
      const detail =
        typeof where === 'string'
          ? `${first.message ?? first.keyword} (${where})`
          : first.keyword === 'enum'
            ? `${first.message}: ${JSON.stringify(first.params.allowedValues)}`
            : (first.message ?? first.keyword)
      const path =
        first.keyword === 'additionalProperties' && typeof where === 'string'
          ? `${first.instancePath}/${where}`
          : first.instancePath
      refuse('INVALID_RULES', detail, offsetOf(path), path)
    }
  }
  const rules = data as Rules
  checkReferences(rules, (code, message, path) => refuse(code, message, offsetOf(path), path))
  return rules
}

type Refuse = (code: RulesErrorCode, message: string, path: string) => never

/** What a schema cannot say: unique keys and ids, known references, no circles. */
function checkReferences(rules: Rules, refuse: Refuse): void {
  const index = new Map<string, number>()
  const ids = new Set<string>()
  rules.achievements.forEach((a, i) => {
    if (index.has(a.key)) refuse('DUPLICATE_KEY', `the key ${a.key} is used twice`, `/achievements/${i}/key`)
    if (ids.has(a.id)) refuse('DUPLICATE_KEY', `the id ${a.id} is used twice`, `/achievements/${i}/id`)
    index.set(a.key, i)
    ids.add(a.id)
  })
  const known = (key: string, path: string) => {
    if (!index.has(key)) refuse('UNKNOWN_ACHIEVEMENT', `no achievement has the key ${key}`, path)
  }
  /** What each achievement rests on (its count rule's, its pathway's steps). */
  const restsOn = new Map<string, string[]>()
  rules.achievements.forEach((a, i) => {
    if (a.when?.rule === 'count') {
      a.when.of.forEach((key, j) => {
        known(key, `/achievements/${i}/when/of/${j}`)
      })
      restsOn.set(a.key, a.when.of)
    }
  })
  const completions = new Set<string>()
  const pathways = new Set<string>()
  ;(rules.pathways ?? []).forEach((p, i) => {
    if (pathways.has(p.key))
      refuse('DUPLICATE_KEY', `the pathway key ${p.key} is used twice`, `/pathways/${i}/key`)
    pathways.add(p.key)
    known(p.completion, `/pathways/${i}/completion`)
    const completion = rules.achievements[index.get(p.completion) as number] as AchievementRule
    if (completion.when !== undefined || completions.has(p.completion))
      refuse(
        'INVALID_RULES',
        `${p.completion} is earned by completing the pathway: it can have no rule of its own, nor complete another pathway`,
        `/pathways/${i}/completion`,
      )
    completions.add(p.completion)
    p.steps.forEach((s, j) => {
      known(s.achievement, `/pathways/${i}/steps/${j}/achievement`)
    })
    const optional = p.steps.filter((s) => s.optional === true).length
    if ((p.optionalNeeded ?? 0) > optional)
      refuse(
        'INVALID_RULES',
        `optionalNeeded is more than the ${optional} optional steps`,
        `/pathways/${i}/optionalNeeded`,
      )
    restsOn.set(p.completion, [...(restsOn.get(p.completion) ?? []), ...p.steps.map((s) => s.achievement)])
  })
  for (const [i, key] of (rules.referrals?.paidMembership ?? []).entries())
    known(key, `/referrals/paidMembership/${i}`)
  rules.achievements.forEach((a, i) => {
    if (a.when?.rule === 'referrals' && rules.referrals === undefined)
      refuse(
        'INVALID_RULES',
        'a referrals rule needs the referrals section (paidMembership)',
        `/achievements/${i}/when`,
      )
    if (a.when === undefined && !completions.has(a.key))
      refuse('INVALID_RULES', `${a.key} has no rule (when) and completes no pathway`, `/achievements/${i}`)
  })
  // No circle: depth-first over what each achievement rests on.
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (key: string) => {
    if (state.get(key) === 'done') return
    if (state.get(key) === 'visiting')
      refuse(
        'RULES_CYCLE',
        `${key} rests on itself through milestones or pathways`,
        `/achievements/${index.get(key)}`,
      )
    state.set(key, 'visiting')
    for (const next of restsOn.get(key) ?? []) visit(next)
    state.set(key, 'done')
  }
  for (const a of rules.achievements) visit(a.key)
}

/** A rules file's achievement by key (the rules are checked: every referenced key exists). */
export function achievementOf(rules: Rules, key: string): AchievementRule {
  const found = rules.achievements.find((a) => a.key === key)
  if (found === undefined)
    throw new RulesError('UNKNOWN_ACHIEVEMENT', `no achievement has the key ${key}`, {
      line: 0,
      column: 0,
      path: '',
    })
  return found
}
