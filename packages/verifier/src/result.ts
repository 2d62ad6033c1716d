/**
 * The shapes of a verification: its options, its result and the lines of that result. Apart from the
 * pipeline so that the checks, the core and the callers (the CLI, the verify page, the issuer's
 * self-check) name them without importing one another.
 */
import type { CryptoProvider, EmbeddedProofChecker, Outcome } from '@tessera/proofs'
import type { EmbeddedCredential, InputLimits, JsonObject, ValidationResult } from '@tessera/schema'
import type { Budget, VerificationBudget } from './budget.js'
import type { VerifierCapability } from './capabilities.js'
import type { CheckId, VerificationCode } from './codes.js'
import type { GuardedFetchOptions } from './fetch.js'
import type { IssuerTrust, TrustPolicy } from './trust.js'

export type { CheckId, VerificationCode } from './codes.js'

export type CredentialFormat = 'json' | 'jwt' | 'png' | 'svg'

export interface Check {
  id: CheckId
  ok: boolean
  /** A stable code when the check failed: one of `VerificationCode` (each check's own are `CheckCode<id>`). */
  code?: VerificationCode
  /** True when the caller asked for the check to be left out (`VerifyOptions.skip`): not run, not failed. */
  skipped?: true
  message: string
}

/**
 * The checks a caller may leave out (`VerifyOptions.skip`), such as an issuer checking a credential it
 * has just validated: the signature, the key's binding and the parsing are never left out.
 */
export type SkippableCheckId = 'context' | 'type' | 'schema' | 'validity' | 'status' | 'endorsements'

export interface Warning {
  code: string
  message: string
}

export interface VerificationResult {
  /** True only when every check passed. */
  verified: boolean
  /** The credential as read (the payload's credential for a JWT). */
  credential?: JsonObject
  format?: CredentialFormat
  /** The issuer's id. */
  issuer?: string
  /** Who issued it, by the verifier's trust policy: known or not, on which list, under which name. */
  trust?: IssuerTrust
  checks: Check[]
  warnings: Warning[]
  /** The embedded endorsements, each verified the same way. */
  endorsements?: VerificationResult[]
  /** A CLR's embedded credentials, each verified in full, by place in the CLR. */
  embedded?: EmbeddedCredentialResult[]
  /** Each evidence entry that names a credential, and what became of it (the `evidence` check). */
  evidence?: EvidenceEntryResult[]
}

/** One evidence entry naming a credential, checked (see `VerifyOptions.evidence`). */
export interface EvidenceEntryResult {
  /** The entry's JSON Pointer in the credential (`/evidence/1`). */
  path: string
  /** The id of the credential it names. */
  id: string
  /** `verified`: found, verified, the same learner's; `failed`: found and failing; `unavailable`: not found. */
  state: 'verified' | 'failed' | 'unavailable'
  /** Where it was found: its place in the presentation or CLR (`/verifiableCredential/2`), or the URL fetched. */
  source?: string
  /** Why it failed or is unavailable. */
  code?: VerificationCode
  message: string
  /** The credential fetched for this entry, verified (one level: its own evidence is not followed). */
  fetched?: VerificationResult
}

/**
 * What the `evidence` check does with a credential's evidence entries that name credentials:
 * `check` (default) verifies those it can find and fails on one found failing, `require` also fails on one
 * it cannot find, `ignore` looks at none.
 */
export type EvidenceMode = 'check' | 'require' | 'ignore'

/** One credential a CLR embeds, verified, with its JSON Pointer in the CLR (`/credentialSubject/verifiableCredential/2`). */
export interface EmbeddedCredentialResult extends VerificationResult {
  path: string
}

export interface PresentationResult {
  /** True only when the holder's proof and every credential inside verify. */
  verified: boolean
  presentation?: JsonObject
  format?: 'json' | 'jwt'
  holder?: string
  checks: Check[]
  warnings: Warning[]
  /** Each credential of the presentation, verified in full. */
  credentials: VerificationResult[]
}

/** Who the credential should belong to; any one that matches passes the recipient check. */
export interface RecipientQuery {
  email?: string
  did?: string
}

