/// <reference path="./digitalbazaar.d.ts" />
/**
 * The deprecated Ed25519Signature2020 suite, checked with Digital Bazaar's jsonld-signatures and suite over
 * the bundled contexts. A module of its own, imported with the first such proof: eddsa-rdfc-2022 and
 * eddsa-2022 are Tessera's own (`eddsa-rdfc-2022.ts`), so a process or a page that checks only those
 * never loads these libraries (nor jsonld.js, which they canonicalise with).
 */
import {
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  isTesseraError,
  type JsonObject,
  MULTIKEY_CONTEXT,
} from '@tessera/schema'
import jsigs from 'jsonld-signatures'
import { createDocumentLoader } from './contexts.js'
import type { ProofPurposeOptions } from './embedded-proofs.js'
import type { PublicJwk } from './keys.js'
import { failed, failedFrom, type Outcome, passed } from './outcome.js'

/** A deprecated suite: its name, and the key type and context it expects its verification method in. */
export interface LegacySuite {
  name: string
  keyType: 'Multikey' | 'Ed25519VerificationKey2020'
}

/** The suite object jsonld-signatures checks a proof with. */
async function suiteObject(): Promise<object> {
  return new (await import('@digitalbazaar/ed25519-signature-2020')).Ed25519Signature2020()
}

/** The error jsonld-signatures reports, down to the first cause that carries a code of ours. */
function proofError(error: (Error & { errors?: Error[] }) | undefined): Outcome {
  const all = [error, ...(error?.errors ?? [])].filter((e): e is Error => e !== undefined)
  for (const e of all) {
    // a refusal of Tessera's canonicaliser (a __proto__ jsonld.js would misread: UNSAFE_KEY)
    if (isTesseraError(e)) return failedFrom(e, '')
    const cause = (e as { cause?: unknown }).cause ?? (e as { details?: { cause?: unknown } }).details?.cause
    if (cause !== undefined) {
      const inner = failedFrom(cause, '')
      if (inner.code !== '') return inner
    }
  }
  const message = all.map((e) => e.message).join('; ') || 'the signature does not verify'
  if (/Safe mode validation error/i.test(message)) {
    return failed(
      'CONTEXT_ERROR',
      'the credential uses terms its @context does not define, so it cannot be canonicalised',
    )
  }
  if (/redefine a protected term|Invalid JSON-LD|not bundled|never fetched/i.test(message)) {
    return failed('CONTEXT_ERROR', message)
  }
  return failed(
    'PROOF_INVALID',
    `the signature does not match: the credential was changed or signed with another key (${message})`,
  )
}

export async function checkSignature(
  document: JsonObject,
  proof: JsonObject,
  suite: LegacySuite,
  methodId: string,
  keyController: string,
  { multikey }: { multikey: string; jwk: PublicJwk },
  purpose: ProofPurposeOptions,
): Promise<Outcome> {
  // The key as the suite reads it, and a controller document that lists it for every purpose: the
  // purposes were checked above, against the real document.
  const key =
    suite.keyType === 'Multikey'
      ? {
          '@context': MULTIKEY_CONTEXT,
          id: methodId,
          type: 'Multikey',
          controller: keyController,
          publicKeyMultibase: multikey,
        }
      : {
          '@context': ED25519_2020_CONTEXT,
          id: methodId,
          type: 'Ed25519VerificationKey2020',
          controller: keyController,
          publicKeyMultibase: multikey,
        }
  const controllerDocument = {
    '@context': [DID_V1_CONTEXT, suite.keyType === 'Multikey' ? MULTIKEY_CONTEXT : ED25519_2020_CONTEXT],
    id: keyController,
    verificationMethod: [key],
    assertionMethod: [methodId],
    authentication: [methodId],
  }
  // A bare did:key names its key and its controller with one URL: one document plays both parts.
  const documentLoader = createDocumentLoader(
    methodId === keyController
      ? new Map<string, object>([
          [methodId, { ...controllerDocument, ...key, '@context': controllerDocument['@context'] }],
        ])
      : new Map<string, object>([
          [methodId, key],
          [keyController, controllerDocument],
        ]),
  )
  const jsigsPurpose =
    purpose.purpose === 'assertionMethod'
      ? new jsigs.purposes.AssertionProofPurpose()
      : new jsigs.purposes.AuthenticationProofPurpose({
          ...(purpose.challenge === undefined ? {} : { challenge: purpose.challenge }),
          ...(purpose.domain === undefined ? {} : { domain: purpose.domain }),
        })
  try {
    const result = await jsigs.verify(
      { ...document, proof: [proof] },
      { suite: await suiteObject(), purpose: jsigsPurpose, documentLoader },
    )
    if (result.verified) return passed('the signature verifies')
    const error = result.results?.find((r) => !r.verified)?.error ?? result.error
    return proofError(error as (Error & { errors?: Error[] }) | undefined)
  } catch (error) {
    return proofError(error as Error)
  }
}
