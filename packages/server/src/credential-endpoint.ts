/**
 * The credential endpoint (OpenID4VCI 1.0, section 8): with the access token of a redeemed offer and a
 * key proof, one of the offer's credentials, issued to the proof's key. The request names the credential
 * by `credential_identifier` (from the token response), by `credential_configuration_id`, or, as draft 13
 * wallets do, by `format`; the proof comes as `proofs: { jwt: [...] }` (1.0) or `proof: { proof_type,
 * jwt }` (drafts 13 and 14, which Sphereon's client still sends). The credential is issued through the
 * issuer like any other: validated, given its own status entries, signed, verified, recorded in the
 * ledger against the member. Each offered credential is issued once: a claim in the store decides,
 * whatever the number of processes, and a second request with the same token for it is refused.
 */
import { type ProofFormat, STORE_FAILURES } from '@tessera/issuer'
import { isJsonObject, isTesseraError, type JsonObject } from '@tessera/schema'
import { authorizeWithBody } from './bearer.js'
import type { ServiceContext } from './context.js'
import { ProtocolError, refuse } from './errors.js'
import { webhookEvent } from './events.js'
import { holderBoundDraft, isStanding, WALLET_KEY_PREFIX } from './holder-credential.js'
import type { HolderKey } from './holder-key.js'
import { checkJwtProof } from './proof.js'
import type { ConfigurationFormat, OfferItem } from './store.js'
import { timeOrderedNotificationId } from './time-ordered-ids.js'

const PROOF_FORMATS: Record<ConfigurationFormat, ProofFormat> = {
  jwt_vc_json: 'jwt',
  ldp_vc: 'data-integrity',
}

function formatOf(item: OfferItem): ConfigurationFormat {
  return item.configurationId.endsWith('_ldp_vc') ? 'ldp_vc' : 'jwt_vc_json'
}

/** Of several offered credentials that fit a request, the first still open, else the first. */
function pick(candidates: OfferItem[]): OfferItem | undefined {
  return (
    candidates.find((i) => i.state === 'open') ??
    candidates.find((i) => i.state === 'claimed') ??
    candidates[0]
  )
}

/** The offered credential the request names; `legacy` when it named a format (draft 13). */
async function requestedItem(
  context: ServiceContext,
  body: JsonObject,
  items: OfferItem[],
): Promise<{ item: OfferItem; legacy: boolean }> {
  const { credential_identifier: identifier, credential_configuration_id: configurationId, format } = body
  if (identifier !== undefined && configurationId !== undefined)
    refuse(
      'invalid_credential_request',
      'name credential_identifier or credential_configuration_id, not both',
    )
  if (identifier !== undefined) {
    if (typeof identifier !== 'string')
      refuse('invalid_credential_request', 'credential_identifier is a string')
    const item = items.find((i) => i.id === identifier)
    if (item === undefined)
      refuse('unknown_credential_identifier', 'this access token grants no credential of that identifier')
    return { item, legacy: false }
  }
  if (configurationId !== undefined) {
    if (typeof configurationId !== 'string')
      refuse('invalid_credential_request', 'credential_configuration_id is a string')
    const item = pick(items.filter((i) => i.configurationId === configurationId))
    if (item !== undefined) return { item, legacy: false }
    // A configuration the metadata publishes is known: an access token that does not enable its issuance
    // is an authorization error (8.3.1.1, RFC 6750 3.1), not an unknown configuration (8.3.1.2).
    if ((await context.store.configuration(configurationId)) !== undefined)
      refuse('insufficient_scope', 'this access token grants no credential of that configuration')
    return refuse('unknown_credential_configuration', 'unknown credential configuration')
  }
  if (format !== undefined) {
    if (format !== 'jwt_vc_json' && format !== 'ldp_vc')
      refuse('unsupported_credential_format', 'the formats offered are jwt_vc_json and ldp_vc')
    const item = pick(items.filter((i) => formatOf(i) === format))
    if (item === undefined)
      refuse('unsupported_credential_format', `this access token grants no ${format} credential`)
    return { item, legacy: true }
  }
  return refuse(
    'invalid_credential_request',
    'name the credential: credential_identifier or credential_configuration_id',
  )
}

/**
 * The single `jwt` proof of the request, in its 1.0 form or its draft 13 / 14 form. With `proofs`, a
 * `proof` beside it is one of the parameters 1.0 does not define, which an issuer ignores (8.2).
 */
