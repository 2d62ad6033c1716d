/** The unsigned status list credential an issuer signs and publishes. */
import {
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  type DateInput,
  type JsonObject,
  STATUS_LIST_2021_CONTEXT,
  type StatusPurpose,
  toDateTime,
} from '@tessera/schema'
import type { Bitstring } from './bitstring.js'
import { encodeList, type StatusListType } from './codec.js'

export interface StatusListCredentialOptions {
  type: StatusListType
  /** Where the credential is published: its `id`, and what entries name as `statusListCredential`. */
  url: string
  /** The issuer's id: the same as the credentials' issuer, so that verifiers accept the list. */
  issuer: string
  purpose: StatusPurpose
  list: Bitstring
  /** Default: now. */
  validFrom?: DateInput
  /** Verifiers refuse an expired list: republish before this date. */
  validUntil?: DateInput
  /** Bitstring Status List only: how long verifiers may cache the list, in milliseconds. */
  ttl?: number
}

/**
 * A BitstringStatusListCredential (VCDM 2.0) or a StatusList2021Credential (VCDM 1.1, the model
 * StatusList2021 was written for), without proof.
 */
export function buildStatusListCredential(options: StatusListCredentialOptions): JsonObject {
  const validFrom = toDateTime(options.validFrom ?? new Date(), 'validFrom')
  const validUntil =
    options.validUntil === undefined ? undefined : toDateTime(options.validUntil, 'validUntil')
  const subject = {
    id: `${options.url}#list`,
    type: options.type,
    statusPurpose: options.purpose,
    encodedList: encodeList(options.list, options.type),
  }
  if (options.type === 'StatusList2021') {
    return {
      '@context': [CREDENTIALS_V1_CONTEXT, STATUS_LIST_2021_CONTEXT],
      id: options.url,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: options.issuer,
      issuanceDate: validFrom,
      ...(validUntil === undefined ? {} : { expirationDate: validUntil }),
      credentialSubject: subject,
    }
  }
  return {
    '@context': [CREDENTIALS_V2_CONTEXT],
    id: options.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer,
    validFrom,
    ...(validUntil === undefined ? {} : { validUntil }),
    credentialSubject: { ...subject, ...(options.ttl === undefined ? {} : { ttl: options.ttl }) },
  }
}
