/**
 * @tessera/proofs/data-integrity: embedded proofs checked (eddsa-rdfc-2022, and the deprecated eddsa-2022
 * and Ed25519Signature2020), with Digital Bazaar's libraries over the bundled contexts. An entry of its own:
 * importing it loads the JSON-LD stack, which VC-JWTs never need. Signing is the entry beside it
 * (`@tessera/proofs/sign-data-integrity`), so that a verifier neither loads nor bundles @digitalbazaar/vc.
 */
export { DATA_INTEGRITY_LIMITS, verifyEmbeddedProofs } from './data-integrity-verify.js'
export type { EmbeddedProofChecker, EmbeddedProofResult, ProofPurposeOptions } from './embedded-proofs.js'
