/**
 * Who may call an admin route: `Authorization: Bearer tsa_...`, looked up by its SHA-256. Refused with
 * `invalid_token` (401) when there is no token, an unknown one or a revoked one, and `insufficient_scope`
 * (403) when the token lacks the route's scope (RFC 6750, 3.1).
 */
import type { ServiceContext } from './context.js'
import { refuse } from './errors.js'
import { hashSecret } from './secrets.js'
import type { AdminScope, AdminTokenRecord } from './store.js'

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/i

export async function requireScope(
  context: ServiceContext,
  request: Request,
  scope: AdminScope,
): Promise<AdminTokenRecord> {
  const header = request.headers.get('authorization')
  if (header === null) refuse('invalid_token', 'the admin API needs a token (Authorization: Bearer tsa_...)')
  const match = BEARER.exec(header)
  if (match === null) refuse('invalid_token', 'the Authorization header is not a Bearer token')
  const token = await context.store.adminTokenByHash(hashSecret(match[1] as string))
  if (token === undefined) refuse('invalid_token', 'unknown admin token')
  if (token.revokedAt !== undefined) refuse('invalid_token', 'this admin token was revoked')
  if (!token.scopes.includes(scope))
    refuse('insufficient_scope', `this admin token does not have the scope ${scope}`, {
      extra: { scope },
    })
  return token
}
