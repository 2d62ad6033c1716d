/**
 * @tessera/proofs: the proofs of credentials, in one place for the issuer and the verifier. This entry
 * holds what is light (VC-JWT signing and checking, keys, key lookup, signature checks); Data Integrity,
 * which brings the JSON-LD stack, is `@tessera/proofs/data-integrity`, and the canonicaliser and the
 * bundled contexts are `@tessera/proofs/canonize` and `@tessera/proofs/contexts`. Isomorphic: Node's
 * built-ins only behind the `#crypto` and `#base64url` imports' `node` condition. Signatures and hashes go
 * through the crypto seam (`CryptoProvider`, crypto-provider.ts), so that Hermes can verify too.
 */

export type { CryptoProvider } from './crypto-provider.js'
export type { EmbeddedProofChecker, EmbeddedProofResult, ProofPurposeOptions } from './embedded-proofs.js'
export {
  type CanonizeErrorCode,
  type ContextErrorCode,
  isProofsError,
  type KeyErrorCode,
  type KeyLookupErrorCode,
  type ProofsErrorCode,
  type SignErrorCode,
} from './errors.js'
export { checkHeader, type JwsResult, verifyJws } from './jws.js'
export { isSealedJwt, jwtSigningInput, signJwt, signJwtParts } from './jwt-sign.js'
export {
  didJwkDocument,
  didKeyDocument,
  type KeyLookup,
  methodInDocument,
  type ResolvedMethod,
  type VerificationRelationship,
} from './key-lookup.js'
export {
  ed25519Multikey,
  multikeyToJwk,
  type PublicJwk,
  p256Point,
  readPublicJwk,
  readVerificationMethod,
  type VerificationMethod,
} from './keys.js'
export { failed, failedFrom, type Outcome, passed } from './outcome.js'
export { backgroundCrypto, defaultCrypto, verifySignature } from './signature.js'
export type { SignatureAlg } from './signature-common.js'
export type { CredentialSigner } from './signer.js'
