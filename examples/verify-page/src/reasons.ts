/**
 * The verifier's checks in plain language: each check id gets a name, and each outcome (its stable
 * code when it failed) a sentence a badge holder or an employer understands. The verifier's own
 * message is kept beside it, for those who want the detail.
 */
import { type JsonObject, validityOf } from '@tessera/schema'
import type { Check, CheckId, CredentialFormat } from '@tessera/verifier'

export interface Described {
  /** What the check is about, such as "Signature". */
  label: string
  /** One sentence: why it passed or failed. */
  reason: string
}

const LABELS: Record<CheckId, string> = {
  parse: 'File',
  context: 'Format',
  type: 'Kind of credential',
  schema: 'Contents',
  proof: 'Signature',
  issuer: 'Issuer',
  trust: 'Known issuer',
  validity: 'Dates',
  status: 'Revocation',
  endorsements: 'Endorsements',
  recipient: 'Recipient',
  holder: 'Holder',
  challenge: 'Challenge',
  credentials: 'Credentials',
  budget: 'Limits',
}

const FORMATS: Record<CredentialFormat, string> = {
  json: 'a credential in JSON',
  jwt: 'a VC-JWT (signed token)',
  png: 'a badge image (PNG) with the credential baked in',
  svg: 'a badge image (SVG) with the credential baked in',
}

