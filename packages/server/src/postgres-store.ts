/**
 * The service's state in the issuer's PostgreSQL database (node-postgres, a pool of its own), for
 * several service processes on one state. Redeeming a code locks the offer's row (`select ... for
 * update`) for the decision and its writes; claiming an offered credential is one conditional update. So
 * two processes never redeem one code twice, nor issue one offered credential twice.
 */
import { openPostgresPool, type PostgresPoolOptions } from '@tessera/issuer/postgres'
import type pg from 'pg'
import type {
  AdminTokenRecord,
  Claim,
  ConfigurationRecord,
  DeliveryOutcome,
  DeliveryRecord,
  DueDelivery,
  EventRecord,
  NotificationEvent,
  OfferItem,
  OfferRecord,
  Redemption,
  ServerStore,
  TokenRecord,
  WebhookEventType,
  WebhookRecord,
} from './store.js'
import {
  type AdminTokenDbRow,
  adminTokenRecord,
  type ConfigurationDbRow,
  configurationRecord,
  type DeliveryDbRow,
  DUE_COLUMNS,
  type DueDeliveryDbRow,
  deliveryRecord,
  dueDelivery,
  ITEM_COLUMNS,
  type ItemDbRow,
  itemRecord,
  itemValues,
  OFFER_COLUMNS,
  type OfferDbRow,
  offerRecord,
  offerValues,
  serverTables,
  subscribers,
  type TokenDbRow,
  tokenRecord,
  type WebhookDbRow,
  webhookRecord,
} from './store-rows.js'

/** Serialises table creation between processes opening a new database at once (distinct from the issuer's). */
const MIGRATION_LOCK = 0x0_1d4c1

/** The pool's size (`max`, default 10) and how long to wait for a connection (`connectTimeoutMs`, default 10,000). */
export type PostgresServerStoreOptions = Pick<PostgresPoolOptions, 'max' | 'connectTimeoutMs'>

/** `$1, $2, ... $n`. */
const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ')

export class PostgresServerStore implements ServerStore {
  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Connects and creates the tables when missing. STORE_UNREACHABLE when the server cannot be reached or
   * refuses the login; the password never appears in the message.
   */
  static async open(
    connectionString: string,
    options: PostgresServerStoreOptions = {},
  ): Promise<PostgresServerStore> {
    const pool = await openPostgresPool(connectionString, {
      ...options,
      migrationLock: MIGRATION_LOCK,
      tables: serverTables('bigint'),
      what: "the service's tables",
    })
    return new PostgresServerStore(pool)
  }

