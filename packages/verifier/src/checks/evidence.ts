/**
 * The `evidence` check: the credentials a credential's OB 3.0 `evidence` names (a milestone's, a
 * pathway's), found beside it or fetched, each verified and about the same learner (`../evidence.ts`,
 * loaded with the first credential that has evidence, so that one without never loads it).
 */
import { failedFrom } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import type { EvidenceCheck, EvidenceSources } from '../evidence.js'
import type { EvidenceMode } from '../result.js'
import { lazy } from './lazy.js'

export type { Beside, EvidenceCheck, EvidenceSources } from '../evidence.js'

const loadEvidence = lazy(() => import('../evidence.js'))

/** The `evidence` line (none when the credential has no evidence or the caller said `ignore`), fail closed. */
export async function checkEvidenceOf(
  credential: JsonObject,
  mode: EvidenceMode,
  sources: EvidenceSources,
): Promise<EvidenceCheck | undefined> {
  if (mode === 'ignore' || credential.evidence === undefined) return undefined
  try {
    return await (await loadEvidence()).checkEvidence(credential, mode, sources)
  } catch (error) {
    return { outcome: failedFrom(error, 'EVIDENCE_UNAVAILABLE'), warnings: [], evidence: [] }
  }
}
