/**
 * What a store would publish, in memory: its signed status lists by URL and, for did:web, its DID
 * document, as `tessera publish` writes them. `tessera verify --store` checks a credential against
 * them before anything is uploaded.
 */
import type { Io } from './io.js'
import { withIssuer } from './store-folder.js'

/**
 * The store's status list credentials and DID document, by URL and DID. The lists are signed valid from
 * `at` (the time the credential is judged at), so that they are in force for that check.
 */
export async function storeDocuments(store: string, io: Io, at: Date): Promise<Map<string, unknown>> {
  const validFrom = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  return withIssuer(store, io, async ({ issuer, agent, identifier, profile }) => {
    const documents = new Map<string, unknown>()
    for (const [url, list] of await issuer.signedStatusLists({ validFrom })) documents.set(url, list)
    const didDocument = agent.didDocument(identifier)
    if (didDocument !== undefined) documents.set(profile.did, didDocument)
    return documents
  })
}
