/**
 * Reading the lists a verifier trusts issuers from: the Digital Credentials Consortium's issuer
 * registry format (`{ meta, registry: { "<DID>": { name, location, url } } }`, what
 * `@digitalcredentials/issuer-registry-client` calls a `dcc-legacy` registry), and a plain list (DIDs,
 * issuer URLs and did:web domains, named or not). A list is data the caller chose: it is read strictly
 * (an entry that is not an identifier or a domain refuses the whole list) and bounded in size.
 */
import { isJsonObject } from '@tessera/schema'
import { fail } from './errors.js'

export type TrustRegistryErrorCode = 'REGISTRY_INVALID' | 'REGISTRY_TOO_LARGE'

/** What a list says of an issuer it names. Registry text, shown through `displayText` like any other. */
export interface RegistryEntry {
  /** The issuer's name, as the list gives it. */
  name?: string
  /** Its web site. */
  url?: string
  location?: string
  legalName?: string
}

export interface TrustRegistry {
  /** The name the result and the display give the list ("DCC Sandbox Registry", "your trusted list"). */
  name: string
  /** Where it was read from, when it was fetched. */
  url?: string
  /** Issuer ids (DIDs, issuer URLs) listed, exactly as written. */
  issuers: ReadonlyMap<string, RegistryEntry>
  /** Domains listed (normalised: lower case, punycode, no default port): every did:web DID at one. */
  domains: ReadonlyMap<string, RegistryEntry>
}

/** Most entries a list may hold. The DCC's registries hold tens. */
export const MAX_REGISTRY_ENTRIES = 100_000
/** Longest identifier or text accepted in a list. */
const MAX_TEXT = 4_096

/**
 * DID syntax (W3C DID 1.0, section 3.1): `did:` method `:` method-specific id (idchars and `:`, not
 * ending in `:`), no path, query or fragment; every `%` starts a percent-encoded octet.
 */
const DID_CHARACTERS = /^did:[a-z0-9]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._%-]$/
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/

function isDid(id: string): boolean {
  return DID_CHARACTERS.test(id) && !BAD_PERCENT.test(id)
}

