/**
 * The service's tables, written once for both databases (each gives its own integer type), and the
 * conversions between their rows and the records of store.ts. The wallet flow's tables start with
 * `oid4vci_`, the admin API's and the webhooks' with `server_`: they sit beside the issuer's in its
 * database without touching them.
 */
import { isJsonObject, type JsonObject } from '@tessera/schema'
import type {
  AdminScope,
  AdminTokenRecord,
  ConfigurationFormat,
  ConfigurationRecord,
  DeliveryRecord,
  DeliveryState,
  DueDelivery,
  ItemState,
  NotificationEvent,
  OfferItem,
  OfferRecord,
  OfferState,
  TokenRecord,
  TxCodeSpec,
  WebhookEventType,
  WebhookRecord,
} from './store.js'

/** The DDL, with `integer` standing for the database's 64-bit integer type. */
export function serverTables(integer: string): string {
  return `
create table if not exists oid4vci_settings (
  key text primary key,
  value text not null
);
create table if not exists oid4vci_configurations (
  id text primary key,
  achievement_id text not null,
  format text not null,
  metadata text not null
);
create table if not exists oid4vci_offers (
  id text primary key,
  code_hash text not null unique,
  member text not null,
  credential_issuer text not null,
  configuration_ids text not null,
  tx_code text,
  tx_code_hash text,
  state text not null,
  failed_attempts integer not null default 0,
  created_at ${integer} not null,
  expires_at ${integer} not null,
  redeemed_at ${integer}
);
create index if not exists oid4vci_offers_member on oid4vci_offers(member);
create table if not exists oid4vci_offer_items (
  id text primary key,
  offer_id text not null references oid4vci_offers(id),
  position integer not null,
  configuration_id text not null,
  source_credential_id text not null,
  state text not null,
  holder text,
  credential_id text unique,
  notification_id text unique,
  event text,
  event_description text,
  event_at ${integer},
  updated_at ${integer} not null
);
create index if not exists oid4vci_offer_items_offer on oid4vci_offer_items(offer_id);
create table if not exists oid4vci_tokens (
  hash text primary key,
  offer_id text not null references oid4vci_offers(id),
  expires_at ${integer} not null
);
create index if not exists oid4vci_tokens_expires on oid4vci_tokens(expires_at);
create table if not exists server_admin_tokens (
  id text primary key,
  name text not null,
  hash text not null unique,
  scopes text not null,
  created_at ${integer} not null,
  revoked_at ${integer}
);
create table if not exists server_webhooks (
  id text primary key,
  url text not null,
  events text not null,
  secret text not null,
  description text,
  created_at ${integer} not null
);
create table if not exists server_events (
  id text primary key,
  type text not null,
  payload text not null,
  created_at ${integer} not null
);
create table if not exists server_deliveries (
  event_id text not null references server_events(id),
  webhook_id text not null,
  state text not null,
  attempts integer not null default 0,
  next_at ${integer} not null,
  lease_until ${integer},
  last_status integer,
  last_error text,
  delivered_at ${integer},
  primary key (event_id, webhook_id)
);
create index if not exists server_deliveries_due on server_deliveries(state, next_at);
create index if not exists server_deliveries_webhook on server_deliveries(webhook_id);
`
}

export interface OfferDbRow {
  id: string
  code_hash: string
  member: string
  credential_issuer: string
  configuration_ids: string
  tx_code: string | null
  tx_code_hash: string | null
  state: string
  failed_attempts: number | string
  created_at: number | string
  expires_at: number | string
  redeemed_at: number | string | null
}

export interface ItemDbRow {
  id: string
  offer_id: string
  position: number
  configuration_id: string
  source_credential_id: string
  state: string
  holder: string | null
  credential_id: string | null
  notification_id: string | null
  event: string | null
  event_description: string | null
  event_at: number | string | null
  updated_at: number | string
}

export interface ConfigurationDbRow {
  id: string
  achievement_id: string
  format: string
  metadata: string
}

export interface TokenDbRow {
  hash: string
  offer_id: string
  expires_at: number | string
}

/** PostgreSQL hands 64-bit integers back as strings. */
const int = (value: number | string): number => (typeof value === 'number' ? value : Number(value))

export function offerRecord(row: OfferDbRow): OfferRecord {
  const txCode = row.tx_code === null ? undefined : (JSON.parse(row.tx_code) as TxCodeSpec)
  return {
    id: row.id,
    codeHash: row.code_hash,
    member: row.member,
    credentialIssuer: row.credential_issuer,
    configurationIds: JSON.parse(row.configuration_ids) as string[],
    ...(txCode === undefined ? {} : { txCode }),
    ...(row.tx_code_hash === null ? {} : { txCodeHash: row.tx_code_hash }),
    state: row.state as OfferState,
    failedAttempts: int(row.failed_attempts),
    createdAt: int(row.created_at),
    expiresAt: int(row.expires_at),
    ...(row.redeemed_at === null ? {} : { redeemedAt: int(row.redeemed_at) }),
  }
}

