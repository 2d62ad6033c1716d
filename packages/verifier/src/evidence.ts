/**
 * The `evidence` check's work (loaded with the first credential that has evidence: `checks/evidence.ts`).
 * A milestone's or a pathway's credential names the credentials it rests on as OB 3.0 `evidence` entries
 * whose `id` is each credential's id (@tessera/awards writes them so, with `genre: "Credential"`). Each
 * entry naming a credential is looked for beside it (the credentials of the same presentation, or of the
 * same CLR, already verified by the core), else fetched when its id is an https URL, and judged: verified
 * and about the same learner passes; failing (its proof, dates, status...) or about someone else fails,
 * named by the entry's place; not found is a warning, or a failure when the caller requires it.
 *
 * Which entries name a credential: one whose id is the id of a credential beside it, or one that says so
 * (`genre` "Credential"). Only those are fetched: an evidence URL is as often a web page (a portfolio, a
 * video), which is no credential and no failure. CLR 2.0's associations relate achievements, not
 * credentials: the credentials are found by id among the CLR's, the associations are not needed.
 *
 * Bounded: the entries are as many as the input's limits allow and are read once; fetching is claimed
 * from the verification's budget (`maxEvidence`, then its hosts, requests and deadline); what is fetched is
 * verified one level deep (its own evidence is not followed), so a cycle cannot loop, and a credential
 * that rests on itself, or on one beside it that rests on it, is `EVIDENCE_CYCLE`.
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { isJsonObject, type JsonObject, validityOf } from '@tessera/schema'
import type { Budget } from './budget.js'
import { firstFailure } from './checks/embedded.js'
import { sameLearner } from './checks/learner.js'
import type { VerificationCode } from './codes.js'
import type { EvidenceEntryResult, VerificationResult, Warning } from './result.js'

/** A credential verified beside the one checked, and its place (`/verifiableCredential/2`). */
export interface Beside {
  place: string
  result: VerificationResult
}

/** Where the check finds the credentials named as evidence. */
export interface EvidenceSources {
  /** The credentials verified beside this one (a presentation's, a CLR's), by id. */
  beside: ReadonlyMap<string, Beside>
  /** Fetches and verifies the credential at an https URL, within the budget; throws when it cannot be had. */
  fetch: (url: string) => Promise<VerificationResult>
  budget: Budget
}

export interface EvidenceCheck {
  outcome: Outcome
  warnings: Warning[]
  evidence: EvidenceEntryResult[]
}

/** Longest evidence id read as a URI; one that is longer is malformed. */
const MAX_ID_LENGTH = 2048
/** An absolute URI: a scheme, a colon, no white space. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/
/** How many items a message lists before "and N more". */
const LISTED = 5

