/**
 * The token endpoint (OpenID4VCI 1.0, section 6; RFC 6749, 4 and 5): a pre-authorized code, and the
 * transaction code when the offer asked for one, for an access token to the offer's credentials. The
 * code is redeemed in one atomic step of the store: once, whatever the number of processes. A wrong
 * transaction code counts against the offer, which locks at the limit. Credentials whose ledger original
 * no longer stands (revoked, suspended, lapsed) are denied here, and an offer left with none yields no
 * token. The answer names each credential it grants (`authorization_details` with
 * `credential_identifiers`); it carries no `c_nonce`, which 1.0 has from the nonce endpoint only (a draft 13
 * wallet gets one with the refusal of its first proof, as that draft has it).
 */
import { isJsonObject, type JsonObject, parseJson } from '@tessera/schema'
import { readForm } from './body.js'
import type { ServiceContext } from './context.js'
import { refuse } from './errors.js'
import { isStanding } from './holder-credential.js'
import { PRE_AUTHORIZED_GRANT } from './metadata.js'
import { hashSecret, hashTransactionCode, randomToken, sameHash } from './secrets.js'
import { type OfferItem, type OfferRecord, type Redemption, redemptionVerdict } from './store.js'

/** A code is 43 characters; anything far longer is not one of ours. */
const MAX_CODE = 512
const MAX_TX_CODE = 64

/** The configuration ids a token request's `authorization_details` asks for (RFC 9396), if it has any. */
function requestedConfigurations(text: string | undefined): Set<string> | undefined {
  if (text === undefined) return undefined
  let details: unknown
  try {
    details = parseJson(text, { maxBytes: 8 * 1024, maxDepth: 8, maxValues: 500 })
  } catch {
    return refuse('invalid_authorization_details', 'authorization_details is not JSON')
  }
  if (!Array.isArray(details) || details.length === 0)
    refuse('invalid_authorization_details', 'authorization_details is a non-empty JSON array')
  const ids = new Set<string>()
  for (const detail of details) {
    if (
      !isJsonObject(detail) ||
      detail.type !== 'openid_credential' ||
      typeof detail.credential_configuration_id !== 'string'
    )
      refuse(
        'invalid_authorization_details',
        'each authorization_details entry is of type openid_credential and names a credential_configuration_id',
      )
    ids.add(detail.credential_configuration_id)
  }
  return ids
}

function refusal(redemption: Redemption, offer: OfferRecord, maxAttempts: number): never {
  if (redemption.kind === 'wrong-tx-code') {
    const left = maxAttempts - offer.failedAttempts
    refuse(
      'invalid_grant',
      left > 0
        ? `wrong transaction code: ${left} ${left === 1 ? 'try' : 'tries'} left`
        : 'wrong transaction code: the offer is now locked',
    )
  }
  if (redemption.kind !== 'refuse') throw new Error('a granted redemption is not a refusal')
  switch (redemption.reason) {
    case 'expired':
      return refuse('invalid_grant', 'the pre-authorized code has expired')
    case 'redeemed':
      return refuse('invalid_grant', 'the pre-authorized code was used already')
    case 'locked':
      return refuse('invalid_grant', 'the offer is locked after too many wrong transaction codes')
    case 'cancelled':
      return refuse('invalid_grant', 'the offer was withdrawn')
    case 'tx-code-missing':
      return refuse('invalid_request', 'this offer requires its transaction code (tx_code)')
    case 'tx-code-unexpected':
      return refuse('invalid_request', 'this offer has no transaction code: send none')
  }
}

/** Denies the offered credentials whose ledger original no longer stands; returns those still open. */
async function standingItems(
  context: ServiceContext,
  items: readonly OfferItem[],
  now: number,
): Promise<OfferItem[]> {
  const open: OfferItem[] = []
  for (const item of items) {
    if (item.state !== 'open') continue
    const { issuerStore } = context
    const id = item.sourceCredentialId
    // Its standing alone where the store reads it so, without the signed credential (issue #17).
    const source = await (issuerStore.standingOf?.(id) ?? issuerStore.row(id))
    if (source !== undefined && isStanding(source, now)) open.push(item)
    else await context.store.denyItem(item.id, now)
  }
  return open
}

