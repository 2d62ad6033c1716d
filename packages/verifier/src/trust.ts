/**
 * Who issued a credential, as far as the verifier's own trust policy can say. A signature proves which
 * key signed, not who holds it: the name a credential gives its issuer is self-asserted, and a fresh
 * did:key can call itself anything. Only a list the verifier chose (trusted DIDs, did:web domains, a
 * registry) makes "issued by the Guild" true. The result says whether the issuer is on it, on which
 * list and under which name, and keeps the self-asserted name apart, marked as a claim.
 */
import { decodeUtf8, isJsonObject, type JsonObject, parseJson, TesseraError } from '@tessera/schema'
import type { IssuerTrustEvaluator } from './capabilities.js'
import { fail, offlineError } from './errors.js'
import type { FetchContext } from './fetch.js'
import type { FederationRegistry, FederationSource, TextLoader } from './trust-federation.js'
import { lookUp, type RegistryEntry, readTrustRegistry, type TrustRegistry } from './trust-registry.js'
import { trustBase, unlistedTrust } from './trust-unknown.js'

export { claimedIssuerName } from './trust-unknown.js'

export type TrustErrorCode = 'TRUST_POLICY_INVALID'

/** Why an issuer is not known. */
export type UnknownIssuerCode =
  /** No list names it. */
  | 'ISSUER_NOT_TRUSTED'
  /** No list that could be read names it, and a registry could not be read: it might be there. */
  | 'REGISTRY_UNAVAILABLE'
  /** The verifier was given no trusted issuers and no registry. */
  | 'NO_TRUST_POLICY'
  /** A policy was given to a verifier without the trust capability (`@tessera/verifier/trust`). */
  | 'TRUST_NOT_INSTALLED'
  /** The credential is not shown to be signed with its issuer's key, so no list is asked. */
  | 'ISSUER_NOT_PROVEN'

export interface TrustedIssuer {
  /** A DID or an https issuer URL, exactly as credentials name it. */
  id: string
  /** The name to show for it (the credential's own name for itself is never used). */
  name?: string
}

export interface TrustedDomain {
  /** A host (`guild.example`, `guild.example:8443`): every did:web DID there, never its subdomains. */
  domain: string
  name?: string
}

/**
 * A registry: given as data (`document`: the DCC issuer registry format or a plain list), or read from
 * `url` (from the verifier's `documents` first, then through its guarded fetch unless it is offline).
 * The DCC's list of known registries (`[{ name, type, url }]`) is a list of these as it stands:
 * `dcc-legacy` (or no type) is read from `url`; `oidf` is an OpenID Federation trust anchor, its
 * statements checked (see trust-federation.ts), its keys those of its entity configuration unless
 * `jwks` pins them. Another type is reported as not checked (REGISTRY_TYPE_UNSUPPORTED).
 */
export type RegistrySource =
  | { name: string; document: unknown }
  | { name: string; url: string; type?: string }
  | { name: string; type: 'oidf'; trustAnchorEC: string; jwks?: unknown }
  | { name: string; type: string; trustAnchorEC?: string; url?: string }

export interface TrustPolicy {
  /** What the result calls the list made of `issuers` and `domains`. Default "your trusted list". */
  name?: string
  /** Trusted issuers by id. */
  issuers?: readonly (string | TrustedIssuer)[]
  /** Trusted did:web (and https issuer) domains. */
  domains?: readonly (string | TrustedDomain)[]
  /** Registries, the most authoritative first: the first that lists an issuer gives its name. */
  registries?: readonly RegistrySource[]
}

export interface UncheckedRegistry {
  name: string
  code: string
  message: string
}

/** The `trust` part of a verification result. */
export interface IssuerTrust {
  /** The issuer's id: the DID (or URL) whose key signed. Always shown. */
  issuer: string
  /** The domain a did:web (or https) issuer is bound to: shown beside the name. */
  domain?: string
  /** True only when the issuer is on the verifier's trust policy and the credential is signed with its key. */
  known: boolean
  /** The list that names it ("DCC Sandbox Registry", "your trusted list"). */
  registry?: string
  /** Its name on that list. */
  name?: string
  /** Its web site on that list. */
  url?: string
  /** The name the credential gives its issuer: self-asserted, checked by no one. Show it as a claim. */
  claimedName?: string
  /** Why it is not known. */
  code?: UnknownIssuerCode
  message: string
  /** Registries that could not be read (unreachable, invalid, of a kind not supported). */
  unchecked?: UncheckedRegistry[]
}

