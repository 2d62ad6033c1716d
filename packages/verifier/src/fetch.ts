/**
 * Fetching remote documents (DID documents, controller documents, status lists) for a verifier that
 * may face hostile credentials: HTTPS only, no special-purpose address or local name (the address rules:
 * special-addresses.ts and `hostProblem` below), redirects checked hop by hop, a timeout and a size cap.
 * On Node the connection goes to an address the name was checked to resolve to (the `#transport`
 * import); elsewhere the platform's `fetch` connects, and names are checked as written.
 */
import { isTesseraError, type JsonObject, parseJsonObject, TesseraError } from '@tessera/schema'
// Node resolves #transport to a client that checks what names resolve to, every other runtime to fetch.
import { platformFetch } from '#transport'
import { fail } from './errors.js'
import { isIpAddress, specialPurposeBlock } from './special-addresses.js'

export type FetchErrorCode =
  | 'URL_NOT_ALLOWED'
  | 'FETCH_FAILED'
  | 'FETCH_TIMEOUT'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_HTTP_STATUS'
  | 'FETCH_NOT_JSON'
  | 'FETCH_REDIRECT'

/** One answer of a name lookup. */
export interface ResolvedAddress {
  address: string
  family: number
}

/** Resolves a host name to every address it has (Node's `dns.lookup` with `all: true` answers so). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>

export interface GuardedFetchOptions {
  /**
   * The fetch to use. Default: on Node, a client (node:http/https) that resolves each name, checks every
   * address it resolves to and connects to those very addresses; elsewhere the platform's `fetch`. A
   * fetch given here connects by itself: the guard then checks URLs, not what their names resolve to.
   */
  fetch?: typeof fetch
  /** Node: how host names are resolved (default `dns.lookup`, the system resolver). Tests inject one. */
  lookup?: HostLookup
  /** Default 5,000 ms, for the whole exchange including redirects. */
  timeoutMs?: number
  /** Largest body read, in bytes. Default 4 MiB. */
  maxBytes?: number
  /** Default 3. */
  maxRedirects?: number
  /** Accept http: as well as https:. Default false. */
  allowHttp?: boolean
  /** Accept loopback addresses (127.0.0.0/8, ::1) and `localhost`, for tests and local development. Default false. */
  allowLoopback?: boolean
  /** Hosts (`host` or `host:port`) allowed whatever their address, for tests and intranets. */
  allowedHosts?: readonly string[]
}

/** What one verification asks of each fetch it makes: see budget.ts. */
export interface FetchContext {
  /** Ends the fetch when it aborts (the verification's deadline), with its reason. */
  signal?: AbortSignal
  /** Called before each request, redirects included; throws to refuse it (a budget spent). */
  beforeRequest?: (url: URL) => void
}

export type GuardedFetch = (url: string, context?: FetchContext) => Promise<Uint8Array>
export type JsonFetcher = (url: string, context?: FetchContext) => Promise<JsonObject>

/** What the platform transport is told: how to resolve names, and which addresses it may connect to. */
export interface ConnectionGuard {
  lookup?: HostLookup
  /** Throws URL_NOT_ALLOWED unless every address `url`'s host resolved to may be connected to. */
  checkAddresses(url: URL, addresses: readonly ResolvedAddress[]): void
}

type AddressOptions = Pick<GuardedFetchOptions, 'allowLoopback'>

/** Why an IP address may not be fetched from (its special-purpose block), or undefined. */
export function addressProblem(address: string, options: AddressOptions = {}): string | undefined {
  const block = specialPurposeBlock(address)
  if (block === undefined || (block.loopback && options.allowLoopback === true)) return undefined
  return `${address} is ${block.name}, in ${block.range}`
}

/**
 * Names that only mean something on this machine or this network: `localhost` (RFC 6761), mDNS's
 * `.local` (RFC 6762), `.home.arpa` (RFC 8375), ICANN's private-use `.internal`, and `.localdomain`
 * (as /etc/hosts files write localhost). Names without a dot (`vm`, `metadata`) are refused as well.
 */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain']

