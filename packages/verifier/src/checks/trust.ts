/** The `trust` check, when the caller requires a known issuer (`requireTrustedIssuer`). */
import { failed, type Outcome, passed } from '@tessera/proofs'
import type { IssuerTrust } from '../trust.js'

export function checkTrust(trust: IssuerTrust | undefined): Outcome {
  if (trust === undefined) return failed('ISSUER_NOT_TRUSTED', 'the credential names no issuer')
  return trust.known ? passed(trust.message) : failed(trust.code ?? 'ISSUER_NOT_TRUSTED', trust.message)
}
