/** Signing a credential and checking the result with @tessera/verifier before anyone sees it. */
import { type CredentialSigner, signJwt } from '@tessera/proofs'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import { type JsonObject, TesseraError, validityOf } from '@tessera/schema'
import type { CoreVerifier } from '@tessera/verifier'

export type ProofFormat = 'jwt' | 'data-integrity'

export type SignCheckedErrorCode = 'SIGNED_CREDENTIAL_REJECTED'

/** Signs `draft` in `format`; SIGNED_CREDENTIAL_REJECTED when the verifier does not accept the result. */
export async function signChecked(
  draft: JsonObject,
  format: ProofFormat,
  signer: CredentialSigner,
  verifier: CoreVerifier,
  /** The time the credential is checked at. */
  at: Date,
): Promise<JsonObject | string> {
  const signed = format === 'jwt' ? await signJwt(draft, signer) : await signDataIntegrity(draft, signer)
  // A credential for a term that has not begun yet (a renewal) is checked as of its start.
  const { from } = validityOf(draft)
  const now = from === undefined || from.getTime() < at.getTime() ? at : from
  const check = await verifier.verifyCredential(signed, { status: false, now })
  if (!check.verified) {
    const failure = check.checks.find((c) => !c.ok)
    throw new TesseraError<SignCheckedErrorCode>(
      'SIGNED_CREDENTIAL_REJECTED',
      `the signed credential does not verify (${failure?.id} ${failure?.code}: ${failure?.message})`,
    )
  }
  return signed
}