/** How the trust check reads a registry at a URL: from the given documents, or fetched (undefined: offline). */
export interface TrustIo {
  documents?: ReadonlyMap<string, unknown>
  fetchBytes?: (url: string, context?: FetchContext) => Promise<Uint8Array>
}

export const DEFAULT_TRUSTED_LIST_NAME = 'your trusted list'

interface Listed {
  /** The list's name. */
  name: string
  entry?: RegistryEntry
}

interface Unchecked {
  unchecked: UncheckedRegistry
}

type Source =
  | { kind: 'given'; registry: TrustRegistry }
  | { kind: 'url'; name: string; url: string }
  | { kind: 'federation'; name: string; registry: () => Promise<FederationRegistry> }
  | { kind: 'unsupported'; name: string; type: string }

function compileSource(source: RegistrySource, index: number, load: TextLoader): Source {
  if (!isJsonObject(source) || typeof source.name !== 'string' || source.name.trim() === '')
    fail('TRUST_POLICY_INVALID', `registries[${index}] has no name`)
  const { name } = source
  if ('document' in source) return { kind: 'given', registry: readTrustRegistry(source.document, { name }) }
  const type = typeof source.type === 'string' ? source.type : undefined
  if (type === 'oidf') {
    const { trustAnchorEC, jwks } = source as { trustAnchorEC?: unknown; jwks?: unknown }
    if (typeof trustAnchorEC !== 'string')
      fail('TRUST_POLICY_INVALID', `registries[${index}] (${name}) is oidf without a trustAnchorEC`)
    if (jwks !== undefined && !(isJsonObject(jwks) && Array.isArray(jwks.keys)))
      fail(
        'TRUST_POLICY_INVALID',
        `registries[${index}] (${name}): jwks is not a JWK set ({ "keys": [...] })`,
      )
    const federation: FederationSource = { name, trustAnchorEC, ...(jwks === undefined ? {} : { jwks }) }
    // Loaded with the first question to a federation: a policy without one never loads its code.
    let made: Promise<FederationRegistry> | undefined
    const registry = () => {
      made ??= import('./trust-federation.js').then((m) => new m.FederationRegistry(federation, load))
      made.catch(() => {
        made = undefined
      })
      return made
    }
    return { kind: 'federation', name, registry }
  }
  if (type !== undefined && type !== 'dcc-legacy' && type !== 'plain')
    return { kind: 'unsupported', name, type }
  const { url } = source as { url?: unknown }
  if (typeof url !== 'string')
    fail('TRUST_POLICY_INVALID', `registries[${index}] (${name}) has neither a document nor a url`)
  return { kind: 'url', name, url }
}

/**
 * The trust check of a verifier: its policy read once (given lists and documents read now, so that a
 * broken one fails at construction with REGISTRY_INVALID or TRUST_POLICY_INVALID), registries at URLs
 * read on first use and kept for the verifier's life (a failed read is tried again next time).
 */
export class IssuerTrustCheck implements IssuerTrustEvaluator {
  private readonly own: TrustRegistry | undefined
  private readonly sources: Source[]
  private readonly loaded = new Map<string, Promise<TrustRegistry>>()

  constructor(
    policy: TrustPolicy | undefined,
    private readonly io: TrustIo = {},
  ) {
    const given: unknown = policy
    if (given !== undefined && !isJsonObject(given))
      fail('TRUST_POLICY_INVALID', 'the trust policy is not an object')
    const { issuers, domains, registries } = policy ?? {}
    if (registries !== undefined && !Array.isArray(registries))
      fail('TRUST_POLICY_INVALID', 'registries is not a list')
    if (policy?.name !== undefined && typeof policy.name !== 'string')
      fail('TRUST_POLICY_INVALID', 'the policy’s name is not text')
    const name = policy?.name ?? DEFAULT_TRUSTED_LIST_NAME
    this.own =
      issuers === undefined && domains === undefined
        ? undefined
        : readTrustRegistry({ issuers: issuers ?? [], domains: domains ?? [] }, { name })
    const load: TextLoader = (url, context) => this.loadText(url, context)
    this.sources = (registries ?? []).map((source, i) => compileSource(source, i, load))
  }

