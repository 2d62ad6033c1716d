/**
 * VC-JWT signing as OB 3.0 and VC-JOSE describe it for VCDM 2.0: header `{ alg, kid, typ: "vc+jwt" }`,
 * payload the credential itself with its registered claims.
 */
import { type JsonObject, jwtClaimsOf } from '@tessera/schema'
// Node resolves #base64url to Buffer's native encoder, every other runtime to jose's and TextEncoder (package.json "imports").
import { base64urlBytes, base64urlText, utf8Bytes } from '#base64url'
import { type CredentialSigner, checkIssuer, checkSignable } from './signer.js'

/**
 * A VC-JWT of `credential`: the payload is the credential itself with `iss`, `jti`, `sub`, `nbf` and
 * `exp` mapped from it, the header names the signer's algorithm and verification method.
 */
export async function signJwt(credential: JsonObject, signer: CredentialSigner): Promise<string> {
  checkIssuer(credential, signer)
  const payload = { ...credential, ...jwtClaimsOf(credential) }
  checkSignable(payload)
  const header = base64urlText(
    JSON.stringify({ alg: signer.alg, kid: signer.verificationMethod, typ: 'vc+jwt' }),
  )
  const body = base64urlText(JSON.stringify(payload))
  const signature = await signer.sign(utf8Bytes(`${header}.${body}`))
  return `${header}.${body}.${base64urlBytes(signature)}`
}
