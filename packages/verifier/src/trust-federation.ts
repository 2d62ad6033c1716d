/**
 * OpenID Federation trust anchors as issuer registries: what the Digital Credentials Consortium's list
 * of known registries calls an `oidf` registry (`{ name, type: "oidf", trustAnchorEC }`). The anchor's
 * entity configuration (a JWT at `trustAnchorEC`, signed with a key of its own `jwks`, or of keys the
 * caller pins) gives its fetch endpoint; for an issuer, the endpoint answers a subordinate statement
 * (`?sub=<DID>`: a JWT the anchor signed, or 404 when it does not list the DID) whose
 * `metadata.federation_entity` names the issuer. Every statement is checked here: type
 * `entity-statement+jwt`, an accepted algorithm, a key of the anchor, `iss`/`sub`, and `exp` against the
 * verification's time. (The DCC's own client reads these statements without checking their signature.)
 */
import {
  checkHeader,
  type PublicJwk,
  readPublicJwk,
  type SignatureAlg,
  verifySignature,
} from '@tessera/proofs'
import { decodeJwt, isJsonObject, isTesseraError, type JsonObject } from '@tessera/schema'
import * as base64url from 'jose/base64url'
import { fail } from './errors.js'
import type { FetchContext } from './fetch.js'
import type { RegistryEntry } from './trust-registry.js'

export type FederationErrorCode =
  /** A statement that is not an entity statement, or lacks what the federation needs. */
  | 'REGISTRY_INVALID'
  /** A statement not signed with a key of the trust anchor. */
  | 'REGISTRY_SIGNATURE_INVALID'
  /** A statement past its `exp` (or issued in the future). */
  | 'REGISTRY_EXPIRED'

export interface FederationSource {
  name: string
  /** The trust anchor's entity configuration URL (`https://anchor.example/.well-known/openid-federation`). */
  trustAnchorEC: string
  /** Keys to trust the anchor by (`{ keys: [JWK, ...] }`); otherwise those its entity configuration states. */
  jwks?: unknown
}

/** How statements are read: `documents` first (offline use), then the guarded fetch. */
export type TextLoader = (url: string, context: FetchContext | undefined) => Promise<string>

const ENCODER = new TextEncoder()
const SKEW_MS = 60_000
/** How long "not listed" is believed before the endpoint is asked again. */
const NOT_LISTED_MS = 5 * 60_000
/** Most issuers whose answers are kept (the oldest go first): issuers are whoever signs a credential. */
const MAX_ANSWERS = 1_000

/** The keys of a JWK set that Tessera can verify with, by `kid` (others are left out). */
export function readKeySet(jwks: unknown, what: string): Map<string, PublicJwk> {
  const keys = isJsonObject(jwks) ? jwks.keys : undefined
  if (!Array.isArray(keys)) fail('REGISTRY_INVALID', `${what} has no JWK set ({ "keys": [...] })`)
  const out = new Map<string, PublicJwk>()
  for (const key of keys) {
    if (!isJsonObject(key) || typeof key.kid !== 'string') continue
    try {
      out.set(key.kid, readPublicJwk(key))
    } catch {
      // a key type Tessera does not verify with: statements signed with it fail below
    }
  }
  if (out.size === 0) fail('REGISTRY_INVALID', `${what} has no key Tessera can verify with`)
  return out
}

/** A checked entity statement's payload. */
async function checkedStatement(
  text: string,
  keys: ReadonlyMap<string, PublicJwk> | 'own',
  what: string,
  now: number,
): Promise<JsonObject> {
  let jwt: ReturnType<typeof decodeJwt>
  try {
    jwt = decodeJwt(text.trim())
  } catch (error) {
    return fail('REGISTRY_INVALID', `${what} is not a JWT: ${(error as Error).message}`)
  }
  const { header, payload } = jwt
  if (header.typ !== 'entity-statement+jwt')
    fail('REGISTRY_INVALID', `${what} is not an entity statement (typ ${String(header.typ)})`)
  const accepted = checkHeader(header)
  if (!accepted.ok) fail('REGISTRY_SIGNATURE_INVALID', `${what}: ${accepted.message}`)
  const keySet = keys === 'own' ? readKeySet(payload.jwks, what) : keys
  const key = typeof header.kid === 'string' ? keySet.get(header.kid) : undefined
  if (key === undefined)
    fail(
      'REGISTRY_SIGNATURE_INVALID',
      `${what} is signed with a key (${String(header.kid)}) the anchor does not have`,
    )
  let valid: boolean
  try {
    valid = await verifySignature(
      key,
      header.alg as SignatureAlg,
      ENCODER.encode(jwt.signingInput),
      base64url.decode(jwt.signature),
    )
  } catch (error) {
    return fail('REGISTRY_SIGNATURE_INVALID', `${what}: ${(error as Error).message}`)
  }
  if (!valid) fail('REGISTRY_SIGNATURE_INVALID', `${what}: the signature does not match`)
  if (typeof payload.exp !== 'number' || payload.exp * 1000 + SKEW_MS < now)
    fail('REGISTRY_EXPIRED', `${what} has expired (exp ${String(payload.exp)})`)
  if (typeof payload.iat === 'number' && payload.iat * 1000 - SKEW_MS > now)
    fail('REGISTRY_EXPIRED', `${what} is issued in the future (iat ${payload.iat})`)
  return payload
}

