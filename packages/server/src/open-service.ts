/**
 * The service on an issuer's store folder, as `tessera serve` and `tessera offer` open it: the folder's
 * issuer (`openSigningIssuer`: its key, without the Veramo agent), and the service's tables in the same
 * database (on SQLite, on the issuer store's connection):
 * `<dir>/tessera.db`, or the PostgreSQL database of `DATABASE_URL`. The credential issuer URL given is
 * recorded in the store, so that an offer made later (by `tessera offer`, in another process) names the
 * URL the running service answers at.
 */

import { join } from 'node:path'
import type { Rules } from '@tessera/awards'
import { openSigningIssuer, type SigningIssuer } from '@tessera/issuer/node'
import type { SqliteConnection } from '@tessera/issuer/sqlite'
import type { DisplayOptions } from './configurations.js'
import type { ServiceEvent, ServiceLimits, ServiceMembership } from './context.js'
import type { EngagementOptions } from './engagement.js'
import { openEngagementStore } from './engagement-open.js'
import type { EngagementStore } from './engagement-store.js'
import { fail } from './errors.js'
import { PostgresServerStore } from './postgres-store.js'
import { WalletService } from './service.js'
import { SqliteServerStore } from './sqlite-store.js'
import type { ServerStore } from './store.js'
import { serviceUrls } from './urls.js'
import type { WebhookDispatchOptions } from './webhooks.js'

const ISSUER_URL_SETTING = 'credential_issuer'

export interface OpenServiceOptions {
  clock?: () => Date
  /** The credential issuer URL the service answers at; default the one recorded in the store. */
  baseUrl?: string
  limits?: Partial<ServiceLimits>
  display?: DisplayOptions
  onEvent?: (event: ServiceEvent) => void
  webhooks?: WebhookDispatchOptions
  /**
   * The site's count-only events (`POST <issuer URL>/events`), counted in the same database: on unless
   * `false`; `origins` limits which sites may send.
   */
  engagement?: Omit<EngagementOptions, 'store'> | false
  /** The association's award rules, for the admin API's members' progress. */
  awardRules?: Rules
  /** How members are mailed the admin API's change notices. */
  membership?: ServiceMembership
  /**
   * On SQLite, WAL checkpoints on a worker thread instead of inside a request's commit, where each held up
   * every request in flight. Default false: in the bench (bench/README.md, 2026-12-05 late evening) it
   * tightened the tail but cost about a third more CPU a flow on the service's one core.
   */
  backgroundCheckpoints?: boolean
}

export interface OpenedService {
  service: WalletService
  issuer: SigningIssuer
  store: ServerStore
  /** Closes the service's store and the issuer, after the requests under way. */
  close(): Promise<void>
}

/** An issuer store that lends its SQLite connection (`SqliteIssuerStore`). */
function sharesConnection(store: unknown): store is { sharedConnection(): SqliteConnection } {
  return typeof (store as { sharedConnection?: unknown } | undefined)?.sharedConnection === 'function'
}

/** An issuer store that can checkpoint from a worker thread (`SqliteIssuerStore`). */
function checkpointsInBackground(store: unknown): store is { checkpointInBackground(): void } {
  return (
    typeof (store as { checkpointInBackground?: unknown } | undefined)?.checkpointInBackground === 'function'
  )
}

/**
 * The service's store on the issuer's database: PostgreSQL when `DATABASE_URL` is set, else the folder's
 * SQLite file, on the connection of the issuer's store when it is given and lends it (one page cache,
 * one commit for the writes of both).
 */
export async function openServerStore(
  dir: string,
  env: Record<string, string | undefined> = process.env,
  issuerStore?: unknown,
): Promise<ServerStore> {
  const url = env.DATABASE_URL
  if (url !== undefined && url !== '') return PostgresServerStore.open(url)
  return new SqliteServerStore(
    sharesConnection(issuerStore) ? issuerStore.sharedConnection() : join(dir, 'tessera.db'),
  )
}

/**
 * Opens the folder's issuer and the service on it. BASE_URL_UNKNOWN when no base URL is given and none is
 * recorded; INVALID_BASE_URL for one that is not an https URL (http on loopback); the issuer's own codes
 * (NOT_INITIALISED, WRONG_SECRET, ...) as `openIssuer` throws them.
 */
export async function openWalletService(
  dir: string,
  env: Record<string, string | undefined> = process.env,
  options: OpenServiceOptions = {},
): Promise<OpenedService> {
  if (options.baseUrl !== undefined) serviceUrls(options.baseUrl)
  const issuer = await openSigningIssuer(
    dir,
    env,
    options.clock === undefined ? {} : { clock: options.clock },
  )
  let store: ServerStore | undefined
  let counters: EngagementStore | undefined
  try {
    store = await openServerStore(dir, env, issuer.store)
    if (options.backgroundCheckpoints === true && checkpointsInBackground(issuer.store))
      issuer.store.checkpointInBackground()
    if (options.engagement !== false) counters = await openEngagementStore(dir, env)
    let baseUrl = options.baseUrl
    if (baseUrl !== undefined) await store.putSetting(ISSUER_URL_SETTING, serviceUrls(baseUrl).issuer)
    else baseUrl = await store.setting(ISSUER_URL_SETTING)
    if (baseUrl === undefined)
      fail(
        'BASE_URL_UNKNOWN',
        'the service has no URL yet: give --base-url (tessera serve records it in the store for later offers)',
      )
    const didDocument = issuer.didDocument
    const service = await WalletService.create({
      issuer: issuer.issuer,
      issuerStore: issuer.store,
      signerAlg: issuer.signerAlg,
      credentialIssuer: baseUrl,
      store,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.display === undefined ? {} : { display: options.display }),
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
      ...(counters === undefined ? {} : { engagement: { ...(options.engagement || {}), store: counters } }),
      ...(options.awardRules === undefined ? {} : { awardRules: options.awardRules }),
      ...(options.membership === undefined ? {} : { membership: options.membership }),
      did: issuer.profile.did,
      ...(didDocument === undefined ? {} : { didDocument }),
    })
    const opened = store
    const openedCounters = counters
    return {
      service,
      issuer,
      store: opened,
      async close() {
        await service.webhooks.stop()
        await opened.close()
        await openedCounters?.close()
        await issuer.close()
      },
    }
  } catch (error) {
    await store?.close().catch(() => undefined)
    await counters?.close().catch(() => undefined)
    await issuer.close().catch(() => undefined)
    throw error
  }
}
