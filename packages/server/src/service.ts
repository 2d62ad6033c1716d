/**
 * `WalletService`: the OpenID4VCI issuing service on an issuer and a store. It holds no state that
 * matters between requests (the nonce key and everything else are in the store), so any number of them,
 * in one process or many, can share one database. `fetch` answers wallets; `createOffer` makes the
 * offers that send members to it.
 */
import type { Rules } from '@tessera/awards'
import type { CredentialSigner, Issuer, IssuerStore } from '@tessera/issuer'
import type { JsonObject } from '@tessera/schema'
import type { Hono } from 'hono'
import { walletApp } from './app.js'
import { checkDisplayOptions, type DisplayOptions } from './configurations.js'
import {
  DEFAULT_LIMITS,
  type ServiceContext,
  type ServiceEvent,
  type ServiceLimits,
  type ServiceMembership,
} from './context.js'
import { type EngagementOptions, engagementRoutes } from './engagement.js'
import { fail } from './errors.js'
import { HolderKeyCache } from './holder-key-cache.js'
import { NonceBox } from './nonces.js'
import { type CreatedOffer, createOffer, type OfferOptions } from './offers.js'
import { randomToken } from './secrets.js'
import type { ServerStore } from './store.js'
import { type ServiceUrls, serviceUrls } from './urls.js'
import { WebhookDispatcher, type WebhookDispatchOptions } from './webhooks.js'

export interface WalletServiceOptions {
  issuer: Issuer
  /** The issuer's store (its ledger and status lists): where a member's credentials are found. */
  issuerStore: IssuerStore
  /** The algorithm of the issuer's signing key: `EdDSA` issues both formats, `ES256` and `RS256` VC-JWT only. */
  signerAlg: CredentialSigner['alg']
  /** The credential issuer identifier: the service's https URL, such as `https://guild.example/wallet`. */
  credentialIssuer: string
  store: ServerStore
  /** The service's clock (expiry of offers, tokens, nonces; the proofs' freshness). Default the system clock. */
  clock?: () => Date
  limits?: Partial<ServiceLimits>
  display?: DisplayOptions
  /** Told of the service's own failures (never of a wallet's bad request). Default: one line on stderr. */
  onEvent?: (event: ServiceEvent) => void
  /** How webhooks are delivered (backoff, attempts, timeout). Deliveries start with `webhooks.start()`. */
  webhooks?: WebhookDispatchOptions
  /** The issuer's DID and its did:web document: the service then serves the document. */
  did?: string
  didDocument?: JsonObject
  /** Counts the published site's events at `POST <issuer URL>/events` (engagement.ts); without it, no such route. */
  engagement?: EngagementOptions
  /** The association's award rules: `GET /admin/members/{id}/progress` reads members' progress on them. */
  awardRules?: Rules
  /** How members are mailed the admin API's change notices; without it, reasons are recorded and nothing mailed. */
  membership?: ServiceMembership
}

function checkLimits(limits: ServiceLimits): void {
  for (const [name, value] of Object.entries(limits))
    if (!Number.isInteger(value) || value <= 0)
      fail('INVALID_OPTIONS', `limits.${name} is a positive whole number, not ${String(value)}`)
}

function defaultLog(event: ServiceEvent): void {
  process.stderr.write(`tessera server: ${event.kind}: ${event.message}\n`)
}

export class WalletService {
  readonly app: Hono
  readonly urls: ServiceUrls
  /** The webhook deliveries of this service: `start()` them in the process that serves (tessera serve does). */
  readonly webhooks: WebhookDispatcher
  private readonly context: ServiceContext

  private constructor(
    context: ServiceContext,
    webhooks: WebhookDispatchOptions,
    engagement: EngagementOptions | undefined,
  ) {
    this.context = context
    this.urls = context.urls
    this.app = walletApp(context)
    if (engagement !== undefined) engagementRoutes(this.app, context, engagement)
    this.webhooks = new WebhookDispatcher(context.store, context.clock, webhooks)
  }

  /** Makes the service: checks the options, and takes the nonce key from the store (made on first use). */
  static async create(options: WalletServiceOptions): Promise<WalletService> {
    const urls = serviceUrls(options.credentialIssuer)
    const limits = { ...DEFAULT_LIMITS, ...options.limits }
    checkLimits(limits)
    const display = options.display ?? {}
    checkDisplayOptions(display)
    const key = await options.store.initSetting('nonce_key', randomToken(32))
    return new WalletService(
      {
        urls,
        store: options.store,
        issuer: options.issuer,
        issuerStore: options.issuerStore,
        signerAlg: options.signerAlg,
        nonces: new NonceBox(Buffer.from(key, 'base64url'), limits.nonceLifetimeMs),
        holderKeys: new HolderKeyCache(),
        clock: options.clock ?? (() => new Date()),
        limits,
        display,
        log: options.onEvent ?? defaultLog,
        ...(options.did === undefined ? {} : { did: options.did }),
        ...(options.didDocument === undefined ? {} : { didDocument: options.didDocument }),
        ...(options.awardRules === undefined ? {} : { awardRules: options.awardRules }),
        ...(options.membership === undefined ? {} : { membership: options.membership }),
      },
      options.webhooks ?? {},
      options.engagement,
    )
  }

  /** Answers one request (the whole HTTP surface): hand it to any server that speaks `fetch`. */
  fetch = (request: Request): Promise<Response> => Promise.resolve(this.app.fetch(request))

  /** A one-time credential offer for the credentials a member stands in. */
  createOffer(options: OfferOptions): Promise<CreatedOffer> {
    return createOffer(this.context, options)
  }

  /** Withdraws an offer that was not redeemed yet; false when it was not open. */
  cancelOffer(offerId: string): Promise<boolean> {
    return this.context.store.cancelOffer(offerId, this.context.clock().getTime())
  }
}
