/**
 * Signing a credential the issuer has validated, and checking the result with @tessera/verifier before
 * anyone sees it: its proof, the key's binding to the issuer, the JWT's claims and its dates. The schema was
 * checked once, before anything was recorded or signed, and is not checked again here.
 */
import { type CredentialSigner, signJwt, signJwtParts } from '@tessera/proofs'
import { type JsonObject, TesseraError, validityOf } from '@tessera/schema'
import type { CoreVerifier, VerificationResult, VerifyOptions } from '@tessera/verifier'
import type { SelfCheckErrorCode } from './errors.js'

export type ProofFormat = 'jwt' | 'data-integrity'

/** Data Integrity signing, loaded with the first such proof: an issuer of VC-JWTs never loads JSON-LD. */
let dataIntegrity: Promise<typeof import('@tessera/proofs/sign-data-integrity')> | undefined

/**
 * Signs `credential` in `format`: a compact VC-JWT, or the credential with its Data Integrity proof
 * (`created` at `now`, the issuer's clock).
 */
export async function sign(
  credential: JsonObject,
  format: ProofFormat,
  signer: CredentialSigner,
  now: Date,
): Promise<JsonObject | string> {
  if (format === 'jwt') return signJwt(credential, signer)
  dataIntegrity ??= import('@tessera/proofs/sign-data-integrity')
  return (await dataIntegrity).signDataIntegrity(credential, signer, { now })
}

/**
 * Signs `draft` (validated by the caller) in `format`; SIGNED_CREDENTIAL_REJECTED when the verifier does
 * not accept the result.
 */
export async function signChecked(
  draft: JsonObject,
  format: ProofFormat,
  signer: CredentialSigner,
  verifier: CoreVerifier,
  /** The time the credential is checked at. */
  at: Date,
): Promise<JsonObject | string> {
  // A credential for a term that has not begun yet (a renewal) is checked as of its start.
  const { from } = validityOf(draft)
  const now = from === undefined || from.getTime() < at.getTime() ? at : from
  // its own signature and claims: the credentials a milestone's evidence names are not fetched while issuing
  const options: VerifyOptions = { status: false, skip: ['schema'], evidence: 'ignore', now }
  let signed: JsonObject | string
  let check: VerificationResult
  if (format === 'jwt') {
    // The signature is checked over the very bytes just signed, the claims on the payload they were made
    // of: the token is not decoded again.
    const jwt = await signJwtParts(draft, signer)
    signed = jwt.compact
    check = await verifier.verifySignedJwt(jwt, options)
  } else {
    signed = await sign(draft, format, signer, at)
    check = await verifier.verifyCredential(signed, options)
  }
  if (!check.verified) {
    const failure = check.checks.find((c) => !c.ok)
    throw new TesseraError<SelfCheckErrorCode>(
      'SIGNED_CREDENTIAL_REJECTED',
      `the signed credential does not verify (${failure?.id} ${failure?.code}: ${failure?.message})`,
    )
  }
  return signed
}
