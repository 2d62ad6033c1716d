/**
 * @tessera/verifier/evidence: the evidence capability (`evidenceChecking`: the credentials a credential's
 * `evidence` names, found beside it or fetched, verified and bound to the same learner) for the JWT-only
 * entry. Its code (../evidence.ts) loads with the first credential that has evidence. The full entries
 * install it themselves.
 */
import type { EvidenceCapability } from '../capabilities.js'
import { lazy } from '../checks/lazy.js'

const loadEvidence = lazy(() => import('../evidence.js'))

/** Pass in `VerifierOptions.capabilities` to check `evidence` (`VerifyOptions.evidence`). */
export const evidenceChecking: EvidenceCapability = {
  capability: 'evidence',
  check: async (credential, mode, sources) => (await loadEvidence()).checkEvidence(credential, mode, sources),
}

export type { EvidenceEntryResult, EvidenceMode } from '../result.js'
