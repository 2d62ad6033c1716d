/**
 * @tessera/verifier: every credential format and proof, Data Integrity included, with every capability
 * installed (trust registries, evidence, baked images: capabilities.ts). For VC-JWTs alone, the lighter
 * `@tessera/verifier/jwt` build leaves out the JSON-LD stack, and the capabilities a page does not import.
 */
import type { JsonObject } from '@tessera/schema'
import { verifyEmbeddedProofs } from './embedded-proofs.js'
import { FULL_BUILD } from './full-build.js'
import type { VerificationResult, VerifierOptions, VerifyOptions } from './result.js'
import { CoreVerifier } from './verify.js'

export type { EmbeddedProofResult, ProofPurposeOptions } from '@tessera/proofs'
export * from './common.js'
export { verifyEmbeddedProofs }

/** A verifier for VC-JWTs and Data Integrity proofs. Keep it: it caches documents and status lists. */
export class Verifier extends CoreVerifier {
  constructor(options: VerifierOptions = {}) {
    super(options, FULL_BUILD)
  }
}

/** Verifies one credential with a fresh verifier (nothing cached between calls). */
export function verifyCredential(
  input: string | Uint8Array | JsonObject,
  options: VerifierOptions & VerifyOptions = {},
): Promise<VerificationResult> {
  return new Verifier(options).verifyCredential(input, options)
}