  /** Whether any list or registry was given. */
  get hasPolicy(): boolean {
    return this.own !== undefined || this.sources.length > 0
  }

  /** A document at `url` as text: from `documents`, or fetched (strict UTF-8) unless offline. */
  private async loadText(url: string, context: FetchContext | undefined): Promise<string> {
    const given = this.io.documents?.get(url)
    if (given !== undefined) return typeof given === 'string' ? given : JSON.stringify(given)
    if (this.io.fetchBytes === undefined) throw offlineError(url)
    return decodeUtf8(await this.io.fetchBytes(url, context))
  }

  private load(
    source: Extract<Source, { kind: 'url' }>,
    context: FetchContext | undefined,
  ): Promise<TrustRegistry> {
    let pending = this.loaded.get(source.url)
    if (pending === undefined) {
      pending = this.read(source, context)
      this.loaded.set(source.url, pending)
      pending.catch(() => this.loaded.delete(source.url))
    }
    return pending
  }

  private async read(
    { name, url }: { name: string; url: string },
    context: FetchContext | undefined,
  ): Promise<TrustRegistry> {
    const given = this.io.documents?.get(url)
    // strict UTF-8 (INVALID_UTF8) and the schema package's bounded JSON parser (MALFORMED_JSON,
    // JSON_TOO_DEEP, UNSAFE_KEY, ...): their codes say what is wrong with it
    const document =
      given !== undefined && typeof given !== 'string' ? given : parseJson(await this.loadText(url, context))
    return readTrustRegistry(document, { name, url })
  }

  /** One list's answer: the entry it has for the issuer (or none), or why it could not be read. */
  private async ask(
    source: Source,
    issuer: string,
    domain: string | undefined,
    now: Date,
    context: FetchContext | undefined,
  ): Promise<Listed | Unchecked> {
    if (source.kind === 'unsupported') {
      return {
        unchecked: {
          name: source.name,
          code: 'REGISTRY_TYPE_UNSUPPORTED',
          message: `${source.name} is a registry of type ${source.type}, which this verifier does not read`,
        },
      }
    }
    const name = source.kind === 'given' ? source.registry.name : source.name
    let entry: RegistryEntry | undefined
    try {
      if (source.kind === 'federation') entry = await (await source.registry()).lookUp(issuer, now, context)
      else
        entry = lookUp(
          source.kind === 'given' ? source.registry : await this.load(source, context),
          issuer,
          domain,
        )
    } catch (error) {
      return {
        unchecked: {
          name,
          code: error instanceof TesseraError ? error.code : 'REGISTRY_UNAVAILABLE',
          message: error instanceof Error ? error.message : String(error),
        },
      }
    }
    return { name, ...(entry === undefined ? {} : { entry }) }
  }

