/**
 * The verification pipeline: one result shape for every input (JSON, VC-JWT, baked PNG or SVG), each
 * check a named line with a stable code when it fails. `verified` is true only when every check is.
 */
import {
  type EmbeddedProofChecker,
  failed,
  failedFrom,
  type Outcome,
  passed,
  verifyJws,
} from '@tessera/proofs'
import {
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  type DecodedJwt,
  decodeJwt,
  decodeUtf8,
  endorsementsOf,
  type InputLimits,
  isJsonObject,
  issuerIdOf,
  type JsonObject,
  jwtClaimsOf,
  OB_CONTEXTS,
  parseCredential,
  readCredential,
  statusEntriesOf,
  subjectsOf,
  validateCredential,
  validityOf,
} from '@tessera/schema'
import type { StatusListCache } from '@tessera/status'
import { extractFromPng, extractFromSvg, isPng } from './baked.js'
import { Budget, type BudgetLimits, budgetLimits, type VerificationBudget } from './budget.js'
import { verifierError } from './errors.js'
import {
  createGuardedFetch,
  createJsonFetcher,
  type GuardedFetch,
  type GuardedFetchOptions,
} from './fetch.js'
import { type PresentationOptions, parsePresentation, verifyHolderProof } from './presentation.js'
import { KeyResolver } from './resolve.js'
import { type IssuerTrust, IssuerTrustCheck, type TrustPolicy } from './trust.js'

export type CredentialFormat = 'json' | 'jwt' | 'png' | 'svg'

export type CheckId =
  | 'parse'
  | 'context'
  | 'type'
  | 'schema'
  | 'proof'
  | 'issuer'
  // only when asked (`requireTrustedIssuer`)
  | 'trust'
  | 'validity'
  | 'status'
  | 'endorsements'
  | 'recipient'
  // presentations
  | 'holder'
  | 'challenge'
  | 'credentials'
  // only when the verification reached a limit of its budget
  | 'budget'

export interface Check {
  id: CheckId
  ok: boolean
  /** A stable code when the check failed. */
  code?: string
  /** True when the caller asked for the check to be left out (`VerifyOptions.skip`): not run, not failed. */
  skipped?: true
  message: string
}

/**
 * The checks a caller may leave out (`VerifyOptions.skip`), such as an issuer checking a credential it
 * has just validated: the signature, the key's binding and the parsing are never left out.
 */
export type SkippableCheckId = 'context' | 'type' | 'schema' | 'validity' | 'status' | 'endorsements'

export interface Warning {
  code: string
  message: string
}

export interface VerificationResult {
  /** True only when every check passed. */
  verified: boolean
  /** The credential as read (the payload's credential for a JWT). */
  credential?: JsonObject
  format?: CredentialFormat
  /** The issuer's id. */
  issuer?: string
  /** Who issued it, by the verifier's trust policy: known or not, on which list, under which name. */
  trust?: IssuerTrust
  checks: Check[]
  warnings: Warning[]
  /** The embedded endorsements, each verified the same way. */
  endorsements?: VerificationResult[]
}

export interface PresentationResult {
  /** True only when the holder's proof and every credential inside verify. */
  verified: boolean
  presentation?: JsonObject
  format?: 'json' | 'jwt'
  holder?: string
  checks: Check[]
  warnings: Warning[]
  /** Each credential of the presentation, verified in full. */
  credentials: VerificationResult[]
}

/** Who the credential should belong to; any one that matches passes the recipient check. */
export interface RecipientQuery {
  email?: string
  did?: string
}

export interface VerifierOptions {
  /** Documents by URL or DID (DID documents, controller documents, status list credentials), used before any fetch. */
  documents?: ReadonlyMap<string, unknown>
  /** Rules for fetching what `documents` lacks. Set `offline: true` to fetch nothing at all. */
  fetch?: GuardedFetchOptions
  offline?: boolean
  /** Status list issuers accepted besides the credential's own issuer. */
  trustedStatusListIssuers?: readonly string[]
  /** Limits on the input (default 8 MiB; baked images 16 MiB). */
  limits?: InputLimits
  /** Trusted issuers, domains and registries: what makes an issuer "known" in the result's `trust`. */
  trust?: TrustPolicy
  /** Limits of every verification (deadline, endorsements, credentials, hosts, fetches); see budget.ts. */
  budget?: VerificationBudget
}

