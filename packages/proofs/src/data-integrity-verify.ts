/**
 * Embedded proofs: DataIntegrityProof with eddsa-rdfc-2022, checked by Tessera's own cryptosuite
 * (`eddsa-rdfc-2022.ts`: Tessera's canonicaliser, SHA-256, Ed25519 through `#signature`), and the
 * deprecated eddsa-2022 (the same cryptosuite under the Data Integrity v1 context) and
 * Ed25519Signature2020 (the same again, as jsonld-signatures' LinkedDataSignature computes it), both
 * accepted with a warning: no library of Digital Bazaar's is loaded. The key is resolved here and its
 * controller and purposes judged here, as jsonld-signatures' proof purposes do, so nothing is fetched
 * behind our back.
 */
import {
  DATA_INTEGRITY_V1_CONTEXT,
  DATA_INTEGRITY_V2_CONTEXT,
  ED25519_2020_CONTEXT,
  isJsonObject,
  type JsonObject,
} from '@tessera/schema'
import { refuseWhatJsonldMisreads } from './canonize.js'
import { systemNow } from './clock.js'
import { documentLoader } from './contexts.js'
import { contextAgrees, dataToSign, isProofDate, signatureOf } from './eddsa-rdfc-2022.js'
import type { EmbeddedProofChecker, EmbeddedProofResult, ProofPurposeOptions } from './embedded-proofs.js'
import type { KeyLookup, VerificationRelationship } from './key-lookup.js'
import type { PublicJwk } from './keys.js'
import { failed, failedFrom, type Outcome, passed } from './outcome.js'
import { verifySignature } from './signature.js'

interface Suite {
  name: string
  deprecated: boolean
  /** The key type and context the suite expects its verification method in. */
  keyType: 'Multikey' | 'Ed25519VerificationKey2020'
}

const SUITES: Record<string, Suite> = {
  'DataIntegrityProof/eddsa-rdfc-2022': { name: 'eddsa-rdfc-2022', deprecated: false, keyType: 'Multikey' },
  'DataIntegrityProof/eddsa-2022': { name: 'eddsa-2022', deprecated: true, keyType: 'Multikey' },
  Ed25519Signature2020: {
    name: 'Ed25519Signature2020',
    deprecated: true,
    keyType: 'Ed25519VerificationKey2020',
  },
}

function suiteKey(proof: JsonObject): string {
  return proof.type === 'DataIntegrityProof'
    ? `DataIntegrityProof/${String(proof.cryptosuite)}`
    : String(proof.type)
}

/**
 * JSON-LD canonicalisation costs far more than a document's size suggests: jsonld.js adds the values of
 * an array one by one against the ones before (quadratic), and every object is a blank node to label and
 * hash. A credential needs a few hundred values; a document past these bounds is refused before any of
 * that work (DOCUMENT_TOO_COMPLEX): an 890 KB credential with 100,000 tags took minutes to reject.
 */
export const DATA_INTEGRITY_LIMITS = Object.freeze({
  maxValues: 10_000,
  maxObjects: 1_000,
  maxArrayLength: 1_000,
})

/** Why a document is too costly to canonicalise, or undefined when it is within the limits. */
function tooComplex(document: JsonObject): string | undefined {
  let values = 0
  let objects = 0
  const pending: unknown[] = [document]
  while (pending.length > 0) {
    const value = pending.pop()
    if (++values > DATA_INTEGRITY_LIMITS.maxValues)
      return `it holds more than ${DATA_INTEGRITY_LIMITS.maxValues} values`
    if (Array.isArray(value)) {
      if (value.length > DATA_INTEGRITY_LIMITS.maxArrayLength)
        return `an array holds ${value.length} values, over ${DATA_INTEGRITY_LIMITS.maxArrayLength}`
      for (const item of value) pending.push(item)
    } else if (isJsonObject(value)) {
      if (++objects > DATA_INTEGRITY_LIMITS.maxObjects)
        return `it holds more than ${DATA_INTEGRITY_LIMITS.maxObjects} objects`
      for (const key of Object.keys(value)) {
        if (pending.length + values > DATA_INTEGRITY_LIMITS.maxValues)
          return `it holds more than ${DATA_INTEGRITY_LIMITS.maxValues} values`
        pending.push(value[key])
      }
    }
  }
  return undefined
}

/**
 * Verifies the embedded proofs of a document. Every proof of a supported suite must verify with a key
 * whose controller is `controller` (the issuer, or the holder of a presentation) and which that
 * controller lists for the purpose; proofs of other types are reported as warnings, and a document with
 * none of a supported suite fails with UNSUPPORTED_CRYPTOSUITE.
 */
