/**
 * Checking a Data Integrity credential with a library Tessera did not write: Digital Bazaar's `vc`, the
 * issuer's did:key served as a Multikey document and its controller, nothing fetched. The issuer's
 * signing tests, its learner records' and the service's wallet tests all ask it the same question.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { documentLoader as tesseraContexts } from '@tessera/proofs/contexts'
import type { JsonObject } from '@tessera/schema'

/** The documents a verifier needs for a did:key method (`did:key:z…#z…`): the Multikey and its controller. */
export function didKeyDocuments(method: string): Map<string, JsonObject> {
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
  return new Map<string, JsonObject>([
    [method, key],
    [did, controller],
  ])
}

export interface PeerVerifyOptions {
  /** The time to verify at (validFrom, validUntil); default Digital Bazaar's own clock. */
  now?: Date
  /** The JSON-LD contexts and anything else besides the did:key; default Tessera's bundled contexts. */
  contexts?: (url: string) => Promise<{ documentUrl: string; document: unknown }>
}

/** Digital Bazaar's verdict on a credential signed with a did:key (its status is not checked: that is Tessera's verifier's). */
export async function digitalBazaarVerdict(
  credential: JsonObject,
  options: PeerVerifyOptions = {},
): Promise<{ verified: boolean; error?: unknown }> {
  const { verificationMethod } = credential.proof as { verificationMethod: string }
  const documents = didKeyDocuments(verificationMethod)
  const contexts = options.contexts ?? tesseraContexts
  const documentLoader = async (url: string) => {
    const document = documents.get(url)
    return document === undefined ? contexts(url) : { contextUrl: null, documentUrl: url, document }
  }
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    checkStatus: async () => ({ verified: true }),
    ...(options.now === undefined ? {} : { now: options.now }),
  } as Parameters<typeof vc.verifyCredential>[0])
}
