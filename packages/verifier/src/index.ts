/**
 * @tessera/verifier: every credential format and proof, Data Integrity included. For VC-JWTs alone, the
 * lighter `@tessera/verifier/jwt` build leaves out the JSON-LD stack.
 */
import type { JsonObject } from '@tessera/schema'
import { verifyEmbeddedProofs } from './data-integrity.js'
import { CoreVerifier, type VerificationResult, type VerifierOptions, type VerifyOptions } from './verify.js'

export * from './common.js'
export { type EmbeddedProofResult, type ProofPurposeOptions, verifyEmbeddedProofs } from './data-integrity.js'

/** A verifier for VC-JWTs and Data Integrity proofs. Keep it: it caches documents and status lists. */
export class Verifier extends CoreVerifier {
  constructor(options: VerifierOptions = {}) {
    super(options, { embeddedProofs: verifyEmbeddedProofs })
  }
}

/** Verifies one credential with a fresh verifier (nothing cached between calls). */
export function verifyCredential(
  input: string | Uint8Array | JsonObject,
  options: VerifierOptions & VerifyOptions = {},
): Promise<VerificationResult> {
  return new Verifier(options).verifyCredential(input, options)
}