/** A date as people read it (UTC, so that every reader sees the same day), or the text as given. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string') return 'an unknown date'
  const time = Date.parse(value)
  if (Number.isNaN(time)) return value
  const date = new Date(time)
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date)
  const midnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0
  if (midnight) return day
  const clock = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'UTC' }).format(date)
  return `${day}, ${clock} UTC`
}

const validFrom = (c: JsonObject | undefined) => validityOf(c).validFrom
const validUntil = (c: JsonObject | undefined) => validityOf(c).validUntil

function passReason(check: Check, credential: JsonObject | undefined, format?: CredentialFormat): string {
  switch (check.id) {
    case 'parse':
      return format === undefined ? 'Read.' : `Read as ${FORMATS[format]}.`
    case 'context':
      return `Open Badges 3.0 (${check.message.startsWith('VC Data Model 1.1') ? 'VC Data Model 1.1' : 'VC Data Model 2.0'}).`
    case 'type':
      return `An ${check.message}.`
    case 'schema':
      return 'Its contents follow the Open Badges 3.0 rules.'
    case 'proof':
      return 'The signature matches: nothing was changed since the issuer signed it.'
    case 'issuer':
      return 'Signed with a key of the issuer it names.'
    case 'validity': {
      const until = validUntil(credential)
      return until === undefined
        ? `Valid since ${formatDate(validFrom(credential))}, with no end date.`
        : `Valid from ${formatDate(validFrom(credential))} until ${formatDate(until)}.`
    }
    case 'status':
      if (check.message.startsWith('no status entry'))
        return 'The issuer keeps no revocation list for this badge, so it cannot be revoked.'
      if (check.message.startsWith('not checked')) return 'Not checked.'
      return "Not revoked: checked just now against the issuer's list."
    case 'endorsements':
      return `Endorsed: ${check.message}.`
    case 'recipient':
      return 'Issued to this recipient.'
    default:
      return `${check.message}.`
  }
}

function failReason(check: Check, credential: JsonObject | undefined): string {
  switch (check.code) {
    // reading the input
    case 'MALFORMED_JSON':
    case 'MALFORMED_JWT':
    case 'NOT_AN_OBJECT':
    case 'MALFORMED_INPUT':
    case 'INVALID_UTF8':
      return 'This is not a credential this page can read: it is neither a credential in JSON nor a VC-JWT.'
    case 'INPUT_TOO_LARGE':
      return 'The file is too large to be a credential.'
    case 'JSON_TOO_DEEP':
    case 'UNSAFE_KEY':
      return 'The file is built in a way credentials never are, and was refused.'
    case 'NOT_A_BADGE_IMAGE':
      return 'This image is not a badge image (PNG or SVG).'
    case 'BAKED_CREDENTIAL_MISSING':
      return 'This image has no credential baked into it: it is a picture only.'
    case 'BAKED_CREDENTIAL_DUPLICATED':
      return 'This image carries two credentials, so which one counts is unclear.'
    case 'MALFORMED_IMAGE':
      return 'The image is damaged or baked in a way Open Badges does not allow.'
    case 'SVG_DOCTYPE_NOT_ALLOWED':
      return 'The SVG image declares a document type, which badge images must not.'
    case 'JWT_COPY_MISMATCH':
      return 'Signature does not match: the JSON copy differs from the token the issuer signed.'
    // what it is
    case 'CONTEXT_INVALID':
    case 'TYPE_INVALID':
      return 'This is not an Open Badges 3.0 credential.'
    case 'SCHEMA_INVALID':
      return 'Its contents break the Open Badges 3.0 rules.'
    // signature and issuer
    case 'PROOF_INVALID':
      return 'Signature does not match: the file was changed.'
    case 'NO_PROOF':
      return 'It is not signed, so anyone could have written it.'
    case 'UNSUPPORTED_CRYPTOSUITE':
    case 'UNSUPPORTED_KEY':
    case 'UNSUPPORTED_DID_METHOD':
    case 'UNSUPPORTED_URL_SCHEME':
      return 'It is signed with a method this page cannot check.'
    case 'ALG_NONE':
    case 'ALG_HMAC':
    case 'ALG_NOT_ALLOWED':
    case 'ALG_MISSING':
    case 'ALG_KEY_MISMATCH':
    case 'JOSE_HEADER_NOT_ALLOWED':
      return 'Its signature is made in a way that is not safe to accept.'
    case 'PROOF_PURPOSE_MISMATCH':
    case 'CONTEXT_ERROR':
    case 'CONTEXT_NOT_BUNDLED':
    case 'INVALID_VERIFICATION_METHOD':
      return 'Its signature could not be checked: the proof is not made as credentials require.'
    case 'KEY_NOT_FOUND':
      return "The issuer's key could not be found."
    case 'CANNOT_DEREFERENCE':
    case 'OFFLINE':
      return "The issuer's key could not be fetched (unreachable). Try again later."
    case 'KEY_NOT_ISSUERS':
    case 'JWK_NOT_BOUND_TO_ISSUER':
      return 'Signed, but not by the issuer it names.'
    case 'KEY_NOT_AUTHORIZED':
      return 'Signed with a key the issuer has not authorised for credentials.'
    case 'CLAIM_MISMATCH':
      return 'The signed token and the credential inside it disagree.'
    // trust
    case 'ISSUER_NOT_TRUSTED':
    case 'NO_TRUST_POLICY':
      return 'This issuer is not in your trusted list.'
    case 'REGISTRY_UNAVAILABLE':
      return 'This issuer is in none of the lists that could be read, and a registry could not be read. Try again later.'
    case 'ISSUER_NOT_PROVEN':
      return 'It is not shown to be signed by its issuer, so who issued it is not known.'
    // dates
    case 'EXPIRED':
      return `Expired on ${formatDate(validUntil(credential))}.`
    case 'NOT_YET_VALID':
      return `Not valid before ${formatDate(validFrom(credential))}.`
    case 'VALIDITY_MISSING':
      return 'It states no valid dates.'
    // status
    case 'REVOKED':
      return 'Revoked by the issuer.'
    case 'SUSPENDED':
      return 'Suspended by the issuer for now.'
    case 'STATUS_RETRIEVAL_ERROR':
      return 'Status could not be checked: the list is unreachable. Try again later.'
    case 'STATUS_VERIFICATION_ERROR':
      return "Status could not be checked: the issuer's list is not signed by the issuer."
    case 'STATUS_LIST_LENGTH_ERROR':
    case 'RANGE_ERROR':
    case 'MALFORMED_VALUE_ERROR':
      return "Status could not be checked: the issuer's list is damaged."
    case 'UNSUPPORTED_STATUS_METHOD':
      return 'Status could not be checked: the issuer uses a list this page cannot read.'
    // the rest
    case 'ENDORSEMENT_INVALID':
    case 'ENDORSEMENT_TOO_DEEP':
      return 'An endorsement attached to it does not hold.'
    case 'RECIPIENT_MISMATCH':
      return 'It was not issued to this recipient.'
    default:
      return `Failed: ${check.message}.`
  }
}

/** The plain-language line of one check. */
export function describeCheck(
  check: Check,
  credential: JsonObject | undefined,
  format?: CredentialFormat,
): Described {
  return {
    label: LABELS[check.id] ?? check.id,
    reason: check.ok ? passReason(check, credential, format) : failReason(check, credential),
  }
}
