/**
 * Finding the key behind a verification method: did:key, did:web and did:jwk through `did-resolver`
 * (did:web and https controller documents fetched with the guarded fetch), results cached.
 */

import { base58 } from '@scure/base'
import { isJsonObject, type JsonObject, parseJsonObject, TesseraError } from '@tessera/schema'
import { type DIDResolutionResult, Resolver } from 'did-resolver'
import * as base64url from 'jose/base64url'
import type { JsonFetcher } from './fetch.js'
import { readVerificationMethod, type VerificationMethod } from './keys.js'

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

export type VerificationRelationship = 'assertionMethod' | 'authentication'

export interface ResolvedMethod {
  method: VerificationMethod
  /** The relationships of the controller document that list this method. */
  relationships: VerificationRelationship[]
}

function fail(code: ResolveErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<ResolveErrorCode>(code, message, cause === undefined ? undefined : { cause })
}

/** `did:web:example.com:users:alice` -> `https://example.com/users/alice/did.json`. */
export function didWebUrl(did: string): string {
  const [host, ...path] = did.slice('did:web:'.length).split(':')
  if (host === undefined || host === '') fail('KEY_NOT_FOUND', `${did} names no host`)
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part)
    } catch (cause) {
      return fail('CANNOT_DEREFERENCE', `${did} holds a malformed percent-encoding`, cause)
    }
  }
  const origin = `https://${decode(host)}`
  return path.length === 0
    ? `${origin}/.well-known/did.json`
    : `${origin}/${path.map(decode).join('/')}/did.json`
}

function didJwkDocument(did: string): JsonObject {
  let jwk: JsonObject
  try {
    jwk = parseJsonObject(new TextDecoder().decode(base64url.decode(did.slice('did:jwk:'.length))))
  } catch (cause) {
    return fail('CANNOT_DEREFERENCE', `${did} does not hold a JWK`, cause)
  }
  const id = `${did}#0`
  return {
    id: did,
    verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
    assertionMethod: [id],
    authentication: [id],
  }
}

/**
 * The document of a did:key (Ed25519 or P-256, the keys Tessera verifies with), made here rather than
 * by a general did:key resolver, which would load codecs and curves for keys never used to sign.
 */
function didKeyDocument(did: string): JsonObject {
  const multibase = did.slice('did:key:'.length)
  let bytes: Uint8Array
  try {
    if (!multibase.startsWith('z')) throw new Error('not base58btc')
    bytes = base58.decode(multibase.slice(1))
  } catch (cause) {
    return fail('CANNOT_DEREFERENCE', `${did} does not hold a base58btc multikey`, cause)
  }
  const ed25519 = bytes[0] === 0xed && bytes[1] === 0x01 && bytes.length === 34
  const p256 = bytes[0] === 0x80 && bytes[1] === 0x24 && bytes.length === 35
  if (!ed25519 && !p256) fail('CANNOT_DEREFERENCE', `${did} is not an Ed25519 or P-256 did:key`)
  const id = `${did}#${multibase}`
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    assertionMethod: [id],
    authentication: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  }
}

function asResult(document: JsonObject): DIDResolutionResult {
  return {
    didDocument: document as unknown as DIDResolutionResult['didDocument'],
    didDocumentMetadata: {},
    didResolutionMetadata: {},
  }
}

export interface KeyResolverOptions {
  fetchJson: JsonFetcher
  /** Documents by URL or DID, served before anything is fetched (offline use, tests). */
  documents?: ReadonlyMap<string, JsonObject>
}

/** Resolves verification methods to keys, caching documents by DID or URL. */
export class KeyResolver {
  private readonly resolver: Resolver
  private readonly controllers = new Map<string, Promise<JsonObject>>()
  /** Verification methods already read, by URL: the same key object each time (its imported form is cached by it). */
  private readonly methods = new Map<string, Promise<ResolvedMethod>>()

  constructor(private readonly options: KeyResolverOptions) {
    const web = async (did: string): Promise<DIDResolutionResult> =>
      asResult(await this.fetchDocument(didWebUrl(did)))
    const jwk = async (did: string): Promise<DIDResolutionResult> => asResult(didJwkDocument(did))
    const key = async (did: string): Promise<DIDResolutionResult> => asResult(didKeyDocument(did))
    this.resolver = new Resolver({ key, web, jwk }, { cache: true })
  }

  private async fetchDocument(url: string): Promise<JsonObject> {
    const given = this.options.documents?.get(url)
    if (given !== undefined) return given
    try {
      return await this.options.fetchJson(url)
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause)
      return fail('CANNOT_DEREFERENCE', `cannot dereference ${url}: ${why}`, cause)
    }
  }

  /** The DID document or controller document of `id` (a DID or an https URL, no fragment). */
  document(id: string): Promise<JsonObject> {
    let pending = this.controllers.get(id)
    if (pending === undefined) {
      pending = this.load(id)
      this.controllers.set(id, pending)
      pending.catch(() => this.controllers.delete(id))
    }
    return pending
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
      let result: DIDResolutionResult
      try {
        result = await this.resolver.resolve(id)
      } catch (cause) {
        return fail('CANNOT_DEREFERENCE', `cannot resolve ${id}: ${(cause as Error).message}`, cause)
      }
      if (result.didDocument === null || result.didDocument === undefined) {
        fail(
          'CANNOT_DEREFERENCE',
          `cannot resolve ${id}: ${result.didResolutionMetadata.error ?? 'no document'}`,
        )
      }
      return this.checkId(result.didDocument as unknown as JsonObject, id)
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
    let pending = this.methods.get(methodId)
    if (pending === undefined) {
      pending = this.readMethod(methodId)
      this.methods.set(methodId, pending)
      pending.catch(() => this.methods.delete(methodId))
    }
    return pending
  }

  private async readMethod(methodId: string): Promise<ResolvedMethod> {
    const hash = methodId.indexOf('#')
    const controllerId = hash < 0 ? methodId : methodId.slice(0, hash)
    const document = await this.document(controllerId)
    const wanted = hash < 0 ? undefined : methodId
    const candidates = [
      ...(Array.isArray(document.verificationMethod) ? document.verificationMethod : []),
      ...['assertionMethod', 'authentication'].flatMap((r) =>
        Array.isArray(document[r]) ? (document[r] as unknown[]) : [],
      ),
    ].filter(isJsonObject)
    const absolute = (ref: unknown) =>
      typeof ref === 'string' && ref.startsWith('#') ? controllerId + ref : ref
    const found = candidates.find((m) => (wanted === undefined ? true : absolute(m.id) === wanted))
    if (found === undefined) fail('KEY_NOT_FOUND', `${controllerId} lists no verification method ${methodId}`)
    const method = await readVerificationMethod({ ...found, id: absolute(found.id) }, controllerId)
    const relationships = (['assertionMethod', 'authentication'] as const).filter((r) => {
      const listed = document[r]
      return Array.isArray(listed) && listed.some((e) => absolute(isJsonObject(e) ? e.id : e) === method.id)
    })
    return { method, relationships }
  }
}
