/**
 * The unsigned OB 3.0 credentials of earned awards, and their issuing through the issuer's idempotent
 * batch. A milestone's or a pathway's credential names the credentials it rests on as OB 3.0 `evidence`
 * entries whose `id` is each credential's id: `evidence` is the assertion's support ("descriptive metadata
 * about evidence related to the achievement assertion"), while `related` belongs to the Achievement and
 * names other versions of the same achievement, not credentials. Awards are issued round by round, so
 * that every credential named as evidence is in the ledger before the one that names it.
 */
import type { BatchResult, BatchSummary, Issuer, ProofFormat } from '@tessera/issuer'
import {
  type AchievementType,
  BADGE_KINDS,
  buildCredential,
  type IssuerInput,
  type RecipientInput,
  type UnsignedOpenBadgeCredential,
} from '@tessera/schema'
import type { EarnedAward } from './evaluate.js'
import { ledgerKeyOf } from './facts.js'
import type { AchievementKind } from './rules.js'

/** The OB 3.0 achievement type of each kind: the badges' as @tessera/schema maps them, and the rest. */
export const ACHIEVEMENT_TYPES: Record<AchievementKind, AchievementType> = {
  membership: 'Membership',
  certificate: 'Certification',
  ...BADGE_KINDS,
  milestone: 'Award',
  pathway: 'Achievement',
}

export interface CredentialOptions {
  issuer: IssuerInput
  /** How each member is named in their credentials (a DID, a hashed email, a name). */
  recipientOf: (memberId: string) => RecipientInput
  /** A fresh credential id; default a random `urn:uuid:`. */
  newId?: () => string
}

export interface AwardCredential {
  award: EarnedAward
  /** The ledger key: `<member id>/<award key>`. */
  key: string
  credential: UnsignedOpenBadgeCredential
}

/** The unsigned credentials of `awards`, with evidence naming the credentials each rests on. */
export function credentialsFor(
  awards: readonly EarnedAward[],
  options: CredentialOptions,
): AwardCredential[] {
  const newId = options.newId ?? (() => `urn:uuid:${crypto.randomUUID()}`)
  const ids = new Map(awards.map((a) => [ledgerKeyOf(a.memberId, a.awardKey), newId()]))
  return awards.map((award) => {
    const key = ledgerKeyOf(award.memberId, award.awardKey)
    const { achievement } = award
    const credential = buildCredential({
      id: ids.get(key) as string,
      issuer: options.issuer,
      recipient: options.recipientOf(award.memberId),
      achievement: {
        id: achievement.id,
        name: achievement.name,
        description: achievement.description,
        criteria: achievement.criteria,
        achievementType: ACHIEVEMENT_TYPES[achievement.kind],
        ...(achievement.image === undefined ? {} : { image: achievement.image }),
      },
      validFrom: award.validFrom,
      ...(award.validUntil === undefined ? {} : { validUntil: award.validUntil }),
      ...(achievement.repeat === 'per-term' ? { term: award.term.name } : {}),
      narrative: award.narrative,
      ...(award.evidence.length === 0
        ? {}
        : {
            evidence: award.evidence.map((e) => ({
              id: e.credentialId ?? (ids.get(ledgerKeyOf(award.memberId, e.awardKey)) as string),
              name: e.name,
              genre: 'Credential',
            })),
          }),
    })
    return { award, key, credential }
  })
}

export interface IssueAwardsOptions extends CredentialOptions {
  format?: ProofFormat
  onResult?: (result: BatchResult) => void | Promise<void>
}

/**
 * Issues `awards` through `issuer.issueBatch`, one batch per round (evidence before what rests on it),
 * each under its ledger key with the member id as the ledger's recipient: a re-run issues nothing new.
 */
export async function issueAwards(
  issuer: Issuer,
  awards: readonly EarnedAward[],
  options: IssueAwardsOptions,
): Promise<BatchSummary> {
  const total: BatchSummary = { issued: 0, existing: 0, failed: 0 }
  const credentials = credentialsFor(awards, options)
  const rounds = [...new Set(awards.map((a) => a.round))].sort((a, b) => a - b)
  for (const round of rounds) {
    const summary = await issuer.issueBatch(
      credentials
        .filter((c) => c.award.round === round)
        .map((c) => ({
          key: c.key,
          credential: c.credential,
          options: {
            recipient: c.award.memberId,
            ...(options.format === undefined ? {} : { format: options.format }),
          },
        })),
      options.onResult === undefined ? {} : { onResult: options.onResult },
    )
    total.issued += summary.issued
    total.existing += summary.existing
    total.failed += summary.failed
  }
  return total
}
