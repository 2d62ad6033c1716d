/// <reference path="../../verifier/src/digitalbazaar.d.ts" />
/**
 * The two proofs OB 3.0 recognises: VC-JWT (the credential as payload, with its registered claims and
 * the key's id in the header) and Data Integrity eddsa-rdfc-2022 (Digital Bazaar's libraries over the
 * bundled contexts). Both sign through a `CredentialSigner`, whatever holds the key.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { checkJsonValue, issuerIdOf, type JsonObject, jwtClaimsOf, TesseraError } from '@tessera/schema'
import { withFastCanonize } from '@tessera/schema/canonize'
import { documentLoader } from '@tessera/schema/contexts'
import type { IKey } from '@veramo/core-types'
import { KEY_ALGORITHMS, type TesseraKeyManagementSystem, type TesseraKeyType } from './kms.js'

export type SignErrorCode = 'SIGNER_MISMATCH' | 'CONTEXT_ERROR'

export interface CredentialSigner {
  /** The issuer's id: every credential signed must name it as its issuer. */
  issuer: string
  /** The verification method (DID URL) proofs name: `kid` in a JWT, `verificationMethod` in a Data Integrity proof. */
  verificationMethod: string
  alg: 'EdDSA' | 'ES256' | 'RS256'
  sign(data: Uint8Array): Promise<Uint8Array>
}

/** A signer over a key of the Tessera KMS. */
export function kmsSigner(
  kms: TesseraKeyManagementSystem,
  key: Pick<IKey, 'kid' | 'type'>,
  identity: { issuer: string; verificationMethod: string },
): CredentialSigner {
  const alg = KEY_ALGORITHMS[key.type as TesseraKeyType]?.[0] as CredentialSigner['alg'] | undefined
  if (alg === undefined) throw new TypeError(`no signing algorithm for ${key.type} keys`)
  return {
    ...identity,
    alg,
    sign: (data) => kms.signBytes({ keyRef: key, algorithm: alg, data }),
  }
}

function checkIssuer(credential: JsonObject, signer: CredentialSigner): void {
  if (issuerIdOf(credential) !== signer.issuer) {
    throw new TesseraError<SignErrorCode>(
      'SIGNER_MISMATCH',
      `the credential names ${String(issuerIdOf(credential))} as its issuer, the key is ${signer.issuer}'s`,
    )
  }
}

/**
 * Refuses, before anything is signed, what a conforming verifier would refuse of the signed credential
 * as its JSON parser reads it: an unsafe key (`__proto__`, `constructor`, `prototype`: UNSAFE_KEY),
 * nesting past 64 levels (JSON_TOO_DEEP), more than 100,000 values (JSON_TOO_MANY_VALUES), a value JSON
 * cannot carry (MALFORMED_JSON), with the parser's codes (`parseJson`). Data Integrity adds what JSON-LD
 * safe mode refuses (`canonicalisationRefusal`) and, from the canonicaliser, a `__proto__` IRI that
 * jsonld.js would write onto Object.prototype (UNSAFE_KEY).
 */
function checkSignable(document: JsonObject): void {
  checkJsonValue(document)
}

/**
 * A VC-JWT as OB 3.0 and VC-JOSE describe it for VCDM 2.0: header `{ alg, kid, typ: "vc+jwt" }`, payload the
 * credential itself with `iss`, `jti`, `sub`, `nbf` and `exp` mapped from it.
 */
export async function signJwt(credential: JsonObject, signer: CredentialSigner): Promise<string> {
  checkIssuer(credential, signer)
  const payload = { ...credential, ...jwtClaimsOf(credential) }
  checkSignable(payload)
  // Buffer's base64url (native) rather than a JavaScript encoder: the issuer runs on Node
  const header = Buffer.from(
    JSON.stringify({ alg: signer.alg, kid: signer.verificationMethod, typ: 'vc+jwt' }),
  ).toString('base64url')
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  const signature = await signer.sign(Buffer.from(`${header}.${body}`))
  return `${header}.${body}.${Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64url')}`
}

/** Digital Bazaar's eddsa-rdfc-2022 cryptosuite with Tessera's canonicalisation (same output). */
const cryptosuite = withFastCanonize(eddsaRdfc2022)

/** An embedded DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite (Ed25519 keys only). */
export async function signDataIntegrity(
  credential: JsonObject,
  signer: CredentialSigner,
): Promise<JsonObject> {
  checkIssuer(credential, signer)
  if (signer.alg !== 'EdDSA') {
    throw new TesseraError<SignErrorCode>(
      'SIGNER_MISMATCH',
      `eddsa-rdfc-2022 signs with Ed25519 keys, not ${signer.alg}`,
    )
  }
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

/**
 * jsonld.js's refusal to canonicalise, as the verifier reports it for a signed credential: the loader's
 * own error for a context that is not bundled (CONTEXT_NOT_BUNDLED), CONTEXT_ERROR for anything JSON-LD
 * safe mode refuses (an undefined term, a relative IRI, a blank node predicate, a protected term
 * redefined), with jsonld.js's event code in the message. Undefined for an error of another kind.
 */
function canonicalisationRefusal(error: unknown): TesseraError | undefined {
  if (!(error instanceof Error) || !error.name.startsWith('jsonld.')) return undefined
  const details = (error as { details?: { code?: unknown; event?: { code?: unknown }; cause?: unknown } })
    .details
  if (details?.cause instanceof TesseraError) return details.cause
  const reason = details?.event?.code ?? details?.code
  return new TesseraError<SignErrorCode>(
    'CONTEXT_ERROR',
    `the credential cannot be canonicalised in JSON-LD safe mode, so no verifier would accept its proof: ${error.message}${typeof reason === 'string' ? ` (${reason})` : ''}`,
    { cause: error },
  )
}
