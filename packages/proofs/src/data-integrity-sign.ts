/**
 * @tessera/proofs/sign-data-integrity: Data Integrity signing, an embedded DataIntegrityProof with the
 * eddsa-rdfc-2022 cryptosuite, made by Tessera's own cryptosuite (`eddsa-rdfc-2022.ts`) as Digital
 * Bazaar's `vc.issue` with its DataIntegrityProof makes it: the same proof, which @digitalbazaar/vc
 * verifies (an interop test holds this), without loading it, jsonld-signatures or (for the credentials
 * Tessera's canonicaliser handles) jsonld.js.
 */
import {
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  cloneJson,
  DATA_INTEGRITY_V2_CONTEXT,
  type JsonObject,
} from '@tessera/schema'
import { systemNow } from './clock.js'
import { documentLoader } from './contexts.js'
import { dataToSign, EDDSA_RDFC_2022, proofValueOf } from './eddsa-rdfc-2022.js'
import { fail } from './errors.js'
import { type CredentialSigner, checkIssuer, checkSignable } from './signer.js'

export interface SignDataIntegrityOptions {
  /** When the proof is made (its `created`, to the second). Default: the system clock. */
  now?: Date
}

/** A date as Digital Bazaar writes `created`: ISO 8601 to the second, in UTC. */
const w3cDate = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`

/**
 * An embedded DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite (Ed25519 keys only), purpose
 * assertionMethod. A VCDM 1.1 credential gets the Data Integrity context added to its `@context` (and an
 * `issuanceDate` of `now` if it has none), as @digitalbazaar/vc does; a proof it already has is kept
 * beside the new one. A credential JSON-LD safe mode refuses is CONTEXT_ERROR (or the context loader's
 * CONTEXT_NOT_BUNDLED): no verifier would accept its proof.
 */
export async function signDataIntegrity(
  credential: JsonObject,
  signer: CredentialSigner,
  options: SignDataIntegrityOptions = {},
): Promise<JsonObject> {
  checkIssuer(credential, signer)
  if (signer.alg !== 'EdDSA')
    fail('SIGNER_MISMATCH', `eddsa-rdfc-2022 signs with Ed25519 keys, not ${signer.alg}`)
  checkSignable(credential)
  const now = options.now ?? systemNow()
  const document = cloneJson(credential)
  const context = document['@context']
  const contexts = Array.isArray(context) ? context : [context]
  if (contexts[0] === CREDENTIALS_V1_CONTEXT && document.issuanceDate === undefined)
    document.issuanceDate = w3cDate(now)
  if (!contexts.includes(DATA_INTEGRITY_V2_CONTEXT) && !contexts.includes(CREDENTIALS_V2_CONTEXT))
    document['@context'] = [...(context === undefined ? [] : contexts), DATA_INTEGRITY_V2_CONTEXT]
  const proof: JsonObject = {
    type: 'DataIntegrityProof',
    created: w3cDate(now),
    verificationMethod: signer.verificationMethod,
    cryptosuite: EDDSA_RDFC_2022,
    proofPurpose: 'assertionMethod',
  }
  const { proof: existing, ...unsecured } = document
  proof.proofValue = proofValueOf(await signer.sign(await dataToSign(unsecured, proof, documentLoader)))
  return {
    ...unsecured,
    proof: existing === undefined ? proof : [...(Array.isArray(existing) ? existing : [existing]), proof],
  }
}
