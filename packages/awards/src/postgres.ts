/**
 * @tessera/awards/postgres: referral codes and their uses in PostgreSQL, for an association whose issuer
 * keeps its ledger there (DATABASE_URL): the same two tables as the SQLite store
 * (`awards_referral_codes`, `awards_referral_uses`), beside the issuer's without touching them, created
 * if missing (under a lock, so two processes opening a new database do not race), never altered. A
 * referred member's use is a primary key, so two processes cannot record two uses for one new member.
 * The pool opens as the issuer's does (`openPostgresPool`); pg is an optional peer dependency, loaded
 * when the store opens.
 */
import {
  openPostgresPool,
  type PostgresPoolErrorCode,
  type PostgresPoolOptions,
} from '@tessera/issuer/postgres'
import { errorCodeOf } from '@tessera/schema'
import type pg from 'pg'
import { fail } from './errors.js'
import type { ReferralCode, ReferralStore, StoredReferralUse } from './referrals.js'

/** Serialises table creation between processes opening a new database at once. */
const MIGRATION_LOCK = 0x0_a3a7d5

const TABLES = `
  create table if not exists awards_referral_codes (
    seq bigserial unique,
    code text primary key,
    member_id text not null,
    created_at text not null,
    revoked_at text
  );
  create index if not exists awards_referral_codes_member on awards_referral_codes (member_id);
  create table if not exists awards_referral_uses (
    seq bigserial unique,
    referred text primary key,
    code text not null references awards_referral_codes (code),
    referrer text not null,
    at text not null
  );`

interface CodeRow {
  code: string
  member_id: string
  created_at: string
  revoked_at: string | null
}

const codeOf = (row: CodeRow): ReferralCode => ({
  code: row.code,
  memberId: row.member_id,
  createdAt: row.created_at,
  ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
})

/** PostgreSQL's unique_violation. */
const isUnique = (error: unknown) => errorCodeOf(error) === '23505'

/** A schema of its own (`schema`, created when missing) instead of the connection's default. */
export type PostgresReferralStoreOptions = Pick<PostgresPoolOptions, 'schema'>

/** Why the store could not be opened, without the connection string's password (see `openPostgresPool`). */
export type PostgresReferralErrorCode = PostgresPoolErrorCode

export class PostgresReferralStore implements ReferralStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and creates the tables; STORE_UNREACHABLE (without the password) when it cannot. */
  static async open(
    connectionString: string,
    options: PostgresReferralStoreOptions = {},
  ): Promise<PostgresReferralStore> {
    const pool = await openPostgresPool(connectionString, {
      ...options,
      max: 2,
      migrationLock: MIGRATION_LOCK,
      tables: TABLES,
      what: 'the referral tables',
    })
    return new PostgresReferralStore(pool)
  }

  async addCode(code: ReferralCode): Promise<void> {
    try {
      await this.pool.query(
        'insert into awards_referral_codes (code, member_id, created_at, revoked_at) values ($1, $2, $3, $4)',
        [code.code, code.memberId, code.createdAt, code.revokedAt ?? null],
      )
    } catch (error) {
      if (isUnique(error)) fail('INVALID_REFERRAL_CODE', `the code ${code.code} exists already`)
      throw error
    }
  }

  async code(code: string): Promise<ReferralCode | undefined> {
    const { rows } = await this.pool.query<CodeRow>(
      'select code, member_id, created_at, revoked_at from awards_referral_codes where code = $1',
      [code],
    )
    return rows[0] === undefined ? undefined : codeOf(rows[0])
  }

  async codes(memberId?: string): Promise<ReferralCode[]> {
    const { rows } =
      memberId === undefined
        ? await this.pool.query<CodeRow>(
            'select code, member_id, created_at, revoked_at from awards_referral_codes order by seq',
          )
        : await this.pool.query<CodeRow>(
            'select code, member_id, created_at, revoked_at from awards_referral_codes where member_id = $1 order by seq',
            [memberId],
          )
    return rows.map(codeOf)
  }

  async revokeCode(code: string, at: string): Promise<void> {
    await this.pool.query(
      'update awards_referral_codes set revoked_at = $1 where code = $2 and revoked_at is null',
      [at, code],
    )
  }

  async useBy(referred: string): Promise<StoredReferralUse | undefined> {
    const { rows } = await this.pool.query<StoredReferralUse>(
      'select code, referrer, referred, at from awards_referral_uses where referred = $1',
      [referred],
    )
    return rows[0]
  }

  async addUse(use: StoredReferralUse): Promise<void> {
    try {
      await this.pool.query(
        'insert into awards_referral_uses (referred, code, referrer, at) values ($1, $2, $3, $4)',
        [use.referred, use.code, use.referrer, use.at],
      )
    } catch (error) {
      if (isUnique(error))
        fail('REFERRAL_ALREADY_USED', `member ${use.referred} joined with a referral code already`)
      throw error
    }
  }

  async uses(): Promise<StoredReferralUse[]> {
    const { rows } = await this.pool.query<StoredReferralUse>(
      'select code, referrer, referred, at from awards_referral_uses order by seq',
    )
    return rows
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
