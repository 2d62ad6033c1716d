/**
 * A credential's short id, and so its page's address (`<site>/c/<short id>/`): 12 characters of base32
 * (60 bits) of a SHA-256 of the credential's signature. The signature is a keyed function of the whole
 * credential (its random `urn:uuid` id included) under the issuer's private key, so the id is
 *
 * - stable: the same signed credential always gives the same id, on every publish, on any machine, after a
 *   restore from backup: no table to keep, no second secret to back up;
 * - unguessable: without the credential (its signature), nobody can name its page; 2^60 ids leave
 *   enumerating the pages of an association hopeless;
 * - computable at issuance: the certificate's QR code, the email and LinkedIn's link are made from the
 *   signed credential before any page is published.
 *
 * The credential's own `id` stays its `urn:uuid`: a page is opt-in and may be taken down later, while a
 * signed id is forever, and naming the page inside the credential would publish that a page exists.
 */
import { createHash } from 'node:crypto'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { fail } from './errors.js'

/** Crockford's base32 alphabet in lower case: no i, l, o, u (nothing to misread when typed from paper). */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
export const SHORT_ID_LENGTH = 12
const DOMAIN = 'tessera/site/short-id/v1\n'
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)$/

/** A short id's form: 12 characters of the alphabet. */
export const SHORT_ID = /^[0-9a-hjkmnp-tv-z]{12}$/

/** The signature text of a signed credential: a compact JWS's third part, or its proofs' values. */
function signatureOf(signed: JsonObject | string): string {
  if (typeof signed === 'string') {
    const signature = COMPACT_JWS.exec(signed.trim())?.[1]
    if (signature === undefined) fail('CREDENTIAL_UNREADABLE', 'not a compact JWS')
    return signature
  }
  const proofs = (Array.isArray(signed.proof) ? signed.proof : [signed.proof]).filter(isJsonObject)
  const values = proofs
    .map((proof) => proof.proofValue ?? proof.jws)
    .filter((value): value is string => typeof value === 'string' && value !== '')
  if (values.length === 0)
    fail('CREDENTIAL_UNREADABLE', 'the credential has no proof value to name its page by')
  return values.join('\n')
}

/** The short id of a signed credential (VC-JWT, or JSON with an embedded proof). */
export function shortIdOf(signed: JsonObject | string): string {
  const digest = createHash('sha256').update(DOMAIN).update(signatureOf(signed)).digest()
  let bits = 0n
  for (const byte of digest.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte)
  let id = ''
  for (let i = 0; i < SHORT_ID_LENGTH; i++) id += ALPHABET[Number((bits >> BigInt(59 - i * 5)) & 31n)]
  return id
}