/** An entry naming a credential: its place and the id it names. */
interface Named {
  path: string
  id: string
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join('; ')
  return items.length > LISTED ? `${shown}; and ${items.length - LISTED} more` : shown
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The ids a credential's evidence names (string ids only), for finding cycles among the credentials beside it. */
function evidenceIds(credential: JsonObject | undefined): string[] {
  const raw = credential?.evidence
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return entries.flatMap((e) => (isJsonObject(e) && typeof e.id === 'string' ? [e.id] : []))
}

/** Who names each id among the credentials beside (a reversed evidence graph), made once per group. */
const namedBy = new WeakMap<ReadonlyMap<string, Beside>, Map<string, string[]>>()

function reversed(beside: ReadonlyMap<string, Beside>): Map<string, string[]> {
  let graph = namedBy.get(beside)
  if (graph === undefined) {
    graph = new Map()
    for (const [id, { result }] of beside) {
      for (const named of new Set(evidenceIds(result.credential))) {
        const by = graph.get(named)
        if (by === undefined) graph.set(named, [id])
        else by.push(id)
      }
    }
    namedBy.set(beside, graph)
  }
  return graph
}

/**
 * The ids beside that lead back to `self` through the evidence of the credentials beside: one walk of the
 * reversed graph from `self`, each credential visited once, however many entries ask.
 */
function leadingBack(self: string, beside: ReadonlyMap<string, Beside>): Set<string> {
  const graph = reversed(beside)
  const found = new Set<string>()
  const stack = [self]
  while (stack.length > 0) {
    for (const by of graph.get(stack.pop() as string) ?? []) {
      if (found.has(by)) continue
      found.add(by)
      stack.push(by)
    }
  }
  return found
}

/** The `evidence` line of `credential`, and each entry naming a credential with what became of it. */
export async function checkEvidence(
  credential: JsonObject,
  mode: 'check' | 'require',
  sources: EvidenceSources,
): Promise<EvidenceCheck> {
  const raw = credential.evidence
  const malformed = (message: string): EvidenceCheck => ({
    outcome: failed('EVIDENCE_MALFORMED', message),
    warnings: [],
    evidence: [],
  })
  if (!isJsonObject(raw) && !Array.isArray(raw))
    return malformed('evidence is neither an Evidence object nor a list of them')
  const entries = Array.isArray(raw) ? raw : [raw]
  const self = typeof credential.id === 'string' ? credential.id : undefined

  const named: Named[] = []
  const bad: string[] = []
  let others = 0
  for (const [i, entry] of entries.entries()) {
    const path = Array.isArray(raw) ? `/evidence/${i}` : '/evidence'
    if (!isJsonObject(entry)) {
      bad.push(`${path} is not an object`)
      continue
    }
    const { id, genre } = entry
    if (id !== undefined && (typeof id !== 'string' || id.length > MAX_ID_LENGTH || !URI.test(id))) {
      bad.push(`${path}/id is not a URI`)
      continue
    }
    const saysCredential = typeof genre === 'string' && genre.toLowerCase() === 'credential'
    if (typeof id === 'string' && (saysCredential || sources.beside.has(id))) named.push({ path, id })
    else others++
  }
  if (bad.length > 0) return malformed(list(bad))

  const back = self === undefined ? new Set<string>() : leadingBack(self, sources.beside)
  const cycles = named.filter((n) => n.id === self || back.has(n.id))
  if (cycles.length > 0) {
    return {
      outcome: failed(
        'EVIDENCE_CYCLE',
        `the credential rests on itself: ${list(cycles.map((c) => `${c.path} (${c.id})`))}`,
      ),
      warnings: [],
      evidence: [],
    }
  }

  // each credential fetched once, however many entries name it
  const toFetch = [
    ...new Set(
      named.filter((n) => !sources.beside.has(n.id) && n.id.startsWith('https://')).map((n) => n.id),
    ),
  ]
  const refused = toFetch.length === 0 ? undefined : sources.budget.claim('evidence', toFetch.length)
  if (refused !== undefined) return { outcome: refused, warnings: [], evidence: [] }
  const fetched = new Map(
    await Promise.all(
      toFetch.map(
        async (url) =>
          [
            url,
            await sources.fetch(url).then(
              (result) => ({ result }),
              (error: unknown) => ({ error }),
            ),
          ] as const,
      ),
    ),
  )

  const results = named.map((n): EvidenceEntryResult => {
    const found = sources.beside.get(n.id)
    const got = fetched.get(n.id)
    if (found === undefined && (got === undefined || 'error' in got)) {
      const why = got === undefined ? undefined : errorOf(got.error)
      return {
        ...n,
        state: 'unavailable',
        code: 'EVIDENCE_UNAVAILABLE',
        message:
          why === undefined
            ? 'not beside it (in the presentation or CLR), and not an https URL to fetch'
            : `could not be fetched: ${why}`,
      }
    }
    const source = found?.place ?? n.id
    const result = found?.result ?? (got as { result: VerificationResult }).result
    const extra = found === undefined ? { fetched: result } : {}
    const failing = (code: VerificationCode, message: string): EvidenceEntryResult => ({
      ...n,
      state: 'failed',
      source,
      code,
      message,
      ...extra,
    })
    const lapsed = lapsedSince(result, credential)
    if (!result.verified && lapsed === undefined)
      return failing('EVIDENCE_INVALID', `${source} does not verify (${firstFailure(result)})`)
    if (result.credential?.id !== n.id)
      return failing('EVIDENCE_INVALID', `${source} serves a credential of another id`)
    if (sameLearner(credential, result.credential) === 'different')
      return failing('EVIDENCE_SUBJECT_MISMATCH', `${source} is about someone else`)
    const since = lapsed === undefined ? '' : ` (expired on ${lapsed}, valid when this credential was issued)`
    return { ...n, state: 'verified', source, message: `${source} verified${since}`, ...extra }
  })
  return { ...judge(results, mode, others), evidence: results }

  /** The line and its warnings, from what became of each entry. */
  function judge(all: EvidenceEntryResult[], asked: 'check' | 'require', other: number) {
    const warnings: Warning[] = []
    const failing = all.filter((r) => r.state === 'failed')
    const missing = all.filter((r) => r.state === 'unavailable')
    const say = (rs: EvidenceEntryResult[]) => list(rs.map((r) => `${r.path} (${r.id}): ${r.message}`))
    const first = failing.find((r) => r.code === 'EVIDENCE_INVALID') ?? failing[0]
    if (first !== undefined) {
      return {
        outcome: failed(
          first.code ?? 'EVIDENCE_INVALID',
          `${plural(failing.length, 'credential')} named as evidence fail${failing.length === 1 ? 's' : ''}: ${say(failing)}`,
        ),
        warnings,
      }
    }
    if (missing.length > 0 && asked === 'require') {
      return {
        outcome: failed(
          'EVIDENCE_UNAVAILABLE',
          `${plural(missing.length, 'credential')} named as evidence could not be checked: ${say(missing)}`,
        ),
        warnings,
      }
    }
    if (missing.length > 0) {
      warnings.push({
        code: 'EVIDENCE_NOT_CHECKED',
        message: `${plural(missing.length, 'credential')} named as evidence could not be checked: ${say(missing)}`,
      })
    }
    const unknown = all.filter(
      (r) => r.state === 'verified' && sameLearner(credential, resultOf(r)) === 'unknown',
    )
    if (unknown.length > 0) {
      warnings.push({
        code: 'EVIDENCE_SUBJECT_UNCHECKED',
        message: `${list(unknown.map((r) => r.path))}: the learner cannot be compared (identities hashed differently)`,
      })
    }
    const verified = all.length - missing.length
    const parts = [`${plural(verified, 'credential')} named as evidence verified`]
    if (missing.length > 0) parts.push(`${missing.length} not available, not checked`)
    if (other > 0) parts.push(`${plural(other, 'other entry', 'other entries')} (not credentials)`)
    return { outcome: passed(parts.join('; ')), warnings }
  }

  function resultOf(r: EvidenceEntryResult): JsonObject {
    return (r.fetched?.credential ?? sources.beside.get(r.id)?.result.credential) as JsonObject
  }
}

/**
 * When `result` fails only for having expired, and was still valid when `credential` (what rests on it)
 * was issued: its `validUntil`. A milestone counts credentials it was issued over (last term's badges);
 * their lapsing since takes nothing from it, where a revocation, a broken proof or a credential already
 * expired when the milestone was issued does.
 */
function lapsedSince(result: VerificationResult, credential: JsonObject): string | undefined {
  const failing = result.checks.filter((c) => !c.ok)
  if (failing.length === 0 || failing.some((c) => c.id !== 'validity' || c.code !== 'EXPIRED'))
    return undefined
  const { until, validUntil } = validityOf(result.credential)
  const { from } = validityOf(credential)
  return until !== undefined && from !== undefined && until.getTime() >= from.getTime()
    ? validUntil
    : undefined
}

/** A fetch's failure in a few words: its code and message. */
function errorOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}
