/**
 * @tessera/verifier: every credential format and proof, Data Integrity included. For VC-JWTs alone, the
 * lighter `@tessera/verifier/jwt` build leaves out the JSON-LD stack.
 */
import type { EmbeddedProofChecker } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import { checkClrSchema } from './checks/clr-schema.js'
import type { VerificationResult, VerifierOptions, VerifyOptions } from './result.js'
import { CoreVerifier } from './verify.js'

export type { EmbeddedProofResult, ProofPurposeOptions } from '@tessera/proofs'
export * from './common.js'

let dataIntegrity: Promise<EmbeddedProofChecker> | undefined

/**
 * Verifies the embedded (Data Integrity) proofs of a document (@tessera/proofs). The JSON-LD stack it needs
 * (jsonld.js, Digital Bazaar's suites) is loaded with the first embedded proof, not at import, so that a process or
 * page that verifies VC-JWTs never loads it.
 */
export const verifyEmbeddedProofs: EmbeddedProofChecker = async (...args) => {
  dataIntegrity ??= import('@tessera/proofs/data-integrity').then((m) => m.verifyEmbeddedProofs)
  return (await dataIntegrity)(...args)
}

/** A verifier for VC-JWTs and Data Integrity proofs. Keep it: it caches documents and status lists. */
export class Verifier extends CoreVerifier {
  constructor(options: VerifierOptions = {}) {
    super(options, { embeddedProofs: verifyEmbeddedProofs, clrSchema: checkClrSchema })
  }
}

/** Verifies one credential with a fresh verifier (nothing cached between calls). */
export function verifyCredential(
  input: string | Uint8Array | JsonObject,
  options: VerifierOptions & VerifyOptions = {},
): Promise<VerificationResult> {
  return new Verifier(options).verifyCredential(input, options)
}
