/**
 * Signed material the hostile cases start from: issuers made fresh for each run (did:key for Data
 * Integrity, did:jwk for JWTs), credentials, and status lists built by @tessera/status and signed by
 * their issuer. Each is made once, on first use, outside the per-case guard.
 */
import { gzipSync } from 'node:zlib'
import type { JsonObject } from '@tessera/schema'
import { Bitstring, buildStatusListCredential, encodeList, type StatusListType } from '@tessera/status'
import {
  badge,
  type DidKeyIssuer,
  didJwkIssuer,
  didKeyIssuer,
  type JwtIssuer,
  jwtPayload,
} from '@tessera/testkit/signing'

export type { DidKeyIssuer, JwtIssuer }
export { badge, jwtPayload }

/** The time every case judges at. */
export const NOW = new Date('2026-06-01T00:00:00Z')
export const LIST_URL = 'https://guild.example/status/1'

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => {
    made ??= make()
    return made
  }
}

export const diIssuer = once(() => didKeyIssuer())
export const strangerDiIssuer = once(() => didKeyIssuer())
export const edIssuer = once(() => didJwkIssuer('EdDSA'))
export const rsIssuer = once(() => didJwkIssuer('RS256'))
export const strangerEdIssuer = once(() => didJwkIssuer('EdDSA'))

/** A badge signed with eddsa-rdfc-2022 by the did:key issuer. */
export const signedBadge = once(async () => {
  const issuer = await diIssuer()
  return issuer.sign(badge(issuer.did))
})

/** A VC-JWT (EdDSA, payload form) of the did:jwk issuer, and the credential it carries. */
export const signedJwt = once(async () => {
  const issuer = await edIssuer()
  const credential = badge(issuer.did, { validUntil: '2027-01-01T00:00:00Z' })
  return { credential, token: await issuer.signCredential(credential) }
})

/** The Bitstring status entry of `index` on the list at `url`. */
export function statusEntry(index: unknown, url = LIST_URL, extra: JsonObject = {}): JsonObject {
  return {
    id: `${url}#${encodeURIComponent(JSON.stringify(index))}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: index,
    statusListCredential: url,
    ...extra,
  }
}

export interface ListOptions {
  /** Signs the list: a Data Integrity issuer (the default, the did:key one) or a JWT issuer. */
  signer?: DidKeyIssuer | JwtIssuer
  /** The list's `issuer`; default the signer's DID. */
  issuer?: string
  type?: StatusListType
  /** Replaces the encodedList the list holds. */
  encodedList?: string
  validFrom?: string
  validUntil?: string
  revoked?: number[]
  purpose?: 'revocation' | 'suspension'
}

/** A status list credential built by @tessera/status and signed (eddsa-rdfc-2022, or a VC-JWT). */
export async function signedList(options: ListOptions = {}): Promise<JsonObject | string> {
  const signer = options.signer ?? (await diIssuer())
  const type = options.type ?? 'BitstringStatusList'
  const list = new Bitstring({ length: 131_072 })
  for (const index of options.revoked ?? []) list.set(index, 1)
  const credential = buildStatusListCredential({
    type,
    url: LIST_URL,
    issuer: options.issuer ?? signer.did,
    purpose: options.purpose ?? 'revocation',
    list,
    validFrom: options.validFrom ?? '2026-01-01T00:00:00Z',
    ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }),
  })
  if (options.encodedList !== undefined) {
    ;(credential.credentialSubject as JsonObject).encodedList = options.encodedList
  }
  return 'signCredential' in signer ? signer.signCredential(credential) : signer.sign(credential)
}

/** The encodedList of `bytes` of list data, GZIP'd as is (any size: bombs and short lists). */
export function encodedBytes(bytes: Uint8Array, type: StatusListType = 'BitstringStatusList'): string {
  const encoded = gzipSync(bytes).toString('base64url')
  return type === 'BitstringStatusList' ? `u${encoded}` : encoded
}

export { encodeList }