function proofJwt(body: JsonObject): unknown {
  const { proofs, proof } = body
  if (proofs !== undefined) {
    if (!isJsonObject(proofs)) refuse('invalid_proof', 'proofs is an object')
    const types = Object.keys(proofs)
    if (types.length !== 1) refuse('invalid_proof', 'proofs holds exactly one proof type')
    if (types[0] !== 'jwt')
      refuse('invalid_proof', `${String(types[0]).slice(0, 30)} proofs are not accepted: send jwt proofs`)
    const jwts = proofs.jwt
    if (!Array.isArray(jwts) || jwts.length === 0) refuse('invalid_proof', 'proofs.jwt is a non-empty array')
    if (jwts.length > 1)
      refuse('invalid_credential_request', 'this issuer issues one credential per request: send one proof')
    return jwts[0]
  }
  if (proof !== undefined) {
    if (!isJsonObject(proof) || proof.proof_type !== 'jwt') refuse('invalid_proof', 'proof is a jwt proof')
    return proof.jwt
  }
  return refuse('invalid_proof', 'the request holds no proof of possession of a key (proofs)')
}

export async function credentialEndpoint(context: ServiceContext, request: Request): Promise<JsonObject> {
  const { body, offer, items } = await authorizeWithBody(context, request, 'invalid_credential_request')
  if (body.credential_response_encryption !== undefined)
    refuse('invalid_encryption_parameters', 'this issuer does not encrypt credential responses')
  const { item, legacy } = await requestedItem(context, body, items)
  if (item.state === 'issued')
    refuse('invalid_token', 'this access token was used for that credential already')
  if (item.state === 'denied')
    refuse('credential_request_denied', 'that credential is no longer issued to this member')
  const jwt = proofJwt(body)
  // A request of drafts 13 / 14 (a single `proof`, or a `format`): those drafts hand the wallet its next
  // nonce with the answer; 1.0 has it from the nonce endpoint only.
  const draft = legacy || body.proofs === undefined

  const now = context.clock()
  let holder: HolderKey
  try {
    holder = await checkJwtProof(jwt, {
      audience: context.urls.issuer,
      nonces: context.nonces,
      now,
      maxAgeMs: context.limits.proofMaxAgeMs,
      maxSkewMs: context.limits.proofMaxSkewMs,
      holderKeys: context.holderKeys,
    })
  } catch (error) {
    // A fresh nonce with the refusal of a draft request, as draft 13 wallets expect, so that they can try
    // again at once.
    if (
      draft &&
      error instanceof ProtocolError &&
      (error.code === 'invalid_nonce' || error.code === 'invalid_proof')
    ) {
      const { nonce, expiresIn } = context.nonces.issue(now)
      throw new ProtocolError(error.code, error.message, {
        extra: { c_nonce: nonce, c_nonce_expires_in: expiresIn },
      })
    }
    throw error
  }

  const source = await context.issuerStore.row(item.sourceCredentialId)
  if (source === undefined || !isStanding(source, now.getTime())) {
    await context.store.denyItem(item.id, now.getTime())
    refuse('credential_request_denied', "the member's credential was revoked, suspended or has lapsed")
  }
  const claim = await context.store.claimItem(item.id, holder.did, now.getTime())
  if (claim === 'taken') refuse('invalid_token', 'this access token was used for that credential already')

  const format = formatOf(item)
  let issued: Awaited<ReturnType<typeof context.issuer.issueCopy>>
  try {
    const { draft, status } = holderBoundDraft(source, holder.did, now.getTime())
    issued = await context.issuer.issueCopy(draft, {
      format: PROOF_FORMATS[format],
      ...status,
      key: `${WALLET_KEY_PREFIX}${item.id}`,
      recipient: offer.member,
      // Revoking, suspending or reinstating the member's credential does the same to this copy.
      copyOf: source.credentialId,
    })
  } catch (error) {
    if (isTesseraError(error) && STORE_FAILURES.has(error.code))
      refuse('server_error', `the issuer's store is unavailable (${error.code}): ask again later`, {
        status: 503,
      })
    if (!isTesseraError(error)) throw error
    await context.store.denyItem(item.id, now.getTime())
    return refuse('credential_request_denied', `the credential could not be issued (${error.code})`)
  }
  const completedAt = context.clock()
  const notificationId = timeOrderedNotificationId(completedAt.getTime())
  // The webhook event goes into the outbox in the same transaction: delivered later, never waited for.
  await context.store.completeItem(item.id, issued.credentialId, notificationId, completedAt.getTime(), [
    webhookEvent('credential.issued', completedAt, {
      credentialId: issued.credentialId,
      copyOf: source.credentialId,
      member: offer.member,
      holder: holder.did,
      offerId: offer.id,
    }),
  ])
  const credential = issued.credential
  if (!legacy) return { credentials: [{ credential }], notification_id: notificationId }
  const { nonce, expiresIn } = context.nonces.issue(now)
  return {
    credentials: [{ credential }],
    credential,
    format,
    notification_id: notificationId,
    c_nonce: nonce,
    c_nonce_expires_in: expiresIn,
  }
}