/** What a build of the verifier checks embedded (Data Integrity) proofs with; none in the JWT-only build. */
export interface VerifierBuild {
  embeddedProofs?: EmbeddedProofChecker
}

export interface VerifyOptions {
  /** The time to judge at. Default now. */
  now?: Date
  /** Tolerance for clocks that disagree, in seconds. Default 60. */
  clockSkewSeconds?: number
  /** Check the status entries (default true). */
  status?: boolean
  recipient?: RecipientQuery
  /** Fail (a `trust` check) unless the issuer is known by the trust policy. Default false. */
  requireTrustedIssuer?: boolean
  /** This verification's limits, over the verifier's `budget`. */
  budget?: VerificationBudget
  /**
   * Checks not to run: each is reported as `{ id, ok: true, skipped: true }`, not run (and, for `schema`,
   * no schema warnings). For a caller that has done them itself, such as an issuer checking what it has
   * just validated and signed (`skip: ['schema']`).
   */
  skip?: readonly SkippableCheckId[]
}

/** One verification's budget, and the key resolver that charges its fetches to it. */
interface Scope {
  budget: Budget
  resolver: KeyResolver
}

/** The `budget` line: a failed check with the first limit reached, when one was. */
function withBudget<R extends { verified: boolean; checks: Check[] }>(result: R, budget: Budget): R {
  const overrun = budget.overrun
  if (overrun === undefined) return result
  return {
    ...result,
    verified: false,
    checks: [...result.checks, check('budget', failed(overrun.code, overrun.message))],
  }
}

const PNG_LIMIT = 16 * 1024 * 1024
const ENDORSEMENT_DEPTH = 2

/** A module loaded once, when first needed; a load that failed (a lazy chunk offline) is tried again. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined
      throw error
    })
    return pending
  }
}

// Not loaded at import: a credential without status, or a verification without a recipient, never
// loads them (see status.ts and recipient.ts).
const loadStatus = lazy(() => import('./status.js'))
const loadRecipient = lazy(() => import('./recipient.js'))

interface Parsed {
  format: CredentialFormat
  credential: JsonObject
  jwt?: DecodedJwt
  form?: 'payload' | 'vc-claim'
}

function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** A check the caller asked to leave out (`VerifyOptions.skip`). */
function notRun(id: SkippableCheckId): Check {
  return { id, ok: true, skipped: true, message: 'not run: left out by the caller (skip)' }
}

function check(id: CheckId, outcome: Outcome): Check {
  return {
    id,
    ok: outcome.ok,
    ...(outcome.ok || outcome.code === undefined ? {} : { code: outcome.code }),
    message: outcome.message,
  }
}

/** Reads any accepted input: a credential object, JSON or JWT text, or the bytes of a file (PNG, SVG, JSON, JWT). */
function parseInput(input: string | Uint8Array | JsonObject, limits: InputLimits | undefined): Parsed {
  if (!(input instanceof Uint8Array) && typeof input !== 'string') {
    if (isJsonObject(input)) return { format: 'json', credential: input }
    throw verifierError('NOT_AN_OBJECT', 'a credential is given as an object, text or bytes')
  }
  if (input instanceof Uint8Array && isPng(input)) {
    if (input.byteLength > (limits?.maxBytes ?? PNG_LIMIT)) {
      throw verifierError(
        'INPUT_TOO_LARGE',
        `the image is ${input.byteLength} bytes, over the ${limits?.maxBytes ?? PNG_LIMIT} accepted`,
      )
    }
    return { ...fromText(extractFromPng(input), limits), format: 'png' }
  }
  const text =
    typeof input === 'string' ? input : decodeUtf8(input, { maxBytes: limits?.maxBytes ?? PNG_LIMIT })
  const trimmed = text.replace(/^\uFEFF/, '').trimStart()
  if (trimmed.startsWith('<')) return { ...fromText(extractFromSvg(trimmed), limits), format: 'svg' }
  return fromText(text, limits)
}

