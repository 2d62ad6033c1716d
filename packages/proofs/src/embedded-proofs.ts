/**
 * The shape of an embedded-proof check (Data Integrity), apart from the check itself: the light entry of
 * @tessera/proofs and the verifier's JWT-only build name it without loading the JSON-LD stack
 * (`@tessera/proofs/data-integrity` holds the check).
 */
import type { JsonObject } from '@tessera/schema'
import type { CryptoProvider } from './crypto-provider.js'
import type { KeyLookup } from './key-lookup.js'
import type { Outcome } from './outcome.js'

export type ProofPurposeOptions = (
  | { purpose: 'assertionMethod' }
  | { purpose: 'authentication'; challenge?: string; domain?: string }
) & {
  /** The moment a proof's `expires` is judged at (default: the system clock). */
  now?: Date
  /** What checks the signatures and hashes (default: the platform's, see crypto-provider.ts). */
  crypto?: CryptoProvider
}

export interface EmbeddedProofResult {
  /** The signature check. */
  proof: Outcome
  /** The key's binding: its controller is the expected one, and it may assert (or authenticate). */
  binding: Outcome
  warnings: Outcome[]
  /** The verification method of the proof that verified. */
  verificationMethod?: string
}

/**
 * Checks the embedded proofs of `document`, made by `controller` (the issuer, or a presentation's holder)
 * with a key found through `keys`, for `purpose` (default assertionMethod).
 */
export type EmbeddedProofChecker = (
  document: JsonObject,
  controller: string | undefined,
  keys: KeyLookup,
  purpose?: ProofPurposeOptions,
) => Promise<EmbeddedProofResult>