/** The offer's columns in the order the insert statements name them. */
export function offerValues(offer: OfferRecord): (string | number | null)[] {
  return [
    offer.id,
    offer.codeHash,
    offer.member,
    offer.credentialIssuer,
    JSON.stringify(offer.configurationIds),
    offer.txCode === undefined ? null : JSON.stringify(offer.txCode),
    offer.txCodeHash ?? null,
    offer.state,
    offer.failedAttempts,
    offer.createdAt,
    offer.expiresAt,
    offer.redeemedAt ?? null,
  ]
}

export const OFFER_COLUMNS =
  'id, code_hash, member, credential_issuer, configuration_ids, tx_code, tx_code_hash, state, failed_attempts, created_at, expires_at, redeemed_at'

export function itemRecord(row: ItemDbRow): OfferItem {
  return {
    id: row.id,
    offerId: row.offer_id,
    configurationId: row.configuration_id,
    sourceCredentialId: row.source_credential_id,
    state: row.state as ItemState,
    ...(row.holder === null ? {} : { holder: row.holder }),
    ...(row.credential_id === null ? {} : { credentialId: row.credential_id }),
    ...(row.notification_id === null ? {} : { notificationId: row.notification_id }),
    ...(row.event === null ? {} : { event: row.event as NotificationEvent }),
    ...(row.event_description === null ? {} : { eventDescription: row.event_description }),
    ...(row.event_at === null ? {} : { eventAt: int(row.event_at) }),
    updatedAt: int(row.updated_at),
  }
}

export const ITEM_COLUMNS =
  'id, offer_id, position, configuration_id, source_credential_id, state, holder, credential_id, notification_id, event, event_description, event_at, updated_at'

export function itemValues(item: OfferItem, position: number): (string | number | null)[] {
  return [
    item.id,
    item.offerId,
    position,
    item.configurationId,
    item.sourceCredentialId,
    item.state,
    item.holder ?? null,
    item.credentialId ?? null,
    item.notificationId ?? null,
    item.event ?? null,
    item.eventDescription ?? null,
    item.eventAt ?? null,
    item.updatedAt,
  ]
}

export function configurationRecord(row: ConfigurationDbRow): ConfigurationRecord {
  const metadata = JSON.parse(row.metadata) as unknown
  return {
    id: row.id,
    achievementId: row.achievement_id,
    format: row.format as ConfigurationFormat,
    metadata: isJsonObject(metadata) ? metadata : ({} as JsonObject),
  }
}

export function tokenRecord(row: TokenDbRow): TokenRecord {
  return { hash: row.hash, offerId: row.offer_id, expiresAt: int(row.expires_at) }
}

export interface AdminTokenDbRow {
  id: string
  name: string
  hash: string
  scopes: string
  created_at: number | string
  revoked_at: number | string | null
}

export function adminTokenRecord(row: AdminTokenDbRow): AdminTokenRecord {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    scopes: JSON.parse(row.scopes) as AdminScope[],
    createdAt: int(row.created_at),
    ...(row.revoked_at === null ? {} : { revokedAt: int(row.revoked_at) }),
  }
}

export interface WebhookDbRow {
  id: string
  url: string
  events: string
  secret: string
  description: string | null
  created_at: number | string
}

export function webhookRecord(row: WebhookDbRow): WebhookRecord {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    secret: row.secret,
    ...(row.description === null ? {} : { description: row.description }),
    createdAt: int(row.created_at),
  }
}

export interface DeliveryDbRow {
  event_id: string
  webhook_id: string
  state: string
  attempts: number | string
  next_at: number | string
  last_status: number | string | null
  last_error: string | null
  delivered_at: number | string | null
}

export function deliveryRecord(row: DeliveryDbRow): DeliveryRecord {
  return {
    eventId: row.event_id,
    webhookId: row.webhook_id,
    state: row.state as DeliveryState,
    attempts: int(row.attempts),
    nextAt: int(row.next_at),
    ...(row.last_status === null ? {} : { lastStatus: int(row.last_status) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: int(row.delivered_at) }),
  }
}

/** A due delivery as the claiming query reads it: the delivery, its event and its webhook. */
export interface DueDeliveryDbRow extends DeliveryDbRow {
  url: string
  secret: string
  payload: string
  event_created_at: number | string
}

export function dueDelivery(row: DueDeliveryDbRow): DueDelivery {
  return {
    ...deliveryRecord(row),
    url: row.url,
    secret: row.secret,
    payload: row.payload,
    eventCreatedAt: int(row.event_created_at),
  }
}

/** The query that reads claimed deliveries with their event and webhook (after the claim's update). */
export const DUE_COLUMNS =
  'd.event_id, d.webhook_id, d.state, d.attempts, d.next_at, d.last_status, d.last_error, d.delivered_at, w.url, w.secret, e.payload, e.created_at as event_created_at'

/** The webhooks among `webhooks` subscribed to `type`. */
export function subscribers(webhooks: readonly WebhookRecord[], type: WebhookEventType): WebhookRecord[] {
  return webhooks.filter((w) => w.events.includes(type))
}
