/**
 * What a certificate prints of a credential, read through @tessera/schema's reader: any OB 3.0 (or VCDM
 * 1.1) credential, as JSON or as a VC-JWT, from any issuer. The recipient's name comes from the
 * credential when it states one (an IdentityObject of type `name`, in clear), else from the caller.
 */
import { type JsonObject, parseCredential, readCredential, recipientNameOf } from '@tessera/schema'
import { fail } from './errors.js'

export interface CertificateInfo {
  achievement: string
  /** The achievement's description, if it has one. */
  description?: string
  issuer: string
  issued: string
  expires?: string
  credentialId: string
  /** The recipient's name as the credential states it (signed), if it does. */
  recipientName?: string
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

/** The credential's JSON, from JSON text, a compact VC-JWT (its payload, or its `vc` claim) or an object. */
export function credentialJson(input: string | Uint8Array | JsonObject): JsonObject {
  if (typeof input === 'string' || input instanceof Uint8Array) return parseCredential(input).credential
  return input
}

/** What the certificate prints, read from the credential; NOT_A_CREDENTIAL when something it needs is missing. */
export function certificateInfo(credential: JsonObject): CertificateInfo {
  const { achievement, issuer, issuerId, validity } = readCredential(credential)
  const name = text(achievement?.name) ?? text(credential.name)
  const issuerName = text(issuer?.name) ?? text(issuerId)
  const issued = text(validity.validFrom)
  const credentialId = text(credential.id)
  const missing = Object.entries({
    id: credentialId,
    issuer: issuerName,
    'validFrom (or issuanceDate)': issued,
    'achievement name': name,
  }).flatMap(([field, value]) => (value === undefined ? [field] : []))
  if (name === undefined || issuerName === undefined || issued === undefined || credentialId === undefined)
    fail('NOT_A_CREDENTIAL', `a certificate needs the credential's ${missing.join(', ')}`)
  const expires = text(validity.validUntil)
  const description = text(achievement?.description)
  const recipientName = text(recipientNameOf(credential))
  return {
    achievement: name,
    issuer: issuerName,
    issued,
    credentialId,
    ...(expires === undefined ? {} : { expires }),
    ...(description === undefined ? {} : { description }),
    ...(recipientName === undefined ? {} : { recipientName }),
  }
}
