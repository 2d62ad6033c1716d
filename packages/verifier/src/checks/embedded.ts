/**
 * The `embedded` check of a CLR 2.0 ClrCredential: every credential it gathers verified in full (proof,
 * issuer, dates, status, its own endorsements) by the core, handed in as `verify`, and bound to the CLR's
 * learner, each reported by its place in the CLR (`/credentialSubject/verifiableCredential/2`). Claimed from
 * the verification's budget all at once: past `maxEmbeddedCredentials`, none is verified.
 *
 * Binding: an embedded credential belongs to the CLR's learner when its subject has the CLR subject's `id`
 * (a DID), or shares one of the CLR subject's identities (an IdentityObject of the same type, hash, salt and
 * hashing; a `name` identity binds nothing). The CLR's issuer vouches, by signing, that these identities
 * are one learner's; a verifier that knows the learner's email or DID checks that too (`recipient`).
 */
import { failed, type Outcome, passed } from '@tessera/proofs'
import {
  embeddedCredentialsOf,
  isJsonObject,
  type JsonObject,
  readCredential,
  subjectsOf,
} from '@tessera/schema'
import type { Budget } from '../budget.js'
import type { EmbeddedCredentialResult, VerificationResult } from '../result.js'
import { asArray } from './values.js'

/** The identities of a subject that can bind it, as comparable text: its id, and each identity but a name. */
function identitiesOf(subject: JsonObject | undefined): Set<string> {
  const keys = new Set<string>()
  if (subject === undefined) return keys
  if (typeof subject.id === 'string') keys.add(`id ${subject.id}`)
  for (const identity of asArray(subject.identifier)) {
    if (!isJsonObject(identity) || identity.identityType === 'name') continue
    const { identityType, identityHash, hashed, salt } = identity
    if (typeof identityHash !== 'string') continue
    keys.add(JSON.stringify([identityType, identityHash, hashed === true, salt ?? null]))
  }
  return keys
}

/** Whether the embedded credential's subject is the CLR's learner (see the header). */
function boundTo(learner: Set<string>, credential: JsonObject | undefined): boolean {
  if (credential === undefined) return false
  for (const key of identitiesOf(subjectsOf(credential)[0])) if (learner.has(key)) return true
  return false
}

/** What went wrong with one embedded credential, in a few words: its first failed check and code. */
function firstFailure(result: VerificationResult): string {
  const failure = result.checks.find((c) => !c.ok)
  return failure === undefined ? 'does not verify' : `${failure.id} ${failure.code ?? ''}`.trim()
}

/** The `embedded` line (none for a credential that embeds none) and each embedded credential's result. */
export async function checkEmbeddedCredentials(
  clr: JsonObject,
  /** True for a credential that is itself embedded: a CLR gathers OB 3.0 credentials, never another CLR. */
  nested: boolean,
  budget: Budget,
  verify: (credential: unknown) => Promise<VerificationResult>,
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
  const embedded = await Promise.all(
    gathered.map(async ({ path, credential }) => ({ path, ...(await verify(credential)) })),
  )
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