export const verifyEmbeddedProofs: EmbeddedProofChecker = async (
  document: JsonObject,
  controller: string | undefined,
  resolver: KeyLookup,
  purpose: ProofPurposeOptions = { purpose: 'assertionMethod' },
): Promise<EmbeddedProofResult> => {
  const warnings: Outcome[] = []
  const proofs = (Array.isArray(document.proof) ? document.proof : [document.proof]).filter(isJsonObject)
  if (proofs.length === 0) {
    return {
      proof: failed('NO_PROOF', 'the credential carries no proof'),
      binding: failed('NO_PROOF', 'no proof, no key'),
      warnings,
    }
  }
  const supported = proofs.filter((p) => SUITES[suiteKey(p)] !== undefined)
  for (const p of proofs) {
    if (SUITES[suiteKey(p)] === undefined) {
      const what =
        p.type === 'DataIntegrityProof'
          ? `cryptosuite ${String(p.cryptosuite)}`
          : `proof type ${String(p.type)}`
      warnings.push(failed('UNSUPPORTED_PROOF_IGNORED', `${what} is not supported and was not checked`))
    }
  }
  if (supported.length === 0) {
    const message = `no proof of a supported suite (eddsa-rdfc-2022, eddsa-2022, Ed25519Signature2020): ${proofs
      .map((p) => (p.type === 'DataIntegrityProof' ? String(p.cryptosuite) : String(p.type)))
      .join(', ')}`
    return {
      proof: failed('UNSUPPORTED_CRYPTOSUITE', message),
      binding: failed('UNSUPPORTED_CRYPTOSUITE', message),
      warnings,
    }
  }
  const cost = tooComplex(document)
  if (cost !== undefined) {
    const message = `the document is too complex to canonicalise for its proof: ${cost}`
    return {
      proof: failed('DOCUMENT_TOO_COMPLEX', message),
      binding: failed('DOCUMENT_TOO_COMPLEX', message),
      warnings,
    }
  }
  let verificationMethod: string | undefined
  for (const proof of supported) {
    const suite = SUITES[suiteKey(proof)] as Suite
    if (suite.deprecated) {
      warnings.push(
        failed('DEPRECATED_PROOF_SUITE', `${suite.name} is deprecated: eddsa-rdfc-2022 replaces it`),
      )
      // these canonicalise with jsonld.js alone, which a __proto__ turns into writes onto Object.prototype
      try {
        refuseWhatJsonldMisreads(document)
      } catch (error) {
        const outcome = failedFrom(error, 'UNSAFE_KEY')
        return { proof: outcome, binding: outcome, warnings }
      }
    }
    if (proof.proofPurpose !== purpose.purpose) {
      const message = `the proof's purpose is ${String(proof.proofPurpose)}, not ${purpose.purpose}`
      return {
        proof: failed('PROOF_PURPOSE_MISMATCH', message),
        binding: failed('PROOF_PURPOSE_MISMATCH', message),
        warnings,
      }
    }
    const methodId = proof.verificationMethod
    if (typeof methodId !== 'string') {
      const message = 'the proof names no verificationMethod'
      return { proof: failed('KEY_NOT_FOUND', message), binding: failed('KEY_NOT_FOUND', message), warnings }
    }
    let resolved: Awaited<ReturnType<KeyLookup['method']>>
    try {
      resolved = await resolver.method(methodId)
    } catch (error) {
      const outcome = failedFrom(error, 'CANNOT_DEREFERENCE')
      return { proof: outcome, binding: outcome, warnings }
    }
    const { method, relationships } = resolved
    if (method.ed25519Multikey === undefined) {
      const message = `${suite.name} needs an Ed25519 key; ${method.id} is ${method.jwk.kty} ${method.jwk.crv ?? ''}`
      return {
        proof: failed('ALG_KEY_MISMATCH', message),
        binding: failed('ALG_KEY_MISMATCH', message),
        warnings,
      }
    }
    const outcome = await checkSignature(document, proof, suite, method.jwk, purpose)
    if (!outcome.ok)
      return {
        proof: outcome,
        binding: bindingOf(method.controller, controller, relationships, purpose),
        warnings,
      }
    const binding = bindingOf(method.controller, controller, relationships, purpose)
    if (!binding.ok) return { proof: outcome, binding, warnings }
    verificationMethod = method.id
  }
  return {
    proof: passed(
      `${supported.length === 1 ? 'the signature verifies' : `all ${supported.length} signatures verify`}`,
    ),
    binding: passed(`signed with ${verificationMethod}, a key of ${controller}`),
    warnings,
    ...(verificationMethod === undefined ? {} : { verificationMethod }),
  }
}

