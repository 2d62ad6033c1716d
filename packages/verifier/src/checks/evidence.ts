/**
 * The `evidence` check: the credentials a credential's OB 3.0 `evidence` names (a milestone's, a
 * pathway's), found beside it or fetched, each verified and about the same learner, through the verifier's
 * evidence capability (`../capabilities/evidence.ts`, whose code loads with the first credential that has
 * evidence). Without it, evidence is not skipped in silence: a warning (EVIDENCE_NOT_INSTALLED) where the
 * default `check` would only warn on what it cannot find, a failed line where the caller said `require`.
 */
import { failed, failedFrom, passed } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import type { EvidenceCapability } from '../capabilities.js'
import type { EvidenceCheck, EvidenceSources } from '../evidence.js'
import type { EvidenceMode } from '../result.js'

export type { Beside, EvidenceCheck, EvidenceSources } from '../evidence.js'

const NOT_INSTALLED =
  'evidence was not checked: this verifier has no evidence capability (pass evidenceChecking from @tessera/verifier/evidence in capabilities)'

/** The `evidence` line (none when the credential has no evidence or the caller said `ignore`), fail closed. */
export async function checkEvidenceOf(
  credential: JsonObject,
  mode: EvidenceMode,
  sources: EvidenceSources,
  capability: EvidenceCapability | undefined,
): Promise<EvidenceCheck | undefined> {
  if (mode === 'ignore' || credential.evidence === undefined) return undefined
  if (capability === undefined) {
    return mode === 'require'
      ? { outcome: failed('EVIDENCE_NOT_INSTALLED', NOT_INSTALLED), warnings: [], evidence: [] }
      : {
          outcome: passed('not checked: no evidence capability'),
          warnings: [{ code: 'EVIDENCE_NOT_INSTALLED', message: NOT_INSTALLED }],
          evidence: [],
        }
  }
  try {
    return await capability.check(credential, mode, sources)
  } catch (error) {
    return { outcome: failedFrom(error, 'EVIDENCE_UNAVAILABLE'), warnings: [], evidence: [] }
  }
}
