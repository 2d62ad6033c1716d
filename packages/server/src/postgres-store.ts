/**
 * The service's state in the issuer's PostgreSQL database (node-postgres, a pool of its own), for
 * several service processes on one state. Redeeming a code locks the offer's row (`select ... for
 * update`) for the decision and its writes; claiming an offered credential is one conditional update. So
 * two processes never redeem one code twice, nor issue one offered credential twice.
 */
import { TesseraError } from '@tessera/schema'
import pg from 'pg'
import type { ServerErrorCode } from './errors.js'
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

/** Serialises table creation between processes opening a new database at once (distinct from the issuer's). */
const MIGRATION_LOCK = 0x0_1d4c1

export interface PostgresServerStoreOptions {
  /** Connections in the pool. Default 10. */
  max?: number
  /** How long to wait for a connection, in ms. Default 10,000. */
  connectTimeoutMs?: number
}

/** `$1, $2, ... $n`. */
const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ')

/** The connection string's password, never to appear in an error. */
function passwordOf(connectionString: string): string[] {
  try {
    const url = new URL(connectionString)
    return [url.password, decodeURIComponent(url.password)].filter((p) => p !== '')
  } catch {
    return [connectionString]
  }
}

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
    const pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    })
    pool.on('error', () => undefined)
    try {
      const client = await pool.connect()
      try {
        await client.query('begin')
        await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
        await client.query(serverTables('bigint'))
        await client.query('commit')
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end().catch(() => undefined)
      let message = error instanceof Error ? error.message : String(error)
      for (const secret of passwordOf(connectionString)) message = message.split(secret).join('***')
      throw new TesseraError<ServerErrorCode>(
        'STORE_UNREACHABLE',
        `cannot open the service's tables: ${message}`,
      )
    }
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

  async completeItem(
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
  ): Promise<void> {
    await this.pool.query(
      "update oid4vci_offer_items set state = 'issued', credential_id = $1, notification_id = $2, updated_at = $3 where id = $4 and state = 'claimed'",
      [credentialId, notificationId, now, itemId],
    )
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
  ): Promise<boolean> {
    const result = await this.pool.query(
      'update oid4vci_offer_items set event = $1, event_description = $2, event_at = $3 where offer_id = $4 and notification_id = $5',
      [event, description ?? null, now, offerId, notificationId],
    )
    return result.rowCount === 1
  }

  async purgeTokens(now: number): Promise<number> {
    return (await this.pool.query('delete from oid4vci_tokens where expires_at < $1', [now])).rowCount ?? 0
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
