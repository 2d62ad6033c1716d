/// <reference types="node" />
/**
 * The transport of the guarded fetch on Node, where a verifier may sit inside a private network: each
 * request resolves its host (the guard's lookup, by default the system resolver), has every address
 * checked (fetch.ts, `checkAddresses`), and node:http/https connects to those very addresses through
 * its `lookup` hook. The name is resolved once per connection, so a DNS server cannot answer the check
 * with one address and the connection with another. No socket is pooled: each one serves the request
 * whose rules it was checked under, and is closed after it.
 */
import type { LookupAddress, LookupOptions } from 'node:dns'
import type { IncomingMessage } from 'node:http'
import { fail, verifierError } from './errors.js'
import type { ConnectionGuard, ResolvedAddress } from './fetch.js'

// Loaded with the first fetch, not at import: a verifier that never fetches never loads TLS.
const load = () =>
  Promise.all([import('node:http'), import('node:https'), import('node:dns'), import('node:stream')])
let loading: ReturnType<typeof load> | undefined
const modules = (): ReturnType<typeof load> => {
  loading ??= load()
  return loading
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void

/** The response as a WHATWG Response; a status fetch cannot represent (below 200, above 599) is refused. */
function toResponse(
  response: IncomingMessage,
  url: URL,
  toWeb: typeof import('node:stream')['Readable']['toWeb'],
): Response {
  const status = response.statusCode ?? 0
  if (status < 200 || status > 599) {
    response.destroy()
    fail('FETCH_HTTP_STATUS', `${url.href} answered HTTP ${status}`)
  }
  const headers = new Headers()
  const raw = response.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string)
  const empty = status === 204 || status === 205 || status === 304
  if (empty) {
    response.on('error', () => undefined)
    response.resume()
  }
  const body = empty ? null : (toWeb(response) as unknown as ReadableStream<Uint8Array>)
  return new Response(body, { status, headers })
}

export function platformFetch(guard: ConnectionGuard): typeof fetch {
  const nodeFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const [http, https, dns, stream] = await modules()
    const resolveHost = guard.lookup ?? ((hostname: string) => dns.promises.lookup(hostname, { all: true }))
    const checked = async (hostname: string): Promise<readonly ResolvedAddress[]> => {
      let answers: readonly ResolvedAddress[]
      try {
        answers = await resolveHost(hostname)
      } catch (cause) {
        fail('FETCH_FAILED', `${hostname} does not resolve`, cause)
      }
      guard.checkAddresses(url, answers)
      return answers
    }
    const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
      checked(hostname).then(
        (answers) => {
          const wanted = options.family === 4 || options.family === 6 ? options.family : undefined
          const usable = answers
            .filter((a) => wanted === undefined || a.family === wanted)
            .map((a) => ({ address: a.address, family: a.family }))
          const first = usable[0]
          if (first === undefined)
            callback(verifierError('FETCH_FAILED', `${hostname} has no IPv${wanted} address`), '', 0)
          else if (options.all === true) callback(null, usable)
          else callback(null, first.address, first.family)
        },
        (error: Error) => callback(error, '', 0),
      )
    }
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined
    if (client === undefined) throw new TypeError(`${url.protocol} URLs are not fetched`)
    const headers: Record<string, string> = { 'accept-encoding': 'identity' }
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value
    })
    return new Promise<Response>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          agent: false,
          lookup,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          try {
            resolve(toResponse(response, url, stream.Readable.toWeb))
          } catch (error) {
            reject(error)
          }
        },
      )
      request.on('error', reject)
      request.end()
    })
  }
  return nodeFetch as typeof fetch
}
