/**
 * The verifier's core: runs the checks (`checks/`, one module each) in order over one input and puts
 * their lines into one result shape for every input (JSON, VC-JWT, baked PNG or SVG, presentations).
 * `verified` is true only when every check is. The shapes are `result.ts`'s, the codes `codes.ts`'s.
 */
import {
  type EmbeddedProofChecker,
  failed,
  failedFrom,
  isSealedJwt,
  jwtSigningInput,
  passed,
} from '@tessera/proofs'
import {
  credentialFromJwt,
  type DecodedJwt,
  decodeUtf8,
  type EmbeddedCredential,
  embeddedCredentialsOf,
  isJsonObject,
  issuerIdOf,
  type JsonObject,
  readCredential,
} from '@tessera/schema'
import type { StatusListCache } from '@tessera/status'
import { Budget, type BudgetLimits, budgetLimits } from './budget.js'
import { type InstalledCapabilities, type IssuerTrustEvaluator, installed } from './capabilities.js'
import { withBudget } from './checks/budget.js'
import { allPassed, check, notRun } from './checks/check.js'
import { checkContext } from './checks/context.js'
import { checkEndorsements } from './checks/endorsements.js'
import { type Beside, checkEvidenceOf, type EvidenceCheck } from './checks/evidence.js'
import { type Parsed, parseCheck } from './checks/parse.js'
import { checkProofAndIssuer, withoutDataIntegrity } from './checks/proof.js'
import { checkRecipientOf } from './checks/recipient.js'
import { checkSchema } from './checks/schema.js'
import { checkCredentialStatus, newStatusListCache, type StatusServices } from './checks/status.js'
import { checkTrust } from './checks/trust.js'
import { checkPresentationType, checkType } from './checks/type.js'
import { checkValidity } from './checks/validity.js'
import { offlineError, verifierError } from './errors.js'
import { createGuardedFetch, createJsonFetcher, type GuardedFetch } from './fetch.js'
import { type PresentationOptions, parsePresentation, verifyHolderProof } from './presentation.js'
import { KeyResolver } from './resolve.js'
import type {
  Check,
  ClrEmbeddedChecker,
  ClrSchemaChecker,
  PresentationResult,
  SkippableCheckId,
  VerificationResult,
  VerifierBuild,
  VerifierOptions,
  VerifyOptions,
  Warning,
} from './result.js'
import type { IssuerTrust } from './trust.js'
import { trustBase, unlistedTrust } from './trust-unknown.js'

/**
 * A build without CLR support (the JWT-only one, whose schema line already refuses a ClrCredential): the
 * credentials a CLR gathers are not verified, and its `embedded` line says so rather than staying silent.
 */
const embeddedNotVerified: ClrEmbeddedChecker = async (clr) => {
  const count = embeddedCredentialsOf(clr).length
  if (count === 0) return { embedded: [] }
  return {
    outcome: failed(
      'EMBEDDED_CREDENTIAL_INVALID',
      `the ${count} credential(s) this CLR gathers are not verified: this build of the verifier checks OB 3.0 credentials only; a CLR 2.0 ClrCredential needs the full @tessera/verifier`,
    ),
    embedded: [],
  }
}

// the shapes, also under the core's name for the modules that import them from here (veramo.ts)
export type { Check, VerificationResult, VerifierOptions, VerifyOptions } from './result.js'

/**
 * Where a credential's `evidence` line comes from: `here` (a credential verified on its own: evidence
 * fetched), `together` (one of a presentation's or a CLR's: added once all of them are verified, each
 * looked for among the others, `verifyTogether`), `never` (an endorsement, a credential fetched as
 * evidence: one level deep).
 */
type EvidencePlan = 'here' | 'together' | 'never'

/** One verification's budget, and the key resolver that charges its fetches to it. */
interface Scope {
  budget: Budget
  resolver: KeyResolver
}

/**
 * A verifier: holds the DID and controller documents it resolved and the status lists it fetched, so
 * that verifying many credentials reuses them. Create one per trust setting and keep it.
 */
export class CoreVerifier {
  private readonly resolver: KeyResolver
  private readonly embeddedProofs: EmbeddedProofChecker
  private readonly clrSchema: ClrSchemaChecker | undefined
  private readonly clrEmbedded: ClrEmbeddedChecker
  private statusCache: Promise<StatusListCache> | undefined
  private readonly fetchStatusBytes: GuardedFetch | undefined
  private readonly budgetLimits: BudgetLimits
  private readonly capabilities: InstalledCapabilities
  /** The trust capability's check of `options.trust`; undefined without the capability. */
  private readonly trust: IssuerTrustEvaluator | undefined

