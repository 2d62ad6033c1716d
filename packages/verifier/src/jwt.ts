/**
 * @tessera/verifier/jwt: the same verifier for VC-JWTs (and baked JWT badges) only, without the JSON-LD
 * and Data Integrity libraries; an embedded proof is reported as UNSUPPORTED_CRYPTOSUITE. Nor does it
 * verify CLR 2.0 credentials (their embedded credentials carry Data Integrity proofs, and the CLR schema's
 * validators would weigh more than the rest of this build): a ClrCredential's schema line is
 * UNSUPPORTED_CREDENTIAL_TYPE.
 */
import type { JsonObject } from '@tessera/schema'
import type { VerificationResult, VerifierOptions, VerifyOptions } from './result.js'
import { CoreVerifier } from './verify.js'

export * from './common.js'

/** A verifier for VC-JWTs. Keep it: it caches documents and status lists. */
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