/** Whether `id` is a DID or an https URL: what an issuer id in a list must be. */
export function isIssuerId(id: string): boolean {
  if (id.length > MAX_TEXT) return false
  if (id.startsWith('did:')) return isDid(id)
  if (!id.startsWith('https://')) return false
  try {
    return new URL(id).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * A host name (with a port or not) as the URL parser normalises it: lower case, internationalised
 * names in punycode (so a look-alike letter cannot pass for an ASCII one), no trailing dot, no
 * default port. Undefined when `text` is not a host.
 */
export function normaliseDomain(text: string): string | undefined {
  if (text.length === 0 || text.length > 253 + 6 || /[\s/?#@\\]/.test(text)) return undefined
  let url: URL
  try {
    url = new URL(`https://${text}`)
  } catch {
    return undefined
  }
  if (url.pathname !== '/' || url.search !== '' || url.username !== '' || url.hostname === '')
    return undefined
  const host = url.hostname.replace(/\.$/, '')
  if (host === '' || host.includes('..')) return undefined
  return url.port === '' ? host : `${host}:${url.port}`
}

/**
 * The domain an issuer id is bound to: a did:web's host (`did:web:guild.example:members` ->
 * `guild.example`; a port is percent-encoded, `did:web:guild.example%3A8443`), or an https issuer
 * URL's host. Other DIDs (did:key, did:jwk) are bound to a key, not a domain: undefined.
 */
export function issuerDomain(issuer: string): string | undefined {
  if (issuer.startsWith('did:web:')) {
    if (!isDid(issuer)) return undefined
    const host = issuer.slice('did:web:'.length).split(':')[0] as string
    try {
      return normaliseDomain(decodeURIComponent(host))
    } catch {
      return undefined
    }
  }
  if (issuer.startsWith('https://')) {
    try {
      const url = new URL(issuer)
      return url.protocol === 'https:' ? normaliseDomain(url.host) : undefined
    } catch {
      return undefined
    }
  }
  return undefined
}

function optionalText(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') fail('REGISTRY_INVALID', `${what} is not text`)
  if (value.length > MAX_TEXT) fail('REGISTRY_INVALID', `${what} is over ${MAX_TEXT} characters`)
  return value
}

function entryOf(value: unknown, what: string): RegistryEntry {
  if (!isJsonObject(value)) fail('REGISTRY_INVALID', `${what} is not an object`)
  const entry: RegistryEntry = {}
  const name = optionalText(value.name, `${what}'s name`)
  const url = optionalText(value.url, `${what}'s url`)
  const location = optionalText(value.location, `${what}'s location`)
  const legalName = optionalText(value.legalName, `${what}'s legalName`)
  if (name !== undefined) entry.name = name
  if (url !== undefined) entry.url = url
  if (location !== undefined) entry.location = location
  if (legalName !== undefined) entry.legalName = legalName
  return entry
}

function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)
}

class Collector {
  readonly issuers = new Map<string, RegistryEntry>()
  readonly domains = new Map<string, RegistryEntry>()
  private count = 0

  constructor(private readonly listName: string) {}

  private counted(): void {
    if (++this.count > MAX_REGISTRY_ENTRIES)
      fail('REGISTRY_TOO_LARGE', `${this.listName} holds more than ${MAX_REGISTRY_ENTRIES} entries`)
  }

  issuer(id: string, entry: RegistryEntry): void {
    this.counted()
    if (!isIssuerId(id))
      fail('REGISTRY_INVALID', `${this.listName} lists ${quoted(id)}, which is not a DID or an https URL`)
    // The first entry of an issuer counts, as in the DCC's client.
    if (!this.issuers.has(id)) this.issuers.set(id, entry)
  }

  domain(text: string, entry: RegistryEntry): void {
    this.counted()
    const domain = normaliseDomain(text)
    if (domain === undefined)
      fail('REGISTRY_INVALID', `${this.listName} lists ${quoted(text)}, which is not a domain`)
    if (!this.domains.has(domain)) this.domains.set(domain, entry)
  }

  /** A plain list's item: a DID, an https URL or a domain; or `{ id | domain, name?, url? }`. */
  item(item: unknown, at: string): void {
    if (typeof item === 'string') {
      if (item.startsWith('did:') || item.includes('://')) this.issuer(item, {})
      else this.domain(item, {})
      return
    }
    const entry = entryOf(item, `${this.listName}${at}`)
    const { id, domain } = item as { id?: unknown; domain?: unknown }
    if (typeof id === 'string' && domain === undefined) this.issuer(id, entry)
    else if (typeof domain === 'string' && id === undefined) this.domain(domain, entry)
    else fail('REGISTRY_INVALID', `${this.listName}${at} has neither an id nor a domain (or both)`)
  }

  list(items: unknown, what: string): void {
    if (items === undefined) return
    if (!Array.isArray(items)) fail('REGISTRY_INVALID', `${this.listName}'s ${what} is not a list`)
    if (items.length > MAX_REGISTRY_ENTRIES)
      fail('REGISTRY_TOO_LARGE', `${this.listName} holds more than ${MAX_REGISTRY_ENTRIES} entries`)
    items.forEach((item, i) => {
      this.item(item, ` ${what}[${i}]`)
    })
  }
}

/**
 * Reads a list of trusted issuers, in one of these shapes:
 * - the DCC issuer registry: `{ "meta": {...}, "registry": { "did:web:guild.example": { "name": "Guild" } } }`;
 * - a plain list: `["did:web:guild.example", "did:key:z6Mk...", "bookbinders.example"]`, items also
 *   `{ "id": "did:...", "name": "..." }` or `{ "domain": "guild.example", "name": "..." }`;
 * - the same with a name: `{ "name": "...", "issuers": [...], "domains": [...] }`.
 * A domain stands for every did:web DID at that host (paths included: `did:web:guild.example:members`)
 * and an https issuer URL there, never for its subdomains.
 */
export function readTrustRegistry(document: unknown, source: { name: string; url?: string }): TrustRegistry {
  const collector = new Collector(source.name)
  if (Array.isArray(document)) {
    collector.list(document, 'items')
  } else if (isJsonObject(document) && document.registry !== undefined) {
    const registry = document.registry
    if (!isJsonObject(registry)) fail('REGISTRY_INVALID', `${source.name}'s registry is not an object`)
    if (Object.keys(registry).length > MAX_REGISTRY_ENTRIES)
      fail('REGISTRY_TOO_LARGE', `${source.name} holds more than ${MAX_REGISTRY_ENTRIES} entries`)
    for (const [id, value] of Object.entries(registry))
      collector.issuer(id, entryOf(value, `${source.name}: ${quoted(id)}`))
  } else if (isJsonObject(document) && (document.issuers !== undefined || document.domains !== undefined)) {
    collector.list(document.issuers, 'issuers')
    if (document.domains !== undefined) {
      if (!Array.isArray(document.domains)) fail('REGISTRY_INVALID', `${source.name}'s domains is not a list`)
      document.domains.forEach((item, i) => {
        if (typeof item === 'string') collector.domain(item, {})
        else collector.item(item, ` domains[${i}]`)
      })
    }
  } else {
    fail(
      'REGISTRY_INVALID',
      `${source.name} is neither a DCC issuer registry ({ "registry": {...} }) nor a list of issuers`,
    )
  }
  return {
    name: source.name,
    ...(source.url === undefined ? {} : { url: source.url }),
    issuers: collector.issuers,
    domains: collector.domains,
  }
}

/** What a list says of `issuer` (bound to `domain`), if it names it: by its id first, then by its domain. */
export function lookUp(
  registry: TrustRegistry,
  issuer: string,
  domain: string | undefined,
): RegistryEntry | undefined {
  return registry.issuers.get(issuer) ?? (domain === undefined ? undefined : registry.domains.get(domain))
}
