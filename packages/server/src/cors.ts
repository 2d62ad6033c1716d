/**
 * CORS for web wallets, which read the metadata and call the endpoints from another origin (no cookie is
 * ever used, so any origin may). Hono's own `cors` middleware reads the context's response before the
 * handler makes one, and Hono then copies the handler's response into a new one to merge the two: under
 * @hono/node-server that turns its lightweight response into a full `Response` whose body is read back
 * through a web stream, for every request. This sets the headers on the response the handler made, and
 * answers preflights itself.
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

/** Any origin, the methods and headers wallets and the admin API use; `WWW-Authenticate` readable. */
export const walletCors: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'OPTIONS') return c.body(null, 204, PREFLIGHT)
  await next()
  c.res.headers.set('Access-Control-Allow-Origin', '*')
  c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS)
}
