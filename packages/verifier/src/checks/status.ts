/**
 * The `status` check: the credential's status entries (Bitstring Status List, StatusList2021) through
 * @tessera/status, failing closed. The status package is loaded with the first credential that has a
 * status entry (`../status.ts`), so a credential without one never loads it.
 */
import { failed, failedFrom, type Outcome, passed } from '@tessera/proofs'
import { type JsonObject, statusEntriesOf } from '@tessera/schema'
import type { StatusListCache } from '@tessera/status'
import { lazy } from './lazy.js'

const loadStatus = lazy(() => import('../status.js'))

/** What the status check asks of the verifier: its lists, fetched and verified within the budget, and its cache. */
export interface StatusServices {
  fetchStatusList: (url: string) => Promise<unknown>
  verifyStatusListCredential: (fetched: unknown) => Promise<boolean>
  cache: () => StatusListCache | Promise<StatusListCache>
  trustedListIssuers?: readonly string[]
  /** GZIP with a cap, from the verifier's crypto provider when it has one. */
  gunzip?: (compressed: Uint8Array, maxBytes: number) => Uint8Array
}

export async function checkCredentialStatus(
  credential: JsonObject,
  now: Date,
  services: StatusServices,
): Promise<Outcome> {
  // read here, so that a credential without status never loads the status package
  if (statusEntriesOf(credential).length === 0)
    return passed('no status entry: the issuer cannot revoke this credential')
  let loaded: Awaited<ReturnType<typeof loadStatus>>
  try {
    loaded = await loadStatus()
  } catch (error) {
    return failedFrom(error, 'STATUS_RETRIEVAL_ERROR')
  }
  // the services as they are (their lists' fetcher and verifier, trusted list issuers, gunzip), with the cache made
  const result = await loaded.checkStatus(credential, { ...services, now, cache: await services.cache() })
  // the issuer's reason, when the list that revokes or suspends has status messages
  const reasons = (purpose: 'revocation' | 'suspension') => {
    const messages = result.entries.flatMap((e) =>
      e.purpose === purpose && e.set === true && e.message !== undefined ? [e.message] : [],
    )
    return messages.length > 0 ? `: ${messages.join('; ')}` : ''
  }
  if (result.revoked) return failed('REVOKED', `revoked by the issuer${reasons('revocation')}`)
  if (result.suspended) return failed('SUSPENDED', `suspended by the issuer${reasons('suspension')}`)
  const broken = result.entries.find((e) => !e.ok)
  if (broken !== undefined) {
    return failed(
      broken.code ?? 'STATUS_VERIFICATION_ERROR',
      `status could not be checked: ${broken.error ?? 'unknown error'}`,
    )
  }
  const messages = result.entries.flatMap((e) => (e.message === undefined ? [] : [e.message]))
  return passed(messages.length > 0 ? `not revoked; status: ${messages.join('; ')}` : 'not revoked')
}

/** A new status list cache, from the status package (loaded with it). */
export async function newStatusListCache(): Promise<StatusListCache> {
  return new (await loadStatus()).StatusListCache()
}
