/** The database rows both stores read (SQLite and PostgreSQL share their columns), and what they become. */
import type { StatusMessage } from '@tessera/schema'
import type { StatusListRecord } from '@tessera/status'
import type { LedgerRow, LedgerState } from './store.js'

export interface ListRow {
  url: string
  type: StatusListRecord['type']
  purpose: StatusListRecord['purpose']
  status_size: number
  length: number
  status_message: string | null
  /** 0 or 1 in SQLite, a boolean in PostgreSQL. */
  full: number | boolean
}

export interface LedgerDbRow {
  credential_id: string
  key: string | null
  recipient: string
  achievement_id: string
  valid_from: string
  valid_until: string | null
  state: LedgerState
  format: LedgerRow['format']
  credential: string | null
  issued_at: string
}

export function listRecord(row: ListRow): StatusListRecord {
  return {
    url: row.url,
    type: row.type,
    purpose: row.purpose,
    statusSize: row.status_size,
    length: row.length,
    full: row.full === true || row.full === 1,
    ...(row.status_message === null
      ? {}
      : { statusMessage: JSON.parse(row.status_message) as StatusMessage[] }),
  }
}

export function ledgerRow(row: LedgerDbRow): LedgerRow {
  return {
    credentialId: row.credential_id,
    ...(row.key === null ? {} : { key: row.key }),
    recipient: row.recipient,
    achievementId: row.achievement_id,
    validFrom: row.valid_from,
    ...(row.valid_until === null ? {} : { validUntil: row.valid_until }),
    state: row.state,
    format: row.format,
    ...(row.credential === null ? {} : { credential: row.credential }),
    issuedAt: row.issued_at,
  }
}
