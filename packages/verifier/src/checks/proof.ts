/**
 * The `proof` and `issuer` checks: the signature (a VC-JWT's JWS, or the embedded Data Integrity proofs
 * through the build's checker), and whose key made it (and, for a JWT, whether its claims agree with the
 * credential it carries).
 */
import {
  type CryptoProvider,
  type EmbeddedProofChecker,
  failed,
  type KeyLookup,
  type Outcome,
  passed,
  verifyJws,
} from '@tessera/proofs'
import { type DecodedJwt, isJsonObject, type JsonObject, jwtClaimsOf } from '@tessera/schema'
import type { Budget } from '../budget.js'
import type { Check, Warning } from '../result.js'
import { check } from './check.js'
import type { Parsed } from './parse.js'

/** The `proof` and `issuer` lines of a credential read as `parsed`, issued by `issuer`. */
export async function checkProofAndIssuer(
  parsed: Parsed,
  issuer: string | undefined,
  {
    budget,
    keys,
    embeddedProofs,
    now,
    crypto,
  }: {
    budget: Budget
    keys: KeyLookup
    embeddedProofs: EmbeddedProofChecker
    now: Date
    crypto?: CryptoProvider | undefined
  },
): Promise<{ checks: [Check, Check]; warnings: Warning[] }> {
  // past the deadline, no key is looked for and no proof checked
  const late = budget.pastDeadline()
  if (late !== undefined) return { checks: [check('proof', late), check('issuer', late)], warnings: [] }
  if (parsed.jwt !== undefined) {
    const { proof, binding } = await verifyJws(parsed.jwt, issuer, keys, 'assertionMethod', crypto)
    return {
      checks: [
        check('proof', proof),
        check('issuer', binding.ok ? claimsAgree(parsed.jwt, parsed.credential) : binding),
      ],
      warnings: [],
    }
  }
  const result = await embeddedProofs(parsed.credential, issuer, keys, {
    purpose: 'assertionMethod',
    now,
    ...(crypto === undefined ? {} : { crypto }),
  })
  return {
    checks: [check('proof', result.proof), check('issuer', result.binding)],
    warnings: result.warnings.map((w) => ({ code: w.code ?? 'WARNING', message: w.message })),
  }
}

/** The registered claims of a VC-JWT must agree with the credential they carry. */
function claimsAgree(jwt: DecodedJwt, credential: JsonObject): Outcome {
  const claims = jwt.payload
  if (claims.iss === undefined) return failed('CLAIM_MISMATCH', 'the JWT has no iss claim')
  const expected = jwtClaimsOf(credential)
  for (const claim of ['iss', 'jti', 'sub', 'nbf', 'exp'] as const) {
    const value = claims[claim]
    if (value !== undefined && value !== expected[claim]) {
      return failed(
        'CLAIM_MISMATCH',
        `the JWT's ${claim} (${String(value)}) differs from the credential's (${String(expected[claim])})`,
      )
    }
  }
  return passed('claims agree')
}

/**
 * The JWT-only build's answer to an embedded proof: UNSUPPORTED_CRYPTOSUITE; to a document with none,
 * NO_PROOF, as the full build's checker says.
 */
export const withoutDataIntegrity: EmbeddedProofChecker = async (document) => {
  const proofs = Array.isArray(document.proof) ? document.proof : [document.proof]
  if (!proofs.some(isJsonObject)) {
    return {
      proof: failed('NO_PROOF', 'the credential carries no proof'),
      binding: failed('NO_PROOF', 'no proof, no key'),
      warnings: [],
    }
  }
  const outcome = failed(
    'UNSUPPORTED_CRYPTOSUITE',
    'this build of the verifier checks VC-JWTs only: Data Integrity proofs need the full @tessera/verifier',
  )
  return { proof: outcome, binding: outcome, warnings: [] }
}
