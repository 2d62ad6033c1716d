/**
 * How the page fetches status lists and did:web documents: through the verifier's guarded fetch
 * (https only, no loopback or private addresses, no redirects in a browser, a timeout and a size cap).
 *
 * A build may name local hosts (`localFetchHosts` in vite.config.ts) that are fetched as well, over
 * plain http: the end-to-end test serves its status lists from 127.0.0.1 that way. This opens only
 * those hosts, never plain http elsewhere, and a page built with any says so on screen. Production
 * builds name none.
 */
import type { GuardedFetchOptions } from '@tessera/verifier'

export function fetchOptionsFor(
  localFetchHosts: readonly string[],
  platformFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): GuardedFetchOptions {
  if (localFetchHosts.length === 0) return { fetch: platformFetch }
  // The guard is told to accept http (for these hosts' sake) and these private hosts; this fetch keeps
  // plain http to exactly these hosts.
  const onlyLocalHttp: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (
      url.protocol === 'http:' &&
      !localFetchHosts.includes(url.hostname) &&
      !localFetchHosts.includes(url.host)
    ) {
      return Promise.reject(new TypeError(`refusing plain http to ${url.host}: only https is fetched`))
    }
    return platformFetch(input, init)
  }
  return { fetch: onlyLocalHttp, allowHttp: true, allowedHosts: localFetchHosts }
}
