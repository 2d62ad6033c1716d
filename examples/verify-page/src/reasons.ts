/**
 * The verifier's checks in plain language, in the page's language: each check id gets a name, and each
 * outcome (its stable code when it failed) a sentence a badge holder or an employer understands. The
 * words are the locale's (`verify.labels`, `verify.passed`, `verify.failed`); the verifier's own message
 * is kept beside them, for those who want the detail.
 */
import { type JsonObject, validityOf } from '@tessera/schema'
import { formatDate, type Locale } from '@tessera/site/languages'
import type { Check, CredentialFormat, StatementOptions } from '@tessera/verifier'

export interface Described {
  /** What the check is about, such as "Signature". */
  label: string
  /** One sentence: why it passed or failed. */
  reason: string
}

/** What `describeCheck` needs of a locale. */
export type ReasonWords = Pick<Locale, 'intl' | 'verify'>

const validFrom = (c: JsonObject | undefined) => validityOf(c).validFrom
const validUntil = (c: JsonObject | undefined) => validityOf(c).validUntil

function passReason(
  check: Check,
  credential: JsonObject | undefined,
  format: CredentialFormat | undefined,
  locale: ReasonWords,
): string {
  const say = locale.verify.passed
  const date = (value: unknown) => formatDate(value, locale)
  switch (check.id) {
    case 'parse':
      return format === undefined ? say.read : say.readAs(locale.verify.formats[format])
    case 'context':
      return say.context(
        check.message.startsWith('VC Data Model 1.1') ? 'VC Data Model 1.1' : 'VC Data Model 2.0',
      )
    case 'type':
      return say.type(check.message)
    case 'schema':
      return say.schema
    case 'proof':
      return say.proof
    case 'issuer':
      return say.issuer
    case 'validity': {
      const until = validUntil(credential)
      return until === undefined
        ? say.validSince(date(validFrom(credential)))
        : say.validBetween(date(validFrom(credential)), date(until))
    }
    case 'status':
      if (check.message.startsWith('no status entry')) return say.noStatus
      if (check.message.startsWith('not checked')) return say.statusNotChecked
      return say.notRevoked
    case 'endorsements':
      return say.endorsed(check.message)
    case 'recipient':
      return say.recipient
    default:
      return say.other(check.message)
  }
}

/**
 * The sentence with the issuer's reason, when the status list carries status messages and the verifier's
 * message gives one ("revoked by the issuer: expelled"): "Revoked by the issuer: expelled." The reason is
 * the issuer's own words, shown as they are (the page writes it as text, through `safe`).
 */
function withIssuerReason(sentence: string, message: string, prefix: string): string {
  if (!message.startsWith(prefix)) return sentence
  const why = message.slice(prefix.length).trim()
  return why === '' ? sentence : `${sentence.replace(/[.。]\s*$/, '')}: ${why}.`
}

