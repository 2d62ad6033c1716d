/** A `CredentialSigner` (@tessera/proofs) over a key of the Tessera KMS. */
import type { CredentialSigner } from '@tessera/proofs'
import type { IKey } from '@veramo/core-types'
import { KEY_ALGORITHMS, type TesseraKeyType } from './key-objects.js'
import type { TesseraKeyManagementSystem } from './kms.js'

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
    signInBackground: (data) => kms.signBytes({ keyRef: key, algorithm: alg, data, inBackground: true }),
  }
}
