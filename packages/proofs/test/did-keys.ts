// A KeyLookup for the proofs' tests: did:key and did:jwk documents made from the DIDs, nothing fetched
// (the verifier's KeyResolver adds did:web, https documents, the fetch guard and caching).
import { didJwkDocument, didKeyDocument, type KeyLookup, methodInDocument } from '../src/index.js'

export const didKeys: KeyLookup = {
  async document(id) {
    if (id.startsWith('did:key:')) return didKeyDocument(id)
    if (id.startsWith('did:jwk:')) return didJwkDocument(id)
    throw new Error(`${id}: only did:key and did:jwk here`)
  },
  async method(methodId) {
    const controller = methodId.split('#')[0] as string
    return methodInDocument(await this.document(controller), controller, methodId)
  },
}
