/**
 * The service's state in memory: for unit tests and for a service embedded in a process that keeps its
 * issuer's state in memory too. One process only (nothing survives it); JavaScript's single thread makes
 * each method atomic, as a transaction does in the database stores.
 */
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
import { subscribers } from './store-rows.js'

interface MemoryDelivery extends DeliveryRecord {
  leaseUntil?: number
}

export class MemoryServerStore implements ServerStore {
  private readonly settings = new Map<string, string>()
  private readonly configurationsById = new Map<string, ConfigurationRecord>()
  private readonly offers = new Map<string, OfferRecord>()
  private readonly offerIdByCode = new Map<string, string>()
  private readonly items = new Map<string, OfferItem>()
  private readonly tokens = new Map<string, TokenRecord>()
  private readonly adminTokensById = new Map<string, AdminTokenRecord>()
  private readonly webhooksById = new Map<string, WebhookRecord>()
  private readonly events = new Map<string, EventRecord>()
  private readonly outbox: MemoryDelivery[] = []

  async setting(key: string): Promise<string | undefined> {
    return this.settings.get(key)
  }

  async initSetting(key: string, value: string): Promise<string> {
    if (!this.settings.has(key)) this.settings.set(key, value)
    return this.settings.get(key) as string
  }

  async putSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value)
  }

  async saveConfigurations(records: readonly ConfigurationRecord[]): Promise<void> {
    for (const record of records) this.configurationsById.set(record.id, structuredClone(record))
  }

  async configurations(): Promise<ConfigurationRecord[]> {
    return [...this.configurationsById.values()].map((r) => structuredClone(r))
  }

  async configuration(id: string): Promise<ConfigurationRecord | undefined> {
    const record = this.configurationsById.get(id)
    return record === undefined ? undefined : structuredClone(record)
  }

  async addOffer(offer: OfferRecord, items: readonly OfferItem[]): Promise<void> {
    if (this.offers.has(offer.id) || this.offerIdByCode.has(offer.codeHash))
      throw new Error(`offer ${offer.id} is recorded already`)
    this.offers.set(offer.id, structuredClone(offer))
    this.offerIdByCode.set(offer.codeHash, offer.id)
    for (const item of items) this.items.set(item.id, structuredClone(item))
  }

  private itemsOf(offerId: string): OfferItem[] {
    return [...this.items.values()].filter((i) => i.offerId === offerId).map((i) => structuredClone(i))
  }

  async offer(id: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    const offer = this.offers.get(id)
    return offer === undefined ? undefined : { offer: structuredClone(offer), items: this.itemsOf(id) }
  }

  async offerByCode(codeHash: string): Promise<{ offer: OfferRecord; items: OfferItem[] } | undefined> {
    const id = this.offerIdByCode.get(codeHash)
    return id === undefined ? undefined : this.offer(id)
  }

  async offersOf(member: string): Promise<OfferRecord[]> {
    return [...this.offers.values()].filter((o) => o.member === member).map((o) => structuredClone(o))
  }

  async cancelOffer(id: string, _now: number): Promise<boolean> {
    const offer = this.offers.get(id)
    if (offer === undefined || offer.state !== 'open') return false
    offer.state = 'cancelled'
    return true
  }

  async redeem(
    codeHash: string,
    decide: (offer: OfferRecord) => Redemption,
    token: Omit<TokenRecord, 'offerId'>,
    maxAttempts: number,
    now: number,
  ): Promise<{ offer: OfferRecord; items: OfferItem[]; redemption: Redemption } | undefined> {
    const id = this.offerIdByCode.get(codeHash)
    const offer = id === undefined ? undefined : this.offers.get(id)
    if (offer === undefined) return undefined
    const redemption = decide(structuredClone(offer))
    if (redemption.kind === 'grant') {
      offer.state = 'redeemed'
      offer.redeemedAt = now
      this.tokens.set(token.hash, { ...token, offerId: offer.id })
    } else if (redemption.kind === 'wrong-tx-code') {
      offer.failedAttempts++
      if (offer.failedAttempts >= maxAttempts) offer.state = 'locked'
    }
    return { offer: structuredClone(offer), items: this.itemsOf(offer.id), redemption }
  }

  async token(
    hash: string,
  ): Promise<{ token: TokenRecord; offer: OfferRecord; items: OfferItem[] } | undefined> {
    const token = this.tokens.get(hash)
    const offer = token === undefined ? undefined : this.offers.get(token.offerId)
    if (token === undefined || offer === undefined) return undefined
    return { token: { ...token }, offer: structuredClone(offer), items: this.itemsOf(offer.id) }
  }

  async claimItem(itemId: string, holder: string, now: number): Promise<Claim> {
    const item = this.items.get(itemId)
    if (item === undefined) return 'taken'
    if (item.state === 'open') {
      item.state = 'claimed'
      item.holder = holder
      item.updatedAt = now
      return 'claimed'
    }
    return item.state === 'claimed' && item.holder === holder ? 'again' : 'taken'
  }

  async completeItem(
    itemId: string,
    credentialId: string,
    notificationId: string,
    now: number,
    events: readonly EventRecord[] = [],
  ): Promise<void> {
    const item = this.items.get(itemId)
    if (item === undefined || item.state !== 'claimed') return
    item.state = 'issued'
    item.credentialId = credentialId
    item.notificationId = notificationId
    item.updatedAt = now
    this.insertEvents(events)
  }

  async denyItem(itemId: string, now: number): Promise<void> {
    const item = this.items.get(itemId)
    if (item === undefined || item.state === 'issued') return
    item.state = 'denied'
    item.updatedAt = now
  }

  async notify(
    offerId: string,
    notificationId: string,
    event: NotificationEvent,
    description: string | undefined,
    now: number,
    record?: (item: OfferItem) => EventRecord,
  ): Promise<boolean> {
    const item = [...this.items.values()].find(
      (i) => i.offerId === offerId && i.notificationId === notificationId,
    )
    if (item === undefined) return false
    item.event = event
    if (description === undefined) delete item.eventDescription
    else item.eventDescription = description
    item.eventAt = now
    if (record !== undefined) this.insertEvents([record(structuredClone(item))])
    return true
  }

  async purgeTokens(now: number): Promise<number> {
    let purged = 0
    for (const [hash, token] of this.tokens)
      if (token.expiresAt < now) {
        this.tokens.delete(hash)
        purged++
      }
    return purged
  }

  async addAdminToken(record: AdminTokenRecord): Promise<void> {
    if ([...this.adminTokensById.values()].some((t) => t.id === record.id || t.hash === record.hash))
      throw new Error(`admin token ${record.id} is recorded already`)
    this.adminTokensById.set(record.id, structuredClone(record))
  }

  async adminTokenByHash(hash: string): Promise<AdminTokenRecord | undefined> {
    const found = [...this.adminTokensById.values()].find((t) => t.hash === hash)
    return found === undefined ? undefined : structuredClone(found)
  }

  async adminTokens(): Promise<AdminTokenRecord[]> {
    return [...this.adminTokensById.values()].map((t) => structuredClone(t))
  }

  async revokeAdminToken(id: string, now: number): Promise<boolean> {
    const token = this.adminTokensById.get(id)
    if (token === undefined || token.revokedAt !== undefined) return false
    token.revokedAt = now
    return true
  }

  async addWebhook(record: WebhookRecord): Promise<void> {
    this.webhooksById.set(record.id, structuredClone(record))
  }

  async webhooks(): Promise<WebhookRecord[]> {
    return [...this.webhooksById.values()].map((w) => structuredClone(w))
  }

  async removeWebhook(id: string): Promise<boolean> {
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      const delivery = this.outbox[i] as MemoryDelivery
      if (delivery.webhookId === id && delivery.state === 'pending') this.outbox.splice(i, 1)
    }
    return this.webhooksById.delete(id)
  }

  private insertEvents(events: readonly EventRecord[]): void {
    const hooks = [...this.webhooksById.values()]
    for (const event of events) {
      const to = subscribers(hooks, event.type)
      if (to.length === 0 || this.events.has(event.id)) continue
      this.events.set(event.id, { ...event })
      for (const hook of to)
        this.outbox.push({
          eventId: event.id,
          webhookId: hook.id,
          state: 'pending',
          attempts: 0,
          nextAt: event.createdAt,
        })
    }
  }

  async recordEvents(events: readonly EventRecord[]): Promise<void> {
    this.insertEvents(events)
  }

  async claimDeliveries(now: number, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    const due = this.outbox
      .filter((d) => d.state === 'pending' && d.nextAt <= now && (d.leaseUntil ?? 0) <= now)
      .sort((a, b) => a.nextAt - b.nextAt)
      .slice(0, limit)
    const claimed: DueDelivery[] = []
    for (const delivery of due) {
      const event = this.events.get(delivery.eventId)
      const hook = this.webhooksById.get(delivery.webhookId)
      if (event === undefined || hook === undefined) continue
      delivery.leaseUntil = now + leaseMs
      const { leaseUntil: _lease, ...record } = delivery
      claimed.push({
        ...record,
        url: hook.url,
        secret: hook.secret,
        payload: event.payload,
        eventCreatedAt: event.createdAt,
      })
    }
    return claimed
  }

  async settleDelivery(eventId: string, webhookId: string, outcome: DeliveryOutcome): Promise<void> {
    const delivery = this.outbox.find((d) => d.eventId === eventId && d.webhookId === webhookId)
    if (delivery === undefined) return
    delivery.state = outcome.state
    delivery.attempts = outcome.attempts
    delivery.nextAt = outcome.nextAt
    delete delivery.leaseUntil
    if (outcome.status === undefined) delete delivery.lastStatus
    else delivery.lastStatus = outcome.status
    if (outcome.error === undefined) delete delivery.lastError
    else delivery.lastError = outcome.error
    if (outcome.state === 'delivered') delivery.deliveredAt = outcome.at
  }

  async deliveries(
    webhookId: string,
    limit: number,
  ): Promise<(DeliveryRecord & { type: WebhookEventType })[]> {
    return this.outbox
      .filter((d) => d.webhookId === webhookId)
      .reverse()
      .slice(0, limit)
      .map(({ leaseUntil: _lease, ...d }) => ({
        ...d,
        type: (this.events.get(d.eventId) as EventRecord).type,
      }))
  }

  async close(): Promise<void> {}
}
