/**
 * Finding the key behind a verification method: did:key, did:web and did:jwk, each DID read with
 * `did-resolver`'s `parse` and handed to its method (did:web and https controller documents fetched with
 * the guarded fetch; its `Resolver` class would only add a registry and a cache this module has), results cached. A resolver
 * made `within` a verification's budget charges its fetches to that budget and remembers what failed
 * for the rest of the verification; what resolved is shared by every verification of the verifier.
 */
import {
  didJwkDocument,
  didKeyDocument,
  type KeyLookup,
  methodInDocument,
  type ResolvedMethod,
  type VerificationRelationship,
} from '@tessera/proofs'
import { isTesseraError, type JsonObject } from '@tessera/schema'
import { parse } from 'did-resolver'
import type { Budget } from './budget.js'
import { fail } from './errors.js'
import type { JsonFetcher } from './fetch.js'

export type ResolveErrorCode =
  /** The verification method's document could not be fetched or resolved. */
  | 'CANNOT_DEREFERENCE'
  /** The document was found but holds no such verification method. */
  | 'KEY_NOT_FOUND'
  /** A DID method Tessera does not resolve. */
  | 'UNSUPPORTED_DID_METHOD'
  /** A URL scheme other than https and did. */
  | 'UNSUPPORTED_URL_SCHEME'
  /** A verification method id that is not a URL at all. */
  | 'INVALID_VERIFICATION_METHOD'
  /** A DID that breaks its method's syntax: a did:web whose host or path would fetch another URL. */
  | 'INVALID_DID'

export type { ResolvedMethod, VerificationRelationship }

/** A budget's refusal (a deadline, a limit) passes through the resolver as it is: it is not about the document. */
const BUDGET_CODES: ReadonlySet<string> = new Set(['DEADLINE_EXCEEDED', 'TOO_MANY_HOSTS', 'TOO_MANY_FETCHES'])

function isBudgetError(error: unknown): boolean {
  return isTesseraError(error) && BUDGET_CODES.has(error.code)
}

/** A did:web host once decoded: a name or IPv4 address, or a bracketed IPv6 address, and a port. */
const DID_WEB_HOST = /^(?:\[[0-9a-f:.]+\]|[^\s/\\?#@%[\]:]+)(?::\d{1,5})?$/i

/**
 * `did:web:example.com:users:alice` -> `https://example.com/users/alice/did.json` (did:web, section
 * 3.2). Each path segment is decoded and written back encoded, so it stays one segment; segments that a
 * URL resolves (`.`, `..`), empty ones, and ones holding a `/` or `\\` once decoded are refused, as are
 * hosts holding anything but a name, an address and a port: each would fetch another document than the
 * DID names (`did:web:host:registrar:..:..:mallory` is `https://host/mallory/did.json` to a URL parser).
 */
export function didWebUrl(did: string): string {
  const [host = '', ...path] = did.slice('did:web:'.length).split(':')
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part)
    } catch (cause) {
      return fail(
        'INVALID_DID',
        `${JSON.stringify(did.slice(0, 200))} holds a malformed percent-encoding`,
        cause,
      )
    }
  }
  const origin = decode(host)
  if (!DID_WEB_HOST.test(origin))
    fail('INVALID_DID', `${JSON.stringify(did.slice(0, 200))} does not name a host (and a port) alone`)
  const segments = path.map((part) => {
    const segment = decode(part)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\u0000-\u001f\u007f]/.test(segment)) {
      fail(
        'INVALID_DID',
        `${JSON.stringify(did.slice(0, 200))} has a path segment ${JSON.stringify(segment.slice(0, 40))}: empty, . and .. segments and encoded slashes are refused`,
      )
    }
    return encodeURIComponent(segment)
  })
  return segments.length === 0
    ? `https://${origin}/.well-known/did.json`
    : `https://${origin}/${segments.join('/')}/did.json`
}

export interface KeyResolverOptions {
  fetchJson: JsonFetcher
  /** Documents by URL or DID, served before anything is fetched (offline use, tests). */
  documents?: ReadonlyMap<string, JsonObject>
}

/**
 * What `key` resolved to: kept in `done` once it succeeds (for good), shared while under way in
 * `pending` (so that lookups at the same time make one), and looked up again after a failure, which
 * `failed` may remember.
 */
function lookUpOnce<T>(
  key: string,
  done: Map<string, T>,
  pending: Map<string, Promise<T>>,
  load: () => Promise<T>,
  failed?: (error: unknown) => void,
): Promise<T> {
  const value = done.get(key)
  if (value !== undefined) return Promise.resolve(value)
  let running = pending.get(key)
  if (running === undefined) {
    running = load().then(
      (loaded) => {
        done.set(key, loaded)
        pending.delete(key)
        return loaded
      },
      (error: unknown) => {
        failed?.(error)
        pending.delete(key)
        throw error
      },
    )
    pending.set(key, running)
  }
  return running
}