function fromText(text: string, limits: InputLimits | undefined): Parsed {
  const parsed = parseCredential(text, limits)
  return parsed.format === 'jwt'
    ? { format: 'jwt', credential: parsed.credential, jwt: parsed.jwt, form: parsed.form }
    : { format: 'json', credential: parsed.credential }
}

/** A JSON credential carrying its VC-JWT in `proof.jwt` (JwtProof2020, as Veramo writes): the JWT is what counts. */
function embeddedJwt(credential: JsonObject, limits: InputLimits | undefined): DecodedJwt | undefined {
  const proof = credential.proof
  if (!isJsonObject(proof) || typeof proof.jwt !== 'string') return undefined
  return decodeJwt(proof.jwt, limits)
}

/** Canonical JSON (sorted keys) for comparing two copies of a credential. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** The registered claims of a VC-JWT must agree with the credential they carry. */
function claimsAgree(jwt: DecodedJwt, credential: JsonObject): Outcome {
  const claims = jwt.payload
  if (claims.iss === undefined) return failed('CLAIM_MISMATCH', 'the JWT has no iss claim')
  const expected = jwtClaimsOf(credential)
  for (const claim of ['iss', 'jti', 'sub', 'nbf', 'exp'] as const) {
    const value = claims[claim]
    if (value !== undefined && value !== expected[claim]) {
      return failed(
        'CLAIM_MISMATCH',
        `the JWT's ${claim} (${String(value)}) differs from the credential's (${String(expected[claim])})`,
      )
    }
  }
  return passed('claims agree')
}

function checkContext(credential: JsonObject): Outcome {
  const context = asArray(credential['@context'])
  if (context[0] !== CREDENTIALS_V2_CONTEXT && context[0] !== CREDENTIALS_V1_CONTEXT) {
    return failed('CONTEXT_INVALID', 'the first @context entry is not the W3C credentials context')
  }
  if (!context.some((c) => (OB_CONTEXTS as readonly unknown[]).includes(c))) {
    return failed('CONTEXT_INVALID', 'the Open Badges 3.0 context is missing from @context')
  }
  return passed(
    context[0] === CREDENTIALS_V2_CONTEXT
      ? 'VC Data Model 2.0, Open Badges 3.0'
      : 'VC Data Model 1.1, Open Badges 3.0',
  )
}

