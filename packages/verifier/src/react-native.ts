/**
 * @tessera/verifier/react-native: the full verifier (VC-JWT, Data Integrity, baked images,
 * presentations, status lists) for React Native's Hermes, which has no WebCrypto, no TextEncoder and no
 * Node built-ins. It installs the few globals Hermes lacks (hermes-globals.ts: only where absent) and
 * checks signatures in pure JavaScript (`pureCrypto`) unless the wallet hands in its own provider
 * (`new Verifier({ crypto })`). No eval or new Function anywhere: the schema validators are precompiled.
 */
import './hermes-globals.js'
import { pureCrypto } from '@tessera/proofs/pure-crypto'
import type { JsonObject } from '@tessera/schema'
import { verifyEmbeddedProofs } from './embedded-proofs.js'
import { FULL_BUILD } from './full-build.js'
import type { VerificationResult, VerifierOptions, VerifyOptions } from './result.js'
import { CoreVerifier } from './verify.js'

export type { EmbeddedProofResult, ProofPurposeOptions } from '@tessera/proofs'
export * from './common.js'
export { pureCrypto, verifyEmbeddedProofs }

/** A verifier for VC-JWTs and Data Integrity proofs, checking in pure JavaScript unless given `crypto`. */
export class Verifier extends CoreVerifier {
  constructor(options: VerifierOptions = {}) {
    super({ ...options, crypto: options.crypto ?? pureCrypto }, FULL_BUILD)
  }
}

/** Verifies one credential with a fresh verifier (nothing cached between calls). */
export function verifyCredential(
  input: string | Uint8Array | JsonObject,
  options: VerifierOptions & VerifyOptions = {},
): Promise<VerificationResult> {
  return new Verifier(options).verifyCredential(input, options)
}
