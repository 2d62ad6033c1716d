/** The database rows both stores read (SQLite and PostgreSQL share their columns), and what they become. */
import type { StatusMessage } from '@tessera/schema'
import type { StatusListRecord } from '@tessera/status'
import type { CommunicationRow, CommunicationState, LedgerRow, LedgerState } from '../store.js'

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
  copy_of: string | null
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
    ...(row.copy_of === null ? {} : { copyOf: row.copy_of }),
  }
}

export interface CommunicationDbRow {
  kind: string
  recipient: string
  subject: string
  step: string
  message_id: string
  state: CommunicationState
  created_at: string
  updated_at: string
  sent_at: string | null
  /** A number in SQLite; PostgreSQL's integer too. */
  attempts: number
  detail: string | null
}

export function communicationRow(row: CommunicationDbRow): CommunicationRow {
  return {
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    step: row.step,
    messageId: row.message_id,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.sent_at === null ? {} : { sentAt: row.sent_at }),
    attempts: Number(row.attempts),
    ...(row.detail === null ? {} : { detail: row.detail }),
  }
}

/**
 * The communications log's table, the same in both stores but for its own row number (`seq`): one row per
 * key (kind, recipient, subject, step), the rows of one message sharing its message id.
 */
export function communicationsTable(seq: 'integer primary key' | 'bigserial primary key'): string {
  return `
create table if not exists communications (
  seq ${seq},
  kind text not null,
  recipient text not null,
  subject text not null,
  step text not null,
  message_id text not null,
  state text not null,
  created_at text not null,
  updated_at text not null,
  sent_at text,
  attempts integer not null default 0,
  detail text,
  unique (kind, recipient, subject, step)
);
create index if not exists communications_message on communications(message_id);
create index if not exists communications_recipient on communications(recipient);
`
}
