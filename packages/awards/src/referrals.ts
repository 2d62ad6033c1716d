/**
 * Referral programme: each member may hold referral codes (created, listed, revoked); a new member's row
 * (the `referred_by` column) carries a code, and the use is recorded once per new member. Uses are read
 * by the evaluator as referrer/referred pairs: a referral counts toward the referrer's tiers once the
 * referred member holds a paying membership, and nothing of the referred member goes into the referrer's
 * credential. Stores keep codes and uses in tables of their own (MemoryReferralStore here,
 * SqliteReferralStore beside the issuer's tables in `@tessera/awards/sqlite`).
 */
import { fail, isAwardsError } from './errors.js'
import type { MemberRow, ReferralUse } from './facts.js'
import { newReferralCode, normalReferralCode } from './referral-codes.js'

export interface ReferralCode {
  code: string
  memberId: string
  createdAt: string
  revokedAt?: string
}

export interface StoredReferralUse extends ReferralUse {
  code: string
  at: string
}

/** Where codes and their uses are kept. A referred member has one use at most (a unique key). */
export interface ReferralStore {
  addCode(code: ReferralCode): Promise<void>
  code(code: string): Promise<ReferralCode | undefined>
  /** Codes in the order created; one member's when `memberId` is given. */
  codes(memberId?: string): Promise<ReferralCode[]>
  /** Marks a code revoked at `at` (a revoked code stays revoked). */
  revokeCode(code: string, at: string): Promise<void>
  /** The use a referred member made, if any. */
  useBy(referred: string): Promise<StoredReferralUse | undefined>
  /** Records a use; the store refuses a second use by the same referred member. */
  addUse(use: StoredReferralUse): Promise<void>
  uses(): Promise<StoredReferralUse[]>
}

/** Creates a new code for `memberId` (a member may hold several: one per campaign, say). */
export async function createReferralCode(
  store: ReferralStore,
  memberId: string,
  now: Date,
  random?: (length: number) => Uint8Array,
): Promise<ReferralCode> {
  const code: ReferralCode = { code: newReferralCode(random), memberId, createdAt: now.toISOString() }
  await store.addCode(code)
  return code
}

/** Revokes a code: it is refused from then on (uses made before still count). */
export async function revokeReferralCode(
  store: ReferralStore,
  text: string,
  now: Date,
): Promise<ReferralCode> {
  const found = await knownCode(store, text)
  if (found.revokedAt === undefined) await store.revokeCode(found.code, now.toISOString())
  return { ...found, revokedAt: found.revokedAt ?? now.toISOString() }
}

async function knownCode(store: ReferralStore, text: string): Promise<ReferralCode> {
  const code = normalReferralCode(text)
  if (code === undefined) fail('INVALID_REFERRAL_CODE', `${JSON.stringify(text)} is not a referral code`)
  const found = await store.code(code)
  if (found === undefined) fail('UNKNOWN_REFERRAL_CODE', `no member has the referral code ${code}`)
  return found
}

/**
 * Whether `referred` can use the code `text`: the code, or the typed error (INVALID_REFERRAL_CODE,
 * UNKNOWN_REFERRAL_CODE, REFERRAL_REVOKED, SELF_REFERRAL, REFERRAL_ALREADY_USED). Using the code they
 * used already is no error (a re-run reads the same row): `alreadyUsed` says so.
 */
export async function checkReferralCode(
  store: ReferralStore,
  text: string,
  referred: string,
): Promise<{ code: ReferralCode; alreadyUsed: boolean }> {
  const code = await knownCode(store, text)
  const used = await store.useBy(referred)
  if (used !== undefined) {
    if (used.code === code.code) return { code, alreadyUsed: true }
    fail(
      'REFERRAL_ALREADY_USED',
      `member ${referred} joined with the code ${used.code} already: one per new member`,
    )
  }
  if (code.revokedAt !== undefined) fail('REFERRAL_REVOKED', `the referral code ${code.code} was revoked`)
  if (code.memberId === referred)
    fail('SELF_REFERRAL', `member ${referred} cannot use their own referral code`)
  return { code, alreadyUsed: false }
}

