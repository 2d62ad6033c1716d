/**
 * The members' and ledger notes' tables (see `MemberDirectory`), the same in both stores but for their row
 * number, and their rows as the contract gives them. Kept apart from the ledger's tables: these are
 * private records about members, never signed nor published.
 */
import type { LedgerNote, MemberRecord } from '../store.js'

export function memberTables(seq: 'integer primary key' | 'bigserial primary key'): string {
  return `
create table if not exists members (
  member_id text primary key,
  email text,
  name text,
  language text,
  reminders integer not null default 1,
  updated_at text not null
);
create table if not exists ledger_notes (
  seq ${seq},
  credential_id text not null,
  action text not null,
  reason text not null,
  at text not null
);
create index if not exists ledger_notes_credential on ledger_notes(credential_id);
`
}

export interface MemberDbRow {
  member_id: string
  email: string | null
  name: string | null
  language: string | null
  reminders: number
  updated_at: string
}

export function memberRecord(row: MemberDbRow): MemberRecord {
  return {
    memberId: row.member_id,
    ...(row.email === null ? {} : { email: row.email }),
    ...(row.name === null ? {} : { name: row.name }),
    ...(row.language === null ? {} : { language: row.language }),
    reminders: Number(row.reminders) !== 0,
    updatedAt: row.updated_at,
  }
}

/** The values of a member's row, in the tables' column order. */
export function memberValues(member: MemberRecord): (string | number | null)[] {
  return [
    member.memberId,
    member.email ?? null,
    member.name ?? null,
    member.language ?? null,
    member.reminders ? 1 : 0,
    member.updatedAt,
  ]
}

export interface LedgerNoteDbRow {
  credential_id: string
  action: LedgerNote['action']
  reason: string
  at: string
}

export function ledgerNote(row: LedgerNoteDbRow): LedgerNote {
  return { credentialId: row.credential_id, action: row.action, reason: row.reason, at: row.at }
}
