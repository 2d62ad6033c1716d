/**
 * The one place @tessera/proofs reads the system clock: the default of the `now` a Data Integrity check
 * judges a proof's `expires` at, and of the `created` date a proof is signed with. Callers pass their
 * own clock (the verifier its `VerifyOptions.now`, the issuer its `clock`).
 */
export const systemNow = (): Date => new Date()
