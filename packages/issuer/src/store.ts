/**
 * The issuer's storage contract: status lists and their claimed indices (the @tessera/status contract),
 * and the ledger of what was issued to whom. SQLite (`SqliteIssuerStore`) and PostgreSQL implement it;
 * unique keys in the database make it impossible to hand one index to two credentials, or to issue one
 * batch key twice, whatever crashes in between. The communications log records what was sent to whom
 * (a credential mailed to a member), once.
 */
import type { ExpiryLedger, StatusListStore } from '@tessera/status'

export type StoreErrorCode =
  | 'STORE_IN_USE'
  | 'STORE_UNREACHABLE'
  | 'DUPLICATE_CREDENTIAL'
  | 'UNKNOWN_CREDENTIAL'
  /** The disk (or the store's size limit) is full: nothing of the failed write is kept. */
  | 'STORE_FULL'
  | 'STORE_READ_ONLY'
  | 'STORE_CORRUPT'
  | 'STORE_IO_ERROR'
  /** Group or others can read the database or the secret (or write the folder): the message says the chmod. */
  | 'STORE_PERMISSIONS_TOO_OPEN'
  /** better-sqlite3's native part is not built (pnpm 10 skips build scripts unless allowed). */
  | 'SQLITE_BINDING_MISSING'
  /** The credential holds a status entry of that purpose already: one per purpose, never two. */
  | 'STATUS_ENTRY_HELD'

/** Store failures that no row can get past: a batch stops on them, with its summary so far. */
export const STORE_FAILURES: ReadonlySet<string> = new Set<StoreErrorCode>([
  'STORE_FULL',
  'STORE_IN_USE',
  'STORE_UNREACHABLE',
  'STORE_READ_ONLY',
  'STORE_IO_ERROR',
  'STORE_CORRUPT',
])

export type LedgerState = 'pending' | 'active' | 'suspended' | 'revoked'

/**
 * What says whether a ledger row still stands, without its signed credential: its state, key and end,
 * and whether it holds its credential (`credential` is set).
 */
export interface LedgerStanding {
  state: LedgerState
  key?: string
  validUntil?: string
  signed: boolean
}

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
  /**
   * The credential this one is a copy of (a wallet's holder-bound copy, issued by @tessera/server): it is
   * revoked, suspended and reinstated with it.
   */
  copyOf?: string
}

/** A status index a credential holds. */
export interface HeldEntry {
  url: string
  index: number
  purpose: string
  status: number
}

/** An index of a status list, as `issueCopy` claims it. */
export interface StatusIndex {
  url: string
  index: number
}

/** Which ledger rows to read; every field narrows. */
export interface LedgerQuery {
  recipient?: string
  state?: LedgerState
  /** The copies of this credential. */
  copyOf?: string
}

/** Writes grouped into one transaction per `commit()`: a batch commits hundreds of rows at once. */
export interface WriteGroup {
  /** Commits what was written since the last commit, and goes on grouping. */
  commit(): Promise<void>
  /** Commits and stops grouping. */
  close(): Promise<void>
  /** Drops what no commit covered (after a store failure) and stops grouping. */
  rollback(): Promise<void>
}

export interface IssuerStore extends StatusListStore, ExpiryLedger, CommunicationLog, MemberDirectory {
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
  /**
   * A row's standing (`LedgerStanding`), read without its signed credential, where `row` reads all of it
   * (a wallet's token request asks this of every credential offered, issue #17). Optional: a store without
   * it is asked for the `row`.
   */
  standingOf?(credentialId: string): Promise<LedgerStanding | undefined>
  /** The ledger in issuing order, read as it goes (a ledger of 100,000 rows is never all in memory). */
  rows(query?: LedgerQuery): AsyncIterable<LedgerRow>
  /**
   * Records a credential already signed (`row` active, with its credential) and claims the status indices
   * it names, in one transaction: one commit where `addRow`, `claim` and `completeRow` take three (a
   * wallet's copy, issued by one request). All or nothing: false when one of the indices is held by
   * another credential (nothing is written: pick others and sign again), DUPLICATE_CREDENTIAL when the
   * id or the key is in the ledger already, STATUS_ENTRY_HELD when two indices share a purpose. Optional:
   * a store without it is used through `addRow`, `claim` and `completeRow`.
   */
  issueCopy?(row: LedgerRow, entries: readonly StatusIndex[]): Promise<boolean>
  /**
   * Starts grouping this connection's writes (an embedded database, where each commit costs a sync).
   * What a crash loses is only what no commit covered: a batch hands results out after their commit.
   */
  writeGroup?(): Promise<WriteGroup>
  close(): Promise<void>
}

// --- Communications: what was sent to whom (a credential mailed to a member), recorded once

