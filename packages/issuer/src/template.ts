/**
 * Credential templates: an unsigned OB 3.0 credential without `id`, `issuer.id`, `validFrom` or recipient,
 * which the issuer fills for each recipient; and the stable key (member + achievement + term) under which
 * a filled template is issued once.
 */
import {
  assertValidCredential,
  cloneJson,
  hashedIdentity,
  isJsonObject,
  type JsonObject,
  readCredential,
  toDateTime,
} from '@tessera/schema'
import { fail } from './errors.js'
import { BIDI_CONTROLS, COLUMN_LIMITS, CONTROL_CHARACTERS } from './text-rules.js'

export interface TemplateRecipient {
  /** The subject's DID, when the member has one. */
  did?: string
  /** Hashed with a fresh salt into the subject's `identifier` when there is no DID (or beside it). */
  email?: string
  /**
   * The recipient's name, stated in clear as an OB 3.0 identifier of type `name` beside the DID or
   * email, so that the name printed on a certificate can be checked. Leave it out for privacy.
   */
  name?: string
}

/** The name as an identity object; INVALID_RECIPIENT_NAME when empty, too long, or holding controls. */
function nameIdentity(name: string): JsonObject {
  const trimmed = name.trim().normalize('NFC')
  if (
    trimmed === '' ||
    [...trimmed].length > COLUMN_LIMITS.name ||
    CONTROL_CHARACTERS.test(trimmed) ||
    BIDI_CONTROLS.test(trimmed)
  )
    fail(
      'INVALID_RECIPIENT_NAME',
      `a recipient's name is 1 to ${COLUMN_LIMITS.name} characters with no control or bidirectional characters`,
    )
  return { type: 'IdentityObject', hashed: false, identityHash: trimmed, identityType: 'name' }
}

export interface FillOptions {
  issuer: string
  recipient: TemplateRecipient
  /** When the credential is valid from: the caller's clock (nothing here reads the machine's). */
  validFrom: Date | string
  validUntil?: Date | string
  /**
   * Validate the filled credential against the OB 3.0 schema (default true). A row going straight to
   * `Issuer.issue` / `issueBatch` can leave it to the issuer, which validates every credential once before it
   * records or signs anything: validating here too would check each row twice.
   */
  validate?: boolean
}

/**
 * The filled credential, unsigned. Throws the schema errors when the result is not OB-valid (unless
 * `validate: false`: the issuer then refuses it, row by row).
 */
export function fillTemplate(template: JsonObject, options: FillOptions): JsonObject {
  for (const field of ['id', 'validFrom', 'issuanceDate', 'proof', 'credentialStatus'] as const) {
    if (template[field] !== undefined)
      fail('INVALID_TEMPLATE', `a template has no ${field}: the issuer fills it for each credential`)
  }
  const subject = template.credentialSubject
  if (!isJsonObject(subject)) fail('INVALID_TEMPLATE', 'the template has no credentialSubject object')
  if (subject.id !== undefined || subject.identifier !== undefined)
    fail(
      'INVALID_TEMPLATE',
      'a template names no recipient: the issuer fills credentialSubject.id or identifier',
    )
  const credential = cloneJson(template)
  const issuer = isJsonObject(credential.issuer) ? credential.issuer : { type: ['Profile'] }
  if (typeof credential.issuer === 'string' || issuer.id !== undefined)
    fail('INVALID_TEMPLATE', 'a template names no issuer id: the issuer fills it')
  credential.id = `urn:uuid:${crypto.randomUUID()}`
  credential.issuer = { ...issuer, id: options.issuer }
  const filled = credential.credentialSubject as JsonObject
  const { did, email, name } = options.recipient
  if (did !== undefined) filled.id = did
  if (email !== undefined && did === undefined) filled.identifier = [{ ...hashedIdentity(email) }]
  if (did === undefined && email === undefined)
    fail('INVALID_TEMPLATE', 'a recipient needs a DID or an email')
  if (name !== undefined)
    filled.identifier = [...(Array.isArray(filled.identifier) ? filled.identifier : []), nameIdentity(name)]
  credential.validFrom = toDateTime(options.validFrom, 'validFrom')
  if (options.validUntil !== undefined) credential.validUntil = toDateTime(options.validUntil, 'validUntil')
  if (options.validate !== false) assertValidCredential(credential as unknown)
  return credential
}

/**
 * Checks a template once, before any row: filled for a placeholder recipient, valid from `at` (the
 * caller's clock), it must be OB-valid.
 */
export function assertTemplate(template: JsonObject, at: Date | string): void {
  fillTemplate(template, {
    issuer: 'did:example:issuer',
    recipient: { did: 'did:example:recipient' },
    validFrom: at,
  })
}

/**
 * `member|achievement|term`: the key a credential is issued once under. The term is `term` when given,
 * else the subject's term, else the end date, else "open" (one such achievement per member).
 */
export function rowKey(member: string, credential: JsonObject, term?: string): string {
  const { subject, achievement, validity } = readCredential(credential)
  const named = term ?? subject?.term ?? validity.validUntil ?? 'open'
  return `${member}|${String(achievement?.id ?? credential.name)}|${String(named)}`
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/

/** `from` plus an ISO 8601 duration of years, months, weeks and days (`P1Y`, `P6M`, `P30D`), by the calendar. */
export function addDuration(from: Date, duration: string): Date {
  const match = DURATION.exec(duration)
  if (match === null || duration === 'P')
    fail('INVALID_DURATION', `${JSON.stringify(duration)} is not a duration such as P1Y, P6M or P30D`)
  const [years, months, weeks, days] = match.slice(1).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
  ]
  const to = new Date(from)
  to.setUTCFullYear(
    to.getUTCFullYear() + years,
    to.getUTCMonth() + months,
    to.getUTCDate() + weeks * 7 + days,
  )
  return to
}
