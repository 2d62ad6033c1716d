/**
 * The `schema` check: 1EdTech's JSON Schema and the rules beside it (`@tessera/schema`), and its warnings.
 * A CLR 2.0 ClrCredential is judged by the CLR schema (`@tessera/schema/clr`, its embedded credentials by
 * the OB one), through the checker the build hands in (./clr-schema.ts, loaded with the first CLR); the
 * JWT-only build has none, and refuses a CLR as UNSUPPORTED_CREDENTIAL_TYPE.
 */
import { failed, failedFrom, type Outcome, passed } from '@tessera/proofs'
import {
  credentialVariant,
  type JsonObject,
  type ValidationResult,
  validateCredential,
} from '@tessera/schema'
import type { ClrSchemaChecker, Warning } from '../result.js'

const NAMES = { endorsement: 'EndorsementCredential', clr: 'ClrCredential' } as const

function outcomeOf(validation: ValidationResult): { outcome: Outcome; warnings: Warning[] } {
  const kind = NAMES[validation.kind as keyof typeof NAMES] ?? 'AchievementCredential'
  const outcome = validation.valid
    ? passed(`valid ${validation.kind === 'clr' ? 'CLR 2.0' : 'OB 3.0'} ${kind}`)
    : failed(
        'SCHEMA_INVALID',
        validation.errors
          .slice(0, 5)
          .map((e) => `${e.path || '/'}: ${e.message}`)
          .join('; ') + (validation.errors.length > 5 ? ` (and ${validation.errors.length - 5} more)` : ''),
      )
  const warnings = validation.warnings.map((w) => ({ code: w.code, message: `${w.path}: ${w.message}` }))
  return { outcome, warnings }
}

export async function checkSchema(
  credential: JsonObject,
  clrSchema: ClrSchemaChecker | undefined,
): Promise<{ outcome: Outcome; warnings: Warning[] }> {
  if (credentialVariant(credential).kind !== 'clr') return outcomeOf(validateCredential(credential))
  if (clrSchema === undefined) {
    const outcome = failed(
      'UNSUPPORTED_CREDENTIAL_TYPE',
      'this build of the verifier checks OB 3.0 credentials only: a CLR 2.0 ClrCredential (whose embedded credentials carry Data Integrity proofs) needs the full @tessera/verifier',
    )
    return { outcome, warnings: [] }
  }
  try {
    return outcomeOf(await clrSchema(credential))
  } catch (error) {
    return { outcome: failedFrom(error, 'SCHEMA_INVALID'), warnings: [] }
  }
}
