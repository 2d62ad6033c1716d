/**
 * What a store would publish, in memory: its signed status lists by URL and, for did:web, its DID
 * document, as `tessera publish` writes them. `tessera verify --store` checks a credential against
 * them before anything is uploaded.
 */
import type { Io } from './io.js'
import { withIssuer } from './store-folder.js'

/** The store's status list credentials (signed now) and DID document, by URL and DID. */
export async function storeDocuments(store: string, io: Io): Promise<Map<string, unknown>> {
  return withIssuer(store, io, async ({ issuer, agent, identifier, profile }) => {
    const documents = new Map<string, unknown>()
    for (const [url, list] of await issuer.signedStatusLists()) documents.set(url, list)
    const didDocument = agent.didDocument(identifier)
    if (didDocument !== undefined) documents.set(profile.did, didDocument)
    return documents
  })
}
