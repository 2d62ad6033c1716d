/**
 * The service's own state, beside the issuer's in the same database: credential offers and the
 * credentials each one carries, access tokens, the credential configurations offers have named, a few
 * settings (the nonce key, the credential issuer URL), the admin API's tokens, and the webhooks with their
 * outbox of events and deliveries. SQLite, PostgreSQL and memory implement it.
 * Every change a second process could race is one atomic step in the database: redeeming a
 * pre-authorized code, counting a wrong transaction code, claiming a credential of an offer. So several
 * processes on one PostgreSQL never redeem a code twice nor issue one offered credential twice, and
 * nothing that matters lives in a process's memory.
 */
import type { JsonObject } from '@tessera/schema'

/** What a transaction code looks like, as the offer tells the wallet (OpenID4VCI 1.0, 4.1.1). */
export interface TxCodeSpec {
  input_mode: 'numeric' | 'text'
  length: number
  description?: string
}

/**
 * `open`: its code can be redeemed; `redeemed`: it was (once); `locked`: too many wrong transaction
 * codes; `cancelled`: withdrawn by the issuer. An open offer past `expiresAt` is expired.
 */
export type OfferState = 'open' | 'redeemed' | 'locked' | 'cancelled'

export interface OfferRecord {
  id: string
  /** SHA-256 of the pre-authorized code (the code itself is never stored). */
  codeHash: string
  /** The member it is for, as the ledger names recipients. */
  member: string
  /** The credential issuer identifier the offer names. */
  credentialIssuer: string
  /** The credential configurations offered, in order. */
  configurationIds: string[]
  txCode?: TxCodeSpec
  /** SHA-256 of the pre-authorized code and the transaction code together. */
  txCodeHash?: string
  state: OfferState
  failedAttempts: number
  /** Milliseconds since the epoch, by the service's clock. */
  createdAt: number
  expiresAt: number
  redeemedAt?: number
}

/**
 * `open`: not asked for yet; `claimed`: a credential request is issuing it to `holder`; `issued`: done,
 * as `credentialId`; `denied`: it will not be issued (its member's credential was revoked, say).
 */
export type ItemState = 'open' | 'claimed' | 'issued' | 'denied'

export type NotificationEvent = 'credential_accepted' | 'credential_failure' | 'credential_deleted'

/** One credential an offer carries: a credential dataset, in OpenID4VCI's words. */
export interface OfferItem {
  /** Its `credential_identifier`. */
  id: string
  offerId: string
  configurationId: string
  /** The ledger credential the member holds, which this one is a wallet-bound copy of. */
  sourceCredentialId: string
  state: ItemState
  /** The DID the credential is bound to, once claimed. */
  holder?: string
  /** The issued credential's id in the ledger. */
  credentialId?: string
  /** What the wallet names in its notifications about it. */
  notificationId?: string
  /** The wallet's last notification. */
  event?: NotificationEvent
  eventDescription?: string
  eventAt?: number
  updatedAt: number
}

export interface TokenRecord {
  /** SHA-256 of the access token. */
  hash: string
  offerId: string
  expiresAt: number
}

export type ConfigurationFormat = 'jwt_vc_json' | 'ldp_vc'

/** A credential configuration an offer named: its metadata entry, as published. */
export interface ConfigurationRecord {
  id: string
  achievementId: string
  format: ConfigurationFormat
  /** The `credential_configurations_supported` entry. */
  metadata: JsonObject
}

/** What redeeming a code decides, inside the database's lock on the offer (see `redemptionVerdict`). */
export type Redemption =
  | { kind: 'grant' }
  | { kind: 'wrong-tx-code' }
  | {
      kind: 'refuse'
      reason: 'expired' | 'redeemed' | 'locked' | 'cancelled' | 'tx-code-missing' | 'tx-code-unexpected'
    }

