/**
 * CORS for web wallets, which read the metadata and call the endpoints from another origin (no cookie is
 * ever used, so any origin may). Hono's own `cors` middleware reads the context's response before the
 * handler makes one, and Hono then copies the handler's response into a new one to merge the two: under
 * @hono/node-server that turns its lightweight response into a full `Response` whose body is read back
 * through a web stream, for every request. This sets the headers on the response the handler made, and
 * answers preflights itself. The wallet flow's own answers (token, nonce, credential) are made by
 * `corsJson` with every header in one plain object, which @hono/node-server writes as it is: no `Headers`
 * object is built for them, where Hono's `c.json` builds one for more than one header and the middleware
 * then sets two more on it (about 20 µs of the service's CPU a request with routing, issue #17).
 */
import type { MiddlewareHandler } from 'hono'

const EXPOSE_HEADERS = 'WWW-Authenticate'

const PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET,POST,DELETE,OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization,Content-Type,DPoP',
  'Access-Control-Expose-Headers': EXPOSE_HEADERS,
  'Access-Control-Max-Age': '600',
}

/** The CORS headers of an answer (not of a preflight). */
const ANSWER = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSE_HEADERS }

/** Answers made by `corsJson`, which carry the CORS headers already. */
const withCors = new WeakSet<Response>()

/** A JSON answer with `headers` and the CORS headers, all in one plain object. */
export function corsJson(body: unknown, status: number, headers: Readonly<Record<string, string>>): Response {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers, ...ANSWER },
  })
  withCors.add(response)
  return response
}

/** Any origin, the methods and headers wallets and the admin API use; `WWW-Authenticate` readable. */
export const walletCors: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'OPTIONS') return c.body(null, 204, PREFLIGHT)
  await next()
  if (withCors.has(c.res)) return
  for (const [name, value] of Object.entries(ANSWER)) c.res.headers.set(name, value)
}
