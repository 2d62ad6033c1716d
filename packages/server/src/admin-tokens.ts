/**
 * The admin API's bearer tokens, for an association's member-management system: 32 random bytes shown
 * once when made (`tsa_<base64url>`), kept only as their SHA-256, each with the scopes it may use, revoked
 * by id. `tessera token create|list|revoke` and the admin routes go through these functions.
 */
import { fail } from './errors.js'
import { hashSecret, randomToken } from './secrets.js'
import type { AdminScope, AdminTokenRecord, ServerStore } from './store.js'

/** Every scope, and what it allows. */
export const ADMIN_SCOPES: Readonly<Record<AdminScope, string>> = Object.freeze({
  'credentials:issue': 'issue and renew credentials',
  'credentials:revoke': 'revoke, suspend and reinstate credentials (and their wallet copies)',
  'offers:create': 'make wallet offers for members',
  'ledger:read': 'read the ledger',
  'webhooks:manage': 'add, list and remove webhooks',
})

/** The prefix of every admin token: a secret scanner can find one pasted where it should not be. */
export const ADMIN_TOKEN_PREFIX = 'tsa_'

export function isAdminScope(value: unknown): value is AdminScope {
  return typeof value === 'string' && Object.hasOwn(ADMIN_SCOPES, value)
}

export interface CreatedAdminToken {
  /** The token itself: shown this once, never stored. */
  token: string
  record: AdminTokenRecord
}

export interface AdminTokenOptions {
  scopes: readonly string[]
  /** What the token is for (`members system`), at most 100 characters. */
  name?: string
  now: Date
}

/** Makes a token with `scopes` (INVALID_OPTIONS for an unknown scope, none, or a name too long). */
export async function createAdminToken(
  store: ServerStore,
  options: AdminTokenOptions,
): Promise<CreatedAdminToken> {
  const scopes = [...new Set(options.scopes)]
  if (scopes.length === 0) fail('INVALID_OPTIONS', 'a token has at least one scope')
  for (const scope of scopes)
    if (!isAdminScope(scope))
      fail('INVALID_OPTIONS', `${scope.slice(0, 40)} is not a scope: ${Object.keys(ADMIN_SCOPES).join(', ')}`)
  const name = options.name ?? ''
  if (name.length > 100) fail('INVALID_OPTIONS', 'a token name is at most 100 characters')
  const token = `${ADMIN_TOKEN_PREFIX}${randomToken(32)}`
  const record: AdminTokenRecord = {
    id: `tok_${randomToken(9)}`,
    name,
    hash: hashSecret(token),
    scopes: scopes as AdminScope[],
    createdAt: options.now.getTime(),
  }
  await store.addAdminToken(record)
  return { token, record }
}

/** Every token (revoked ones too), oldest first; never the tokens themselves. */
export function listAdminTokens(store: ServerStore): Promise<AdminTokenRecord[]> {
  return store.adminTokens()
}

/** Revokes a token by id; false when there is no such token, or it was revoked already. */
export function revokeAdminToken(store: ServerStore, id: string, now: Date): Promise<boolean> {
  return store.revokeAdminToken(id, now.getTime())
}