export interface VerifierOptions {
  /** Documents by URL or DID (DID documents, controller documents, status list credentials), used before any fetch. */
  documents?: ReadonlyMap<string, unknown>
  /** Rules for fetching what `documents` lacks. Set `offline: true` to fetch nothing at all. */
  fetch?: GuardedFetchOptions
  offline?: boolean
  /** Status list issuers accepted besides the credential's own issuer. */
  trustedStatusListIssuers?: readonly string[]
  /** Limits on the input (default 8 MiB; baked images 16 MiB). */
  limits?: InputLimits
  /** Trusted issuers, domains and registries: what makes an issuer "known" in the result's `trust`. */
  trust?: TrustPolicy
  /** Limits of every verification (deadline, endorsements, credentials, hosts, fetches); see budget.ts. */
  budget?: VerificationBudget
  /**
   * What checks signatures, hashes and (optionally) inflates status lists. Default: the platform's
   * (node:crypto on Node; pure JavaScript under React Native; WebCrypto elsewhere: an engine with none
   * passes `pureCrypto`). A wallet may hand in its own, a native module say.
   */
  crypto?: CryptoProvider
  /**
   * The opt-in parts to install: `trustRegistries` (@tessera/verifier/trust), `evidenceChecking`
   * (@tessera/verifier/evidence), `bakedImages` (@tessera/verifier/baked). The full entries have them all;
   * the JWT-only entry has those given here, and says so with a `*_NOT_INSTALLED` code where a missing one
   * was called for.
   */
  capabilities?: readonly VerifierCapability[]
}

/** Validates a CLR 2.0 ClrCredential against the CLR schema (`validateClr` of @tessera/schema/clr). */
export type ClrSchemaChecker = (credential: JsonObject) => Promise<ValidationResult>

/** The `embedded` line of a CLR 2.0 ClrCredential and each credential it gathers, verified by `verifyAll`. */
export type ClrEmbeddedChecker = (
  clr: JsonObject,
  nested: boolean,
  budget: Budget,
  verifyAll: (credentials: readonly EmbeddedCredential[]) => Promise<VerificationResult[]>,
) => Promise<{ outcome?: Outcome; embedded: EmbeddedCredentialResult[] }>

/**
 * What a build of the verifier checks embedded (Data Integrity) proofs and CLR 2.0 credentials' schema
 * with; neither in the JWT-only build (a CLR's embedded credentials carry Data Integrity proofs).
 */
export interface VerifierBuild {
  embeddedProofs?: EmbeddedProofChecker
  clrSchema?: ClrSchemaChecker
  /** A CLR's `embedded` check (checks/embedded.ts); without it, what a CLR gathers is reported unverified. */
  clrEmbedded?: ClrEmbeddedChecker
  /** Capabilities the build installs in every verifier, before those of `VerifierOptions.capabilities`. */
  capabilities?: readonly VerifierCapability[]
}

export interface VerifyOptions {
  /** The time to judge at. Default now. */
  now?: Date
  /** Tolerance for clocks that disagree, in seconds. Default 60. */
  clockSkewSeconds?: number
  /** Check the status entries (default true). */
  status?: boolean
  recipient?: RecipientQuery
  /** Fail (a `trust` check) unless the issuer is known by the trust policy. Default false. */
  requireTrustedIssuer?: boolean
  /**
   * The credentials a credential's `evidence` names (a milestone's, a pathway's): looked for beside it (in
   * the same presentation or CLR), else fetched when the id is an https URL and the entry says it is a
   * credential (`genre: "Credential"`). Default `check`: one found failing fails, one not found is a warning.
   */
  evidence?: EvidenceMode
  /** This verification's limits, over the verifier's `budget`. */
  budget?: VerificationBudget
  /**
   * Checks not to run: each is reported as `{ id, ok: true, skipped: true }`, not run (and, for `schema`,
   * no schema warnings). For a caller that has done them itself, such as an issuer checking what it has
   * just validated and signed (`skip: ['schema']`).
   */
  skip?: readonly SkippableCheckId[]
}
