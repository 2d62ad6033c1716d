/**
 * Expiry and renewal of memberships: `validUntil` is the end of the term; renewal issues a new credential
 * for the next term, and the old one simply expires.
 */
import {
  assertValidCredential,
  isJsonObject,
  type JsonObject,
  type OpenBadgeCredential,
  subjectsOf,
  type Term,
  toDateTime,
  validityOf,
} from '@tessera/schema'
import { statusError } from './errors.js'

/** Whether the credential's validity has ended at `at` (default now). A credential without an end never expires. */
export function isExpired(credential: JsonObject, at: Date = new Date()): boolean {
  const { until } = validityOf(credential)
  return until !== undefined && until.getTime() < at.getTime()
}

/** A credential as the issuer's ledger records it. */
export interface LedgerCredential {
  credentialId: string
  /** The recipient as the issuer knows them: member id, email or DID. */
  recipient: string
  achievementId: string
  validUntil: string
  state: 'active' | 'suspended' | 'revoked'
}

/** What the issuer's ledger offers for expiry queries. */
export interface ExpiryLedger {
  /** Credentials whose `validUntil` falls in [from, to). */
  validUntilBetween(from: Date, to: Date): Promise<LedgerCredential[]>
}

/**
 * The credentials that expire within the period, soonest first: those still standing (not revoked),
 * to remind their holders or renew them. `days` counts from `now`; `until` names the end.
 */
export async function expiringWithin(
  ledger: ExpiryLedger,
  period: { days: number; now?: Date } | { until: Date; now?: Date },
): Promise<LedgerCredential[]> {
  const now = period.now ?? new Date()
  const until = 'until' in period ? period.until : new Date(now.getTime() + period.days * 86_400_000)
  const rows = await ledger.validUntilBetween(now, until)
  return rows
    .filter((row) => row.state !== 'revoked')
    .sort((a, b) => Date.parse(a.validUntil) - Date.parse(b.validUntil))
}

function replaceTerm(text: unknown, from: string, to: string): unknown {
  if (typeof text !== 'string' || from === '') return text
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), to)
}

/**
 * The next term's credential, unsigned: a new id, the next term's dates, the same issuer, recipient and
 * achievement, no proof and no status entry (the issuer allocates a new one). Where the subject names its
 * term, the old term's name is replaced by the new one in the subject, the credential's name and the
 * achievement's name, description and criteria.
 */
export function renewCredential(current: JsonObject, next: Term & { id?: string }): OpenBadgeCredential {
  const start = toDateTime(next.start, 'start')
  const end = toDateTime(next.end, 'end')
  const { from, names } = validityOf(current)
  if (Date.parse(end) <= Date.parse(start)) {
    throw statusError('INVALID_RENEWAL', `the next term ends (${end}) before it starts (${start})`)
  }
  if (from !== undefined && Date.parse(start) <= from.getTime()) {
    throw statusError(
      'INVALID_RENEWAL',
      `the next term starts (${start}) before the current one (${from.toISOString()})`,
    )
  }
  const { proof: _proof, credentialStatus: _status, ...rest } = structuredClone(current)
  const renewed: JsonObject = { ...rest, id: next.id ?? `urn:uuid:${crypto.randomUUID()}` }
  if (names === 'vcdm1.1') {
    renewed.issuanceDate = start
    renewed.expirationDate = end
  } else {
    renewed.validFrom = start
    renewed.validUntil = end
  }
  const [subject] = subjectsOf(renewed)
  if (subject !== undefined && typeof subject.term === 'string') {
    const old = subject.term
    subject.term = next.name
    renewed.name = replaceTerm(renewed.name, old, next.name)
    const achievement = subject.achievement
    if (isJsonObject(achievement)) {
      achievement.name = replaceTerm(achievement.name, old, next.name)
      achievement.description = replaceTerm(achievement.description, old, next.name)
      if (isJsonObject(achievement.criteria)) {
        achievement.criteria.narrative = replaceTerm(achievement.criteria.narrative, old, next.name)
      }
    }
  }
  assertValidCredential(renewed)
  return renewed as OpenBadgeCredential
}
