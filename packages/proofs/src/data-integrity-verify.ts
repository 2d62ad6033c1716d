/// <reference path="./digitalbazaar.d.ts" />
/**
 * Embedded proofs: DataIntegrityProof with eddsa-rdfc-2022, and the deprecated eddsa-2022 and
 * Ed25519Signature2020 (accepted with a warning), checked with Digital Bazaar's libraries over the
 * bundled contexts. The key is resolved here and handed to them, so nothing is fetched behind our back.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import {
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  isJsonObject,
  isTesseraError,
  type JsonObject,
  MULTIKEY_CONTEXT,
} from '@tessera/schema'
import jsigs from 'jsonld-signatures'
// Node resolves #signature to node:crypto, every other runtime to WebCrypto (package.json "imports").
import { verifySignature } from '#signature'
import { refuseWhatJsonldMisreads, withFastCanonize } from './canonize.js'
import { createDocumentLoader } from './contexts.js'
import type { EmbeddedProofChecker, EmbeddedProofResult, ProofPurposeOptions } from './embedded-proofs.js'
import type { KeyLookup, VerificationRelationship } from './key-lookup.js'
import type { PublicJwk } from './keys.js'
import { failed, failedFrom, type Outcome, passed } from './outcome.js'

interface Suite {
  name: string
  deprecated: boolean
  /**
   * The suite, checking signatures with `jwk` (the key the proof names, resolved here). The deprecated
   * suites are imported with their first proof: eddsa-2022's cryptosuite alone took 121 ms to load here.
   */
  make: (jwk: PublicJwk) => object | Promise<object>
  /** The key type and context the suite expects its verification method in. */
  keyType: 'Multikey' | 'Ed25519VerificationKey2020'
}

/** Digital Bazaar's cryptosuite with Tessera's canonicalisation (the same canonical N-Quads, faster). */
const fastEddsaRdfc2022 = withFastCanonize(eddsaRdfc2022)

interface SignatureVerifier {
  algorithm: string
  id?: string
  verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>
}
type CreateVerifier = (options: { verificationMethod: { id?: string } }) => Promise<SignatureVerifier>

/**
 * The cryptosuite's signature check with the verifier's own key object for `jwk`, imported once per key
 * (`#signature`): Digital Bazaar's multikey verifier imports the public key again for every signature it
 * checks, which took longer than the check itself. Where the runtime cannot check Ed25519 itself (a
 * WebCrypto without it), the cryptosuite's own verifier answers, as before.
 */
function withKey(cryptosuite: object, jwk: PublicJwk): object {
  const own = (cryptosuite as { createVerifier: CreateVerifier }).createVerifier
  const createVerifier: CreateVerifier = async (options) => ({
    algorithm: 'Ed25519',
    id: options.verificationMethod.id,
    verify: async ({ data, signature }) => {
      try {
        return await verifySignature(jwk, 'Ed25519', data, signature)
      } catch {
        return (await own(options)).verify({ data, signature })
      }
    },
  })
  return { ...cryptosuite, createVerifier }
}

const SUITES: Record<string, Suite> = {
  'DataIntegrityProof/eddsa-rdfc-2022': {
    name: 'eddsa-rdfc-2022',
    deprecated: false,
    make: (jwk) => new DataIntegrityProof({ cryptosuite: withKey(fastEddsaRdfc2022, jwk) }),
    keyType: 'Multikey',
  },
  'DataIntegrityProof/eddsa-2022': {
    name: 'eddsa-2022',
    deprecated: true,
    make: async () => {
      const { cryptosuite } = await import('@digitalbazaar/eddsa-2022-cryptosuite')
      return new DataIntegrityProof({ cryptosuite, legacyContext: true })
    },
    keyType: 'Multikey',
  },
  Ed25519Signature2020: {
    name: 'Ed25519Signature2020',
    deprecated: true,
    make: async () => new (await import('@digitalbazaar/ed25519-signature-2020')).Ed25519Signature2020(),
    keyType: 'Ed25519VerificationKey2020',
  },
}

function suiteKey(proof: JsonObject): string {
  return proof.type === 'DataIntegrityProof'
    ? `DataIntegrityProof/${String(proof.cryptosuite)}`
    : String(proof.type)
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
    // The key is served under the URL the proof names (a bare did:key, say), as the suite looks it up.
    const outcome = await checkSignature(
      document,
      proof,
      suite,
      methodId,
      method.controller,
      { multikey: method.ed25519Multikey, jwk: method.jwk },
      purpose,
    )
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
  methodId: string,
  keyController: string,
  { multikey, jwk }: { multikey: string; jwk: PublicJwk },
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
      { suite: await suite.make(jwk), purpose: jsigsPurpose, documentLoader },
    )
    if (result.verified) return passed('the signature verifies')
    const error = result.results?.find((r) => !r.verified)?.error ?? result.error
    return proofError(error as (Error & { errors?: Error[] }) | undefined)
  } catch (error) {
    return proofError(error as Error)
  }
}
