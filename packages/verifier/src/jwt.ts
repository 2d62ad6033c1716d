/**
 * @tessera/verifier/jwt: a lean verifier for VC-JWTs: parse, context, type, schema, the JWS proof and the
 * key's binding to the issuer, validity, status, endorsements, recipient and presentations, without the
 * JSON-LD and Data Integrity libraries (an embedded proof is UNSUPPORTED_CRYPTOSUITE) and without CLR 2.0
 * (a ClrCredential's schema line is UNSUPPORTED_CREDENTIAL_TYPE: its embedded credentials carry Data
 * Integrity proofs, and the CLR schema's validators would weigh more than the rest of this build; its
 * `embedded` line says the credentials it gathers were not verified).
 *
 * The rest is opt-in (capabilities.ts): a page imports what it needs and passes it in
 * `capabilities`: `trustRegistries` (@tessera/verifier/trust), `evidenceChecking`
 * (@tessera/verifier/evidence), `bakedImages` (@tessera/verifier/baked). With all three it gives the full
 * verifier's verdicts and codes on VC-JWTs; without one, where the input or options call for it, the
 * result says so (TRUST_NOT_INSTALLED, EVIDENCE_NOT_INSTALLED, BAKED_IMAGES_NOT_INSTALLED).
 */
import type { JsonObject } from '@tessera/schema'
import type { VerificationResult, VerifierOptions, VerifyOptions } from './result.js'
import { CoreVerifier } from './verify.js'

export * from './lean-exports.js'

/** A verifier for VC-JWTs, with the capabilities given. Keep it: it caches documents and status lists. */
export class Verifier extends CoreVerifier {
  constructor(options: VerifierOptions = {}) {
    super(options)
  }
}

/** Verifies one VC-JWT with a fresh verifier. */
export function verifyCredential(
  input: string | Uint8Array | JsonObject,
  options: VerifierOptions & VerifyOptions = {},
): Promise<VerificationResult> {
  return new Verifier(options).verifyCredential(input, options)
}