  private async rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, values)).rows as T[]
  }

  async setting(key: string): Promise<string | undefined> {
    const [row] = await this.rows<{ value: string }>('select value from oid4vci_settings where key = $1', [
      key,
    ])
    return row?.value
  }

  async initSetting(key: string, value: string): Promise<string> {
    await this.pool.query(
      'insert into oid4vci_settings (key, value) values ($1, $2) on conflict (key) do nothing',
      [key, value],
    )
    return (await this.setting(key)) as string
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.pool.query(
      'insert into oid4vci_settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value',
      [key, value],
    )
  }

  async saveConfigurations(records: readonly ConfigurationRecord[]): Promise<void> {
    for (const r of records)
      await this.pool.query(
        'insert into oid4vci_configurations (id, achievement_id, format, metadata) values ($1, $2, $3, $4) on conflict (id) do update set metadata = excluded.metadata where oid4vci_configurations.metadata is distinct from excluded.metadata',
        [r.id, r.achievementId, r.format, JSON.stringify(r.metadata)],
      )
  }

  async configurations(): Promise<ConfigurationRecord[]> {
    return (await this.rows<ConfigurationDbRow>('select * from oid4vci_configurations order by id')).map(
      configurationRecord,
    )
  }

  async configuration(id: string): Promise<ConfigurationRecord | undefined> {
    const [row] = await this.rows<ConfigurationDbRow>('select * from oid4vci_configurations where id = $1', [
      id,
    ])
    return row === undefined ? undefined : configurationRecord(row)
  }

  async addOffer(offer: OfferRecord, items: readonly OfferItem[]): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('begin')
      await client.query(
        `insert into oid4vci_offers (${OFFER_COLUMNS}) values (${placeholders(12)})`,
        offerValues(offer),
      )
      for (const [position, item] of items.entries())
        await client.query(
          `insert into oid4vci_offer_items (${ITEM_COLUMNS}) values (${placeholders(13)})`,
          itemValues(item, position),
        )
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  private async itemsOf(offerId: string, client: pg.PoolClient | pg.Pool = this.pool): Promise<OfferItem[]> {
    const { rows } = await client.query(
      'select * from oid4vci_offer_items where offer_id = $1 order by position',
      [offerId],
    )
    return (rows as ItemDbRow[]).map(itemRecord)
  }

  private async withItems(
    row: OfferDbRow | undefined,
  ): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return row === undefined ? undefined : { offer: offerRecord(row), items: await this.itemsOf(row.id) }
  }

  async offer(id: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return this.withItems(
      (await this.rows<OfferDbRow>('select * from oid4vci_offers where id = $1', [id]))[0],
    )
  }

  async offerByCode(codeHash: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return this.withItems(
      (await this.rows<OfferDbRow>('select * from oid4vci_offers where code_hash = $1', [codeHash]))[0],
    )
  }

  async offersOf(member: string): Promise<OfferRecord[]> {
    return (
      await this.rows<OfferDbRow>('select * from oid4vci_offers where member = $1 order by created_at, id', [
        member,
      ])
    ).map(offerRecord)
  }

  async cancelOffer(id: string, _now: number): Promise<boolean> {
    const result = await this.pool.query(
      "update oid4vci_offers set state = 'cancelled' where id = $1 and state = 'open'",
      [id],
    )
    return result.rowCount === 1
  }

  async redeem(
    codeHash: string,
    decide: (offer: OfferRecord) => Redemption,
    token: Omit<TokenRecord, 'offerId'>,
    maxAttempts: number,
    now: number,
  ): Promise<{ offer: OfferRecord; items: OfferItem[]; redemption: Redemption } | undefined> {
    const client = await this.pool.connect()
    try {
      await client.query('begin')
      const read = async () =>
        (await client.query('select * from oid4vci_offers where code_hash = $1 for update', [codeHash]))
          .rows[0] as OfferDbRow | undefined
      const row = await read()
      if (row === undefined) {
        await client.query('commit')
        return undefined
      }
      const redemption = decide(offerRecord(row))
      if (redemption.kind === 'grant') {
        await client.query("update oid4vci_offers set state = 'redeemed', redeemed_at = $1 where id = $2", [
          now,
          row.id,
        ])
        await client.query('insert into oid4vci_tokens (hash, offer_id, expires_at) values ($1, $2, $3)', [
          token.hash,
          row.id,
          token.expiresAt,
        ])
      } else if (redemption.kind === 'wrong-tx-code') {
        await client.query(
          "update oid4vci_offers set failed_attempts = failed_attempts + 1, state = case when failed_attempts + 1 >= $1 then 'locked' else state end where id = $2",
          [maxAttempts, row.id],
        )
      }
      const after = (await read()) as OfferDbRow
      const items = await this.itemsOf(row.id, client)
      await client.query('commit')
      return { offer: offerRecord(after), items, redemption }
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async token(
    hash: string,
  ): Promise<{ token: TokenRecord; offer: OfferRecord; items: OfferItem[] } | undefined> {
    const [token] = await this.rows<TokenDbRow>('select * from oid4vci_tokens where hash = $1', [hash])
    if (token === undefined) return undefined
    const found = await this.offer(token.offer_id)
    return found === undefined ? undefined : { token: tokenRecord(token), ...found }
  }

  async claimItem(itemId: string, holder: string, now: number): Promise<Claim> {
    const claimed = await this.pool.query(
      "update oid4vci_offer_items set state = 'claimed', holder = $1, updated_at = $2 where id = $3 and state = 'open'",
      [holder, now, itemId],
    )
    if (claimed.rowCount === 1) return 'claimed'
    const [row] = await this.rows<{ state: string; holder: string | null }>(
      'select state, holder from oid4vci_offer_items where id = $1',
      [itemId],
    )
    return row?.state === 'claimed' && row.holder === holder ? 'again' : 'taken'
  }

  /** Runs `work` in a transaction on one pooled connection. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('begin')
      const result = await work(client)
      await client.query('commit')
      return result
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  async completeItem(
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
    events: readonly EventRecord[] = [],
  ): Promise<void> {
    const complete = (client: pg.PoolClient | pg.Pool) =>
      client.query(
        "update oid4vci_offer_items set state = 'issued', credential_id = $1, notification_id = $2, updated_at = $3 where id = $4 and state = 'claimed'",
        [credentialId, notificationId, now, itemId],
      )
    if (events.length === 0) {
      await complete(this.pool)
      return
    }
    await this.transaction(async (client) => {
      if ((await complete(client)).rowCount === 1) await this.insertEvents(client, events)
    })
  }

  async denyItem(itemId: string, now: number): Promise<void> {
    await this.pool.query(
      "update oid4vci_offer_items set state = 'denied', updated_at = $1 where id = $2 and state != 'issued'",
      [now, itemId],
    )
  }

  async notify(
    offerId: string,
    notificationId: string,
    event: NotificationEvent,
    description: string | undefined,
    now: number,
    record?: (item: OfferItem) => EventRecord,
  ): Promise<boolean> {
    return this.transaction(async (client) => {
      const { rows } = await client.query(
        'update oid4vci_offer_items set event = $1, event_description = $2, event_at = $3 where offer_id = $4 and notification_id = $5 returning *',
        [event, description ?? null, now, offerId, notificationId],
      )
      const row = rows[0] as ItemDbRow | undefined
      if (row === undefined) return false
      if (record !== undefined) await this.insertEvents(client, [record(itemRecord(row))])
      return true
    })
  }

  async purgeTokens(now: number): Promise<number> {
    return (await this.pool.query('delete from oid4vci_tokens where expires_at < $1', [now])).rowCount ?? 0
  }

  // --- Admin tokens

  async addAdminToken(record: AdminTokenRecord): Promise<void> {
    await this.pool.query(
      'insert into server_admin_tokens (id, name, hash, scopes, created_at, revoked_at) values ($1, $2, $3, $4, $5, $6)',
      [
        record.id,
        record.name,
        record.hash,
        JSON.stringify(record.scopes),
        record.createdAt,
        record.revokedAt ?? null,
      ],
    )
  }

  async adminTokenByHash(hash: string): Promise<AdminTokenRecord | undefined> {
    const [row] = await this.rows<AdminTokenDbRow>('select * from server_admin_tokens where hash = $1', [
      hash,
    ])
    return row === undefined ? undefined : adminTokenRecord(row)
  }

  async adminTokens(): Promise<AdminTokenRecord[]> {
    return (
      await this.rows<AdminTokenDbRow>('select * from server_admin_tokens order by created_at, id')
    ).map(adminTokenRecord)
  }

  async revokeAdminToken(id: string, now: number): Promise<boolean> {
    const result = await this.pool.query(
      'update server_admin_tokens set revoked_at = $1 where id = $2 and revoked_at is null',
      [now, id],
    )
    return result.rowCount === 1
  }

  // --- Webhooks and their outbox

  async addWebhook(record: WebhookRecord): Promise<void> {
    await this.pool.query(
      'insert into server_webhooks (id, url, events, secret, description, created_at) values ($1, $2, $3, $4, $5, $6)',
      [
        record.id,
        record.url,
        JSON.stringify(record.events),
        record.secret,
        record.description ?? null,
        record.createdAt,
      ],
    )
  }

  async webhooks(client: pg.PoolClient | pg.Pool = this.pool): Promise<WebhookRecord[]> {
    const { rows } = await client.query('select * from server_webhooks order by created_at, id')
    return (rows as WebhookDbRow[]).map(webhookRecord)
  }

  async removeWebhook(id: string): Promise<boolean> {
    return this.transaction(async (client) => {
      await client.query("delete from server_deliveries where webhook_id = $1 and state = 'pending'", [id])
      return (await client.query('delete from server_webhooks where id = $1', [id])).rowCount === 1
    })
  }

  /** Inserts events with a delivery per subscribed webhook, inside the caller's transaction. */
  private async insertEvents(client: pg.PoolClient, events: readonly EventRecord[]): Promise<void> {
    const hooks = await this.webhooks(client)
    if (hooks.length === 0) return
    for (const event of events) {
      const to = subscribers(hooks, event.type)
      if (to.length === 0) continue
      const inserted = await client.query(
        'insert into server_events (id, type, payload, created_at) values ($1, $2, $3, $4) on conflict (id) do nothing',
        [event.id, event.type, event.payload, event.createdAt],
      )
      if (inserted.rowCount === 0) continue
      for (const hook of to)
        await client.query(
          "insert into server_deliveries (event_id, webhook_id, state, attempts, next_at) values ($1, $2, 'pending', 0, $3) on conflict do nothing",
          [event.id, hook.id, event.createdAt],
        )
    }
  }

  async recordEvents(events: readonly EventRecord[]): Promise<void> {
    if (events.length === 0) return
    await this.transaction((client) => this.insertEvents(client, events))
  }

  async claimDeliveries(now: number, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    // skip locked: two processes claiming at once take different deliveries.
    const { rows } = await this.pool.query(
      `with due as (select event_id, webhook_id from server_deliveries where state = 'pending' and next_at <= $1 and (lease_until is null or lease_until <= $1) order by next_at limit $2 for update skip locked),
       leased as (update server_deliveries d set lease_until = $3 from due where d.event_id = due.event_id and d.webhook_id = due.webhook_id returning d.*)
       select ${DUE_COLUMNS} from leased d join server_events e on e.id = d.event_id join server_webhooks w on w.id = d.webhook_id order by d.next_at`,
      [now, limit, now + leaseMs],
    )
    return (rows as DueDeliveryDbRow[]).map(dueDelivery)
  }

  async settleDelivery(eventId: string, webhookId: string, outcome: DeliveryOutcome): Promise<void> {
    await this.pool.query(
      'update server_deliveries set state = $1, attempts = $2, next_at = $3, lease_until = null, last_status = $4, last_error = $5, delivered_at = $6 where event_id = $7 and webhook_id = $8',
      [
        outcome.state,
        outcome.attempts,
        outcome.nextAt,
        outcome.status ?? null,
        outcome.error ?? null,
        outcome.state === 'delivered' ? outcome.at : null,
        eventId,
        webhookId,
      ],
    )
  }

  async deliveries(
    webhookId: string,
    limit: number,
  ): Promise<(DeliveryRecord & { type: WebhookEventType })[]> {
    const rows = await this.rows<DeliveryDbRow & { type: WebhookEventType }>(
      'select d.*, e.type from server_deliveries d join server_events e on e.id = d.event_id where d.webhook_id = $1 order by e.created_at desc, e.id desc limit $2',
      [webhookId, limit],
    )
    return rows.map((row) => ({ ...deliveryRecord(row), type: row.type }))
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
