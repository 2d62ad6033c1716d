/**
 * What a request to a path the service has, with a method it does not take, is told: HTTP's 405 with an
 * `Allow` header naming the methods the path takes (RFC 9110 15.5.6), where a router alone answers 404 as
 * if the path did not exist (a GET on the token endpoint, a DELETE on the credential endpoint). Read from
 * the app's own routes, so it cannot drift from them: each route's path as a pattern (`:name` one
 * segment, `*` the rest), middleware (Hono's `ALL`) left out.
 */

/** A route as Hono lists it in `app.routes`. */
export interface RouteLike {
  method: string
  path: string
}

/** Each route path's pattern, compiled once (route paths are the app's own: a fixed, small set). */
const patterns = new Map<string, RegExp>()

/** A route's path as a regular expression over a request's path. */
function pattern(path: string): RegExp {
  const known = patterns.get(path)
  if (known !== undefined) return known
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*'
      if (segment.startsWith(':')) return '[^/]+'
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  const compiled = new RegExp(`^${source}/?$`)
  patterns.set(path, compiled)
  return compiled
}

/** The methods `routes` take at `path`, sorted (HEAD beside GET, as Hono answers it), empty for none. */
export function allowedMethods(routes: readonly RouteLike[], path: string): string[] {
  const methods = new Set<string>()
  for (const route of routes) {
    if (route.method === 'ALL' || !pattern(route.path).test(path)) continue
    methods.add(route.method)
    if (route.method === 'GET') methods.add('HEAD')
  }
  return [...methods].sort()
}