interface Anchor {
  entityId: string
  keys: ReadonlyMap<string, PublicJwk>
  fetchEndpoint: URL
  /** Its entity configuration's exp, in ms. */
  expires: number
}

interface Answer {
  entry: RegistryEntry | undefined
  expires: number
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** What a subordinate statement's metadata says of the issuer, in the registry entry's terms. */
function entryOf(payload: JsonObject): RegistryEntry {
  const metadata = isJsonObject(payload.metadata) ? payload.metadata : {}
  const entity = isJsonObject(metadata.federation_entity) ? metadata.federation_entity : {}
  const more = isJsonObject(metadata.institution_additional_information)
    ? metadata.institution_additional_information
    : {}
  const entry: RegistryEntry = {}
  const name = text(entity.organization_name)
  const url = text(entity.homepage_uri)
  const location = text(entity.location)
  const legalName = text(more.legal_name)
  if (name !== undefined) entry.name = name
  if (url !== undefined) entry.url = url
  if (location !== undefined) entry.location = location
  if (legalName !== undefined) entry.legalName = legalName
  return entry
}

/** One OpenID Federation trust anchor, asked about issuers; statements kept until they expire. */
export class FederationRegistry {
  private readonly pinned: ReadonlyMap<string, PublicJwk> | undefined
  private anchor: { promise: Promise<Anchor>; expires: number } | undefined
  private readonly answers = new Map<string, Promise<Answer>>()

  constructor(
    readonly source: FederationSource,
    private readonly load: TextLoader,
  ) {
    this.pinned =
      source.jwks === undefined ? undefined : readKeySet(source.jwks, `${source.name}'s pinned jwks`)
  }

  private async readAnchor(now: number, context: FetchContext | undefined): Promise<Anchor> {
    const what = `${this.source.name}'s entity configuration`
    const payload = await checkedStatement(
      await this.load(this.source.trustAnchorEC, context),
      this.pinned ?? 'own',
      what,
      now,
    )
    if (typeof payload.sub !== 'string' || payload.iss !== payload.sub)
      fail(
        'REGISTRY_INVALID',
        `${what} is not self-issued (iss ${String(payload.iss)}, sub ${String(payload.sub)})`,
      )
    const metadata = isJsonObject(payload.metadata) ? payload.metadata : {}
    const entity = isJsonObject(metadata.federation_entity) ? metadata.federation_entity : {}
    let fetchEndpoint: URL
    try {
      fetchEndpoint = new URL(String(entity.federation_fetch_endpoint))
    } catch {
      return fail('REGISTRY_INVALID', `${what} names no federation_fetch_endpoint`)
    }
    return {
      entityId: payload.sub,
      keys: this.pinned ?? readKeySet(payload.jwks, what),
      fetchEndpoint,
      expires: (payload.exp as number) * 1000,
    }
  }

  private anchorAt(now: number, context: FetchContext | undefined): Promise<Anchor> {
    if (this.anchor === undefined || this.anchor.expires <= now) {
      const promise = this.readAnchor(now, context)
      const held = { promise, expires: Number.POSITIVE_INFINITY }
      this.anchor = held
      promise.then(
        (anchor) => {
          held.expires = anchor.expires
        },
        () => {
          if (this.anchor === held) this.anchor = undefined
        },
      )
    }
    return this.anchor.promise
  }

  private async ask(issuer: string, now: number, context: FetchContext | undefined): Promise<Answer> {
    const anchor = await this.anchorAt(now, context)
    const url = new URL(anchor.fetchEndpoint)
    url.searchParams.set('sub', issuer)
    let statement: string
    try {
      statement = await this.load(url.href, context)
    } catch (error) {
      // OpenID Federation: 404 (not_found) is the endpoint's answer for an entity it does not list
      if (isTesseraError(error) && error.code === 'FETCH_HTTP_STATUS' && /\bHTTP 404$/.test(error.message))
        return { entry: undefined, expires: now + NOT_LISTED_MS }
      throw error
    }
    const what = `${this.source.name}'s statement about ${issuer}`
    const payload = await checkedStatement(statement, anchor.keys, what, now)
    if (payload.iss !== anchor.entityId)
      fail(
        'REGISTRY_INVALID',
        `${what} is issued by ${String(payload.iss)}, not by the anchor ${anchor.entityId}`,
      )
    if (payload.sub !== issuer) fail('REGISTRY_INVALID', `${what} is about ${String(payload.sub)}`)
    return { entry: entryOf(payload), expires: Math.min((payload.exp as number) * 1000, anchor.expires) }
  }

  /** What the federation says of `issuer` at `now`: its entry, or undefined when it does not list it. */
  async lookUp(issuer: string, now: Date, context?: FetchContext): Promise<RegistryEntry | undefined> {
    const at = now.getTime()
    const cached = this.answers.get(issuer)
    if (cached !== undefined) {
      const answer = await cached.catch(() => undefined)
      if (answer !== undefined && answer.expires > at) return answer.entry
    }
    const pending = this.ask(issuer, at, context)
    this.answers.delete(issuer)
    this.answers.set(issuer, pending)
    if (this.answers.size > MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value as string)
    pending.catch(() => {
      if (this.answers.get(issuer) === pending) this.answers.delete(issuer)
    })
    return (await pending).entry
  }
}
