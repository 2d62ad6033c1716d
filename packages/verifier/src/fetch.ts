/**
 * Fetching remote documents (DID documents, controller documents, status lists) for a verifier that
 * may face hostile credentials: HTTPS only, no private or metadata addresses, redirects checked hop by
 * hop, a timeout and a size cap. Runs on any `fetch` (browsers, React Native, Node).
 */
import { type JsonObject, parseJsonObject, TesseraError } from '@tessera/schema'

export type FetchErrorCode =
  | 'URL_NOT_ALLOWED'
  | 'FETCH_FAILED'
  | 'FETCH_TIMEOUT'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_HTTP_STATUS'
  | 'FETCH_NOT_JSON'
  | 'FETCH_REDIRECT'

export interface GuardedFetchOptions {
  /** The fetch to use. Default: the platform's. */
  fetch?: typeof fetch
  /** Default 5,000 ms, for the whole exchange including redirects. */
  timeoutMs?: number
  /** Largest body read, in bytes. Default 4 MiB. */
  maxBytes?: number
  /** Default 3. */
  maxRedirects?: number
  /** Accept http: as well as https:. Default false. */
  allowHttp?: boolean
  /** Hosts (`host` or `host:port`) allowed even when private or loopback, for tests and intranets. */
  allowedHosts?: readonly string[]
}

export type JsonFetcher = (url: string) => Promise<JsonObject>

function fail(code: FetchErrorCode, message: string, cause?: unknown): never {
  throw new TesseraError<FetchErrorCode>(code, message, cause === undefined ? undefined : { cause })
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined
  const bytes = parts.map(Number)
  return bytes.every((b) => b <= 255) ? bytes : undefined
}

function privateIpv4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && (b as number) >= 64 && (b as number) <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata (169.254.169.254)
    (a === 172 && (b as number) >= 16 && (b as number) <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a as number) >= 224 // multicast and reserved
  )
}

/** Whether a URL host (as the WHATWG URL parser normalises it) names a private, loopback or metadata address. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.internal') ||
    host.endsWith('.local')
  ) {
    return true
  }
  const v4 = ipv4(host)
  if (v4 !== undefined) return privateIpv4(v4)
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1)
    if (v6 === '::' || v6 === '::1') return true
    const mapped =
      /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6)
    if (mapped !== null) {
      const bytes =
        mapped.length === 2
          ? ipv4(mapped[1] as string)
          : [mapped[1], mapped[2]].flatMap((h) => {
              const n = Number.parseInt(h as string, 16)
              return [n >> 8, n & 0xff]
            })
      return bytes === undefined || privateIpv4(bytes)
    }
    const first = Number.parseInt(v6.split(':')[0] || '0', 16)
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00
  }
  return false
}

/** Refuses a URL the options do not allow; returns it parsed. */
export function checkUrl(
  url: string,
  options: Pick<GuardedFetchOptions, 'allowHttp' | 'allowedHosts'> = {},
): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch (cause) {
    return fail('URL_NOT_ALLOWED', `${JSON.stringify(url.slice(0, 200))} is not a URL`, cause)
  }
  const allowedScheme =
    parsed.protocol === 'https:' || (options.allowHttp === true && parsed.protocol === 'http:')
  if (!allowedScheme)
    fail('URL_NOT_ALLOWED', `refusing ${parsed.protocol} URL ${parsed.href}: only https is fetched`)
  if (parsed.username !== '' || parsed.password !== '')
    fail('URL_NOT_ALLOWED', 'refusing a URL with credentials')
  const allowed =
    options.allowedHosts?.includes(parsed.host) || options.allowedHosts?.includes(parsed.hostname)
  if (!allowed && isPrivateHost(parsed.hostname)) {
    fail('URL_NOT_ALLOWED', `refusing ${parsed.host}: a private, loopback, link-local or metadata address`)
  }
  return parsed
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes)
    fail('FETCH_TOO_LARGE', `${url} is ${declared} bytes, over the ${maxBytes} accepted`)
  if (response.body === null) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      fail('FETCH_TOO_LARGE', `${url} is over the ${maxBytes} bytes accepted`)
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/**
 * A fetch of bytes that follows the rules above. Each redirect target is checked like the first URL;
 * where the platform hides redirect targets (browsers), a redirect is refused.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): (url: string) => Promise<Uint8Array> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const timeoutMs = options.timeoutMs ?? 5_000
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024
  const maxRedirects = options.maxRedirects ?? 3
  return async (url) => {
    const signal = AbortSignal.timeout(timeoutMs)
    let target = checkUrl(url, options)
    for (let hop = 0; ; hop++) {
      let response: Response
      try {
        response = await doFetch(target.href, {
          redirect: 'manual',
          signal,
          credentials: 'omit',
          headers: {
            accept:
              'application/json, application/ld+json, application/did+json, application/vc+ld+json, */*',
          },
        })
      } catch (cause) {
        if (signal.aborted)
          fail('FETCH_TIMEOUT', `${target.href} did not answer within ${timeoutMs} ms`, cause)
        fail('FETCH_FAILED', `${target.href} could not be fetched: ${(cause as Error).message}`, cause)
      }
      if (response.type === 'opaqueredirect')
        fail('FETCH_REDIRECT', `${target.href} redirects, and redirects are not followed here`)
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location')
        await response.body?.cancel().catch(() => undefined)
        if (location === null) fail('FETCH_REDIRECT', `${target.href} redirects without a Location`)
        if (hop >= maxRedirects) fail('FETCH_REDIRECT', `${url} redirects more than ${maxRedirects} times`)
        target = checkUrl(new URL(location, target).href, options)
        continue
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined)
        fail('FETCH_HTTP_STATUS', `${target.href} answered HTTP ${response.status}`)
      }
      try {
        return await readCapped(response, maxBytes, target.href)
      } catch (error) {
        if (error instanceof TesseraError) throw error
        if (signal.aborted)
          fail('FETCH_TIMEOUT', `${target.href} did not finish within ${timeoutMs} ms`, error)
        fail('FETCH_FAILED', `${target.href} broke off: ${(error as Error).message}`, error)
      }
    }
  }
}

/** A guarded fetch that parses the body as a JSON object (with the schema package's safe parser). */
export function createJsonFetcher(options: GuardedFetchOptions = {}): JsonFetcher {
  const fetchBytes = createGuardedFetch(options)
  return async (url) => {
    const bytes = await fetchBytes(url)
    try {
      return parseJsonObject(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    } catch (cause) {
      return fail('FETCH_NOT_JSON', `${url} is not a JSON object: ${(cause as Error).message}`, cause)
    }
  }
}
