/**
 * @tessera/server: the issuing service for wallets (OpenID for Verifiable Credential Issuance 1.0,
 * pre-authorized code flow) on a Tessera issuer and its store.
 */
export { adminRoutes } from './admin-app.js'
export {
  ADMIN_SCOPES,
  ADMIN_TOKEN_PREFIX,
  type AdminTokenOptions,
  type CreatedAdminToken,
  createAdminToken,
  isAdminScope,
  listAdminTokens,
  revokeAdminToken,
} from './admin-tokens.js'
export { walletApp } from './app.js'
export {
  checkDisplayOptions,
  configurationFor,
  configurationId,
  type DisplayOptions,
  formatsFor,
  PROOF_ALGORITHMS,
} from './configurations.js'
export {
  DEFAULT_LIMITS,
  type ServiceContext,
  type ServiceEvent,
  type ServiceLimits,
  type ServiceMembership,
} from './context.js'
export {
  dayOf,
  type EngagementOptions,
  EVENT_MAX_BYTES,
  engagementRoutes,
  RateBuckets,
} from './engagement.js'
export { openEngagementStore } from './engagement-open.js'
export { PostgresEngagementStore } from './engagement-postgres.js'
export { SqliteEngagementStore } from './engagement-sqlite.js'
export {
  ENGAGEMENT_EVENT_TYPES,
  type EngagementCount,
  type EngagementEventType,
  type EngagementQuery,
  type EngagementStore,
  isEngagementEventType,
  MemoryEngagementStore,
} from './engagement-store.js'
export {
  isServerError,
  ProtocolError,
  type ProtocolErrorCode,
  type ProtocolErrorOptions,
  type ServerErrorCode,
} from './errors.js'
export { isWebhookEventType, WEBHOOK_EVENT_TYPES, webhookEvent } from './events.js'
export { didJwkOf, type HolderKey } from './holder-key.js'
export { type ListenOptions, listen, type RunningServer } from './listen.js'
export { MemoryServerStore } from './memory-store.js'
export { authorizationServerMetadata, credentialIssuerMetadata, PRE_AUTHORIZED_GRANT } from './metadata.js'
export { NonceBox } from './nonces.js'
export type { CreatedOffer, OfferedCredential, OfferOptions, TxCodeOptions } from './offers.js'
export {
  type OpenedService,
  type OpenServiceOptions,
  openServerStore,
  openWalletService,
} from './open-service.js'
export { openApiDocument } from './openapi.js'
export { PostgresServerStore, type PostgresServerStoreOptions } from './postgres-store.js'
export { didWebPath, PUBLISHED_MAX_AGE, type PublishedOptions, publishedRoutes } from './published.js'
export { type QrOptions, qrDataUri, qrSvg, qrTerminal } from './qr.js'
export { ReminderTimer, type ReminderTimerOptions } from './reminder-timer.js'
export { WalletService, type WalletServiceOptions } from './service.js'
export { SqliteServerStore } from './sqlite-store.js'
export type {
  AdminScope,
  AdminTokenRecord,
  Claim,
  ConfigurationFormat,
  ConfigurationRecord,
  ItemState,
  NotificationEvent,
  OfferItem,
  OfferRecord,
  OfferState,
  Redemption,
  ServerStore,
  TokenRecord,
  TxCodeSpec,
  WebhookEventType,
  WebhookRecord,
} from './store.js'
export { type ServiceUrls, serviceUrls } from './urls.js'
export {
  backoffMs,
  checkWebhookUrl,
  WebhookDispatcher,
  type WebhookDispatchOptions,
  webhookSignature,
} from './webhooks.js'
