/**
 * jsonld.js, for the documents Tessera's canonicaliser leaves to it (a context written into the document,
 * a JSON-LD feature credentials do not use, anything JSON-LD safe mode refuses): the canonical N-Quads
 * as Digital Bazaar's eddsa-rdfc-2022 cryptosuite computes them (jsonld.js's toRDF in safe mode, then
 * rdf-canonize). A module of its own, imported with the first such document: a process or a page whose
 * proofs the canonicaliser handles never loads jsonld.js (about 130 ms of a cold start in Node, where it
 * loads its network document loader at import, and 45 KiB min+gzip in a browser).
 */
import { isTesseraError, TesseraError } from '@tessera/schema'
import jsonld from 'jsonld'
import * as rdfCanonize from 'rdf-canonize'
import type { DocumentLoader } from './contexts.js'
import type { CanonizeErrorCode } from './errors.js'
import { createMessageDigest } from './message-digest.js'

/** The part of jsonld.js used here, with the options Digital Bazaar's cryptosuite passes. */
interface JsonldToRdf {
  toRDF(
    input: object,
    options: {
      base: null
      safe: true
      rdfDirection: 'i18n-datatype'
      produceGeneralizedRdf: false
      documentLoader: DocumentLoader
    },
  ): Promise<readonly object[]>
}

/**
 * The canonical N-Quads of `document`, by jsonld.js. What jsonld.js refuses is thrown as a TesseraError:
 * the loader's own error for a context that is not bundled (CONTEXT_NOT_BUNDLED), CONTEXT_ERROR for
 * anything JSON-LD safe mode refuses (an undefined term, a relative IRI, a blank node predicate, a
 * protected term redefined), with jsonld.js's event code in the message.
 */
export async function canonizeWithJsonld(document: object, documentLoader: DocumentLoader): Promise<string> {
  let dataset: readonly object[]
  try {
    dataset = await (jsonld as unknown as JsonldToRdf).toRDF(document, {
      base: null,
      safe: true,
      rdfDirection: 'i18n-datatype',
      produceGeneralizedRdf: false,
      documentLoader,
    })
  } catch (error) {
    throw refusal(error) ?? error
  }
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', createMessageDigest })
}

/** What jsonld.js says of a document it refuses: its event's code, and the cause it wraps. */
interface JsonldErrorDetails {
  code?: unknown
  event?: { code?: unknown }
  cause?: unknown
}

/** jsonld.js's refusal as a TesseraError, or undefined for an error of another kind. */
function refusal(error: unknown): TesseraError | undefined {
  if (!(error instanceof Error) || !error.name.startsWith('jsonld.')) return undefined
  const details: JsonldErrorDetails | undefined =
    'details' in error && typeof error.details === 'object' && error.details !== null
      ? (error.details as JsonldErrorDetails)
      : undefined
  if (isTesseraError(details?.cause)) return details.cause
  const reason = details?.event?.code ?? details?.code
  return new TesseraError<CanonizeErrorCode>(
    'CONTEXT_ERROR',
    `the document cannot be canonicalised in JSON-LD safe mode: ${error.message}${typeof reason === 'string' ? ` (${reason})` : ''}`,
    { cause: error },
  )
}