  /**
   * What the policy says of `issuer`, at `now` (federation statements expire). `proven`: the
   * credential's proof and issuer checks passed. `context`: the verification's fetch budget.
   */
  async evaluate(
    issuer: string,
    credential: JsonObject,
    proven: boolean,
    now: Date,
    context?: FetchContext,
  ): Promise<IssuerTrust> {
    const base = trustBase(issuer, credential)
    const unlisted = unlistedTrust(base, proven, this.hasPolicy ? 'given' : 'none')
    if (unlisted !== undefined) return unlisted
    const domain = base.domain
    const lists: Source[] = [
      ...(this.own === undefined ? [] : [{ kind: 'given' as const, registry: this.own }]),
      ...this.sources,
    ]
    // In order, the first list that names the issuer counts. Lists given as data answer at once, so
    // a match there fetches nothing; from the first list to be read on, all are read together.
    const answers: (Listed | Unchecked)[] = []
    let pending: Promise<Listed | Unchecked>[] | undefined
    for (const [i, source] of lists.entries()) {
      if (pending === undefined && source.kind !== 'given')
        pending = lists.slice(i).map((s) => this.ask(s, issuer, domain, now, context))
      const answer =
        pending === undefined
          ? await this.ask(source, issuer, domain, now, context)
          : await (pending.shift() as Promise<Listed | Unchecked>)
      answers.push(answer)
      if ('entry' in answer && answer.entry !== undefined) break
    }
    const unchecked = answers.flatMap((a) => ('unchecked' in a ? [a.unchecked] : []))
    const found = answers.find((a): a is Required<Listed> => 'entry' in a && a.entry !== undefined)
    const uncheckedPart = unchecked.length === 0 ? {} : { unchecked }
    if (found !== undefined) {
      const { name: registry, entry } = found
      return {
        ...base,
        known: true,
        registry,
        ...(entry.name === undefined ? {} : { name: entry.name }),
        ...(entry.url === undefined ? {} : { url: entry.url }),
        message: `${issuer} is a known issuer of ${registry}${entry.name === undefined ? '' : `, listed as ${entry.name}`}`,
        ...uncheckedPart,
      }
    }
    if (unchecked.length > 0) {
      return {
        ...base,
        known: false,
        code: 'REGISTRY_UNAVAILABLE',
        message: `${issuer} is in none of the lists read, and ${unchecked.map((u) => u.name).join(', ')} could not be read: it may be listed there`,
        ...uncheckedPart,
      }
    }
    return {
      ...base,
      known: false,
      code: 'ISSUER_NOT_TRUSTED',
      message: `${issuer} signed it, and is not in your trusted list`,
    }
  }
}

/**
 * A trust policy from a JSON file (`tessera verify --trust`, the verify page's trust.json), in any of
 * these shapes: a policy (`{ name?, issuers?, domains?, registries? }`), the DCC's list of known
 * registries (`[{ name, type, url }]`), a DCC issuer registry (`{ registry: {...} }`, named `name`), or a
 * plain list of DIDs and domains. Refused with REGISTRY_INVALID or TRUST_POLICY_INVALID when it is none.
 */
export function readTrustPolicy(json: unknown, options: { name?: string } = {}): TrustPolicy {
  const name = options.name ?? DEFAULT_TRUSTED_LIST_NAME
  let policy: TrustPolicy
  if (Array.isArray(json)) {
    const registries =
      json.length > 0 &&
      json.every((e) => isJsonObject(e) && typeof e.name === 'string' && ('url' in e || 'type' in e))
    policy = registries
      ? { registries: json as RegistrySource[] }
      : { name, registries: [{ name, document: json }] }
  } else if (isJsonObject(json) && json.registry !== undefined) {
    policy = { registries: [{ name, document: json }] }
  } else if (
    isJsonObject(json) &&
    (json.issuers !== undefined || json.domains !== undefined || json.registries !== undefined)
  ) {
    policy = { ...(json.name === undefined ? { name } : {}), ...(json as TrustPolicy) }
  } else {
    fail(
      'TRUST_POLICY_INVALID',
      'not a trust policy, a list of registries, an issuer registry or a list of issuers',
    )
  }
  // Reading it as a verifier would: a broken list fails here, not at the first verification.
  new IssuerTrustCheck(policy)
  return policy
}

/**
 * Several policies as one, in the order given: each one's own issuers and domains become a list named
 * after it, followed by its registries. The first list that names an issuer still counts.
 */
export function combineTrustPolicies(policies: readonly TrustPolicy[]): TrustPolicy {
  if (policies.length === 1) return policies[0] as TrustPolicy
  const registries: RegistrySource[] = []
  for (const policy of policies) {
    if (policy.issuers !== undefined || policy.domains !== undefined) {
      registries.push({
        name: policy.name ?? DEFAULT_TRUSTED_LIST_NAME,
        document: { issuers: policy.issuers ?? [], domains: policy.domains ?? [] },
      })
    }
    registries.push(...(policy.registries ?? []))
  }
  return { registries }
}