export type CommunicationErrorCode =
  /** The key (kind, recipient, subject, step) or the message id is recorded already: nothing was added. */
  | 'DUPLICATE_COMMUNICATION'
  /** No communication has that message id. */
  | 'UNKNOWN_COMMUNICATION'
  /** The message was sent or cancelled already: that is final. */
  | 'COMMUNICATION_FINAL'

/**
 * `pending`: recorded before it goes out, and not known to have gone (a crash in between leaves it so);
 * `sent`: it went out (a mail server accepted it, or its file was written); `failed`: known not to have
 * gone; `cancelled`: will not go (what it was about no longer stands). Sent and cancelled are final.
 */
export type CommunicationState = 'pending' | 'sent' | 'failed' | 'cancelled'

/** What a communication is: recorded once per key. */
export interface CommunicationKey {
  /** Its kind, such as `credentials` (new credentials mailed), `reminder` (a membership about to lapse), `exit`. */
  kind: string
  /** Who it goes to, as the ledger names them (a member id). */
  recipient: string
  /** What it is about: a credential id, a term (`2027`), ... */
  subject: string
  /** Its step in a sequence (`60-days`, `7-days` for reminders); `''` when there is one step. */
  step: string
}

/** One recorded communication. */
export interface CommunicationRow extends CommunicationKey {
  /** The message it goes out in: the rows recorded together share it (one mail about several credentials). */
  messageId: string
  state: CommunicationState
  /** When it was recorded (pending). */
  createdAt: string
  /** When its state last changed. */
  updatedAt: string
  /** When it went out (sent rows only). */
  sentAt?: string
  /** Attempts that ended, sent or failed. */
  attempts: number
  /** How it went out (`smtp 250 OK ...`, `eml mail/M-0001.eml`) or why it failed. */
  detail?: string
}

/** Which communications to read; every field narrows. */
export interface CommunicationQuery {
  recipient?: string
  kind?: string
  state?: CommunicationState
  messageId?: string
}

/** How an attempt at a message ended (or that it will not be sent). */
export interface CommunicationOutcome {
  state: 'sent' | 'failed' | 'cancelled'
  /** ISO date-time, from the caller's clock. */
  at: string
  detail?: string
}

/**
 * The record of communications, in the issuer's store: a message's rows are recorded `pending` before it
 * goes out and marked when the attempt ends, so that after a crash the next run knows what is unsent
 * (nothing recorded), in doubt (pending) or done (sent), and nothing is recorded as sent twice.
 */
export interface CommunicationLog {
  /**
   * Records the rows of one message, pending, all or none. DUPLICATE_COMMUNICATION when one of the keys
   * (or the message id) is recorded already.
   */
  addCommunications(messageId: string, keys: readonly CommunicationKey[], at: string): Promise<void>
  /**
   * Ends an attempt at a message: its rows become sent (with `at` as sentAt), failed (tried again later)
   * or cancelled. UNKNOWN_COMMUNICATION when no row has that message id, COMMUNICATION_FINAL when it was
   * sent or cancelled already.
   */
  markCommunications(messageId: string, outcome: CommunicationOutcome): Promise<void>
  /** The communications in the order recorded, read as it goes. */
  communications(query?: CommunicationQuery): AsyncIterable<CommunicationRow>
}

// --- Members and ledger notes: how to reach a member, and why a credential changed (private records)

/** How to reach a member, in which language, and whether they want reminders. */
export interface MemberRecord {
  /** The member id, as the ledger names the recipient. */
  memberId: string
  email?: string
  name?: string
  /** The language of the mails the member receives (en, fr, es, de); default the association's. */
  language?: string
  /** False when the member asked for no reminders (notices of changes still go). */
  reminders: boolean
  /** When it was last recorded (the caller's clock). */
  updatedAt: string
}

/** Why a credential was revoked, suspended, reinstated or renewed: staff's words, never published. */
export interface LedgerNote {
  credentialId: string
  action: 'revoke' | 'suspend' | 'reinstate' | 'renew'
  reason: string
  /** ISO date-time, from the caller's clock. */
  at: string
}

/**
 * The members' contact records and the ledger's notes, in the issuer's store beside the ledger: they
 * are private (nothing of them is signed or published) and small.
 */
export interface MemberDirectory {
  /** Records a member, replacing what was recorded of them. */
  putMember(member: MemberRecord): Promise<void>
  member(memberId: string): Promise<MemberRecord | undefined>
  /** Adds a note to a credential's history (a credential may have several, in order). */
  addLedgerNote(note: LedgerNote): Promise<void>
  /** A credential's notes, oldest first. */
  ledgerNotes(credentialId: string): Promise<LedgerNote[]>
}
