/**
 * VC-JWT signing as OB 3.0 and VC-JOSE describe it for VCDM 2.0: header `{ alg, kid, typ: "vc+jwt" }`,
 * payload the credential itself with its registered claims.
 */
import { cloneJson, type DecodedJwt, type JsonObject, jwtClaimsOf } from '@tessera/schema'
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
  return (await signPayload(payload, signer)).compact
}

/** The parts `signJwtParts` made, frozen: their signing input is the one their objects serialise to. */
const sealed = new WeakSet<DecodedJwt>()

/**
 * The VC-JWT `signJwt` makes, with the parts it was made of: the header and payload objects serialised
 * (once) into the signing input, the signing input itself and the signature. An issuer checks these
 * (`CoreVerifier.verifySignedJwt`) instead of decoding the token it has just written.
 *
 * The payload is a copy of the credential's own (the caller's objects are neither kept nor changed),
 * checked, frozen to its last nested value, and serialised once; the parts are frozen too. So the objects
 * can only ever serialise to the signing input (`isSealedJwt`): a verifier judging them need not
 * serialise them again to know that what it judges is what was signed.
 */
export async function signJwtParts(credential: JsonObject, signer: CredentialSigner): Promise<DecodedJwt> {
  checkIssuer(credential, signer)
  let payload: JsonObject
  try {
    payload = cloneJson(credential)
  } catch (error) {
    // only what no JSON value is (nesting past the stack's depth, say): refused with its code
    checkSignable(credential)
    throw error
  }
  Object.assign(payload, jwtClaimsOf(payload))
  // the copy is what is checked, frozen and serialised: what was checked is what is signed
  checkSignable(payload)
  deepFreeze(payload)
  const jwt = Object.freeze(await signPayload(payload, signer))
  Object.freeze(jwt.header)
  sealed.add(jwt)
  return jwt
}

/**
 * True for parts `signJwtParts` returned (the very object, frozen): their header and payload serialise to
 * their signing input, and `compact` is that signing input and the signature. Anything else (parts
 * decoded from a token, or put together by hand) says nothing about itself and is checked by serialising.
 */
export function isSealedJwt(jwt: DecodedJwt): boolean {
  return sealed.has(jwt)
}

/** `payload` (checked by the caller) signed under the signer's header. */
async function signPayload(payload: JsonObject, signer: CredentialSigner): Promise<DecodedJwt> {
  const header: JsonObject = { alg: signer.alg, kid: signer.verificationMethod, typ: 'vc+jwt' }
  const signingInput = jwtSigningInput(header, payload)
  const signature = base64urlBytes(await signer.sign(utf8Bytes(signingInput)))
  return { compact: `${signingInput}.${signature}`, header, payload, signature, signingInput }
}

/** Freezes `value` and every object and array in it (a JSON value: data properties only, no cycles). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return
  Object.freeze(value)
  if (Array.isArray(value)) for (const item of value) deepFreeze(item)
  else for (const key of Object.keys(value)) deepFreeze((value as JsonObject)[key])
}

/** The signing input of a JWS: its header and payload serialised as JSON, each base64url-encoded, dot-joined. */
export function jwtSigningInput(header: JsonObject, payload: JsonObject): string {
  return `${base64urlText(JSON.stringify(header))}.${base64urlText(JSON.stringify(payload))}`
}
