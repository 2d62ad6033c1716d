/**
 * @tessera/awards/sqlite: referral codes and their uses in SQLite, in two tables of their own
 * (`awards_referral_codes`, `awards_referral_uses`) that can sit in the issuer's own database file
 * (`<store>/tessera.db`) beside its tables without touching them: created if missing, never altered. A
 * referred member's use is a primary key, so two processes cannot record two uses for one new member.
 * better-sqlite3 is an optional peer dependency, loaded by this entry only.
 */

import { errorCodeOf } from '@tessera/schema'
import Database from 'better-sqlite3'
import { fail } from './errors.js'
import type { ReferralCode, ReferralStore, StoredReferralUse } from './referrals.js'

interface CodeRow {
  code: string
  member_id: string
  created_at: string
  revoked_at: string | null
}

interface UseRow {
  code: string
  referrer: string
  referred: string
  at: string
}

const codeOf = (row: CodeRow): ReferralCode => ({
  code: row.code,
  memberId: row.member_id,
  createdAt: row.created_at,
  ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
})

const isUnique = (error: unknown) => /^SQLITE_CONSTRAINT/.test(errorCodeOf(error) ?? '')

export class SqliteReferralStore implements ReferralStore {
  readonly #db: Database.Database

  /** Opens (or creates) the tables in the SQLite file at `path`. */
  constructor(path: string) {
    this.#db = new Database(path, { timeout: 5000 })
    this.#db.pragma('journal_mode = WAL')
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS awards_referral_codes (
        code TEXT PRIMARY KEY,
        member_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX IF NOT EXISTS awards_referral_codes_member ON awards_referral_codes (member_id);
      CREATE TABLE IF NOT EXISTS awards_referral_uses (
        referred TEXT PRIMARY KEY,
        code TEXT NOT NULL REFERENCES awards_referral_codes (code),
        referrer TEXT NOT NULL,
        at TEXT NOT NULL
      );`)
  }

  async addCode(code: ReferralCode): Promise<void> {
    try {
      this.#db
        .prepare(
          'INSERT INTO awards_referral_codes (code, member_id, created_at, revoked_at) VALUES (?, ?, ?, ?)',
        )
        .run(code.code, code.memberId, code.createdAt, code.revokedAt ?? null)
    } catch (error) {
      if (isUnique(error)) fail('INVALID_REFERRAL_CODE', `the code ${code.code} exists already`)
      throw error
    }
  }

  async code(code: string): Promise<ReferralCode | undefined> {
    const row = this.#db.prepare('SELECT * FROM awards_referral_codes WHERE code = ?').get(code) as
      | CodeRow
      | undefined
    return row === undefined ? undefined : codeOf(row)
  }

  async codes(memberId?: string): Promise<ReferralCode[]> {
    const rows = (
      memberId === undefined
        ? this.#db.prepare('SELECT * FROM awards_referral_codes ORDER BY rowid').all()
        : this.#db
            .prepare('SELECT * FROM awards_referral_codes WHERE member_id = ? ORDER BY rowid')
            .all(memberId)
    ) as CodeRow[]
    return rows.map(codeOf)
  }

  async revokeCode(code: string, at: string): Promise<void> {
    this.#db
      .prepare('UPDATE awards_referral_codes SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL')
      .run(at, code)
  }

  async useBy(referred: string): Promise<StoredReferralUse | undefined> {
    return this.#db.prepare('SELECT * FROM awards_referral_uses WHERE referred = ?').get(referred) as
      | UseRow
      | undefined
  }

  async addUse(use: StoredReferralUse): Promise<void> {
    try {
      this.#db
        .prepare('INSERT INTO awards_referral_uses (referred, code, referrer, at) VALUES (?, ?, ?, ?)')
        .run(use.referred, use.code, use.referrer, use.at)
    } catch (error) {
      if (isUnique(error))
        fail('REFERRAL_ALREADY_USED', `member ${use.referred} joined with a referral code already`)
      throw error
    }
  }

  async uses(): Promise<StoredReferralUse[]> {
    return this.#db.prepare('SELECT * FROM awards_referral_uses ORDER BY rowid').all() as UseRow[]
  }

  close(): void {
    this.#db.close()
  }
}