/**
 * Refuses client authentication, which this server cannot check: it registers no client (the metadata's
 * `token_endpoint_auth_methods_supported` is `none`), so credentials are those of an unknown client
 * (RFC 6749, 2.3 and 5.2: `invalid_client`, 401 with the client's scheme when it used the Authorization
 * header). A `client_id` alone is no authentication (3.2.1), and is ignored.
 */
function refuseClientAuthentication(request: Request, form: Map<string, string>): void {
  const authorization = request.headers.get('authorization')
  if (authorization !== null) {
    const scheme = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}/.exec(authorization)?.[0] ?? 'Basic'
    refuse('invalid_client', 'this server registers no client: send no client authentication', {
      status: 401,
      challenge: scheme.toLowerCase() === 'basic' ? 'Basic realm="token", charset="UTF-8"' : scheme,
    })
  }
  if (form.has('client_secret'))
    refuse('invalid_client', 'this server registers no client: send no client_secret', { status: 400 })
}

export async function tokenEndpoint(context: ServiceContext, request: Request): Promise<JsonObject> {
  const form = await readForm(request, context.limits.maxFormBytes)
  refuseClientAuthentication(request, form)
  const grantType = form.get('grant_type')
  if (grantType === undefined) refuse('invalid_request', 'grant_type is missing')
  if (grantType !== PRE_AUTHORIZED_GRANT)
    refuse('unsupported_grant_type', `this server grants ${PRE_AUTHORIZED_GRANT} only`)
  const code = form.get('pre-authorized_code')
  if (code === undefined || code === '') refuse('invalid_request', 'pre-authorized_code is missing')
  if (code.length > MAX_CODE) refuse('invalid_grant', 'unknown pre-authorized code')
  // Wallets of drafts before 13 call the transaction code user_pin.
  const txCode = form.get('tx_code') ?? form.get('user_pin')
  if (txCode !== undefined && txCode.length > MAX_TX_CODE) refuse('invalid_request', 'tx_code is too long')
  const requested = requestedConfigurations(form.get('authorization_details'))
  // Asking for none of the offer's configurations is refused before the code is spent: the wallet can
  // ask again, rightly, with the same code.
  if (requested !== undefined) {
    const found = await context.store.offerByCode(hashSecret(code))
    if (found !== undefined && !found.offer.configurationIds.some((id) => requested.has(id)))
      refuse('invalid_authorization_details', 'the offer holds none of the configurations asked for')
  }

  const now = context.clock()
  const txCodeHash = txCode === undefined ? undefined : hashTransactionCode(code, txCode)
  const accessToken = randomToken()
  const { maxTxCodeAttempts } = context.limits
  const redeemed = await context.store.redeem(
    hashSecret(code),
    (offer) => redemptionVerdict(offer, txCodeHash, now.getTime(), sameHash),
    { hash: hashSecret(accessToken), expiresAt: now.getTime() + context.limits.tokenLifetimeMs },
    maxTxCodeAttempts,
    now.getTime(),
  )
  if (redeemed === undefined) refuse('invalid_grant', 'unknown pre-authorized code')
  if (redeemed.redemption.kind !== 'grant') refusal(redeemed.redemption, redeemed.offer, maxTxCodeAttempts)
  // An occasional sweep keeps the token table to the tokens still alive.
  if (Math.random() < 1 / 256) await context.store.purgeTokens(now.getTime())

  const open = await standingItems(context, redeemed.items, now.getTime())
  if (open.length === 0)
    refuse(
      'invalid_grant',
      'nothing is left to issue: the credentials offered were revoked, suspended or have lapsed',
    )
  const granted = requested === undefined ? open : open.filter((i) => requested.has(i.configurationId))
  if (granted.length === 0)
    refuse('invalid_authorization_details', 'the offer holds none of the configurations asked for')
  const identifiers = new Map<string, string[]>()
  for (const item of granted)
    identifiers.set(item.configurationId, [...(identifiers.get(item.configurationId) ?? []), item.id])
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: Math.round(context.limits.tokenLifetimeMs / 1000),
    authorization_details: [...identifiers].map(([id, ids]) => ({
      type: 'openid_credential',
      credential_configuration_id: id,
      credential_identifiers: ids,
    })),
  }
}