/** The result of a claim on an offered credential. */
export type Claim =
  /** It was open and is now claimed for this holder. */
  | 'claimed'
  /** This holder claimed it before and it is not issued yet (a retry after a failure): go on. */
  | 'again'
  /** Issued, denied, or claimed for another holder. */
  | 'taken'

/** What an admin token may do (each admin route needs one). */
export type AdminScope =
  | 'credentials:issue'
  | 'credentials:revoke'
  | 'offers:create'
  | 'ledger:read'
  | 'webhooks:manage'

/** An admin API token: the token itself is shown once at creation; the store holds its SHA-256. */
export interface AdminTokenRecord {
  /** Public id (`tok_...`), for listing and revoking. */
  id: string
  name: string
  /** SHA-256 of the token, base64url. */
  hash: string
  scopes: AdminScope[]
  createdAt: number
  revokedAt?: number
}

/** The events webhooks can subscribe to. */
export type WebhookEventType =
  | 'credential.issued'
  | 'credential.revoked'
  | 'credential.suspended'
  | 'credential.reinstated'
  | 'credential.accepted'
  | 'credential.deleted'
  | 'credential.failure'

export interface WebhookRecord {
  /** `wh_...` */
  id: string
  url: string
  events: WebhookEventType[]
  /** The signing secret, `whsec_<base64>` (Standard Webhooks). */
  secret: string
  description?: string
  createdAt: number
}

/** An event in the outbox: delivered to every webhook subscribed to its type when it was recorded. */
export interface EventRecord {
  /** `evt_...`: the `webhook-id` receivers deduplicate on. */
  id: string
  type: WebhookEventType
  /** The body delivered, JSON text (`{ type, timestamp, data }`). */
  payload: string
  createdAt: number
}

/** `pending`: to be tried (again) at `nextAt`; `delivered`: a 2xx came back; `failed`: given up. */
export type DeliveryState = 'pending' | 'delivered' | 'failed'

export interface DeliveryRecord {
  eventId: string
  webhookId: string
  state: DeliveryState
  attempts: number
  nextAt: number
  lastStatus?: number
  lastError?: string
  deliveredAt?: number
}

/** A delivery claimed for sending, with what is needed to send it. */
export interface DueDelivery extends DeliveryRecord {
  url: string
  secret: string
  payload: string
  eventCreatedAt: number
}

/** How an attempt ended, as the dispatcher records it. */
export interface DeliveryOutcome {
  state: DeliveryState
  attempts: number
  nextAt: number
  status?: number
  error?: string
  at: number
}

export interface ServerStore {
  /** A setting's value. */
  setting(key: string): Promise<string | undefined>
  /** Sets it unless it is set; returns the value that stands (two processes agree on one). */
  initSetting(key: string, value: string): Promise<string>
  putSetting(key: string, value: string): Promise<void>

  /** Records configurations (a new one, or new display metadata for one known). */
  saveConfigurations(records: readonly ConfigurationRecord[]): Promise<void>
  configurations(): Promise<ConfigurationRecord[]>
  configuration(id: string): Promise<ConfigurationRecord | undefined>

