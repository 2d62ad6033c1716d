/**
 * Every code a verification can put in a check, by check: one exported union (`VerificationCode`) that
 * callers can `switch` over exhaustively, and the lists it is made from, which the README's table of
 * checks is tested against (test/codes.test.ts) so that neither drifts from the other.
 */

/** The codes of the proof's key: found, fetched and read (also the `issuer` and `holder` lines when it is not). */
const KEY_CODES = [
  'KEY_NOT_FOUND',
  'CANNOT_DEREFERENCE',
  'UNSUPPORTED_DID_METHOD',
  'UNSUPPORTED_URL_SCHEME',
  'INVALID_VERIFICATION_METHOD',
  'INVALID_DID',
  'UNSUPPORTED_KEY',
  'ALG_KEY_MISMATCH',
  'OFFLINE',
  'URL_NOT_ALLOWED',
  'FETCH_FAILED',
  'FETCH_TIMEOUT',
  'FETCH_TOO_LARGE',
  'FETCH_HTTP_STATUS',
  'FETCH_NOT_JSON',
  'FETCH_REDIRECT',
  'DEADLINE_EXCEEDED',
  'TOO_MANY_HOSTS',
  'TOO_MANY_FETCHES',
] as const

/** The codes of a proof that cannot be checked or does not hold (credentials and presentations alike). */
const PROOF_CODES = [
  'NO_PROOF',
  'PROOF_INVALID',
  'PROOF_EXPIRED',
  'UNSUPPORTED_CRYPTOSUITE',
  'PROOF_PURPOSE_MISMATCH',
  'CONTEXT_ERROR',
  'CONTEXT_NOT_BUNDLED',
  'DOCUMENT_TOO_COMPLEX',
  'UNSAFE_KEY',
  'ALG_NONE',
  'ALG_HMAC',
  'ALG_NOT_ALLOWED',
  'ALG_MISSING',
  'JOSE_HEADER_NOT_ALLOWED',
  'MALFORMED_JWT',
  'CHALLENGE_MISMATCH',
  'DOMAIN_MISMATCH',
  ...KEY_CODES,
] as const

/** The codes of each check (`CheckId`), the lists `VerificationCode` is made of. */
export const CHECK_CODES = {
  parse: [
    'MALFORMED_INPUT',
    'MALFORMED_JSON',
    'MALFORMED_JWT',
    'NOT_AN_OBJECT',
    'INPUT_EMPTY',
    'INPUT_TOO_LARGE',
    'INVALID_UTF8',
    'JSON_TOO_DEEP',
    'JSON_TOO_MANY_VALUES',
    'UNSAFE_KEY',
    'NOT_A_BADGE_IMAGE',
    'BAKED_CREDENTIAL_MISSING',
    'BAKED_CREDENTIAL_DUPLICATED',
    'MALFORMED_IMAGE',
    'SVG_DOCTYPE_NOT_ALLOWED',
    'SVG_TOO_COMPLEX',
    'JWT_COPY_MISMATCH',
    'MALFORMED_PRESENTATION',
    // a baked image given to a verifier without `bakedImages` (@tessera/verifier/baked)
    'BAKED_IMAGES_NOT_INSTALLED',
  ],
  context: ['CONTEXT_INVALID'],
  type: ['TYPE_INVALID'],
  // UNSUPPORTED_CREDENTIAL_TYPE: a CLR given to the JWT-only build
  schema: ['SCHEMA_INVALID', 'UNSUPPORTED_CREDENTIAL_TYPE'],
  proof: PROOF_CODES,
  issuer: [
    'KEY_NOT_ISSUERS',
    'KEY_NOT_AUTHORIZED',
    'JWK_NOT_BOUND_TO_ISSUER',
    'CLAIM_MISMATCH',
    // the binding cannot be judged when the proof could not be checked: the proof's own code
    ...PROOF_CODES,
  ],
  trust: [
    'ISSUER_NOT_TRUSTED',
    'REGISTRY_UNAVAILABLE',
    'NO_TRUST_POLICY',
    'ISSUER_NOT_PROVEN',
    // a trust policy given to a verifier without `trustRegistries` (@tessera/verifier/trust)
    'TRUST_NOT_INSTALLED',
  ],
  validity: ['NOT_YET_VALID', 'EXPIRED', 'VALIDITY_MISSING'],
  status: [
    'REVOKED',
    'SUSPENDED',
    'STATUS_RETRIEVAL_ERROR',
    'STATUS_VERIFICATION_ERROR',
    'STATUS_LIST_LENGTH_ERROR',
    'RANGE_ERROR',
    'MALFORMED_VALUE_ERROR',
    'UNSUPPORTED_STATUS_METHOD',
  ],
  endorsements: ['ENDORSEMENT_INVALID', 'ENDORSEMENT_TOO_DEEP', 'TOO_MANY_ENDORSEMENTS'],
  recipient: ['RECIPIENT_MISMATCH', 'CHECK_UNAVAILABLE'],
  holder: ['KEY_NOT_HOLDERS', 'KEY_NOT_AUTHORIZED', 'CLAIM_MISMATCH', ...PROOF_CODES],
  // a presentation whose proof cannot be checked cannot show its challenge either: the proof's code
  challenge: ['CHALLENGE_MISMATCH', 'DOMAIN_MISMATCH', ...PROOF_CODES],
  credentials: ['CREDENTIAL_INVALID', 'TOO_MANY_CREDENTIALS'],
  embedded: ['EMBEDDED_CREDENTIAL_INVALID', 'EMBEDDED_SUBJECT_MISMATCH', 'TOO_MANY_EMBEDDED_CREDENTIALS'],
  evidence: [
    'EVIDENCE_INVALID',
    'EVIDENCE_SUBJECT_MISMATCH',
    'EVIDENCE_UNAVAILABLE',
    'EVIDENCE_MALFORMED',
    'EVIDENCE_CYCLE',
    'TOO_MANY_EVIDENCE',
    // `evidence: 'require'` on a verifier without `evidenceChecking` (@tessera/verifier/evidence)
    'EVIDENCE_NOT_INSTALLED',
  ],
  budget: [
    'DEADLINE_EXCEEDED',
    'TOO_MANY_ENDORSEMENTS',
    'TOO_MANY_CREDENTIALS',
    'TOO_MANY_EMBEDDED_CREDENTIALS',
    'TOO_MANY_EVIDENCE',
    'TOO_MANY_HOSTS',
    'TOO_MANY_FETCHES',
  ],
} as const satisfies Record<string, readonly string[]>