/** Records that `referred` joined with the code `text` (once; refused as `checkReferralCode` says). */
export async function useReferralCode(
  store: ReferralStore,
  text: string,
  referred: string,
  now: Date,
): Promise<StoredReferralUse> {
  const { code, alreadyUsed } = await checkReferralCode(store, text, referred)
  const use: StoredReferralUse = { code: code.code, referrer: code.memberId, referred, at: now.toISOString() }
  if (alreadyUsed) return (await store.useBy(referred)) as StoredReferralUse
  await store.addUse(use)
  return use
}

/** Codes and uses in memory: for tests, and for a programme run from one process. */
export class MemoryReferralStore implements ReferralStore {
  readonly #codes = new Map<string, ReferralCode>()
  readonly #uses = new Map<string, StoredReferralUse>()

  async addCode(code: ReferralCode): Promise<void> {
    if (this.#codes.has(code.code)) fail('INVALID_REFERRAL_CODE', `the code ${code.code} exists already`)
    this.#codes.set(code.code, { ...code })
  }

  async code(code: string): Promise<ReferralCode | undefined> {
    const found = this.#codes.get(code)
    return found === undefined ? undefined : { ...found }
  }

  async codes(memberId?: string): Promise<ReferralCode[]> {
    return [...this.#codes.values()]
      .filter((c) => memberId === undefined || c.memberId === memberId)
      .map((c) => ({ ...c }))
  }

  async revokeCode(code: string, at: string): Promise<void> {
    const found = this.#codes.get(code)
    if (found !== undefined && found.revokedAt === undefined) found.revokedAt = at
  }

  async useBy(referred: string): Promise<StoredReferralUse | undefined> {
    const use = this.#uses.get(referred)
    return use === undefined ? undefined : { ...use }
  }

  async addUse(use: StoredReferralUse): Promise<void> {
    if (this.#uses.has(use.referred))
      fail('REFERRAL_ALREADY_USED', `member ${use.referred} joined with a referral code already`)
    this.#uses.set(use.referred, { ...use })
  }

  async uses(): Promise<StoredReferralUse[]> {
    return [...this.#uses.values()].map((u) => ({ ...u }))
  }
}

/** A referral code on a member's row that was refused, and why. */
export interface RefusedReferral {
  memberId: string
  code: string
  reason: string
}

export interface RecordReferralsOptions {
  /** The column new members' rows carry their code in. Default `referred_by`. */
  column?: string
  now: Date
  /** Check the codes without recording them (the uses they would make are still returned). */
  dryRun?: boolean
}

/**
 * The referral codes members' rows carry, recorded (once per new member) or, in a dry run, only checked;
 * returns every use that counts (those recorded before, and this sheet's) and the codes refused.
 */
export async function recordReferrals(
  store: ReferralStore,
  members: readonly MemberRow[],
  options: RecordReferralsOptions,
): Promise<{ uses: ReferralUse[]; refused: RefusedReferral[] }> {
  const column = options.column ?? 'referred_by'
  const pending: ReferralUse[] = []
  const refused: RefusedReferral[] = []
  for (const member of members) {
    const text = (member.fields[column] ?? '').trim()
    if (text === '') continue
    try {
      if (options.dryRun === true) {
        const checked = await checkReferralCode(store, text, member.memberId)
        if (!checked.alreadyUsed) pending.push({ referrer: checked.code.memberId, referred: member.memberId })
      } else await useReferralCode(store, text, member.memberId, options.now)
    } catch (error) {
      if (
        !isAwardsError(
          error,
          'INVALID_REFERRAL_CODE',
          'UNKNOWN_REFERRAL_CODE',
          'REFERRAL_REVOKED',
          'REFERRAL_ALREADY_USED',
          'SELF_REFERRAL',
        )
      )
        throw error
      refused.push({ memberId: member.memberId, code: error.code, reason: error.message })
    }
  }
  const recorded = (await store.uses()).map(({ referrer, referred }) => ({ referrer, referred }))
  return { uses: [...recorded, ...pending], refused }
}
