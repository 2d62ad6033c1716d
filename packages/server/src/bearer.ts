/**
 * The access token of a credential or notification request (RFC 6750, 2.1): `Authorization: Bearer
 * <token>`, looked up by its hash, refused with `invalid_token` (401) when missing, unknown or expired; a
 * request without one, or with another scheme, gets the bare challenge (RFC 6750, 3).
 */
import type { JsonObject } from '@tessera/schema'
import { readJsonObject } from './body.js'
import type { ServiceContext } from './context.js'
import { type ProtocolErrorCode, refuse } from './errors.js'
import { hashSecret } from './secrets.js'
import type { OfferItem, OfferRecord, TokenRecord } from './store.js'

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{1,512}=*)$/i

export interface Authorized {
  token: TokenRecord
  offer: OfferRecord
  items: OfferItem[]
}

export async function authorize(context: ServiceContext, request: Request): Promise<Authorized> {
  const header = request.headers.get('authorization')
  if (header === null)
    refuse('invalid_token', 'the request carries no access token (Authorization: Bearer)', {
      unauthenticated: true,
    })
  // Another scheme (Basic, DPoP, ...) is an authentication method this resource does not support: the bare
  // challenge, without error information (RFC 6750, 3).
  if (!/^Bearer(?: |$)/i.test(header))
    refuse('invalid_token', 'this issuer takes Bearer access tokens only (Authorization: Bearer)', {
      unauthenticated: true,
    })
  const match = BEARER.exec(header)
  if (match === null) refuse('invalid_token', 'the Authorization header is not a Bearer token')
  const found = await context.store.token(hashSecret(match[1] as string))
  if (found === undefined) refuse('invalid_token', 'unknown access token')
  if (found.token.expiresAt <= context.clock().getTime())
    refuse('invalid_token', 'the access token has expired')
  return found
}

/**
 * A protected request's JSON body and its access token, the token judged first: without a valid one the
 * answer is RFC 6750's 401 whatever the body (OpenID4VCI 1.0, 8.3.1.1 and 11.3). The body is read before
 * all the same: a refusal sent while the body is still unread let the server close the wallet's
 * connection under its next request. `code` is the endpoint's code for a malformed body.
 */
export async function authorizeWithBody(
  context: ServiceContext,
  request: Request,
  code: ProtocolErrorCode,
): Promise<Authorized & { body: JsonObject }> {
  const read = await readJsonObject(request, context.limits.maxJsonBytes, code).then(
    (body) => ({ body }),
    (error: unknown) => ({ error }),
  )
  const authorized = await authorize(context, request)
  if ('error' in read) throw read.error
  return { ...authorized, body: read.body }
}
