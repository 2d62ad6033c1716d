/**
 * What proof checking needs of DID resolution, and the part of it that fetches nothing: the keys a DID or
 * controller document lists, and the documents of did:key and did:jwk, which their DIDs hold whole.
 * Resolving did:web and https controller documents (fetching, guarding, caching) is the verifier's
 * (`KeyResolver` of @tessera/verifier); the proof checks take any `KeyLookup`.
 */
import { base58 } from '@scure/base'
import { isJsonObject, type JsonObject, parseJsonObject } from '@tessera/schema'
import * as base64url from 'jose/base64url'
import { fail } from './errors.js'
import { readVerificationMethod, type VerificationMethod } from './keys.js'

export type VerificationRelationship = 'assertionMethod' | 'authentication'

export interface ResolvedMethod {
  method: VerificationMethod
  /** The relationships of the controller document that list this method. */
  relationships: VerificationRelationship[]
}

/** Where proof checks find keys: a DID resolver (the verifier's `KeyResolver`), or a fixed set of documents. */
export interface KeyLookup {
  /** The key a verification method URL (`<did or url>#<fragment>`, or a bare did:key) names. */
  method(methodId: string): Promise<ResolvedMethod>
  /** The DID document or controller document of `id` (a DID or an https URL, no fragment). */
  document(id: string): Promise<JsonObject>
}

/** The document a did:jwk holds (did:jwk, section 2): one key, listed for assertion and authentication. */
export function didJwkDocument(did: string): JsonObject {
  let jwk: JsonObject
  try {
    jwk = parseJsonObject(new TextDecoder().decode(base64url.decode(did.slice('did:jwk:'.length))))
  } catch (cause) {
    return fail('CANNOT_DEREFERENCE', `${did} does not hold a JWK`, cause)
  }
  const id = `${did}#0`
  return {
    id: did,
    verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk }],
    assertionMethod: [id],
    authentication: [id],
  }
}

/**
 * The document of a did:key (Ed25519 or P-256, the keys Tessera verifies with), made here rather than
 * by a general did:key resolver, which would load codecs and curves for keys never used to sign.
 */
export function didKeyDocument(did: string): JsonObject {
  const multibase = did.slice('did:key:'.length)
  let bytes: Uint8Array
  try {
    if (!multibase.startsWith('z')) throw new Error('not base58btc')
    bytes = base58.decode(multibase.slice(1))
  } catch (cause) {
    return fail('CANNOT_DEREFERENCE', `${did} does not hold a base58btc multikey`, cause)
  }
  const ed25519 = bytes[0] === 0xed && bytes[1] === 0x01 && bytes.length === 34
  const p256 = bytes[0] === 0x80 && bytes[1] === 0x24 && bytes.length === 35
  if (!ed25519 && !p256) fail('CANNOT_DEREFERENCE', `${did} is not an Ed25519 or P-256 did:key`)
  const id = `${did}#${multibase}`
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }],
    assertionMethod: [id],
    authentication: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  }
}

/**
 * The verification method `methodId` names in `document`, the document of `controllerId` (the method
 * URL before its `#`; a bare did:key names its first method), with the relationships that list it.
 * KEY_NOT_FOUND when the document lists no such method; UNSUPPORTED_KEY when its key cannot be read.
 */
export async function methodInDocument(
  document: JsonObject,
  controllerId: string,
  methodId: string,
): Promise<ResolvedMethod> {
  const hash = methodId.indexOf('#')
  const wanted = hash < 0 ? undefined : methodId
  const candidates = [
    ...(Array.isArray(document.verificationMethod) ? document.verificationMethod : []),
    ...['assertionMethod', 'authentication'].flatMap((r) =>
      Array.isArray(document[r]) ? (document[r] as unknown[]) : [],
    ),
  ].filter(isJsonObject)
  const absolute = (ref: unknown) =>
    typeof ref === 'string' && ref.startsWith('#') ? controllerId + ref : ref
  const found = candidates.find((m) => (wanted === undefined ? true : absolute(m.id) === wanted))
  if (found === undefined) fail('KEY_NOT_FOUND', `${controllerId} lists no verification method ${methodId}`)
  const method = await readVerificationMethod({ ...found, id: absolute(found.id) }, controllerId)
  const relationships = (['assertionMethod', 'authentication'] as const).filter((r) => {
    const listed = document[r]
    return Array.isArray(listed) && listed.some((e) => absolute(isJsonObject(e) ? e.id : e) === method.id)
  })
  return { method, relationships }
}
