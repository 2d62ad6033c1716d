/**
 * What every endpoint of the service works with: its URLs, its store and the issuer's, the issuer, the
 * nonce key, the clock, the limits and the display options. Made once by `WalletService`; nothing in it
 * changes per request.
 */

import type { Rules } from '@tessera/awards'
import type { Issuer, IssuerStore, MailSender, MembershipSettings } from '@tessera/issuer'
import type { JsonObject } from '@tessera/schema'
import type { DisplayOptions } from './configurations.js'
import type { HolderKeyCache } from './holder-key-cache.js'
import type { NonceBox } from './nonces.js'
import type { ServerStore } from './store.js'
import type { ServiceUrls } from './urls.js'

export interface ServiceLimits {
  /** How long an offer can be redeemed, in ms. Default 14 days. */
  offerLifetimeMs: number
  /** How long an access token is good for (credential and notification requests), in ms. Default 10 minutes. */
  tokenLifetimeMs: number
  /** How long a c_nonce is good for, in ms. Default 5 minutes. */
  nonceLifetimeMs: number
  /** Wrong transaction codes before an offer is locked. Default 5. */
  maxTxCodeAttempts: number
  /** How old a key proof's `iat` may be, in ms. Default 5 minutes. */
  proofMaxAgeMs: number
  /** How far ahead of the service's clock a wallet's may run, in ms. Default 60 s. */
  proofMaxSkewMs: number
  /** Largest JSON request body (credential, notification), in bytes. Default 64 KiB. */
  maxJsonBytes: number
  /** Largest form body (token request), in bytes. Default 16 KiB. */
  maxFormBytes: number
}

export const DEFAULT_LIMITS: Readonly<ServiceLimits> = Object.freeze({
  offerLifetimeMs: 14 * 86_400_000,
  tokenLifetimeMs: 10 * 60_000,
  nonceLifetimeMs: 5 * 60_000,
  maxTxCodeAttempts: 5,
  proofMaxAgeMs: 5 * 60_000,
  proofMaxSkewMs: 60_000,
  maxJsonBytes: 64 * 1024,
  maxFormBytes: 16 * 1024,
})

/** What happened that an operator may want to see: a failure of the service itself, never a wallet's mistake. */
export interface ServiceEvent {
  kind: 'server_error'
  message: string
  error: unknown
}

export interface ServiceContext {
  urls: ServiceUrls
  store: ServerStore
  issuer: Issuer
  issuerStore: IssuerStore
  /** The issuer key's algorithm: `EdDSA` signs both formats, others VC-JWT only. */
  signerAlg: string
  nonces: NonceBox
  /** The keys of wallets' proofs, read once per key (holder-key-cache.ts). */
  holderKeys: HolderKeyCache
  clock: () => Date
  limits: ServiceLimits
  display: DisplayOptions
  log: (event: ServiceEvent) => void
  /** The issuer's DID, and its document when it is a did:web one (served at the path the DID names). */
  did?: string
  didDocument?: JsonObject
  /** The association's award rules (@tessera/awards): the admin API shows members' progress on them. */
  awardRules?: Rules
  /** The association's mail settings and sender: the admin API's change notices go through them. */
  membership?: ServiceMembership
}

/** How the service mails members (change notices; the reminders' timer takes the same). */
export interface ServiceMembership {
  settings: MembershipSettings
  sender: MailSender
}
