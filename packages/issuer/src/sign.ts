/// <reference path="../../verifier/src/digitalbazaar.d.ts" />
/**
 * The two proofs OB 3.0 recognises: VC-JWT (the credential as payload, with its registered claims and
 * the key's id in the header) and Data Integrity eddsa-rdfc-2022 (Digital Bazaar's libraries over the
 * bundled contexts). Both sign through a `CredentialSigner`, whatever holds the key.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { issuerIdOf, type JsonObject, jwtClaimsOf, TesseraError } from '@tessera/schema'
import { withFastCanonize } from '@tessera/schema/canonize'
import { documentLoader } from '@tessera/schema/contexts'
import type { IKey } from '@veramo/core-types'
import { KEY_ALGORITHMS, type TesseraKeyManagementSystem, type TesseraKeyType } from './kms.js'

export type SignErrorCode = 'SIGNER_MISMATCH'

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
 * A VC-JWT as OB 3.0 and VC-JOSE describe it for VCDM 2.0: header `{ alg, kid, typ: "vc+jwt" }`, payload the
 * credential itself with `iss`, `jti`, `sub`, `nbf` and `exp` mapped from it.
 */
export async function signJwt(credential: JsonObject, signer: CredentialSigner): Promise<string> {
  checkIssuer(credential, signer)
  const payload = { ...credential, ...jwtClaimsOf(credential) }
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
  const suite = new DataIntegrityProof({
    cryptosuite,
    signer: {
      id: signer.verificationMethod,
      algorithm: 'Ed25519',
      sign: ({ data }: { data: Uint8Array }) => signer.sign(data),
    },
  })
  return (await vc.issue({ credential: structuredClone(credential), suite, documentLoader })) as JsonObject
}