/**
 * Why a URL host (as the WHATWG URL parser normalises it: IPv4 in dotted decimal, IPv6 in brackets)
 * may not be fetched, or undefined. A name passes when it has a dot and no local suffix: what it
 * resolves to is checked when it is resolved (Node), or not at all (browsers).
 */
export function hostProblem(hostname: string, options: AddressOptions = {}): string | undefined {
  const host = hostname.toLowerCase()
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  if (isIpAddress(literal)) return addressProblem(literal, options)
  const name = host.endsWith('.') ? host.slice(0, -1) : host
  if (options.allowLoopback === true && (name === 'localhost' || name.endsWith('.localhost')))
    return undefined
  if (!name.includes('.')) return `${name || '(empty)'} is a name without a dot (a local name)`
  const suffix = LOCAL_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`))
  return suffix === undefined ? undefined : `${name} is a local name (.${suffix})`
}

/** Whether a URL host names a loopback, private, link-local, metadata or other special-purpose address, or a local name. */
export function isPrivateHost(hostname: string): boolean {
  return hostProblem(hostname) !== undefined
}

function allowedByName(url: URL, options: Pick<GuardedFetchOptions, 'allowedHosts'>): boolean {
  return (
    options.allowedHosts?.includes(url.host) === true || options.allowedHosts?.includes(url.hostname) === true
  )
}

/** Refuses a URL the options do not allow; returns it parsed. */
export function checkUrl(
  url: string,
  options: Pick<GuardedFetchOptions, 'allowHttp' | 'allowedHosts' | 'allowLoopback'> = {},
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
  const problem = allowedByName(parsed, options) ? undefined : hostProblem(parsed.hostname, options)
  if (problem !== undefined) fail('URL_NOT_ALLOWED', `refusing ${parsed.host}: ${problem}, not a public host`)
  return parsed
}

/**
 * Refuses a host whose name resolved to any address the rules refuse (one bad answer is enough: a
 * name that points both outside and inside is an attack). Called by the Node transport between the
 * lookup and the connection, which then goes to these addresses and no others.
 */
export function checkAddresses(
  url: URL,
  addresses: readonly ResolvedAddress[],
  options: Pick<GuardedFetchOptions, 'allowedHosts' | 'allowLoopback'> = {},
): void {
  if (allowedByName(url, options)) return
  if (addresses.length === 0) fail('FETCH_FAILED', `${url.hostname} does not resolve`)
  for (const { address } of addresses) {
    const problem = isIpAddress(address)
      ? addressProblem(address, options)
      : `${JSON.stringify(address.slice(0, 60))} is no IP address`
    if (problem !== undefined)
      fail('URL_NOT_ALLOWED', `refusing ${url.host}: it resolves to ${problem}, not a public address`)
  }
}

/** Settles as `promise` does, or rejects when `signal` aborts: a fetch or stream that ignores its signal still ends. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** Stops reading a body, without waiting on a source that may never answer. */
function discard(
  body: ReadableStream<Uint8Array> | null,
  reader?: ReadableStreamDefaultReader<Uint8Array>,
): void {
  ;(reader ?? body)?.cancel().catch(() => undefined)
}

async function readCapped(
  response: Response,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) {
    discard(response.body)
    fail('FETCH_TOO_LARGE', `${url} is ${declared} bytes, over the ${maxBytes} accepted`)
  }
  if (response.body === null || response.body === undefined) {
    // React Native's fetch (whatwg-fetch over XMLHttpRequest) has no body stream: read whole, then capped
    if (typeof response.arrayBuffer !== 'function') return new Uint8Array(0)
    const bytes = new Uint8Array(await untilAborted(response.arrayBuffer(), signal))
    if (bytes.byteLength > maxBytes) fail('FETCH_TOO_LARGE', `${url} is over the ${maxBytes} bytes accepted`)
    return bytes
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal)
      if (done) break
      total += value.byteLength
      if (total > maxBytes) fail('FETCH_TOO_LARGE', `${url} is over the ${maxBytes} bytes accepted`)
      chunks.push(value)
    }
  } catch (error) {
    discard(null, reader)
    throw error
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
 * where the platform hides redirect targets (browsers), a redirect is refused. A failed connection is
 * FETCH_FAILED with one message whatever the cause (refused, reset, TLS), so that an error never tells
 * an open port from a closed one; a fetch stopped by the context's signal rejects with its reason.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const doFetch =
    options.fetch ??
    // the options' lookup, when given, as it is
    platformFetch({ ...options, checkAddresses: (url, addresses) => checkAddresses(url, addresses, options) })
  const timeoutMs = options.timeoutMs ?? 5_000
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024
  const maxRedirects = options.maxRedirects ?? 3
  return async (url, context = {}) => {
    const controller = new AbortController()
    const signal = controller.signal
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const stopper = context.signal
    const onStop = () => controller.abort()
    stopper?.addEventListener('abort', onStop, { once: true })
    if (stopper?.aborted === true) controller.abort()
    /** Why an exchange ended early: the context's reason, the timeout, or a failed connection. */
    const ended = (target: URL, cause: unknown, what: string): never => {
      if (stopper?.aborted === true) {
        throw isTesseraError(stopper.reason)
          ? stopper.reason
          : new TesseraError<FetchErrorCode>('FETCH_TIMEOUT', `${target.href} was stopped by its caller`)
      }
      if (signal.aborted)
        fail('FETCH_TIMEOUT', `${target.href} did not ${what} within ${timeoutMs} ms`, cause)
      if (isTesseraError(cause)) throw cause
      return fail('FETCH_FAILED', `${target.href} could not be fetched (no connection, or no answer)`, cause)
    }
    try {
      let target = checkUrl(url, options)
      for (let hop = 0; ; hop++) {
        context.beforeRequest?.(target)
        let response: Response
        try {
          response = await untilAborted(
            doFetch(target.href, {
              redirect: 'manual',
              signal,
              credentials: 'omit',
              headers: {
                accept:
                  'application/json, application/ld+json, application/did+json, application/vc+ld+json, */*',
              },
            }),
            signal,
          )
        } catch (cause) {
          return ended(target, cause, 'answer')
        }
        if (response.type === 'opaqueredirect')
          fail('FETCH_REDIRECT', `${target.href} redirects, and redirects are not followed here`)
        if (response.status >= 300 && response.status < 400) {
          const location = response.headers.get('location')
          discard(response.body)
          if (location === null) fail('FETCH_REDIRECT', `${target.href} redirects without a Location`)
          if (hop >= maxRedirects) fail('FETCH_REDIRECT', `${url} redirects more than ${maxRedirects} times`)
          target = checkUrl(new URL(location, target).href, options)
          continue
        }
        if (!response.ok) {
          discard(response.body)
          fail('FETCH_HTTP_STATUS', `${target.href} answered HTTP ${response.status}`)
        }
        try {
          return await readCapped(response, maxBytes, target.href, signal)
        } catch (error) {
          if (isTesseraError(error) && error.code === 'FETCH_TOO_LARGE') throw error
          return ended(target, error, 'finish')
        }
      }
    } finally {
      clearTimeout(timer)
      stopper?.removeEventListener('abort', onStop)
    }
  }
}

/** A guarded fetch that parses the body as a JSON object (with the schema package's safe parser). */
export function createJsonFetcher(options: GuardedFetchOptions = {}): JsonFetcher {
  const fetchBytes = createGuardedFetch(options)
  return async (url, context) => {
    const bytes = await fetchBytes(url, context)
    try {
      return parseJsonObject(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    } catch (cause) {
      return fail('FETCH_NOT_JSON', `${url} is not a JSON object: ${(cause as Error).message}`, cause)
    }
  }
}
