/**
 * Validation of Open Badges 3.0 credentials against 1EdTech's official JSON Schema (draft 2019-09,
 * compiled ahead of time by Ajv's standalone code generation into ./generated/, so neither Ajv nor the
 * schema is loaded or compiled at run time) plus the rules the schema cannot express (validate-rules.ts).
 * A CLR 2.0 ClrCredential is validated by `validateClr` (@tessera/schema/clr), which alone loads the CLR
 * schema's code: its validators weigh more than everything else this package ships.
 */
import { STRUCTURE } from './generated/structure.js'
import { vcdm2Achievement } from './generated/vcdm2-achievement.js'
import { vcdm2Endorsement } from './generated/vcdm2-endorsement.js'
import { vcdm11Achievement } from './generated/vcdm11-achievement.js'
import { vcdm11Endorsement } from './generated/vcdm11-endorsement.js'
import { isJsonObject, type JsonObject } from './json.js'
import { schemaStructure } from './schema-issues.js'
import type { EndorsementCredential, OpenBadgeCredential } from './types.js'
import { assertValid, type CompiledSchema, notAnObject, validateWith, variantOf } from './validate-rules.js'

export type ValidationCode =
  // the official JSON Schema, by the keyword that failed
  | 'SCHEMA_REQUIRED'
  | 'SCHEMA_TYPE'
  | 'SCHEMA_ENUM'
  | 'SCHEMA_FORMAT'
  | 'SCHEMA_PATTERN'
  | 'SCHEMA_CONTAINS'
  | 'SCHEMA_MIN_ITEMS'
  | 'SCHEMA_ADDITIONAL_PROPERTY'
  | 'SCHEMA_ONE_OF'
  | 'SCHEMA_VIOLATION'
  // rules the schema misses
  | 'NOT_AN_OBJECT'
  | 'SUBJECT_WITHOUT_ID'
  | 'IMAGE_TYPE'
  | 'CONTEXT_ORDER'
  | 'EXTENSION_CONTEXT_MISSING'
  | 'VALIDITY_ORDER'
  | 'DATE_WITHOUT_ZONE'
  | 'INVALID_DATE'
  | 'EMBEDDED_JWT'
  | 'NOT_A_CLR'
  | 'CLR_CREDENTIAL'
  // warnings
  | 'SINGLE_VALUE_NOT_ARRAY'
  | 'STATUS_ARRAY'

export interface ValidationIssue {
  /** JSON Pointer (RFC 6901) to the offending value; "" is the whole credential. */
  path: string
  code: ValidationCode
  message: string
}

export type DataModel = 'vcdm2' | 'vcdm1.1'
/** The credential class: an OB 3.0 achievement or endorsement credential, or a CLR 2.0 ClrCredential. */
export type CredentialKind = 'achievement' | 'endorsement' | 'clr'

export interface ValidationResult {
  valid: boolean
  errors: ValidationIssue[]
  /** Accepted deviations, such as a single value where the schema wants an array of one. */
  warnings: ValidationIssue[]
  /** Which variant of the schema applied: the data model (from `@context`) and the credential class. */
  model: DataModel
  kind: CredentialKind
}

const OB_SCHEMA = schemaStructure(STRUCTURE)
const achievement = (validator: CompiledSchema['validator']): CompiledSchema => ({
  validator,
  structure: OB_SCHEMA,
  root: OB_SCHEMA.root,
})
const endorsement = (validator: CompiledSchema['validator']): CompiledSchema => ({
  validator,
  structure: OB_SCHEMA,
  root: OB_SCHEMA.defs.EndorsementCredential as JsonObject,
})
const SCHEMAS: Record<`${DataModel}:${'achievement' | 'endorsement'}`, CompiledSchema> = {
  'vcdm2:achievement': achievement(vcdm2Achievement),
  'vcdm2:endorsement': endorsement(vcdm2Endorsement),
  'vcdm1.1:achievement': achievement(vcdm11Achievement),
  'vcdm1.1:endorsement': endorsement(vcdm11Endorsement),
}

/** Which schema variant applies: by the first `@context` entry and by `type`. */
export function credentialVariant(credential: JsonObject): { model: DataModel; kind: CredentialKind } {
  return variantOf(credential)
}

/**
 * Validates an OpenBadgeCredential / AchievementCredential or an EndorsementCredential, on VCDM 2.0 or
 * 1.1. Never throws on bad data: every problem is an issue with a JSON Pointer and a stable code. A
 * ClrCredential is one issue here (`CLR_CREDENTIAL`, kind `clr`): `validateClr` from @tessera/schema/clr
 * validates it.
 */
export function validateCredential(input: unknown): ValidationResult {
  if (!isJsonObject(input)) return notAnObject('achievement')
  const { model, kind } = variantOf(input)
  if (kind === 'clr') {
    return {
      valid: false,
      errors: [
        {
          path: '/type',
          code: 'CLR_CREDENTIAL',
          message: 'a ClrCredential: validateClr from @tessera/schema/clr validates it',
        },
      ],
      warnings: [],
      model,
      kind,
    }
  }
  return validateWith(input, model, kind, SCHEMAS[`${model}:${kind}`])
}

export type ValidationErrorCode = 'INVALID_CREDENTIAL'

/** Throws INVALID_CREDENTIAL (with the issues in `cause`) unless `value` validates. */
export function assertValidCredential(
  value: unknown,
): asserts value is OpenBadgeCredential | EndorsementCredential {
  assertValid(validateCredential(value))
}
