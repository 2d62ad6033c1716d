/**
 * VC-JWT signing as OB 3.0 and VC-JOSE describe it for VCDM 2.0: header `{ alg, kid, typ: "vc+jwt" }`,
 * payload the credential itself with its registered claims.
 */
import { type DecodedJwt, type JsonObject, jwtClaimsOf } from '@tessera/schema'
// Node resolves #base64url to Buffer's native encoder, every other runtime to jose's and TextEncoder (package.json "imports").
import { base64urlBytes, base64urlText, utf8Bytes } from '#base64url'
import { type CredentialSigner, checkIssuer, checkSignable } from './signer.js'

/**
 * A VC-JWT of `credential`: the payload is the credential itself with `iss`, `jti`, `sub`, `nbf` and
 * `exp` mapped from it, the header names the signer's algorithm and verification method.
 */
export async function signJwt(credential: JsonObject, signer: CredentialSigner): Promise<string> {
  return (await signJwtParts(credential, signer)).compact
}

/**
 * The VC-JWT `signJwt` makes, with the parts it was made of: the header and payload objects serialised
 * (once) into the signing input, the signing input itself and the signature. An issuer checks these
 * (`CoreVerifier.verifySignedJwt`) instead of decoding the token it has just written.
 */
export async function signJwtParts(credential: JsonObject, signer: CredentialSigner): Promise<DecodedJwt> {
  checkIssuer(credential, signer)
  const payload = { ...credential, ...jwtClaimsOf(credential) }
  checkSignable(payload)
  const header: JsonObject = { alg: signer.alg, kid: signer.verificationMethod, typ: 'vc+jwt' }
  const signingInput = jwtSigningInput(header, payload)
  const signature = base64urlBytes(await signer.sign(utf8Bytes(signingInput)))
  return { compact: `${signingInput}.${signature}`, header, payload, signature, signingInput }
}

/** The signing input of a JWS: its header and payload serialised as JSON, each base64url-encoded, dot-joined. */
export function jwtSigningInput(header: JsonObject, payload: JsonObject): string {
  return `${base64urlText(JSON.stringify(header))}.${base64urlText(JSON.stringify(payload))}`
}