function bindingOf(
  keyController: string,
  expected: string | undefined,
  relationships: VerificationRelationship[],
  purpose: ProofPurposeOptions,
): Outcome {
  if (expected === undefined || keyController !== expected) {
    const [code, who] =
      purpose.purpose === 'authentication' ? ['KEY_NOT_HOLDERS', 'holder'] : ['KEY_NOT_ISSUERS', 'issuer']
    return failed(code, `the signing key belongs to ${keyController}, not to ${expected ?? `(no ${who} id)`}`)
  }
  if (!relationships.includes(purpose.purpose)) {
    return failed('KEY_NOT_AUTHORIZED', `${keyController} does not list the key for ${purpose.purpose}`)
  }
  return passed('bound')
}

async function checkSignature(
  document: JsonObject,
  proof: JsonObject,
  suite: Suite,
  jwk: PublicJwk,
  purpose: ProofPurposeOptions,
): Promise<Outcome> {
  if (suite.keyType === 'Ed25519VerificationKey2020') {
    // Ed25519Signature2020 matches a document that names its context (its suite's matchProof)
    const context = document['@context']
    if (
      context !== ED25519_2020_CONTEXT &&
      !(Array.isArray(context) && context.includes(ED25519_2020_CONTEXT))
    )
      return failed(
        'PROOF_INVALID',
        `an Ed25519Signature2020 proof needs ${ED25519_2020_CONTEXT} in the document's @context`,
      )
    return checkEddsaRdfc2022(document, proof, jwk, purpose, null)
  }
  // eddsa-2022: eddsa-rdfc-2022 under the Data Integrity v1 context (Digital Bazaar's `legacyContext`)
  const suiteContext = suite.deprecated ? DATA_INTEGRITY_V1_CONTEXT : DATA_INTEGRITY_V2_CONTEXT
  return checkEddsaRdfc2022(document, proof, jwk, purpose, suiteContext)
}

/**
 * An eddsa-rdfc-2022 proof, as Digital Bazaar's DataIntegrityProof and jsonld-signatures' purposes check
 * it (the purpose, the key's controller and its relationships are checked by the caller): a presentation's
 * challenge and domain, the proof's `@context` (the cryptosuite's rule), a base58btc signature of 64
 * bytes over the hashes of the canonical proof configuration and document, `created` and `expires` dates.
 */
async function checkEddsaRdfc2022(
  document: JsonObject,
  proof: JsonObject,
  jwk: PublicJwk,
  purpose: ProofPurposeOptions,
  suiteContext: string | null,
): Promise<Outcome> {
  if (purpose.purpose === 'authentication') {
    if (purpose.challenge !== undefined && proof.challenge !== purpose.challenge)
      return failed('CHALLENGE_MISMATCH', `the proof's challenge is not ${purpose.challenge}`)
    const domain = proof.domain
    if (
      purpose.domain !== undefined &&
      !(domain === purpose.domain || (Array.isArray(domain) && domain.includes(purpose.domain)))
    )
      return failed('DOMAIN_MISMATCH', `the proof is not for the domain ${purpose.domain}`)
  }
  if (!contextAgrees(document, proof))
    return failed('PROOF_INVALID', "the document's @context does not start with the proof's @context")
  const signature = signatureOf(proof)
  if (typeof signature === 'string') return failed('PROOF_INVALID', signature)
  let data: Uint8Array
  try {
    data = await dataToSign(document, proof, documentLoader, suiteContext, purpose.crypto)
  } catch (error) {
    return failedFrom(error, 'PROOF_INVALID')
  }
  let verified: boolean
  try {
    verified = await verifySignature(jwk, 'Ed25519', data, signature, purpose.crypto)
  } catch (error) {
    return failedFrom(error, 'PROOF_INVALID')
  }
  if (!verified)
    return failed(
      'PROOF_INVALID',
      'the signature does not match: the credential was changed or signed with another key',
    )
  for (const date of ['created', 'expires'] as const) {
    if (proof[date] !== undefined && !isProofDate(proof[date]))
      return failed('PROOF_INVALID', `the proof's ${date} (${String(proof[date])}) is not a date and time`)
  }
  // A proof says until when it may be relied on (VC Data Integrity 1.0, `expires`): past it, it proves nothing.
  // Digital Bazaar's DataIntegrityProof 2.x only checks that it is a date; Tessera refuses an expired proof.
  const expires = typeof proof.expires === 'string' ? Date.parse(proof.expires) : Number.NaN
  const now = purpose.now ?? systemNow()
  if (!Number.isNaN(expires) && expires < now.getTime())
    return failed('PROOF_EXPIRED', `the proof expired at ${String(proof.expires)}`)
  return passed('the signature verifies')
}
