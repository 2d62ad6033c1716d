/**
 * What signs a credential, whatever holds the key (a Veramo KMS, WebCrypto, an HSM), and what both proof
 * formats check before they sign.
 */
import { checkJsonValue, issuerIdOf, type JsonObject } from '@tessera/schema'
import { fail } from './errors.js'

export interface CredentialSigner {
  /** The issuer's id: every credential signed must name it as its issuer. */
  issuer: string
  /** The verification method (DID URL) proofs name: `kid` in a JWT, `verificationMethod` in a Data Integrity proof. */
  verificationMethod: string
  alg: 'EdDSA' | 'ES256' | 'RS256'
  sign(data: Uint8Array): Promise<Uint8Array>
  /**
   * The same signature, made off the calling thread (node:crypto on libuv's thread pool): a batch keeps
   * many rows in flight and its thread goes on with them while each is signed. Optional: `sign` is used
   * where it is absent.
   */
  signInBackground?(data: Uint8Array): Promise<Uint8Array>
}

/** SIGNER_MISMATCH unless the credential names the signer as its issuer. */
export function checkIssuer(credential: JsonObject, signer: CredentialSigner): void {
  const issuer = issuerIdOf(credential)
  if (issuer !== signer.issuer)
    fail(
      'SIGNER_MISMATCH',
      `the credential names ${String(issuer)} as its issuer, the key is ${signer.issuer}'s`,
    )
}

/**
 * Refuses, before anything is signed, what a conforming verifier would refuse of the signed credential
 * as its JSON parser reads it: an unsafe key (`__proto__`, `constructor`, `prototype`: UNSAFE_KEY),
 * nesting past 64 levels (JSON_TOO_DEEP), more than 100,000 values (JSON_TOO_MANY_VALUES), a value JSON
 * cannot carry (MALFORMED_JSON), with the parser's codes (`parseJson`). Data Integrity adds what JSON-LD
 * safe mode refuses (`canonicalisationRefusal`) and, from the canonicaliser, a `__proto__` IRI that
 * jsonld.js would write onto Object.prototype (UNSAFE_KEY).
 */
export function checkSignable(document: JsonObject): void {
  checkJsonValue(document)
}