/** The checks of a result, in the order they run (`trust` and `recipient` only when asked, `embedded` for a CLR, `evidence` for a credential with evidence, `budget` when a limit was reached). */
export type CheckId = keyof typeof CHECK_CODES

/** The codes check `Id` fails with. */
export type CheckCode<Id extends CheckId> = (typeof CHECK_CODES)[Id][number]

/** Every code a check of a verification result can carry. */
export type VerificationCode = CheckCode<CheckId>

/** Every code of `VerificationCode`, once each. */
export const VERIFICATION_CODES: readonly VerificationCode[] = [...new Set(Object.values(CHECK_CODES).flat())]

/** What a check reports for a code its list lacks (a code of a dependency this list was not told of). */
const FALLBACK: { [Id in CheckId]: CheckCode<Id> } = {
  parse: 'MALFORMED_INPUT',
  context: 'CONTEXT_INVALID',
  type: 'TYPE_INVALID',
  schema: 'SCHEMA_INVALID',
  proof: 'PROOF_INVALID',
  issuer: 'PROOF_INVALID',
  trust: 'ISSUER_NOT_TRUSTED',
  validity: 'VALIDITY_MISSING',
  status: 'STATUS_VERIFICATION_ERROR',
  endorsements: 'ENDORSEMENT_INVALID',
  recipient: 'CHECK_UNAVAILABLE',
  holder: 'PROOF_INVALID',
  challenge: 'CHALLENGE_MISMATCH',
  credentials: 'CREDENTIAL_INVALID',
  embedded: 'EMBEDDED_CREDENTIAL_INVALID',
  evidence: 'EVIDENCE_INVALID',
  budget: 'DEADLINE_EXCEEDED',
}

/** Whether `code` is one of check `id`'s codes. */
export function isCheckCode<Id extends CheckId>(id: Id, code: string): code is CheckCode<Id> {
  return (CHECK_CODES[id] as readonly string[]).includes(code)
}

/**
 * `code` (from a check or from what it called) as one of check `id`'s codes: itself when it is one,
 * otherwise the check's general code, so that a result never carries a code outside the union.
 */
export function codeOf<Id extends CheckId>(id: Id, code: string): { code: CheckCode<Id>; known: boolean } {
  if (isCheckCode(id, code)) return { code, known: true }
  return { code: FALLBACK[id], known: false }
}
