/**
 * Validation of CLR 2.0 ClrCredentials against 1EdTech's CLR 2.0 JSON Schema (compiled ahead of time like
 * the OB one, into ./generated/clr-*.ts, which only this module loads), with the rules the schema misses,
 * and of each OB 3.0 credential a CLR embeds with the OB schema and rules, its issues placed by JSON Pointer
 * inside the CLR.
 */
import { CLR_CONTEXTS } from './context-urls.js'
import { CLR_STRUCTURE } from './generated/clr-structure.js'
import { clrVcdm2 } from './generated/clr-vcdm2.js'
import { clrVcdm11 } from './generated/clr-vcdm11.js'
import { isJsonObject, type JsonObject } from './json.js'
import { pointer } from './json-pointer.js'
import { embeddedCredentialsOf } from './reader.js'
import { schemaStructure } from './schema-issues.js'
import type { ClrCredential } from './types.js'
import {
  type DataModel,
  type ValidationIssue,
  type ValidationResult,
  validateCredential,
} from './validate.js'
import {
  assertValid,
  type CompiledSchema,
  notAnObject,
  typesOf,
  validateWith,
  variantOf,
} from './validate-rules.js'

/** CLR 2.0's second context: the CLR context, right after the credentials context (the OB one third). */
function clrContextSecond(context: readonly unknown[]): ValidationIssue | undefined {
  const clrAt = context.findIndex((c) => (CLR_CONTEXTS as readonly unknown[]).includes(c))
  if (clrAt === 1) return undefined
  return {
    path: clrAt > 1 ? pointer('/@context', clrAt) : '/@context/1',
    code: 'CONTEXT_ORDER',
    message: 'the CLR 2.0 context must come second in @context, right after the credentials context',
  }
}

const CLR_SCHEMA = schemaStructure(CLR_STRUCTURE)
const clrSchema = (validator: CompiledSchema['validator']): CompiledSchema => ({
  validator,
  structure: CLR_SCHEMA,
  root: CLR_SCHEMA.root,
  secondContext: clrContextSecond,
})
const SCHEMAS: Record<DataModel, CompiledSchema> = {
  vcdm2: clrSchema(clrVcdm2),
  'vcdm1.1': clrSchema(clrVcdm11),
}

const OB_TYPES = new Set(['AchievementCredential', 'OpenBadgeCredential', 'EndorsementCredential'])

/**
 * A CLR's embedded credentials: each OB 3.0 credential (AchievementCredential, OpenBadgeCredential,
 * EndorsementCredential) validated with the OB schema and rules, its issues placed inside the CLR; a
 * string (a VC-JWT) refused, since CLR 2.0 embeds credentials as objects with their proofs. Returns the
 * paths judged, whose CLR-schema errors the OB ones replace.
 */
function checkEmbedded(clr: JsonObject, errors: ValidationIssue[], warnings: ValidationIssue[]): string[] {
  const judged: string[] = []
  for (const { path, credential } of embeddedCredentialsOf(clr)) {
    if (typeof credential === 'string') {
      judged.push(path)
      errors.push({
        path,
        code: 'EMBEDDED_JWT',
        message:
          'a CLR 2.0 embeds credentials as JSON objects with their proofs: a VC-JWT cannot be embedded (issue it with a Data Integrity proof)',
      })
      continue
    }
    if (!isJsonObject(credential) || !typesOf(credential).some((t) => OB_TYPES.has(String(t)))) continue
    judged.push(path)
    const result = validateCredential(credential)
    const inside = (issue: ValidationIssue) => ({ ...issue, path: path + issue.path })
    errors.push(...result.errors.map(inside))
    warnings.push(...result.warnings.map(inside))
  }
  return judged
}

/**
 * Validates a CLR 2.0 ClrCredential (VCDM 2.0 or 1.1) and each OB 3.0 credential it embeds (one level: OB
 * credentials embed no credentials). Never throws on bad data: every problem is an issue with a JSON
 * Pointer into the CLR and a stable code; a credential that is no ClrCredential is `NOT_A_CLR`.
 */
export function validateClr(input: unknown): ValidationResult {
  if (!isJsonObject(input)) return notAnObject('clr')
  const { model, kind } = variantOf(input)
  if (kind !== 'clr') {
    return {
      valid: false,
      errors: [{ path: '/type', code: 'NOT_A_CLR', message: 'a ClrCredential has type "ClrCredential"' }],
      warnings: [],
      model,
      kind,
    }
  }
  return validateWith(input, model, kind, SCHEMAS[model] as CompiledSchema, checkEmbedded)
}

/** Throws INVALID_CREDENTIAL unless `value` is a ClrCredential that validates, embedded credentials included. */
export function assertValidClr(value: unknown): asserts value is ClrCredential {
  assertValid(validateClr(value))
}
