/** The `schema` check: 1EdTech's JSON Schema and the rules beside it (`@tessera/schema`), and its warnings. */
import { failed, type Outcome, passed } from '@tessera/proofs'
import { type JsonObject, validateCredential } from '@tessera/schema'
import type { Warning } from '../result.js'

export function checkSchema(credential: JsonObject): { outcome: Outcome; warnings: Warning[] } {
  const validation = validateCredential(credential)
  const outcome = validation.valid
    ? passed(
        `valid OB 3.0 ${validation.kind === 'endorsement' ? 'EndorsementCredential' : 'AchievementCredential'}`,
      )
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
