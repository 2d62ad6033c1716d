/** @tessera/status: the public API, listed name by name. */
export { Bitstring } from './bitstring.js'
export {
  BitstringReader,
  MIN_ENTRIES,
} from './bitstring-reader.js'
export {
  type CachedStatusList,
  type CheckStatusOptions,
  checkStatus,
  type StatusCheckResult,
  type StatusEntryResult,
  StatusListCache,
  type StatusListFetcher,
  type StatusListVerifier,
} from './check.js'
export {
  DEFAULT_MAX_ENTRIES,
  type DecodeAsyncOptions,
  type DecodeOptions,
  decodeList,
  decodeListAsync,
  encodeList,
  type StatusListType,
} from './codec.js'
export {
  ENTRY_TYPES,
  parseIndex,
  parseStatusEntry,
  type StatusEntry,
} from './entry.js'
export { contextsForStatus, makeStatusEntry } from './entry-making.js'
export {
  isStatusError,
  StatusError,
  type StatusErrorCode,
} from './errors.js'
export {
  type ExpiryLedger,
  expiringWithin,
  isExpired,
  type LedgerCredential,
  renewCredential,
} from './expiry.js'
export {
  buildStatusListCredential,
  type StatusListCredentialOptions,
} from './list-credential.js'
export {
  type AllocateOptions,
  type Allocation,
  StatusListManager,
  type StatusListManagerOptions,
} from './manager.js'
export {
  checkStatusMessages,
  checkStatusSize,
  MAX_STATUS_SIZE,
  sameStatusMessages,
} from './status-messages.js'
export {
  type ClaimedEntry,
  type ListKind,
  listKindKey,
  MemoryStatusListStore,
  type StatusListRecord,
  type StatusListStore,
} from './store.js'
