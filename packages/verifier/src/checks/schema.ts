/**
 * The `schema` check: 1EdTech's JSON Schema and the rules beside it (`@tessera/schema`), and its warnings.
 * A CLR 2.0 ClrCredential is judged by the CLR schema (`@tessera/schema/clr`, its embedded credentials by
 * the OB one), loaded with the first CLR: a verifier of OB credentials alone never loads it.
 */
import { failed, failedFrom, type Outcome, passed } from '@tessera/proofs'
import {
  credentialVariant,
  type JsonObject,
  type ValidationResult,
  validateCredential,
} from '@tessera/schema'
import type { Warning } from '../result.js'
import { lazy } from './lazy.js'

const loadClr = lazy(() => import('@tessera/schema/clr'))

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
): Promise<{ outcome: Outcome; warnings: Warning[] }> {
  if (credentialVariant(credential).kind !== 'clr') return outcomeOf(validateCredential(credential))
  try {
    return outcomeOf((await loadClr()).validateClr(credential))
  } catch (error) {
    return { outcome: failedFrom(error, 'SCHEMA_INVALID'), warnings: [] }
  }
}
