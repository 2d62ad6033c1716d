/**
 * The eddsa-rdfc-2022 cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0), Tessera's own: the data a
 * proof signs (the SHA-256 of the canonical proof configuration, then of the canonical document), and
 * the proof value (a base58btc multibase Ed25519 signature of 64 bytes). Canonicalised by Tessera's
 * canonicaliser (`canonize.ts`), and by jsonld.js only for what it leaves (`canonize-jsonld.ts`, imported
 * then): the same bytes Digital Bazaar's `DataIntegrityProof` with its eddsa-rdfc-2022 cryptosuite signs,
 * without loading jsonld.js, jsonld-signatures or @digitalbazaar/data-integrity for a credential. The
 * deprecated eddsa-2022 is the same computation with the Data Integrity v1 context (`suiteContext`), as
 * Digital Bazaar's DataIntegrityProof with `legacyContext` makes it; Ed25519Signature2020 the same again
 * with no context added to the proof configuration (`suiteContext` null), as jsonld-signatures makes it.
 */
import { base58 } from '@scure/base'
import { CREDENTIALS_V2_CONTEXT, DATA_INTEGRITY_V2_CONTEXT, type JsonObject } from '@tessera/schema'
// Node resolves #utf8 to Buffer's native encoder, every other runtime to utf8.ts (package.json "imports").
import { utf8Encode } from '#utf8'
import { canonizeDocument } from './canonize.js'
import type { DocumentLoader } from './contexts.js'
import type { CryptoProvider } from './crypto-provider.js'
import { defaultCrypto } from './signature.js'

export const EDDSA_RDFC_2022 = 'eddsa-rdfc-2022'

/** The canonical N-Quads of `document`: Tessera's canonicaliser, else jsonld.js (loaded with the first such document). */
async function canonize(document: JsonObject, documentLoader: DocumentLoader): Promise<string> {
  const nquads = await canonizeDocument(document, { documentLoader })
  if (nquads !== undefined) return nquads
  const { canonizeWithJsonld } = await import('./canonize-jsonld.js')
  return canonizeWithJsonld(document, documentLoader)
}

/**
 * The proof configuration as the cryptosuite canonicalises it: the proof without its value, under the
 * document's `@context` (the proof's own, when it has one, as Digital Bazaar's suite lets it), with the
 * Data Integrity context added when neither it nor the VC 2.0 context is there.
 */
export function proofConfiguration(
  document: JsonObject,
  proof: JsonObject,
  suiteContext: string | null = DATA_INTEGRITY_V2_CONTEXT,
): JsonObject {
  const options: JsonObject = { '@context': document['@context'], ...proof }
  delete options.proofValue
  // Ed25519Signature2020 (jsonld-signatures' LinkedDataSignature): no context added, older value names dropped
  if (suiteContext === null) {
    delete options.jws
    delete options.signatureValue
    return options
  }
  const context = options['@context']
  const has = (url: string) => context === url || (Array.isArray(context) && context.includes(url))
  if (!has(suiteContext) && !has(CREDENTIALS_V2_CONTEXT)) {
    options['@context'] = Array.isArray(context)
      ? [...context, suiteContext]
      : context === undefined
        ? [suiteContext]
        : [context, suiteContext]
  }
  return options
}

/**
 * The hashes of canonical proof configurations, by their JSON, for each document loader: a batch's
 * proofs differ in `created` alone (to the second), so signing a credential and checking it, and the
 * next rows signed in the same second, canonicalise one configuration once. Bounded: at most
 * PROOF_HASHES configurations of at most PROOF_HASH_KEY characters each are kept (the map starts again
 * when full); a larger one is canonicalised every time. The document itself is canonicalised every time.
 */
const proofHashes = new WeakMap<DocumentLoader, Map<string, Uint8Array>>()
const PROOF_HASHES = 64
const PROOF_HASH_KEY = 4096

async function proofConfigurationHash(
  configuration: JsonObject,
  documentLoader: DocumentLoader,
  sha256Text: (text: string) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const key = JSON.stringify(configuration)
  if (key.length > PROOF_HASH_KEY) return sha256Text(await canonize(configuration, documentLoader))
  let hashes = proofHashes.get(documentLoader)
  if (hashes === undefined) {
    hashes = new Map()
    proofHashes.set(documentLoader, hashes)
  }
  const known = hashes.get(key)
  if (known !== undefined) return known
  const hash = await sha256Text(await canonize(configuration, documentLoader))
  if (hashes.size >= PROOF_HASHES) hashes.clear()
  hashes.set(key, hash)
  return hash
}

/**
 * The bytes an eddsa-rdfc-2022 proof signs: SHA-256 of the canonical proof configuration, then SHA-256
 * of the canonical document (without its `proof`), 64 bytes in all.
 */
export async function dataToSign(
  document: JsonObject,
  proof: JsonObject,
  documentLoader: DocumentLoader,
  suiteContext: string | null = DATA_INTEGRITY_V2_CONTEXT,
  provider: CryptoProvider = defaultCrypto,
): Promise<Uint8Array> {
  const { proof: _, ...unsecured } = document
  const sha256Text = (text: string) => provider.sha256(utf8Encode(text))
  const [proofHash, documentHash] = await Promise.all([
    proofConfigurationHash(proofConfiguration(document, proof, suiteContext), documentLoader, sha256Text),
    canonize(unsecured, documentLoader).then(sha256Text),
  ])
  const data = new Uint8Array(64)
  data.set(proofHash, 0)
  data.set(documentHash, 32)
  return data
}

/** The Ed25519 signature a proof value holds, or why it holds none (a multibase other than base58btc, another length). */
export function signatureOf(proof: JsonObject): Uint8Array | string {
  const value = proof.proofValue
  if (typeof value !== 'string' || value.length === 0) return 'the proof has no proofValue'
  if (!value.startsWith('z')) return 'the proofValue is not base58btc multibase (z...)'
  let bytes: Uint8Array
  try {
    bytes = base58.decode(value.slice(1))
  } catch {
    return 'the proofValue is not valid base58btc'
  }
  return bytes.length === 64
    ? bytes
    : `the proofValue holds ${bytes.length} bytes, not an Ed25519 signature's 64`
}

/** A proof value for `signature`: base58btc multibase. */
export const proofValueOf = (signature: Uint8Array): string => `z${base58.encode(signature)}`

/**
 * An XML Schema dateTime somewhere in the text, as @digitalbazaar/data-integrity 2.x tests `created` and
 * `expires` (its `isW3cDate`, unanchored, the time zone optional): the same proofs pass and fail here.
 */
const XML_DATE_TIME =
  /-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](.[0-9]+)?|(24:00:00(.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?/

/** Whether a proof's `created` or `expires` is a date and time, as Digital Bazaar's suite reads it. */
export const isProofDate = (value: unknown): boolean => typeof value === 'string' && XML_DATE_TIME.test(value)

/**
 * The cryptosuite's rules for a proof's own `@context` (Data Integrity EdDSA Cryptosuites v1.0, Verify
 * Proof): the document's `@context` must start with every entry of it, in order.
 */
export function contextAgrees(document: JsonObject, proof: JsonObject): boolean {
  if (proof['@context'] === undefined) return true
  const list = (value: unknown) => (Array.isArray(value) ? value : [value])
  const documentContext = list(document['@context'])
  return list(proof['@context']).every(
    (entry, i) => JSON.stringify(entry) === JSON.stringify(documentContext[i]),
  )
}