function failReason(check: Check, credential: JsonObject | undefined, locale: ReasonWords): string {
  const say = locale.verify.failed
  const date = (value: unknown) => formatDate(value, locale)
  switch (check.code) {
    // reading the input
    case 'MALFORMED_JSON':
    case 'MALFORMED_JWT':
    case 'NOT_AN_OBJECT':
    case 'MALFORMED_INPUT':
    case 'INVALID_UTF8':
      return say.unreadable
    case 'INPUT_TOO_LARGE':
      return say.tooLarge
    case 'JSON_TOO_DEEP':
    case 'UNSAFE_KEY':
      return say.odd
    case 'NOT_A_BADGE_IMAGE':
      return say.notBadgeImage
    case 'BAKED_CREDENTIAL_MISSING':
      return say.bakedMissing
    case 'BAKED_CREDENTIAL_DUPLICATED':
      return say.bakedDuplicated
    case 'MALFORMED_IMAGE':
      return say.malformedImage
    case 'SVG_DOCTYPE_NOT_ALLOWED':
      return say.svgDoctype
    case 'JWT_COPY_MISMATCH':
      return say.jwtCopyMismatch
    // what it is
    case 'CONTEXT_INVALID':
    case 'TYPE_INVALID':
      return say.notOpenBadge
    case 'SCHEMA_INVALID':
      return say.schema
    // signature and issuer
    case 'PROOF_INVALID':
      return say.proofInvalid
    case 'NO_PROOF':
      return say.noProof
    case 'UNSUPPORTED_CRYPTOSUITE':
    case 'UNSUPPORTED_KEY':
    case 'UNSUPPORTED_DID_METHOD':
    case 'UNSUPPORTED_URL_SCHEME':
      return say.unsupported
    case 'ALG_NONE':
    case 'ALG_HMAC':
    case 'ALG_NOT_ALLOWED':
    case 'ALG_MISSING':
    case 'ALG_KEY_MISMATCH':
    case 'JOSE_HEADER_NOT_ALLOWED':
      return say.unsafeAlg
    case 'PROOF_PURPOSE_MISMATCH':
    case 'CONTEXT_ERROR':
    case 'CONTEXT_NOT_BUNDLED':
    case 'INVALID_VERIFICATION_METHOD':
      return say.proofMalformed
    case 'KEY_NOT_FOUND':
      return say.keyNotFound
    case 'CANNOT_DEREFERENCE':
    case 'OFFLINE':
      return say.keyUnreachable
    case 'KEY_NOT_ISSUERS':
    case 'JWK_NOT_BOUND_TO_ISSUER':
      return say.notIssuersKey
    case 'KEY_NOT_AUTHORIZED':
      return say.keyNotAuthorized
    case 'CLAIM_MISMATCH':
      return say.claimMismatch
    // trust
    case 'ISSUER_NOT_TRUSTED':
    case 'NO_TRUST_POLICY':
      return say.notTrusted
    case 'REGISTRY_UNAVAILABLE':
      return say.registryUnavailable
    case 'ISSUER_NOT_PROVEN':
      return say.issuerNotProven
    // dates
    case 'EXPIRED':
      return say.expired(date(validUntil(credential)))
    case 'NOT_YET_VALID':
      return say.notYetValid(date(validFrom(credential)))
    case 'VALIDITY_MISSING':
      return say.validityMissing
    // status
    case 'REVOKED':
      return withIssuerReason(say.revoked, check.message, 'revoked by the issuer: ')
    case 'SUSPENDED':
      return withIssuerReason(say.suspended, check.message, 'suspended by the issuer: ')
    case 'STATUS_RETRIEVAL_ERROR':
      return say.statusUnreachable
    case 'STATUS_VERIFICATION_ERROR':
      return say.statusNotSigned
    case 'STATUS_LIST_LENGTH_ERROR':
    case 'RANGE_ERROR':
    case 'MALFORMED_VALUE_ERROR':
      return say.statusDamaged
    case 'UNSUPPORTED_STATUS_METHOD':
      return say.statusUnsupported
    // the rest
    case 'ENDORSEMENT_INVALID':
    case 'ENDORSEMENT_TOO_DEEP':
      return say.endorsementInvalid
    case 'RECIPIENT_MISMATCH':
      return say.recipientMismatch
    default:
      return say.other(check.message)
  }
}

/** The plain-language line of one check, in `locale`'s words. */
export function describeCheck(
  check: Check,
  credential: JsonObject | undefined,
  locale: ReasonWords,
  format?: CredentialFormat,
): Described {
  return {
    label: locale.verify.labels[check.id] ?? check.id,
    reason: check.ok ? passReason(check, credential, format, locale) : failReason(check, credential, locale),
  }
}

/**
 * A check's technical line, shown in small under its reason: its code and what the code means, in the
 * locale's words (`verify.technical`, one line per `VerificationCode`); the verifier's own message, which
 * is English, where the locale has no line (English itself, whose source is the verifier: no copy to
 * drift; a passed check, which has no code; a code newer than the language file). `lang` says when the
 * text is the verifier's English.
 */
export function technicalLine(check: Check, locale: Pick<Locale, 'verify'>): { text: string; lang?: 'en' } {
  const line = check.code === undefined ? undefined : locale.verify.technical[check.code]
  if (line !== undefined) return { text: `${check.code}: ${line}` }
  return { text: check.code === undefined ? check.message : `${check.code}: ${check.message}`, lang: 'en' }
}

/**
 * The verifier's statement options in the locale's words (who issued it); none for English, whose words
 * are the verifier's own (`ENGLISH_STATEMENT_WORDS`: the source, not copied into the language file).
 */
export function statementOptionsOf(locale: Pick<Locale, 'verify'>): StatementOptions {
  const words = locale.verify.statement
  return words === undefined ? {} : { words }
}