  constructor(
    private readonly options: VerifierOptions = {},
    build: VerifierBuild = {},
  ) {
    this.embeddedProofs = build.embeddedProofs ?? withoutDataIntegrity
    this.capabilities = installed([...(build.capabilities ?? []), ...(options.capabilities ?? [])])
    this.clrSchema = build.clrSchema
    this.clrEmbedded = build.clrEmbedded ?? embeddedNotVerified
    this.budgetLimits = budgetLimits(options.budget)
    const documents = new Map<string, JsonObject>()
    for (const [key, value] of options.documents ?? []) if (isJsonObject(value)) documents.set(key, value)
    const fetchJson = options.offline
      ? async (url: string): Promise<JsonObject> => {
          throw offlineError(url)
        }
      : createJsonFetcher(options.fetch)
    this.resolver = new KeyResolver({ fetchJson, documents })
    this.fetchStatusBytes = options.offline ? undefined : createGuardedFetch(options.fetch)
    this.trust = this.capabilities.trust?.create(options.trust, {
      ...(options.documents === undefined ? {} : { documents: options.documents }),
      ...(this.fetchStatusBytes === undefined ? {} : { fetchBytes: this.fetchStatusBytes }),
    })
  }

  /** Verifies a credential: an object, JSON or JWT text, or a file's bytes (JSON, JWT, baked PNG or SVG). */
  async verifyCredential(
    input: string | Uint8Array | JsonObject,
    options: VerifyOptions = {},
  ): Promise<VerificationResult> {
    return this.budgeted(options, (scope) => this.verify(input, options, 0, scope, 'here'))
  }

