/**
 * Canonical N-Quads (RDFC-1.0) of a JSON-LD document, for Data Integrity proofs: what jsonld.js's
 * `canonize` gives in safe mode, byte for byte, with the contexts processed once per process instead of
 * once per typed node of every document. Context processing (`jsonld-context.ts`), expansion
 * (`jsonld-expand.ts`) and the RDF dataset (`jsonld-to-rdf.ts`) follow jsonld.js step for step for what
 * credentials use, and the dataset goes to rdf-canonize as jsonld.js's `canonize` hands it over; anything
 * else is left to jsonld.js, so a document either gets the same canonical form or the same error as with
 * Digital Bazaar's cryptosuites alone; but one holding `__proto__` is refused before jsonld.js sees it,
 * since jsonld.js would write onto Object.prototype (`jsonld-guard.ts`). It is a subpath of its own
 * (`@tessera/proofs/canonize`), so that neither it nor rdf-canonize is loaded, or bundled, before a Data
 * Integrity proof needs them.
 */
/// <reference path="./rdf-canonize.d.ts" />

import { DEFAULT_INPUT_LIMITS } from '@tessera/schema'
import * as rdfCanonize from 'rdf-canonize'
import { hasOwnKeysOnly, initialContext, isPlainObject, NotHandled, notHandled } from './jsonld-context.js'
import { expandDocument } from './jsonld-expand.js'
import { refuseWhatJsonldMisreads } from './jsonld-guard.js'
import { toRdf } from './jsonld-to-rdf.js'
import { createMessageDigest } from './message-digest.js'

/** The guard `canonizeDocument` applies, for callers that hand documents to jsonld.js themselves. */
export { refuseWhatJsonldMisreads }

/** The options Digital Bazaar's suites pass to a cryptosuite's `canonize`. */
export interface CanonizeOptions {
  documentLoader?: (url: string) => Promise<{ document: unknown }>
  [option: string]: unknown
}

/**
 * Options that leave the canonical form of the documents handled here as it is. `base` only matters for
 * relative IRIs, which are left to jsonld.js; `rdfDirection` only for `@direction`, left to jsonld.js too.
 */
const NEUTRAL_OPTIONS: Record<string, (value: unknown) => boolean> = {
  documentLoader: (v) => typeof v === 'function',
  base: (v) => v === undefined || v === null || typeof v === 'string',
  safe: (v) => v === undefined || v === true,
  skipExpansion: (v) => v === undefined || v === false,
  algorithm: (v) => v === undefined || v === 'RDFC-1.0',
  format: (v) => v === undefined || v === 'application/n-quads',
  rdfDirection: (v) => v === undefined || v === null || v === 'i18n-datatype',
  produceGeneralizedRdf: (v) => v === undefined || v === false,
}

/**
 * How deep a document this canonicaliser walks, as deep as `parseJson` reads by default: expansion
 * recurses once per level, so a deeper document (which no parsed credential is) is left to jsonld.js.
 */
const MAX_DEPTH = DEFAULT_INPUT_LIMITS.maxDepth

/**
 * The canonical N-Quads of `document` as `jsonld.canonize(document, { algorithm: 'RDFC-1.0', safe: true,
 * ...options })` gives them, or undefined when the document (or an option) needs jsonld.js: a context
 * written into the document rather than named by URL, a JSON-LD feature credentials do not use, anything
 * jsonld.js would refuse in safe mode (an undefined term, a relative IRI, a blank node predicate), nesting
 * past MAX_DEPTH. Context URLs are loaded with `options.documentLoader`; what it returns is processed once
 * and kept, so it must serve the same document for a URL every time (as a loader of bundled contexts does:
 * `createDocumentLoader`).
 *
 * A document that would be left to jsonld.js but holds `__proto__` (as a key, or as an IRI segment of a
 * string) is refused instead, with UNSAFE_KEY: jsonld.js would drop the key from what it signs, or write
 * onto Object.prototype (`jsonld-guard.ts`).
 */
export async function canonizeDocument(
  document: object,
  options: CanonizeOptions = {},
): Promise<string | undefined> {
  const nquads = await canonizeHandled(document, options)
  if (nquads === undefined) refuseWhatJsonldMisreads(document)
  return nquads
}

async function canonizeHandled(document: object, options: CanonizeOptions): Promise<string | undefined> {
  for (const [option, value] of Object.entries(options)) {
    if (!NEUTRAL_OPTIONS[option]?.(value)) return undefined
  }
  const urls = unlessNotHandled(() => contextUrlsOf(document))
  if (urls === undefined) return undefined
  const loaded = new Map<string, unknown>()
  for (const url of urls) {
    if (options.documentLoader === undefined) return undefined
    try {
      loaded.set(url, (await options.documentLoader(url)).document)
    } catch {
      return undefined // jsonld.js reports the loader's refusal in its own words
    }
  }
  const expanded = unlessNotHandled(() => expandDocument(document, initialContext(), loaded))
  if (expanded === undefined) return undefined
  return rdfCanonize.canonize(toRdf(expanded), { algorithm: 'RDFC-1.0', createMessageDigest })
}

/** `run`'s result, or undefined when it finds the document needs jsonld.js. */
function unlessNotHandled<T>(run: () => T): T | undefined {
  try {
    return run()
  } catch (error) {
    if (error instanceof NotHandled) return undefined
    throw error
  }
}

/**
 * The URLs of every `@context` in `document`, walked without recursion. NotHandled for a context that is
 * no URL, an object whose keys jsonld.js reads otherwise (`hasOwnKeysOnly`), nesting past MAX_DEPTH.
 */
function contextUrlsOf(document: object): Set<string> {
  const urls = new Set<string>()
  const pending: [unknown, number][] = [[document, 1]]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next
    const isArray = Array.isArray(value)
    if (!isArray && !isPlainObject(value)) continue
    if (depth > MAX_DEPTH) notHandled(`nesting deeper than ${MAX_DEPTH} levels`)
    if (isArray) {
      for (const item of value) pending.push([item, depth + 1])
      continue
    }
    if (!hasOwnKeysOnly(value)) notHandled('an object with inherited keys or a __proto__ key')
    for (const key of Object.keys(value)) {
      const item = value[key]
      if (key !== '@context') pending.push([item, depth + 1])
      else
        for (const url of Array.isArray(item) ? item : [item]) {
          if (typeof url !== 'string') notHandled('a context written into the document')
          urls.add(url)
        }
    }
  }
  return urls
}

type Canonize = (input: object, options: CanonizeOptions) => Promise<string>

/**
 * `suite` (a Data Integrity cryptosuite object, such as Digital Bazaar's `eddsa-rdfc-2022`) with Tessera's
 * canonicalisation, and the suite's own `canonize` (jsonld.js) for the documents it leaves: the same
 * proofs, made and checked through Digital Bazaar's `DataIntegrityProof` as before. A document holding
 * `__proto__` that would be left to jsonld.js is refused (UNSAFE_KEY) and never reaches it.
 */
export function withFastCanonize<Suite extends object>(suite: Suite): Suite {
  const own = (suite as { canonize?: Canonize }).canonize
  if (typeof own !== 'function') throw new TypeError('the cryptosuite has no canonize function')
  const canonize: Canonize = async (input, options) =>
    (await canonizeDocument(input, options)) ?? own(input, options)
  return { ...suite, canonize }
}
