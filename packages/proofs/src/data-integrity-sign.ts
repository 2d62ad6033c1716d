/// <reference path="./digitalbazaar.d.ts" />
/**
 * @tessera/proofs/sign-data-integrity: Data Integrity signing, an embedded DataIntegrityProof with the
 * eddsa-rdfc-2022 cryptosuite (Digital Bazaar's libraries over the bundled contexts, with Tessera's
 * canonicalisation). An entry of its own, apart from the checks: only an issuer loads @digitalbazaar/vc.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { isTesseraError, type JsonObject, TesseraError } from '@tessera/schema'
import { withFastCanonize } from './canonize.js'
import { documentLoader } from './contexts.js'
import { fail, type SignErrorCode } from './errors.js'
import { type CredentialSigner, checkIssuer, checkSignable } from './signer.js'

/** Digital Bazaar's eddsa-rdfc-2022 cryptosuite with Tessera's canonicalisation (same output). */
const cryptosuite = withFastCanonize(eddsaRdfc2022)

/** An embedded DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite (Ed25519 keys only). */
export async function signDataIntegrity(
  credential: JsonObject,
  signer: CredentialSigner,
): Promise<JsonObject> {
  checkIssuer(credential, signer)
  if (signer.alg !== 'EdDSA')
    fail('SIGNER_MISMATCH', `eddsa-rdfc-2022 signs with Ed25519 keys, not ${signer.alg}`)
  checkSignable(credential)
  const suite = new DataIntegrityProof({
    cryptosuite,
    signer: {
      id: signer.verificationMethod,
      algorithm: 'Ed25519',
      sign: ({ data }: { data: Uint8Array }) => signer.sign(data),
    },
  })
  try {
    return (await vc.issue({ credential: structuredClone(credential), suite, documentLoader })) as JsonObject
  } catch (error) {
    throw canonicalisationRefusal(error) ?? error
  }
}

/** What jsonld.js says of a document it refuses: its event's code, and the cause it wraps. */
interface JsonldErrorDetails {
  code?: unknown
  event?: { code?: unknown }
  cause?: unknown
}

/**
 * jsonld.js's refusal to canonicalise, as the verifier reports it for a signed credential: the loader's
 * own error for a context that is not bundled (CONTEXT_NOT_BUNDLED), CONTEXT_ERROR for anything JSON-LD
 * safe mode refuses (an undefined term, a relative IRI, a blank node predicate, a protected term
 * redefined), with jsonld.js's event code in the message. Undefined for an error of another kind.
 */
function canonicalisationRefusal(error: unknown): TesseraError | undefined {
  if (!(error instanceof Error) || !error.name.startsWith('jsonld.')) return undefined
  const details: JsonldErrorDetails | undefined =
    'details' in error && typeof error.details === 'object' && error.details !== null
      ? (error.details as JsonldErrorDetails)
      : undefined
  if (isTesseraError(details?.cause)) return details.cause
  const reason = details?.event?.code ?? details?.code
  return new TesseraError<SignErrorCode>(
    'CONTEXT_ERROR',
    `the credential cannot be canonicalised in JSON-LD safe mode, so no verifier would accept its proof: ${error.message}${typeof reason === 'string' ? ` (${reason})` : ''}`,
    { cause: error },
  )
}