  /**
   * Verifies a VC-JWT an issuer has just signed, from the parts it signed (`signJwtParts` of
   * @tessera/proofs): the signature over that very signing input, the key and its binding to the issuer,
   * the claims and the credential as the payload object holds them, through the same checks as
   * `verifyCredential`, without decoding the token just written. For the issuer's check of its own output:
   * a token from anywhere else goes through `verifyCredential`, which reads it as any verifier would.
   */
  async verifySignedJwt(jwt: DecodedJwt, options: VerifyOptions = {}): Promise<VerificationResult> {
    return this.budgeted(options, async (scope) => {
      let read: { check: Check; parsed: Parsed }
      try {
        // What is judged is what was signed: the header and payload objects serialise to the signing input
        // (parts sealed by signJwtParts, frozen, do by construction; any others are serialised to see).
        if (
          !isSealedJwt(jwt) &&
          (jwtSigningInput(jwt.header, jwt.payload) !== jwt.signingInput ||
            jwt.compact !== `${jwt.signingInput}.${jwt.signature}`)
        )
          throw verifierError(
            'MALFORMED_JWT',
            'the header and payload given are not the ones the token signs',
          )
        const { credential, form } = credentialFromJwt(jwt)
        read = {
          check: check(
            'parse',
            passed(`read as a VC-JWT (${form === 'vc-claim' ? 'vc claim' : 'payload'}), as signed`),
          ),
          parsed: { format: 'jwt', credential, jwt, form },
        }
      } catch (error) {
        return {
          verified: false,
          checks: [check('parse', failedFrom(error, 'MALFORMED_INPUT'))],
          warnings: [],
        }
      }
      return this.judge(read, options, 0, scope, 'here')
    })
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

  /** The credential pipeline: parse, context, type, schema, proof, issuer, trust, validity, status, endorsements, embedded (a CLR's), evidence, recipient. */
  private async verify(
    input: unknown,
    options: VerifyOptions,
    depth: number,
    scope: Scope,
    evidence: EvidencePlan,
  ): Promise<VerificationResult> {
    const read = parseCheck(input, this.options.limits, { baked: this.capabilities.bakedImages })
    if (read.parsed === undefined) return { verified: false, checks: [read.check], warnings: [] }
    return this.judge({ check: read.check, parsed: read.parsed }, options, depth, scope, evidence)
  }

  /**
   * Verifies credentials that stand together (a presentation's, a CLR's) side by side, then gives each its
   * `evidence` line, the credentials it names looked for among the others first.
   */
  private async verifyTogether(
    items: readonly EmbeddedCredential[],
    options: VerifyOptions,
    depth: number,
    scope: Scope,
  ): Promise<VerificationResult[]> {
    const results = await Promise.all(
      items.map(({ credential }) => this.verify(credential, options, depth, scope, 'together')),
    )
    if (
      (options.evidence ?? 'check') === 'ignore' ||
      results.every((r) => r.credential?.evidence === undefined)
    )
      return results
    const beside = new Map<string, Beside>()
    results.forEach((result, i) => {
      const id = result.credential?.id
      if (typeof id === 'string' && !beside.has(id))
        beside.set(id, { place: (items[i] as EmbeddedCredential).path, result })
    })
    return Promise.all(
      results.map(async (result) => {
        if (result.credential === undefined) return result
        const evidence = await this.evidenceOf(result.credential, options, depth, scope, beside)
        if (evidence === undefined) return result
        // the line goes where the pipeline puts it: before `recipient`, the last
        const at = result.checks.findIndex((c) => c.id === 'recipient')
        const checks = [...result.checks]
        checks.splice(at < 0 ? checks.length : at, 0, check('evidence', evidence.outcome))
        return {
          ...result,
          verified: allPassed(checks),
          checks,
          warnings: [...result.warnings, ...evidence.warnings],
          ...(evidence.evidence.length === 0 ? {} : { evidence: evidence.evidence }),
        }
      }),
    )
  }

  /** The `evidence` check of `credential`: what it names looked for in `beside`, else fetched (https ids). */
  private evidenceOf(
    credential: JsonObject,
    options: VerifyOptions,
    depth: number,
    scope: Scope,
    beside: ReadonlyMap<string, Beside>,
  ): Promise<EvidenceCheck | undefined> {
    return checkEvidenceOf(
      credential,
      options.evidence ?? 'check',
      {
        beside,
        budget: scope.budget,
        fetch: async (url) => {
          const given = this.options.documents?.get(url)
          const fetchBytes = this.fetchStatusBytes
          if (given === undefined && fetchBytes === undefined) throw offlineError(url)
          const input =
            given ?? (await scope.budget.fetch(url, (context) => (fetchBytes as GuardedFetch)(url, context)))
          // the learner asked for (`recipient`) is asked of what the credential rests on too
          return this.verify(input, { ...options, requireTrustedIssuer: false }, depth + 1, scope, 'never')
        },
      },
      this.capabilities.evidence,
    )
  }

  /** The credential pipeline after `parse`: every check on the credential `read` holds. */
  private async judge(
    read: { check: Check; parsed: Parsed },
    options: VerifyOptions,
    depth: number,
    scope: Scope,
    evidencePlan: EvidencePlan,
  ): Promise<VerificationResult> {
    const warnings: Warning[] = []
    const { parsed } = read
    const { credential, format } = parsed
    const issuer = issuerIdOf(credential)
    const now = options.now ?? new Date()
    const skipped = (id: SkippableCheckId) => options.skip?.includes(id) === true
    const checks: Check[] = [read.check]

    checks.push(skipped('context') ? notRun('context') : check('context', checkContext(credential)))
    checks.push(skipped('type') ? notRun('type') : check('type', checkType(credential)))
    if (skipped('schema')) checks.push(notRun('schema'))
    else {
      const schema = await checkSchema(credential, this.clrSchema)
      checks.push(check('schema', schema.outcome))
      warnings.push(...schema.warnings)
    }

    const proven = await checkProofAndIssuer(parsed, issuer, this.proofServices(scope, options.now))
    checks.push(...proven.checks)
    warnings.push(...proven.warnings)
    const trust =
      issuer === undefined
        ? undefined
        : await this.trustOf(issuer, credential, allPassed(proven.checks), now, scope)
    // a policy given without the capability to read it fails the line, asked for or not (on what the
    // caller gave: an endorsement, a CLR's or evidence's credential has no trust line, as in the full build)
    if (options.requireTrustedIssuer === true || (depth === 0 && trust?.code === 'TRUST_NOT_INSTALLED'))
      checks.push(check('trust', checkTrust(trust)))

    checks.push(
      skipped('validity')
        ? notRun('validity')
        : check('validity', checkValidity(credential, now, options.clockSkewSeconds ?? 60)),
    )
    checks.push(
      skipped('status')
        ? notRun('status')
        : check(
            'status',
            options.status === false
              ? passed('not checked (turned off)')
              : await checkCredentialStatus(credential, now, this.statusServices(scope)),
          ),
    )

    let endorsements: VerificationResult[] = []
    if (skipped('endorsements')) checks.push(notRun('endorsements'))
    else {
      const endorsed = await checkEndorsements(credential, depth, scope.budget, (e) =>
        this.verify(
          e,
          { ...options, recipient: undefined, requireTrustedIssuer: false },
          depth + 1,
          scope,
          'never',
        ),
      )
      if (endorsed.outcome !== undefined) checks.push(check('endorsements', endorsed.outcome))
      endorsements = endorsed.endorsements
    }
    // a CLR's credentials, each verified in full and bound to its learner (one level: a CLR holds no CLR)
    const gathered = await this.clrEmbedded(credential, depth > 0, scope.budget, (items) =>
      this.verifyTogether(
        items,
        { ...options, recipient: undefined, requireTrustedIssuer: false },
        depth + 1,
        scope,
      ),
    )
    if (gathered.outcome !== undefined) checks.push(check('embedded', gathered.outcome))
    // the credentials its evidence names: here fetched; a presentation's or a CLR's are added by verifyTogether
    const evidence =
      evidencePlan === 'here'
        ? await this.evidenceOf(credential, options, depth, scope, new Map())
        : undefined
    if (evidence !== undefined) {
      checks.push(check('evidence', evidence.outcome))
      warnings.push(...evidence.warnings)
    }
    if (options.recipient !== undefined) {
      checks.push(
        check('recipient', await checkRecipientOf(credential, options.recipient, this.options.crypto)),
      )
    }

    return {
      verified: allPassed(checks),
      credential,
      format,
      ...(issuer === undefined ? {} : { issuer }),
      ...(trust === undefined ? {} : { trust }),
      checks,
      warnings,
      ...(endorsements.length === 0 ? {} : { endorsements }),
      ...(gathered.embedded.length === 0 ? {} : { embedded: gathered.embedded }),
      ...(evidence === undefined || evidence.evidence.length === 0 ? {} : { evidence: evidence.evidence }),
    }
  }

  /** The presentation pipeline: parse, type, the holder's proof (proof, holder, challenge), credentials. */
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
      check('type', checkPresentationType(presentation)),
    ]
    const holderProof = await verifyHolderProof(parsed, scope.resolver, this.embeddedProofs, {
      ...options,
      crypto: this.options.crypto,
    })
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
        ? await this.verifyTogether(
            parsed.credentials.map((credential, i) => ({ path: `/verifiableCredential/${i}`, credential })),
            options,
            0,
            scope,
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
      verified: allPassed(checks),
      presentation,
      format: parsed.format,
      ...(holder === undefined ? {} : { holder }),
      checks,
      warnings,
      credentials,
    }
  }

  /** The status list credential pipeline: parse, proof, issuer, validity. */
  private async statusListCredential(
    input: unknown,
    options: VerifyOptions,
    scope: Scope,
  ): Promise<VerificationResult> {
    const read = parseCheck(input, this.options.limits, {
      jwtCopy: false,
      baked: this.capabilities.bakedImages,
    })
    if (read.parsed === undefined) return { verified: false, checks: [read.check], warnings: [] }
    const { parsed } = read
    const { credential, format } = parsed
    const issuer = issuerIdOf(credential)
    const proven = await checkProofAndIssuer(parsed, issuer, this.proofServices(scope, options.now))
    const checks: Check[] = [
      read.check,
      ...proven.checks,
      check('validity', checkValidity(credential, options.now ?? new Date(), options.clockSkewSeconds ?? 60)),
    ]
    return {
      verified: allPassed(checks),
      credential,
      format,
      ...(issuer === undefined ? {} : { issuer }),
      checks,
      warnings: proven.warnings,
    }
  }

  /** Who issued it: the trust capability's answer, or without it the answer that needs no list. */
  private async trustOf(
    issuer: string,
    credential: JsonObject,
    proven: boolean,
    now: Date,
    scope: Scope,
  ): Promise<IssuerTrust> {
    if (this.trust !== undefined)
      return this.trust.evaluate(issuer, credential, proven, now, scope.budget.context)
    const policy = this.options.trust === undefined ? 'none' : 'not-installed'
    return unlistedTrust(trustBase(issuer, credential), proven, policy) as IssuerTrust
  }

  private proofServices(scope: Scope, now: Date | undefined) {
    return {
      budget: scope.budget,
      keys: scope.resolver,
      embeddedProofs: this.embeddedProofs,
      now: now ?? new Date(),
      crypto: this.options.crypto,
    }
  }

  private statusServices(scope: Scope): StatusServices {
    return {
      fetchStatusList: (url) => this.fetchStatusList(url, scope.budget),
      // The list's dates are judged by the status package, against the verification's own time.
      verifyStatusListCredential: async (fetched) =>
        (await this.statusListCredential(fetched, {}, scope)).checks
          .filter((c) => c.id !== 'validity')
          .every((c) => c.ok),
      cache: () => {
        this.statusCache ??= newStatusListCache()
        return this.statusCache
      },
      ...(this.options.crypto?.gunzip === undefined
        ? {}
        : { gunzip: this.options.crypto.gunzip.bind(this.options.crypto) }),
      ...(this.options.trustedStatusListIssuers === undefined
        ? {}
        : { trustedListIssuers: this.options.trustedStatusListIssuers }),
    }
  }

  private async fetchStatusList(url: string, budget: Budget): Promise<unknown> {
    const given = this.options.documents?.get(url)
    if (given !== undefined) return given
    const fetchBytes = this.fetchStatusBytes
    if (fetchBytes === undefined) throw offlineError(url)
    return new TextDecoder().decode(await budget.fetch(url, (context) => fetchBytes(url, context)))
  }
}
