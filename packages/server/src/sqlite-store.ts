/**
 * The service's state in the issuer's SQLite file, on a connection of its own (better-sqlite3, WAL, the
 * same 5 s wait for another process's write as the issuer's store). Each method is one statement, one
 * read transaction (the reads of a token with its offer and items) or one immediate transaction:
 * redeeming a code reads and writes the offer under SQLite's write lock, so two processes on one file
 * redeem it once. The writes of a wallet flow (redeeming, claiming, completing,
 * denying, notifying) go through a group commit: those of concurrent requests share one transaction,
 * each in its own savepoint, and return once it is committed (`GroupCommit`, @tessera/issuer/sqlite).
 */
import { GroupCommit, type SqliteConnection } from '@tessera/issuer/sqlite'
import Database from 'better-sqlite3'
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

/** How long a write waits for another process's transaction, in ms (as the issuer's store). */
const BUSY_MS = 5_000
/** WAL pages between checkpoints, as the issuer's store (SQLite's default is 1,000). */
const CHECKPOINT_PAGES = 8_000

export class SqliteServerStore implements ServerStore {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()
  private readonly writes: GroupCommit

  /** Whether closing this store closes the connection (not when it shares the issuer store's). */
  private readonly ownsConnection: boolean

  /**
   * Opens the database at `path` (the issuer's `tessera.db`, or `:memory:`) and creates the tables; or
   * works on the connection of the issuer's store on that file (`SqliteIssuerStore.sharedConnection`),
   * which its owner closes: one page cache for both, and one commit for the writes of both.
   */
  constructor(path: string | SqliteConnection) {
    const shared = typeof path === 'string' ? undefined : path
    const db = shared?.db ?? new Database(path as string, { timeout: BUSY_MS })
    try {
      if (shared === undefined) {
        db.pragma('journal_mode = WAL')
        db.pragma('synchronous = NORMAL')
        // As the issuer's store: a checkpoint (its fsyncs on the event loop) every 8,000 WAL pages.
        db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`)
      }
      db.pragma('foreign_keys = ON')
      db.exec(serverTables('integer'))
    } catch (error) {
      if (shared === undefined) db.close()
      throw error
    }
    this.db = db
    this.writes = shared?.writes ?? new GroupCommit(db)
    this.ownsConnection = shared === undefined
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text)
    if (statement === undefined) {
      statement = this.db.prepare(text)
      this.statements.set(text, statement)
    }
    return statement
  }

  async setting(key: string): Promise<string | undefined> {
    const row = this.sql('select value from oid4vci_settings where key = ?').get(key) as
      | { value: string }
      | undefined
    return row?.value
  }

  async initSetting(key: string, value: string): Promise<string> {
    this.sql('insert into oid4vci_settings (key, value) values (?, ?) on conflict (key) do nothing').run(
      key,
      value,
    )
    return (await this.setting(key)) as string
  }

  async putSetting(key: string, value: string): Promise<void> {
    this.sql(
      'insert into oid4vci_settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    ).run(key, value)
  }

  async saveConfigurations(records: readonly ConfigurationRecord[]): Promise<void> {
    const upsert = this.sql(
      'insert into oid4vci_configurations (id, achievement_id, format, metadata) values (?, ?, ?, ?) on conflict (id) do update set metadata = excluded.metadata where oid4vci_configurations.metadata != excluded.metadata',
    )
    this.db
      .transaction(() => {
        for (const r of records) upsert.run(r.id, r.achievementId, r.format, JSON.stringify(r.metadata))
      })
      .immediate()
  }

  async configurations(): Promise<ConfigurationRecord[]> {
    return (
      this.sql('select * from oid4vci_configurations order by rowid').all() as ConfigurationDbRow[]
    ).map(configurationRecord)
  }

  async configuration(id: string): Promise<ConfigurationRecord | undefined> {
    const row = this.sql('select * from oid4vci_configurations where id = ?').get(id) as
      | ConfigurationDbRow
      | undefined
    return row === undefined ? undefined : configurationRecord(row)
  }

  async addOffer(offer: OfferRecord, items: readonly OfferItem[]): Promise<void> {
    const insertOffer = this.sql(
      `insert into oid4vci_offers (${OFFER_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const insertItem = this.sql(
      `insert into oid4vci_offer_items (${ITEM_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.db
      .transaction(() => {
        insertOffer.run(...offerValues(offer))
        items.forEach((item, position) => {
          insertItem.run(...itemValues(item, position))
        })
      })
      .immediate()
  }

  /**
   * An offer's items in their order. Sorted here: `order by position` made SQLite sort them in a temporary
   * B-tree (the index is on the offer alone) at each of a flow's two reads, for an offer of one or two items.
   */
  private itemsOf(offerId: string): OfferItem[] {
    const rows = this.sql('select * from oid4vci_offer_items where offer_id = ?').all(offerId) as ItemDbRow[]
    if (rows.length > 1) rows.sort((a, b) => a.position - b.position)
    return rows.map(itemRecord)
  }

  private withItems(row: OfferDbRow | undefined): { offer: OfferRecord; items: OfferItem[] } | undefined {
    return row === undefined ? undefined : { offer: offerRecord(row), items: this.itemsOf(row.id) }
  }

  /**
   * Several reads in one read transaction. A statement outside a transaction is a read transaction of its
   * own, which takes the WAL's read lock and gives it back and looks at the file (three system calls: an
   * offer and its items cost 19 µs of CPU in one, 29 µs in two; issue #17). Inside a transaction open on
   * the connection (a batch's write group on the issuer's, which this store may share), the reads run in
   * it as they are.
   */
  private readTogether<T>(read: () => T): T {
    if (this.db.inTransaction) return read()
    this.sql('begin').run()
    try {
      return read()
    } finally {
      // Nothing was written: ending it only gives the locks back.
      if (this.db.inTransaction) this.sql('commit').run()
    }
  }

  private offerById(id: string): { offer: OfferRecord; items: OfferItem[] } | undefined {
    return this.withItems(
      this.sql('select * from oid4vci_offers where id = ?').get(id) as OfferDbRow | undefined,
    )
  }

  async offer(id: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return this.readTogether(() => this.offerById(id))
  }

  async offerByCode(codeHash: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return this.readTogether(() =>
      this.withItems(
        this.sql('select * from oid4vci_offers where code_hash = ?').get(codeHash) as OfferDbRow | undefined,
      ),
    )
  }

  async offersOf(member: string): Promise<OfferRecord[]> {
    return (
      this.sql('select * from oid4vci_offers where member = ? order by created_at, rowid').all(
        member,
      ) as OfferDbRow[]
    ).map(offerRecord)
  }

  async cancelOffer(id: string, _now: number): Promise<boolean> {
    return (
      this.sql("update oid4vci_offers set state = 'cancelled' where id = ? and state = 'open'").run(id)
        .changes === 1
    )
  }

  async redeem(
    codeHash: string,
    decide: (offer: OfferRecord) => Redemption,
    token: Omit<TokenRecord, 'offerId'>,
    maxAttempts: number,
    now: number,
  ): Promise<{ offer: OfferRecord; items: OfferItem[]; redemption: Redemption } | undefined> {
    const read = this.sql('select * from oid4vci_offers where code_hash = ?')
    const granted = this.sql(
      "update oid4vci_offers set state = 'redeemed', redeemed_at = ? where id = ? and state = 'open'",
    )
    const insertToken = this.sql('insert into oid4vci_tokens (hash, offer_id, expires_at) values (?, ?, ?)')
    const wrong = this.sql(
      "update oid4vci_offers set failed_attempts = failed_attempts + 1, state = case when failed_attempts + 1 >= ? then 'locked' else state end where id = ?",
    )
    return this.writes.run(() => {
      const row = read.get(codeHash) as OfferDbRow | undefined
      if (row === undefined) return undefined
      const offer = offerRecord(row)
      const redemption = decide(offer)
      // The offer as it now stands: granted (under the write lock, from open), its two fields set here;
      // otherwise read again (a wrong code's count and lock are SQLite's arithmetic).
      let after: OfferRecord | undefined
      if (redemption.kind === 'grant') {
        if (granted.run(now, row.id).changes === 1) after = { ...offer, state: 'redeemed', redeemedAt: now }
        insertToken.run(token.hash, row.id, token.expiresAt)
      } else if (redemption.kind === 'wrong-tx-code') wrong.run(maxAttempts, row.id)
      after ??= offerRecord(read.get(codeHash) as OfferDbRow)
      return { offer: after, items: this.itemsOf(row.id), redemption }
    })
  }

  async token(
    hash: string,
  ): Promise<{ token: TokenRecord; offer: OfferRecord; items: OfferItem[] } | undefined> {
    // The token, its offer and the offer's items: three statements, one read transaction.
    return this.readTogether(() => {
      const token = this.sql('select * from oid4vci_tokens where hash = ?').get(hash) as
        | TokenDbRow
        | undefined
      if (token === undefined) return undefined
      const found = this.offerById(token.offer_id)
      return found === undefined ? undefined : { token: tokenRecord(token), ...found }
    })
  }

  async claimItem(itemId: string, holder: string, now: number): Promise<Claim> {
    const claim = this.sql(
      "update oid4vci_offer_items set state = 'claimed', holder = ?, updated_at = ? where id = ? and state = 'open'",
    )
    const read = this.sql('select state, holder from oid4vci_offer_items where id = ?')
    return this.writes.run(() => {
      if (claim.run(holder, now, itemId).changes === 1) return 'claimed'
      const row = read.get(itemId) as { state: string; holder: string | null } | undefined
      return row?.state === 'claimed' && row.holder === holder ? 'again' : 'taken'
    })
  }

  async completeItem(
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
    events: readonly EventRecord[] = [],
  ): Promise<void> {
    const complete = this.sql(
      "update oid4vci_offer_items set state = 'issued', credential_id = ?, notification_id = ?, updated_at = ? where id = ? and state = 'claimed'",
    )
    await this.writes.run(() => {
      if (complete.run(credentialId, notificationId, now, itemId).changes === 1) this.insertEvents(events)
    })
  }

  async denyItem(itemId: string, now: number): Promise<void> {
    const deny = this.sql(
      "update oid4vci_offer_items set state = 'denied', updated_at = ? where id = ? and state != 'issued'",
    )
    await this.writes.run(() => deny.run(now, itemId))
  }

  async notify(
    offerId: string,
    notificationId: string,
    event: NotificationEvent,
    description: string | undefined,
    now: number,
    record?: (item: OfferItem) => EventRecord,
  ): Promise<boolean> {
    const update = this.sql(
      'update oid4vci_offer_items set event = ?, event_description = ?, event_at = ? where offer_id = ? and notification_id = ?',
    )
    const read = this.sql('select * from oid4vci_offer_items where offer_id = ? and notification_id = ?')
    return this.writes.run(() => {
      if (update.run(event, description ?? null, now, offerId, notificationId).changes !== 1) return false
      if (record !== undefined)
        this.insertEvents([record(itemRecord(read.get(offerId, notificationId) as ItemDbRow))])
      return true
    })
  }

  async purgeTokens(now: number): Promise<number> {
    return this.sql('delete from oid4vci_tokens where expires_at < ?').run(now).changes
  }

  // --- Admin tokens

  async addAdminToken(record: AdminTokenRecord): Promise<void> {
    this.sql(
      'insert into server_admin_tokens (id, name, hash, scopes, created_at, revoked_at) values (?, ?, ?, ?, ?, ?)',
    ).run(
      record.id,
      record.name,
      record.hash,
      JSON.stringify(record.scopes),
      record.createdAt,
      record.revokedAt ?? null,
    )
  }

  async adminTokenByHash(hash: string): Promise<AdminTokenRecord | undefined> {
    const row = this.sql('select * from server_admin_tokens where hash = ?').get(hash) as
      | AdminTokenDbRow
      | undefined
    return row === undefined ? undefined : adminTokenRecord(row)
  }

  async adminTokens(): Promise<AdminTokenRecord[]> {
    return (
      this.sql('select * from server_admin_tokens order by created_at, rowid').all() as AdminTokenDbRow[]
    ).map(adminTokenRecord)
  }

  async revokeAdminToken(id: string, now: number): Promise<boolean> {
    return (
      this.sql('update server_admin_tokens set revoked_at = ? where id = ? and revoked_at is null').run(
        now,
        id,
      ).changes === 1
    )
  }

  // --- Webhooks and their outbox

  async addWebhook(record: WebhookRecord): Promise<void> {
    this.sql(
      'insert into server_webhooks (id, url, events, secret, description, created_at) values (?, ?, ?, ?, ?, ?)',
    ).run(
      record.id,
      record.url,
      JSON.stringify(record.events),
      record.secret,
      record.description ?? null,
      record.createdAt,
    )
  }

  private webhooksNow(): WebhookRecord[] {
    return (this.sql('select * from server_webhooks order by created_at, rowid').all() as WebhookDbRow[]).map(
      webhookRecord,
    )
  }

  async webhooks(): Promise<WebhookRecord[]> {
    return this.webhooksNow()
  }

  async removeWebhook(id: string): Promise<boolean> {
    const removeDeliveries = this.sql(
      "delete from server_deliveries where webhook_id = ? and state = 'pending'",
    )
    const remove = this.sql('delete from server_webhooks where id = ?')
    return this.db
      .transaction(() => {
        removeDeliveries.run(id)
        return remove.run(id).changes === 1
      })
      .immediate()
  }

  /** Inserts events with a delivery per subscribed webhook (inside the caller's transaction). */
  private insertEvents(events: readonly EventRecord[]): void {
    if (events.length === 0) return
    const hooks = this.webhooksNow()
    if (hooks.length === 0) return
    const insertEvent = this.sql(
      'insert into server_events (id, type, payload, created_at) values (?, ?, ?, ?) on conflict (id) do nothing',
    )
    const insertDelivery = this.sql(
      "insert into server_deliveries (event_id, webhook_id, state, attempts, next_at) values (?, ?, 'pending', 0, ?) on conflict do nothing",
    )
    for (const event of events) {
      const to = subscribers(hooks, event.type)
      if (to.length === 0) continue
      if (insertEvent.run(event.id, event.type, event.payload, event.createdAt).changes === 0) continue
      for (const hook of to) insertDelivery.run(event.id, hook.id, event.createdAt)
    }
  }

  async recordEvents(events: readonly EventRecord[]): Promise<void> {
    this.db.transaction(() => this.insertEvents(events)).immediate()
  }

  async claimDeliveries(now: number, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const due = this.sql(
      "select event_id, webhook_id from server_deliveries where state = 'pending' and next_at <= ? and (lease_until is null or lease_until <= ?) order by next_at limit ?",
    )
    const lease = this.sql(
      'update server_deliveries set lease_until = ? where event_id = ? and webhook_id = ?',
    )
    const read = this.sql(
      `select ${DUE_COLUMNS} from server_deliveries d join server_events e on e.id = d.event_id join server_webhooks w on w.id = d.webhook_id where d.event_id = ? and d.webhook_id = ?`,
    )
    return this.db
      .transaction(() => {
        const claimed: DueDelivery[] = []
        for (const key of due.all(now, now, limit) as { event_id: string; webhook_id: string }[]) {
          lease.run(now + leaseMs, key.event_id, key.webhook_id)
          const row = read.get(key.event_id, key.webhook_id) as DueDeliveryDbRow | undefined
          if (row !== undefined) claimed.push(dueDelivery(row))
        }
        return claimed
      })
      .immediate()
  }

  async settleDelivery(eventId: string, webhookId: string, outcome: DeliveryOutcome): Promise<void> {
    this.sql(
      'update server_deliveries set state = ?, attempts = ?, next_at = ?, lease_until = null, last_status = ?, last_error = ?, delivered_at = ? where event_id = ? and webhook_id = ?',
    ).run(
      outcome.state,
      outcome.attempts,
      outcome.nextAt,
      outcome.status ?? null,
      outcome.error ?? null,
      outcome.state === 'delivered' ? outcome.at : null,
      eventId,
      webhookId,
    )
  }

  async deliveries(
    webhookId: string,
    limit: number,
  ): Promise<(DeliveryRecord & { type: WebhookEventType })[]> {
    return (
      this.sql(
        'select d.*, e.type from server_deliveries d join server_events e on e.id = d.event_id where d.webhook_id = ? order by e.created_at desc, e.rowid desc limit ?',
      ).all(webhookId, limit) as (DeliveryDbRow & { type: WebhookEventType })[]
    ).map((row) => ({ ...deliveryRecord(row), type: row.type }))
  }

  async close(): Promise<void> {
    this.writes.flush()
    if (this.ownsConnection) this.db.close()
  }
}
