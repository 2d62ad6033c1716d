/**
 * The issuer's storage contract: status lists and their claimed indices (the @tessera/status contract),
 * and the ledger of what was issued to whom. SQLite (`SqliteIssuerStore`) and PostgreSQL implement it;
 * unique keys in the database make it impossible to hand one index to two credentials, or to issue one
 * batch key twice, whatever crashes in between.
 */
import type { ExpiryLedger, StatusListStore } from '@tessera/status'

export type StoreErrorCode =
  | 'STORE_IN_USE'
  | 'STORE_UNREACHABLE'
  | 'DUPLICATE_CREDENTIAL'
  | 'UNKNOWN_CREDENTIAL'

export type LedgerState = 'pending' | 'active' | 'suspended' | 'revoked'

/** One issued (or being issued) credential. */
export interface LedgerRow {
  credentialId: string
  /** Stable key of a batch row (member + achievement + term): a re-run finds it and issues nothing new. */
  key?: string
  recipient: string
  achievementId: string
  validFrom: string
  validUntil?: string
  state: LedgerState
  format: 'jwt' | 'data-integrity'
  /** The signed credential (JSON text or compact JWT), once signed. */
  credential?: string
  issuedAt: string
}

/** A status index a credential holds. */
export interface HeldEntry {
  url: string
  index: number
  purpose: string
  status: number
}

/** Which ledger rows to read; every field narrows. */
export interface LedgerQuery {
  recipient?: string
  state?: LedgerState
}

/** Writes grouped into one transaction per `commit()`: a batch commits hundreds of rows at once. */
export interface WriteGroup {
  /** Commits what was written since the last commit, and goes on grouping. */
  commit(): Promise<void>
  /** Commits and stops grouping. */
  close(): Promise<void>
}

export interface IssuerStore extends StatusListStore, ExpiryLedger {
  /** The status entries a credential holds. */
  entriesOf(credentialId: string): Promise<HeldEntry[]>
  /** Adds a row; DUPLICATE_CREDENTIAL when its id or its batch key is there already. */
  addRow(row: LedgerRow): Promise<void>
  /** Marks a pending row issued, with its signed credential and the format it was signed in. */
  completeRow(credentialId: string, credential: string, format: LedgerRow['format']): Promise<void>
  /** UNKNOWN_CREDENTIAL when there is no such row. */
  setState(credentialId: string, state: LedgerState): Promise<void>
  row(credentialId: string): Promise<LedgerRow | undefined>
  rowByKey(key: string): Promise<LedgerRow | undefined>
  /** The ledger in issuing order, read as it goes (a ledger of 100,000 rows is never all in memory). */
  rows(query?: LedgerQuery): AsyncIterable<LedgerRow>
  /**
   * Starts grouping this connection's writes (an embedded database, where each commit costs a sync).
   * What a crash loses is only what no commit covered: a batch hands results out after their commit.
   */
  writeGroup?(): WriteGroup
  close(): Promise<void>
}
