/**
 * The service's HTTP surface as a Hono app: web-standard `Request` in, `Response` out, so the same
 * handlers run under Node (`@hono/node-server`), inside another Hono app, or in any framework that speaks
 * `fetch`. Every route sits under the credential issuer's path, except the well-known documents, which
 * sit where the specifications put them (and where some wallets look instead). Errors are OAuth error
 * responses; anything unexpected is a bare `server_error` (the operator's log gets the rest), never a
 * stack. The admin API (admin-app.ts) and the published documents (published.ts: status lists, the DID
 * document) go beside these.
 */
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { adminRoutes } from './admin-app.js'
import { allowedMethods } from './allowed-methods.js'
import type { ServiceContext } from './context.js'
import { corsJson, walletCors } from './cors.js'
import { credentialEndpoint } from './credential-endpoint.js'
import { ProtocolError, refuse } from './errors.js'
import { authorizationServerMetadata, credentialIssuerMetadata } from './metadata.js'
import { notificationEndpoint } from './notification-endpoint.js'
import { credentialOfferObject } from './offers.js'
import { publishedRoutes } from './published.js'
import { hashSecret } from './secrets.js'
import { tokenEndpoint } from './token-endpoint.js'
import { wellKnownPaths } from './urls.js'

/** RFC 6749 (5.1) asks for both on an answer that carries a token; the nonce and credentials are as private. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }
/** Metadata changes when an offer names a new configuration: wallets check again rather than keep it. */
const REVALIDATE = { 'Cache-Control': 'no-cache' }

/** The wallet-facing routes of the service, on `context`. */
export function walletApp(context: ServiceContext): Hono {
  const { urls } = context
  const base = urls.basePath
  const app = new Hono()
  // Web wallets read the metadata and call the endpoints from another origin; no cookie is ever used.
  app.use('*', walletCors)

  const issuerMetadata = async () => {
    const display = await context.store.setting('issuer_display')
    return credentialIssuerMetadata(
      urls,
      await context.store.configurations(),
      display === undefined ? undefined : (JSON.parse(display) as Record<string, unknown>),
    )
  }
  for (const path of wellKnownPaths(base, 'openid-credential-issuer'))
    app.get(path, async (c) => c.json(await issuerMetadata(), 200, REVALIDATE))
  for (const path of wellKnownPaths(base, 'oauth-authorization-server'))
    app.get(path, (c) => c.json(authorizationServerMetadata(urls), 200, REVALIDATE))

  app.get(`${base}/credential-offer/:code`, async (c) => {
    const code = c.req.param('code')
    const found = code.length > 512 ? undefined : await context.store.offerByCode(hashSecret(code))
    if (
      found === undefined ||
      found.offer.state !== 'open' ||
      found.offer.expiresAt <= context.clock().getTime()
    )
      refuse('not_found', 'no open credential offer here: it was used, withdrawn, or has expired')
    return c.json(credentialOfferObject(found.offer, code), 200, NO_STORE)
  })
  // The three requests of every wallet flow: their answers carry their headers in one plain object.
  app.post(`${base}/token`, async (c) => corsJson(await tokenEndpoint(context, c.req.raw), 200, NO_STORE))
  app.post(`${base}/nonce`, () =>
    corsJson({ c_nonce: context.nonces.issue(context.clock()).nonce }, 200, NO_STORE),
  )
  app.post(`${base}/credential`, async (c) =>
    corsJson(await credentialEndpoint(context, c.req.raw), 200, NO_STORE),
  )
  app.post(`${base}/notification`, async (c) => {
    await notificationEndpoint(context, c.req.raw)
    return c.body(null, 204, NO_STORE)
  })

  adminRoutes(app, context)
  publishedRoutes(app, {
    issuer: context.issuer,
    issuerStore: context.issuerStore,
    basePath: base,
    ...(context.did === undefined ? {} : { did: context.did }),
    ...(context.didDocument === undefined ? {} : { didDocument: context.didDocument }),
  })

  app.notFound((c) => {
    const allowed = allowedMethods(app.routes, c.req.path)
    if (allowed.length > 0) {
      const error = new ProtocolError('method_not_allowed', `this endpoint takes ${allowed.join(', ')}`)
      return c.json(error.body(), 405, { ...error.headers(), Allow: allowed.join(', ') })
    }
    const error = new ProtocolError('not_found', 'no such endpoint')
    return c.json(error.body(), 404, error.headers())
  })
  app.onError((error, c) => {
    let refusal: ProtocolError
    if (error instanceof ProtocolError) refusal = error
    else {
      context.log({ kind: 'server_error', message: error.message, error })
      refusal = new ProtocolError('server_error', 'the service failed on this request; the failure is logged')
    }
    return c.json(refusal.body(), refusal.status as ContentfulStatusCode, refusal.headers())
  })
  return app
}
