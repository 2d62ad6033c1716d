/**
 * The access token of a credential or notification request (RFC 6750, 2.1): `Authorization: Bearer
 * <token>`, looked up by its hash, refused with `invalid_token` (401) when missing, unknown or expired.
 */
import type { ServiceContext } from './context.js'
import { refuse } from './errors.js'
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
  if (header === null) refuse('invalid_token', 'the request carries no access token (Authorization: Bearer)')
  if (/^DPoP /i.test(header))
    refuse('invalid_token', 'this issuer gives out Bearer tokens, not DPoP-bound ones')
  const match = BEARER.exec(header)
  if (match === null) refuse('invalid_token', 'the Authorization header is not a Bearer token')
  const found = await context.store.token(hashSecret(match[1] as string))
  if (found === undefined) refuse('invalid_token', 'unknown access token')
  if (found.token.expiresAt <= context.clock().getTime())
    refuse('invalid_token', 'the access token has expired')
  return found
}