  /** Records an offer and its credentials, all or nothing. */
  addOffer(offer: OfferRecord, items: readonly OfferItem[]): Promise<void>
  /** The offer whose code hashes to `codeHash`, and its credentials. */
  offerByCode(codeHash: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined>
  offer(id: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined>
  /** The offers made for a member, oldest first. */
  offersOf(member: string): Promise<OfferRecord[]>
  /** Withdraws an open offer; false when it was not open. */
  cancelOffer(id: string, now: number): Promise<boolean>

  /**
   * Redeems the code, atomically: `decide` sees the offer under the database's lock and says what
   * happens. A grant marks it redeemed and records `token`; a wrong transaction code counts a failed
   * attempt and locks the offer at `maxAttempts`. Undefined when no offer has that code.
   */
  redeem(
    codeHash: string,
    decide: (offer: OfferRecord) => Redemption,
    token: Omit<TokenRecord, 'offerId'>,
    maxAttempts: number,
    now: number,
  ): Promise<{ offer: OfferRecord; items: OfferItem[]; redemption: Redemption } | undefined>

  /** The access token, its offer and that offer's credentials. */
  token(hash: string): Promise<{ token: TokenRecord; offer: OfferRecord; items: OfferItem[] } | undefined>

  /** Claims an offered credential for a holder (atomic: two requests never both get `claimed`). */
  claimItem(itemId: string, holder: string, now: number): Promise<Claim>
  /** Marks a claimed credential issued, and records `events` (its webhook events) in the same transaction. */
  completeItem(
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
    events?: readonly EventRecord[],
  ): Promise<void>
  /** Marks an offered credential as one that will not be issued. */
  denyItem(itemId: string, now: number): Promise<void>
  /**
   * Records a wallet's notification about the credential of `notificationId`, if it belongs to the offer.
   * False when it does not (an unknown id, or another offer's).
   */
  notify(
    offerId: string,
    notificationId: string,
    event: NotificationEvent,
    description: string | undefined,
    now: number,
    record?: (item: OfferItem) => EventRecord,
  ): Promise<boolean>

  // --- Admin tokens
  addAdminToken(record: AdminTokenRecord): Promise<void>
  adminTokenByHash(hash: string): Promise<AdminTokenRecord | undefined>
  /** Every token, oldest first (revoked ones too). */
  adminTokens(): Promise<AdminTokenRecord[]>
  /** Revokes a token by id; false when there is no such token not revoked. */
  revokeAdminToken(id: string, now: number): Promise<boolean>

  // --- Webhooks and their outbox
  addWebhook(record: WebhookRecord): Promise<void>
  webhooks(): Promise<WebhookRecord[]>
  /** Removes a webhook and its undelivered deliveries; false when there is none of that id. */
  removeWebhook(id: string): Promise<boolean>
  /**
   * Records events (an event id recorded before is skipped: recording is idempotent) and a pending
   * delivery of each to every webhook subscribed to its type, in one transaction.
   */
  recordEvents(events: readonly EventRecord[]): Promise<void>
  /**
   * Claims up to `limit` pending deliveries due at `now` that no process holds (a lease until `now +
   * leaseMs`), oldest first.
   */
  claimDeliveries(now: number, limit: number, leaseMs: number): Promise<DueDelivery[]>
  /** Records how an attempt ended, and releases the lease. */
  settleDelivery(eventId: string, webhookId: string, outcome: DeliveryOutcome): Promise<void>
  /** A webhook's deliveries, newest first. */
  deliveries(webhookId: string, limit: number): Promise<(DeliveryRecord & { type: WebhookEventType })[]>

  /** Deletes access tokens that expired before `now`; returns how many. */
  purgeTokens(now: number): Promise<number>
  close(): Promise<void>
}

/**
 * What redeeming a code does, given the offer as the database holds it: the rules of OpenID4VCI 1.0
 * sections 6.3 and 13.6 (the code is single use and short-lived, the transaction code is required when
 * the offer asked for one and refused when it did not, and wrong ones are counted).
 */
export function redemptionVerdict(
  offer: OfferRecord,
  txCodeHash: string | undefined,
  now: number,
  equal: (a: string, b: string) => boolean,
): Redemption {
  if (offer.state !== 'open') return { kind: 'refuse', reason: offer.state }
  if (offer.expiresAt <= now) return { kind: 'refuse', reason: 'expired' }
  if (offer.txCodeHash === undefined)
    return txCodeHash === undefined ? { kind: 'grant' } : { kind: 'refuse', reason: 'tx-code-unexpected' }
  if (txCodeHash === undefined) return { kind: 'refuse', reason: 'tx-code-missing' }
  return equal(offer.txCodeHash, txCodeHash) ? { kind: 'grant' } : { kind: 'wrong-tx-code' }
}
