/**
 * The `embedded` check of a CLR 2.0 ClrCredential: every credential it gathers verified in full (proof,
 * issuer, dates, status, its own endorsements) by the core, handed in as `verifyAll`, and bound to the CLR's
 * learner, each reported by its place in the CLR (`/credentialSubject/verifiableCredential/2`). Claimed from
 * the verification's budget all at once: past `maxEmbeddedCredentials`, none is verified.
 *
 * Binding: an embedded credential belongs to the CLR's learner when its subject has the CLR subject's `id`
 * (a DID), or shares one of the CLR subject's identities (an IdentityObject of the same type, hash, salt and
 * hashing; a `name` identity binds nothing: `learner.ts`). The CLR's issuer vouches, by signing, that these identities
 * are one learner's; a verifier that knows the learner's email or DID checks that too (`recipient`).
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import {
  type EmbeddedCredential,
  embeddedCredentialsOf,
  type JsonObject,
  readCredential,
} from '@tessera/schema'
import type { Budget } from '../budget.js'
import type { EmbeddedCredentialResult, VerificationResult } from '../result.js'
import { boundTo, identitiesOf } from './learner.js'

/** What went wrong with one embedded credential, in a few words: its first failed check and code. */
export function firstFailure(result: VerificationResult): string {
  const failure = result.checks.find((c) => !c.ok)
  return failure === undefined ? 'does not verify' : `${failure.id} ${failure.code ?? ''}`.trim()
}

/** The `embedded` line (none for a credential that embeds none) and each embedded credential's result. */
export async function checkEmbeddedCredentials(
  clr: JsonObject,
  /** True for a credential that is itself embedded: a CLR gathers OB 3.0 credentials, never another CLR. */
  nested: boolean,
  budget: Budget,
  /** Verifies the CLR's credentials together (each one's evidence looked for among the others). */
  verifyAll: (credentials: readonly EmbeddedCredential[]) => Promise<VerificationResult[]>,
): Promise<{ outcome?: Outcome; embedded: EmbeddedCredentialResult[] }> {
  const gathered = embeddedCredentialsOf(clr)
  if (gathered.length === 0) return { embedded: [] }
  if (nested) {
    return {
      outcome: failed(
        'EMBEDDED_CREDENTIAL_INVALID',
        'a CLR inside a CLR is not verified: a CLR gathers OB 3.0 credentials',
      ),
      embedded: [],
    }
  }
  const refused = budget.claim('embedded', gathered.length)
  if (refused !== undefined) return { outcome: refused, embedded: [] }
  const learner = identitiesOf(readCredential(clr).subjects[0])
  // verified side by side: their fetches share the budget's parallel slots
  const embedded = (await verifyAll(gathered)).map((result, i) => ({
    path: (gathered[i] as EmbeddedCredential).path,
    ...result,
  }))
  const invalid = embedded.filter((e) => !e.verified)
  if (invalid.length > 0) {
    return {
      outcome: failed(
        'EMBEDDED_CREDENTIAL_INVALID',
        `${invalid.length} of ${embedded.length} embedded credentials do not verify: ${invalid
          .map((e) => `${e.path} (${firstFailure(e)})`)
          .join('; ')}`,
      ),
      embedded,
    }
  }
  const strangers = embedded.filter((e) => !boundTo(learner, e.credential))
  if (strangers.length > 0) {
    return {
      outcome: failed(
        'EMBEDDED_SUBJECT_MISMATCH',
        `${strangers.map((e) => e.path).join(', ')}: not about the CLR's learner (neither its id nor one of its identities)`,
      ),
      embedded,
    }
  }
  return {
    outcome: passed(
      `${embedded.length} embedded credential${embedded.length === 1 ? '' : 's'} verified, each the learner's`,
    ),
    embedded,
  }
}