function checkType(credential: JsonObject): Outcome {
  const types = asArray(credential.type)
  if (!types.includes('VerifiableCredential'))
    return failed('TYPE_INVALID', 'type lacks VerifiableCredential')
  const ob = types.find(
    (t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential',
  )
  if (ob === undefined) {
    return failed(
      'TYPE_INVALID',
      `type (${types.join(', ')}) names no OpenBadgeCredential, AchievementCredential or EndorsementCredential`,
    )
  }
  return passed(String(ob))
}

function checkValidity(credential: JsonObject, now: Date, skewSeconds: number): Outcome {
  const { validFrom, validUntil, from, until } = validityOf(credential)
  const skew = skewSeconds * 1000
  if (from === undefined) return failed('VALIDITY_MISSING', 'the credential states no valid start date')
  if (from.getTime() - skew > now.getTime()) return failed('NOT_YET_VALID', `not valid before ${validFrom}`)
  if (validUntil !== undefined) {
    if (until === undefined) return failed('VALIDITY_MISSING', `the end date ${validUntil} is not a date`)
    if (until.getTime() + skew < now.getTime()) return failed('EXPIRED', `expired on ${validUntil}`)
  }
  return passed(
    validUntil === undefined ? `valid since ${validFrom}` : `valid from ${validFrom} until ${validUntil}`,
  )
}

/**
 * A verifier: holds the DID and controller documents it resolved and the status lists it fetched, so
 * that verifying many credentials reuses them. Create one per trust setting and keep it.
 */
export class CoreVerifier {
  private readonly resolver: KeyResolver
  private readonly embeddedProofs: EmbeddedProofChecker
  private statusCache: StatusListCache | undefined
  private readonly fetchStatusBytes: GuardedFetch | undefined
  private readonly budgetLimits: BudgetLimits
  private readonly trust: IssuerTrustCheck

  constructor(
    private readonly options: VerifierOptions = {},
    build: VerifierBuild = {},
  ) {
    this.embeddedProofs = build.embeddedProofs ?? withoutDataIntegrity
    this.budgetLimits = budgetLimits(options.budget)
    const documents = new Map<string, JsonObject>()
    for (const [key, value] of options.documents ?? []) if (isJsonObject(value)) documents.set(key, value)
    const fetchJson = options.offline
      ? async (url: string): Promise<JsonObject> => {
          throw verifierError('OFFLINE', `${url} is not among the documents given, and fetching is off`)
        }
      : createJsonFetcher(options.fetch)
    this.resolver = new KeyResolver({ fetchJson, documents })
    this.fetchStatusBytes = options.offline ? undefined : createGuardedFetch(options.fetch)
    this.trust = new IssuerTrustCheck(options.trust, {
      ...(options.documents === undefined ? {} : { documents: options.documents }),
      ...(this.fetchStatusBytes === undefined ? {} : { fetchBytes: this.fetchStatusBytes }),
    })
  }

  private async fetchStatusList(url: string, budget: Budget): Promise<unknown> {
    const given = this.options.documents?.get(url)
    if (given !== undefined) return given
    const fetchBytes = this.fetchStatusBytes
    if (fetchBytes === undefined)
      throw verifierError('OFFLINE', `${url} is not among the documents given, and fetching is off`)
    return new TextDecoder().decode(await budget.fetch(url, (context) => fetchBytes(url, context)))
  }

  /**
   * Runs one verification under a budget of its own (this call's limits over the verifier's), closed at
   * the end; the first limit it reached is the result's `budget` line.
   */
  private async budgeted<R extends { verified: boolean; checks: Check[] }>(
    options: VerifyOptions,
    run: (scope: Scope) => Promise<R>,
  ): Promise<R> {
    const budget = new Budget(
      options.budget === undefined ? this.budgetLimits : budgetLimits(this.budgetLimits, options.budget),
    )
    try {
      return withBudget(await run({ budget, resolver: this.resolver.within(budget) }), budget)
    } finally {
      budget.close()
    }
  }

  /** Verifies a credential: an object, JSON or JWT text, or a file's bytes (JSON, JWT, baked PNG or SVG). */
  async verifyCredential(
    input: string | Uint8Array | JsonObject,
    options: VerifyOptions = {},
  ): Promise<VerificationResult> {
    return this.budgeted(options, (scope) => this.verify(input, options, 0, scope))
  }

  private async verify(
    input: unknown,
    options: VerifyOptions,
    depth: number,
    scope: Scope,
  ): Promise<VerificationResult> {
    const checks: Check[] = []
    const warnings: Warning[] = []
    let parsed: Parsed
    try {
      parsed = parseInput(input as string | Uint8Array | JsonObject, this.options.limits)
      const inner = parsed.jwt === undefined ? embeddedJwt(parsed.credential, this.options.limits) : undefined
      if (inner !== undefined) {
        // The JSON copy must be the JWT's credential, property for property.
        const { proof: _, ...copy } = parsed.credential
        const carried = parseCredential(inner.compact, this.options.limits)
        if (canonical(copy) !== canonical(carried.credential)) {
          throw verifierError(
            'JWT_COPY_MISMATCH',
            'the JSON credential differs from the credential its JWT carries',
          )
        }
        parsed = { ...parsed, jwt: inner, form: carried.format === 'jwt' ? carried.form : 'payload' }
      }
    } catch (error) {
      return { verified: false, checks: [check('parse', failedFrom(error, 'MALFORMED_INPUT'))], warnings }
    }
    const { credential, format } = parsed
    const issuer = issuerIdOf(credential)
    checks.push(
      check(
        'parse',
        passed(
          `read as ${format === 'jwt' ? `a VC-JWT (${parsed.form === 'vc-claim' ? 'vc claim' : 'payload'})` : format}`,
        ),
      ),
    )
    const skipped = (id: SkippableCheckId) => options.skip?.includes(id) === true
    checks.push(skipped('context') ? notRun('context') : check('context', checkContext(credential)))
    checks.push(skipped('type') ? notRun('type') : check('type', checkType(credential)))

    if (skipped('schema')) checks.push(notRun('schema'))
    else this.schema(credential, checks, warnings)

    checks.push(...(await this.proofAndIssuer(parsed, issuer, warnings, scope)))
    const now = options.now ?? new Date()
    const proven = checks.filter((c) => c.id === 'proof' || c.id === 'issuer').every((c) => c.ok)
    const trust =
      issuer === undefined
        ? undefined
        : await this.trust.evaluate(issuer, credential, proven, now, scope.budget.context)
    if (options.requireTrustedIssuer === true) checks.push(check('trust', trustOutcome(trust)))

    checks.push(
      skipped('validity')
        ? notRun('validity')
        : check('validity', checkValidity(credential, now, options.clockSkewSeconds ?? 60)),
    )
    checks.push(
      skipped('status')
        ? notRun('status')
        : check('status', await this.status(credential, options, now, scope)),
    )

    let endorsements: VerificationResult[] = []
    const embedded = skipped('endorsements') ? [] : endorsementsOf(credential)
    if (skipped('endorsements')) checks.push(notRun('endorsements'))
    // claimed from the budget all at once: past its limit, none is verified
    const refused =
      embedded.length > 0 && depth < ENDORSEMENT_DEPTH
        ? scope.budget.claim('endorsements', embedded.length)
        : undefined
    if (refused !== undefined) {
      checks.push(check('endorsements', refused))
    } else if (embedded.length > 0 && depth < ENDORSEMENT_DEPTH) {
      // verified side by side: their fetches share the budget's parallel slots
      endorsements = await Promise.all(
        embedded.map((e) =>
          this.verify(e, { ...options, recipient: undefined, requireTrustedIssuer: false }, depth + 1, scope),
        ),
      )
      const bad = endorsements.filter((e) => !e.verified)
      checks.push(
        check(
          'endorsements',
          bad.length === 0
            ? passed(`${endorsements.length} endorsement${endorsements.length === 1 ? '' : 's'} verified`)
            : failed(
                'ENDORSEMENT_INVALID',
                `${bad.length} of ${endorsements.length} endorsements do not verify: ${bad
                  .map((b) => b.checks.find((c) => !c.ok)?.message ?? '')
                  .join('; ')}`,
              ),
        ),
      )
    } else if (embedded.length > 0) {
      checks.push(
        check('endorsements', failed('ENDORSEMENT_TOO_DEEP', 'endorsements nest deeper than verified')),
      )
    }
    if (options.recipient !== undefined) {
      let outcome: Outcome
      try {
        outcome = (await loadRecipient()).checkRecipient(subjectsOf(credential)[0], options.recipient)
      } catch (error) {
        outcome = failedFrom(error, 'CHECK_UNAVAILABLE')
      }
      checks.push(check('recipient', outcome))
    }

    return {
      verified: checks.every((c) => c.ok),
      credential,
      format,
      ...(issuer === undefined ? {} : { issuer }),
      ...(trust === undefined ? {} : { trust }),
      checks,
      warnings,
      ...(endorsements.length === 0 ? {} : { endorsements }),
    }
  }

  /** The `schema` check (1EdTech's JSON Schema and the rules beside it), and the schema's warnings. */
  private schema(credential: JsonObject, checks: Check[], warnings: Warning[]): void {
    const validation = validateCredential(credential)
    const schema = validation.valid
      ? passed(
          `valid OB 3.0 ${validation.kind === 'endorsement' ? 'EndorsementCredential' : 'AchievementCredential'}`,
        )
      : failed(
          'SCHEMA_INVALID',
          validation.errors
            .slice(0, 5)
            .map((e) => `${e.path || '/'}: ${e.message}`)
            .join('; ') + (validation.errors.length > 5 ? ` (and ${validation.errors.length - 5} more)` : ''),
        )
    checks.push(check('schema', schema))
    for (const w of validation.warnings) warnings.push({ code: w.code, message: `${w.path}: ${w.message}` })
  }

  /** The `proof` and `issuer` checks: the signature, and whose key made it (and, for a JWT, its claims). */
  private async proofAndIssuer(
    parsed: Parsed,
    issuer: string | undefined,
    warnings: Warning[],
    scope: Scope,
  ): Promise<Check[]> {
    // past the deadline, no key is looked for and no proof checked
    const late = scope.budget.pastDeadline()
    if (late !== undefined) return [check('proof', late), check('issuer', late)]
    if (parsed.jwt !== undefined) {
      const { proof, binding } = await verifyJws(parsed.jwt, issuer, scope.resolver)
      return [
        check('proof', proof),
        check('issuer', binding.ok ? claimsAgree(parsed.jwt, parsed.credential) : binding),
      ]
    }
    const result = await this.embeddedProofs(parsed.credential, issuer, scope.resolver)
    for (const w of result.warnings) warnings.push({ code: w.code ?? 'WARNING', message: w.message })
    return [check('proof', result.proof), check('issuer', result.binding)]
  }

  private async status(
    credential: JsonObject,
    options: VerifyOptions,
    now: Date,
    scope: Scope,
  ): Promise<Outcome> {
    if (options.status === false) return passed('not checked (turned off)')
    // read here, so that a credential without status never loads the status package
    if (statusEntriesOf(credential).length === 0)
      return passed('no status entry: the issuer cannot revoke this credential')
    let loaded: Awaited<ReturnType<typeof loadStatus>>
    try {
      loaded = await loadStatus()
    } catch (error) {
      return failedFrom(error, 'STATUS_RETRIEVAL_ERROR')
    }
    const { checkStatus, StatusListCache } = loaded
    this.statusCache ??= new StatusListCache()
    const result = await checkStatus(credential, {
      now,
      fetchStatusList: (url) => this.fetchStatusList(url, scope.budget),
      verifyStatusListCredential: (fetched) => this.verifyStatusList(fetched, scope),
      cache: this.statusCache,
      ...(this.options.trustedStatusListIssuers === undefined
        ? {}
        : { trustedListIssuers: this.options.trustedStatusListIssuers }),
    })
    if (result.revoked) return failed('REVOKED', 'revoked by the issuer')
    if (result.suspended) return failed('SUSPENDED', 'suspended by the issuer')
    const broken = result.entries.find((e) => !e.ok)
    if (broken !== undefined) {
      return failed(
        broken.code ?? 'STATUS_VERIFICATION_ERROR',
        `status could not be checked: ${broken.error ?? 'unknown error'}`,
      )
    }
    const messages = result.entries.flatMap((e) => (e.message === undefined ? [] : [e.message]))
    return passed(messages.length > 0 ? `in good standing (${messages.join('; ')})` : 'not revoked')
  }

  /**
   * Verifies a presentation (JSON with a Data Integrity proof, or a VP-JWT): the holder's proof, made
   * with the holder's key for this `challenge` and `domain`, and every credential inside.
   */
  async verifyPresentation(
    input: string | Uint8Array | JsonObject,
    options: VerifyOptions & PresentationOptions = {},
  ): Promise<PresentationResult> {
    return this.budgeted(options, (scope) => this.presentation(input, options, scope))
  }

  private async presentation(
    input: string | Uint8Array | JsonObject,
    options: VerifyOptions & PresentationOptions,
    scope: Scope,
  ): Promise<PresentationResult> {
    let parsed: ReturnType<typeof parsePresentation>
    try {
      const text = input instanceof Uint8Array ? decodeUtf8(input, this.options.limits) : input
      parsed = parsePresentation(text)
    } catch (error) {
      return {
        verified: false,
        checks: [check('parse', failedFrom(error, 'MALFORMED_INPUT'))],
        warnings: [],
        credentials: [],
      }
    }
    const { presentation, holder } = parsed
    const warnings: Warning[] = []
    const checks: Check[] = [
      check('parse', passed(`read as ${parsed.format === 'jwt' ? 'a VP-JWT' : 'JSON'}`)),
    ]
    const types = asArray(presentation.type)
    checks.push(
      check(
        'type',
        types.includes('VerifiablePresentation')
          ? passed('VerifiablePresentation')
          : failed('TYPE_INVALID', 'type lacks VerifiablePresentation'),
      ),
    )
    const holderProof = await verifyHolderProof(parsed, scope.resolver, this.embeddedProofs, options)
    checks.push(
      check('proof', holderProof.proof),
      check('holder', holderProof.holder),
      check('challenge', holderProof.binding),
    )
    if (options.challenge === undefined) {
      warnings.push({
        code: 'NO_CHALLENGE',
        message: 'no challenge was asked: this presentation could be a replay',
      })
    }
    // claimed from the budget all at once: past its limit, none is verified
    const refused = scope.budget.claim('credentials', parsed.credentials.length)
    const credentials =
      refused === undefined
        ? await Promise.all(
            parsed.credentials.map((credential) => this.verify(credential, options, 0, scope)),
          )
        : []
    const bad = credentials.filter((c) => !c.verified)
    checks.push(
      check(
        'credentials',
        refused ??
          (bad.length === 0
            ? passed(`${credentials.length} credential${credentials.length === 1 ? '' : 's'} verified`)
            : failed(
                'CREDENTIAL_INVALID',
                `${bad.length} of ${credentials.length} credentials do not verify`,
              )),
      ),
    )
    for (const c of credentials) {
      const { subjectId } = readCredential(c.credential)
      if (subjectId !== undefined && subjectId !== holder) {
        warnings.push({
          code: 'SUBJECT_NOT_HOLDER',
          message: `a credential is about ${subjectId}, presented by ${holder ?? 'nobody named'}`,
        })
      }
    }
    return {
      verified: checks.every((c) => c.ok),
      presentation,
      format: parsed.format,
      ...(holder === undefined ? {} : { holder }),
      checks,
      warnings,
      credentials,
    }
  }

  /**
   * Verifies a status list credential (Bitstring or StatusList2021): its proof with a key of its own
   * issuer, and its dates. The status package checks the rest (type, purpose, whose list it is).
   */
  async verifyStatusListCredential(
    input: string | Uint8Array | JsonObject,
    options: VerifyOptions = {},
  ): Promise<VerificationResult> {
    return this.budgeted(options, (scope) => this.statusListCredential(input, options, scope))
  }

  private async statusListCredential(
    input: string | Uint8Array | JsonObject,
    options: VerifyOptions,
    scope: Scope,
  ): Promise<VerificationResult> {
    let parsed: Parsed
    try {
      parsed = parseInput(input, this.options.limits)
    } catch (error) {
      return { verified: false, checks: [check('parse', failedFrom(error, 'MALFORMED_INPUT'))], warnings: [] }
    }
    const { credential, format } = parsed
    const issuer = issuerIdOf(credential)
    const checks: Check[] = [check('parse', passed(`read as ${format}`))]
    const warnings: Warning[] = []
    checks.push(...(await this.proofAndIssuer(parsed, issuer, warnings, scope)))
    checks.push(
      check('validity', checkValidity(credential, options.now ?? new Date(), options.clockSkewSeconds ?? 60)),
    )
    return {
      verified: checks.every((c) => c.ok),
      credential,
      format,
      ...(issuer === undefined ? {} : { issuer }),
      checks,
      warnings,
    }
  }

  private async verifyStatusList(fetched: unknown, scope: Scope): Promise<boolean> {
    // The list's dates are judged by the status package, against the verification's own time.
    const result = await this.statusListCredential(fetched as string | JsonObject, {}, scope)
    return result.checks.filter((c) => c.id !== 'validity').every((c) => c.ok)
  }
}

/** The `trust` check, when the caller requires a known issuer. */
function trustOutcome(trust: IssuerTrust | undefined): Outcome {
  if (trust === undefined) return failed('ISSUER_NOT_TRUSTED', 'the credential names no issuer')
  return trust.known ? passed(trust.message) : failed(trust.code ?? 'ISSUER_NOT_TRUSTED', trust.message)
}

/** The JWT-only build's answer to an embedded proof. */
const withoutDataIntegrity: EmbeddedProofChecker = async () => {
  const outcome = failed(
    'UNSUPPORTED_CRYPTOSUITE',
    'this build of the verifier checks VC-JWTs only: Data Integrity proofs need the full @tessera/verifier',
  )
  return { proof: outcome, binding: outcome, warnings: [] }
}
