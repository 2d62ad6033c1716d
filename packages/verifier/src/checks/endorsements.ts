/**
 * The `endorsements` check: each embedded EndorsementCredential verified the same way (by the core,
 * handed in as `verify`), side by side, claimed from the verification's budget all at once.
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { endorsementsOf, type JsonObject } from '@tessera/schema'
import type { Budget } from '../budget.js'
import type { VerificationResult } from '../result.js'

/** How deep endorsements of endorsements are verified. */
export const ENDORSEMENT_DEPTH = 2

/** The endorsements' line (none when the credential has none) and their results. */
export async function checkEndorsements(
  credential: JsonObject,
  depth: number,
  budget: Budget,
  verify: (endorsement: unknown) => Promise<VerificationResult>,
): Promise<{ outcome?: Outcome; endorsements: VerificationResult[] }> {
  const embedded = endorsementsOf(credential)
  if (embedded.length === 0) return { endorsements: [] }
  if (depth >= ENDORSEMENT_DEPTH) {
    return {
      outcome: failed('ENDORSEMENT_TOO_DEEP', 'endorsements nest deeper than verified'),
      endorsements: [],
    }
  }
  // claimed from the budget all at once: past its limit, none is verified
  const refused = budget.claim('endorsements', embedded.length)
  if (refused !== undefined) return { outcome: refused, endorsements: [] }
  // verified side by side: their fetches share the budget's parallel slots
  const endorsements = await Promise.all(embedded.map(verify))
  const bad = endorsements.filter((e) => !e.verified)
  return {
    outcome:
      bad.length === 0
        ? passed(`${endorsements.length} endorsement${endorsements.length === 1 ? '' : 's'} verified`)
        : failed(
            'ENDORSEMENT_INVALID',
            `${bad.length} of ${endorsements.length} endorsements do not verify: ${bad
              .map((b) => b.checks.find((c) => !c.ok)?.message ?? '')
              .join('; ')}`,
          ),
    endorsements,
  }
}
