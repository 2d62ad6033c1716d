/**
 * Issuing an offered credential to the holder whose key proof the credential endpoint accepted: the
 * member's credential must still stand, the claim in the store decides (once, whatever the number of
 * processes), the copy is issued through the issuer like any other (validated, its own status entries,
 * signed, verified, recorded in the ledger against the member), then marked issued with its webhook
 * event. Everything here needs the database or the issuer's key, and nothing the wallet's request: its
 * input and output are data, so a threaded service (threaded-service.ts) does it all in one call to the
 * thread that owns the database, where one thread's service calls it in place.
 */

import type { Issuer } from '@tessera/issuer'
import { type IssuerStore, type ProofFormat, STORE_FAILURES } from '@tessera/issuer'
import { isTesseraError, type JsonObject } from '@tessera/schema'
import { refuse } from './errors.js'
import { webhookEvent } from './events.js'
import { holderBoundDraft, isStanding, WALLET_KEY_PREFIX } from './holder-credential.js'
import type { ConfigurationFormat, ServerStore } from './store.js'
import { timeOrderedNotificationId } from './time-ordered-ids.js'

const PROOF_FORMATS: Record<ConfigurationFormat, ProofFormat> = {
  jwt_vc_json: 'jwt',
  ldp_vc: 'data-integrity',
}

/** The offered credential to issue, and to whom. */
export interface HolderCopyRequest {
  itemId: string
  sourceCredentialId: string
  format: ConfigurationFormat
  member: string
  offerId: string
  /** The DID of the key the wallet's proof was signed with. */
  holder: string
  /** When the request came, by the service's clock (ms). */
  now: number
}

export interface HolderCopy {
  credential: JsonObject | string
  notificationId: string
}

/** What issuing a copy uses of a service's context. */
export interface HolderCopyContext {
  store: Pick<ServerStore, 'denyItem' | 'claimItem' | 'completeItem'>
  issuer: Pick<Issuer, 'issueCopy'>
  issuerStore: Pick<IssuerStore, 'row'>
  clock: () => Date
}

/**
 * Issues the copy; refuses with `credential_request_denied` (the member's credential no longer stands,
 * or the issuer refused the copy), `invalid_token` (claimed already), `server_error` 503 (the store
 * is unavailable).
 */
export async function issueHolderCopy(
  context: HolderCopyContext,
  request: HolderCopyRequest,
): Promise<HolderCopy> {
  const { itemId, now, holder } = request
  const source = await context.issuerStore.row(request.sourceCredentialId)
  if (source === undefined || !isStanding(source, now)) {
    await context.store.denyItem(itemId, now)
    refuse('credential_request_denied', "the member's credential was revoked, suspended or has lapsed")
  }
  const claim = await context.store.claimItem(itemId, holder, now)
  if (claim === 'taken') refuse('invalid_token', 'this access token was used for that credential already')

  let issued: Awaited<ReturnType<typeof context.issuer.issueCopy>>
  try {
    const { draft, status } = holderBoundDraft(source, holder, now)
    issued = await context.issuer.issueCopy(draft, {
      format: PROOF_FORMATS[request.format],
      ...status,
      key: `${WALLET_KEY_PREFIX}${itemId}`,
      recipient: request.member,
      // Revoking, suspending or reinstating the member's credential does the same to this copy.
      copyOf: source.credentialId,
    })
  } catch (error) {
    if (isTesseraError(error) && STORE_FAILURES.has(error.code))
      refuse('server_error', `the issuer's store is unavailable (${error.code}): ask again later`, {
        status: 503,
      })
    if (!isTesseraError(error)) throw error
    await context.store.denyItem(itemId, now)
    return refuse('credential_request_denied', `the credential could not be issued (${error.code})`)
  }
  const completedAt = context.clock()
  const notificationId = timeOrderedNotificationId(completedAt.getTime())
  // The webhook event goes into the outbox in the same transaction: delivered later, never waited for.
  await context.store.completeItem(itemId, issued.credentialId, notificationId, completedAt.getTime(), [
    webhookEvent('credential.issued', completedAt, {
      credentialId: issued.credentialId,
      copyOf: source.credentialId,
      member: request.member,
      holder,
      offerId: request.offerId,
    }),
  ])
  return { credential: issued.credential, notificationId }
}