/** What every resolver of one verifier shares: the documents and methods that resolved. */
interface Resolved {
  documents: Map<string, JsonObject>
  /** Verification methods already read, by URL: the same key object each time (its imported form is cached by it). */
  methods: Map<string, ResolvedMethod>
}

/**
 * Resolves verification methods to keys. Documents and methods that resolved are kept for the
 * resolver's life and shared with every resolver made `within` a budget; lookups under way are shared
 * within one resolver, so that many endorsements by one issuer fetch its DID document once.
 */
export class KeyResolver implements KeyLookup {
  private readonly pendingDocuments = new Map<string, Promise<JsonObject>>()
  private readonly pendingMethods = new Map<string, Promise<ResolvedMethod>>()
  /** Lookups that failed in this verification (a budget's resolver only), by DID or URL. */
  private readonly failures = new Map<string, { error: unknown }>()

  constructor(
    private readonly options: KeyResolverOptions,
    private readonly resolved: Resolved = { documents: new Map(), methods: new Map() },
    private readonly budget?: Budget,
  ) {}

  /**
   * This resolver for one verification: its fetches go through `budget` (counted, run in parallel up to
   * its limit, stopped at its deadline), and a lookup that fails is not tried again while it lasts.
   */
  within(budget: Budget): KeyResolver {
    return new KeyResolver(this.options, this.resolved, budget)
  }

  private async fetchDocument(url: string): Promise<JsonObject> {
    const given = this.options.documents?.get(url)
    if (given !== undefined) return given
    try {
      return this.budget === undefined
        ? await this.options.fetchJson(url)
        : await this.budget.fetch(url, (context) => this.options.fetchJson(url, context))
    } catch (cause) {
      if (isBudgetError(cause)) throw cause
      const why = cause instanceof Error ? cause.message : String(cause)
      return fail('CANNOT_DEREFERENCE', `cannot dereference ${url}: ${why}`, cause)
    }
  }

  /** The DID document or controller document of `id` (a DID or an https URL, no fragment). */
  document(id: string): Promise<JsonObject> {
    const failure = this.failures.get(id)
    if (failure !== undefined && !this.resolved.documents.has(id)) return Promise.reject(failure.error)
    return lookUpOnce(
      id,
      this.resolved.documents,
      this.pendingDocuments,
      () => this.load(id),
      (error) => {
        if (this.budget !== undefined) this.failures.set(id, { error })
      },
    )
  }

  private async load(id: string): Promise<JsonObject> {
    const given = this.options.documents?.get(id)
    if (given !== undefined) return given
    if (id.startsWith('did:')) {
      const method = id.split(':')[1]
      if (method !== 'key' && method !== 'web' && method !== 'jwk') {
        fail(
          'UNSUPPORTED_DID_METHOD',
          `did:${method ?? ''} is not resolved here (did:key, did:web and did:jwk are)`,
        )
      }
      // the DID alone (no path, query or fragment) goes to its method, as did-resolver's Resolver passes it
      const did = parse(id)?.did
      if (did === undefined) return fail('INVALID_DID', `${JSON.stringify(id.slice(0, 200))} is not a DID`)
      let document: JsonObject
      try {
        document =
          method === 'web'
            ? await this.fetchDocument(didWebUrl(did))
            : method === 'jwk'
              ? didJwkDocument(did)
              : didKeyDocument(did)
      } catch (cause) {
        if (isBudgetError(cause) || (isTesseraError(cause) && cause.code === 'INVALID_DID')) throw cause
        return fail('CANNOT_DEREFERENCE', `cannot resolve ${id}: ${(cause as Error).message}`, cause)
      }
      return this.checkId(document, id)
    }
    let url: URL
    try {
      url = new URL(id)
    } catch (cause) {
      return fail('INVALID_VERIFICATION_METHOD', `${JSON.stringify(id)} is neither a DID nor a URL`, cause)
    }
    if (url.protocol !== 'https:')
      fail('UNSUPPORTED_URL_SCHEME', `${url.protocol} controllers are not dereferenced (https and DIDs are)`)
    return this.checkId(await this.fetchDocument(id), id)
  }

  private checkId(document: JsonObject, id: string): JsonObject {
    if (document.id !== id)
      fail('CANNOT_DEREFERENCE', `the document fetched for ${id} says it is ${String(document.id)}`)
    return document
  }

  /** The key a verification method URL (`<did or url>#<fragment>`, or a bare did:key) names. */
  method(methodId: string): Promise<ResolvedMethod> {
    return lookUpOnce(methodId, this.resolved.methods, this.pendingMethods, () => this.readMethod(methodId))
  }

  private async readMethod(methodId: string): Promise<ResolvedMethod> {
    const hash = methodId.indexOf('#')
    const controllerId = hash < 0 ? methodId : methodId.slice(0, hash)
    return methodInDocument(await this.document(controllerId), controllerId, methodId)
  }
}
