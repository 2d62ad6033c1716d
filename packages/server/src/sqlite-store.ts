/**
 * The service's state in the issuer's SQLite file, on a connection of its own (better-sqlite3, WAL, the
 * same 5 s wait for another process's write as the issuer's store). Each method is one statement or one
 * immediate transaction: redeeming a code reads and writes the offer under SQLite's write lock, so two
 * processes on one file redeem it once.
 */
import Database from 'better-sqlite3'
import type {
  Claim,
  ConfigurationRecord,
  NotificationEvent,
  OfferItem,
  OfferRecord,
  Redemption,
  ServerStore,
  TokenRecord,
} from './store.js'
import {
  type ConfigurationDbRow,
  configurationRecord,
  ITEM_COLUMNS,
  type ItemDbRow,
  itemRecord,
  itemValues,
  OFFER_COLUMNS,
  type OfferDbRow,
  offerRecord,
  offerValues,
  serverTables,
  type TokenDbRow,
  tokenRecord,
} from './store-rows.js'

/** How long a write waits for another process's transaction, in ms (as the issuer's store). */
const BUSY_MS = 5_000

export class SqliteServerStore implements ServerStore {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()

  /** Opens the database at `path` (the issuer's `tessera.db`, or `:memory:`) and creates the tables. */
  constructor(path: string) {
    const db = new Database(path, { timeout: BUSY_MS })
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      db.exec(serverTables('integer'))
    } catch (error) {
      db.close()
      throw error
    }
    this.db = db
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

  private itemsOf(offerId: string): OfferItem[] {
    return (
      this.sql('select * from oid4vci_offer_items where offer_id = ? order by position').all(
        offerId,
      ) as ItemDbRow[]
    ).map(itemRecord)
  }

  private withItems(row: OfferDbRow | undefined): { offer: OfferRecord; items: OfferItem[] } | undefined {
    return row === undefined ? undefined : { offer: offerRecord(row), items: this.itemsOf(row.id) }
  }

  async offer(id: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return this.withItems(
      this.sql('select * from oid4vci_offers where id = ?').get(id) as OfferDbRow | undefined,
    )
  }

  async offerByCode(codeHash: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    return this.withItems(
      this.sql('select * from oid4vci_offers where code_hash = ?').get(codeHash) as OfferDbRow | undefined,
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
    return this.db
      .transaction(() => {
        const row = read.get(codeHash) as OfferDbRow | undefined
        if (row === undefined) return undefined
        const redemption = decide(offerRecord(row))
        if (redemption.kind === 'grant') {
          granted.run(now, row.id)
          insertToken.run(token.hash, row.id, token.expiresAt)
        } else if (redemption.kind === 'wrong-tx-code') wrong.run(maxAttempts, row.id)
        const after = read.get(codeHash) as OfferDbRow
        return { offer: offerRecord(after), items: this.itemsOf(row.id), redemption }
      })
      .immediate()
  }

  async token(
    hash: string,
  ): Promise<{ token: TokenRecord; offer: OfferRecord; items: OfferItem[] } | undefined> {
    const token = this.sql('select * from oid4vci_tokens where hash = ?').get(hash) as TokenDbRow | undefined
    if (token === undefined) return undefined
    const found = await this.offer(token.offer_id)
    return found === undefined ? undefined : { token: tokenRecord(token), ...found }
  }

  async claimItem(itemId: string, holder: string, now: number): Promise<Claim> {
    const claimed = this.sql(
      "update oid4vci_offer_items set state = 'claimed', holder = ?, updated_at = ? where id = ? and state = 'open'",
    ).run(holder, now, itemId)
    if (claimed.changes === 1) return 'claimed'
    const row = this.sql('select state, holder from oid4vci_offer_items where id = ?').get(itemId) as
      | { state: string; holder: string | null }
      | undefined
    return row?.state === 'claimed' && row.holder === holder ? 'again' : 'taken'
  }

  async completeItem(
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
  ): Promise<void> {
    this.sql(
      "update oid4vci_offer_items set state = 'issued', credential_id = ?, notification_id = ?, updated_at = ? where id = ? and state = 'claimed'",
    ).run(credentialId, notificationId, now, itemId)
  }

  async denyItem(itemId: string, now: number): Promise<void> {
    this.sql(
      "update oid4vci_offer_items set state = 'denied', updated_at = ? where id = ? and state != 'issued'",
    ).run(now, itemId)
  }

  async notify(
    offerId: string,
    notificationId: string,
    event: NotificationEvent,
    description: string | undefined,
    now: number,
  ): Promise<boolean> {
    return (
      this.sql(
        'update oid4vci_offer_items set event = ?, event_description = ?, event_at = ? where offer_id = ? and notification_id = ?',
      ).run(event, description ?? null, now, offerId, notificationId).changes === 1
    )
  }

  async purgeTokens(now: number): Promise<number> {
    return this.sql('delete from oid4vci_tokens where expires_at < ?').run(now).changes
  }

  async close(): Promise<void> {
    this.db.close()
  }
}
