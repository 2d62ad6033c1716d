/**
 * Validation of Open Badges 3.0 credentials against 1EdTech's official JSON Schema (draft 2019-09,
 * compiled ahead of time by Ajv's standalone code generation into ./generated/validators.ts, so neither Ajv
 * nor the schema is loaded or compiled at run time) plus the rules the schema cannot express.
 */
import type { ErrorObject } from 'ajv'
import {
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  OB_CONTEXTS,
  OB_EXTENSIONS_CONTEXT,
} from './context-urls.js'
import { fail } from './fail.js'
import * as compiled from './generated/validators.js'
import { isJsonObject, type JsonObject } from './json.js'
import type { EndorsementCredential, OpenBadgeCredential } from './types.js'

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
export type CredentialKind = 'achievement' | 'endorsement'

export interface ValidationResult {
  valid: boolean
  errors: ValidationIssue[]
  /** Accepted deviations, such as a single value where the schema wants an array of one. */
  warnings: ValidationIssue[]
  /** Which variant of the schema applied: the data model (from `@context`) and the credential class. */
  model: DataModel
  kind: CredentialKind
}

type Schema = JsonObject

/** A validation function compiled ahead of time: true or false, its errors left on `.errors`. */
interface CompiledValidator {
  (value: unknown): boolean
  errors?: ErrorObject[] | null
}

const VALIDATORS: Record<`${DataModel}:${CredentialKind}`, CompiledValidator> = {
  'vcdm2:achievement': compiled.vcdm2Achievement,
  'vcdm2:endorsement': compiled.vcdm2Endorsement,
  'vcdm1.1:achievement': compiled.vcdm11Achievement,
  'vcdm1.1:endorsement': compiled.vcdm11Endorsement,
}

function validatorFor(model: DataModel, kind: CredentialKind): CompiledValidator {
  return VALIDATORS[`${model}:${kind}`]
}

// --- JSON Pointer helpers

function pointer(base: string, key: string | number): string {
  return `${base}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`
}

// --- Single values where the schema wants arrays

const DEFS = (compiled.STRUCTURE as unknown as { $defs: Record<string, Schema> }).$defs

function deref(schema: Schema): Schema {
  const ref = schema.$ref
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return DEFS[ref.slice(8)] ?? schema
  return schema
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (value === null) return 'null'
  return typeof value
}

/**
 * JSON-LD lets a producer write an array of one as the value alone, and 1EdTech's validator accepts
 * such credentials against its JSON-LD schema. This returns a copy with those values wrapped in
 * arrays, recording each wrapped path, so the plain schema can judge the rest.
 */
function arrayForm(value: unknown, raw: Schema, path: string, wrapped: string[]): unknown {
  const schema = deref(raw)
  let out = value
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) out = arrayForm(out, sub, path, wrapped)
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined
  if (branches !== undefined && typeof out === 'object' && out !== null) {
    const branch = branches.map(deref).find((b) => b.type === undefined || b.type === kindOf(out))
    if (branch !== undefined) out = arrayForm(out, branch, path, wrapped)
  }
  if (schema.type === 'array' && !Array.isArray(out)) {
    wrapped.push(path)
    out = [out]
  }
  const items = schema.items
  if (Array.isArray(out) && isJsonObject(items)) {
    out = out.map((item, i) => arrayForm(item, items, pointer(path, i), wrapped))
  }
  const properties = schema.properties as Record<string, Schema> | undefined
  if (properties !== undefined && isJsonObject(out)) {
    const copy: JsonObject = { ...out }
    for (const [key, sub] of Object.entries(properties)) {
      if (copy[key] !== undefined) copy[key] = arrayForm(copy[key], sub, pointer(path, key), wrapped)
    }
    out = copy
  }
  return out
}

// --- Ajv errors as issues

const CODES: Record<string, ValidationCode> = {
  required: 'SCHEMA_REQUIRED',
  type: 'SCHEMA_TYPE',
  enum: 'SCHEMA_ENUM',
  const: 'SCHEMA_ENUM',
  format: 'SCHEMA_FORMAT',
  pattern: 'SCHEMA_PATTERN',
  contains: 'SCHEMA_CONTAINS',
  minItems: 'SCHEMA_MIN_ITEMS',
  additionalProperties: 'SCHEMA_ADDITIONAL_PROPERTY',
  oneOf: 'SCHEMA_ONE_OF',
  anyOf: 'SCHEMA_ONE_OF',
}

function describe(error: ErrorObject): { path: string; message: string } {
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return {
        path: pointer(error.instancePath, String(params.missingProperty)),
        message: `${String(params.missingProperty)} is required`,
      }
    case 'additionalProperties':
      return {
        path: pointer(error.instancePath, String(params.additionalProperty)),
        message: `${String(params.additionalProperty)} is not allowed here`,
      }
    case 'enum':
      return {
        path: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      }
    case 'contains': {
      const allowed = containsSchema(error)?.enum as unknown[] | undefined
      const what = allowed?.map((v) => JSON.stringify(v)).join(' or ') ?? 'a valid item'
      return { path: error.instancePath, message: `must contain ${what}` }
    }
    default:
      return { path: error.instancePath, message: error.message ?? 'is invalid' }
  }
}

/** The schema that applies at an instance path, following properties, items and refs from the root. */
function schemaAt(instancePath: string): Schema | undefined {
  let node: Schema | undefined = compiled.STRUCTURE as Schema
  for (const raw of instancePath.split('/').slice(1)) {
    if (node === undefined) return undefined
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    const here: Schema = deref(node)
    const properties = here.properties as Record<string, Schema> | undefined
    const items = here.items
    node = properties?.[part] ?? (isJsonObject(items) && /^\d+$/.test(part) ? items : undefined)
  }
  return node === undefined ? undefined : deref(node)
}

/**
 * The subschema of a `contains` error. Ajv gives its schema path from the root of the schema or of
 * the $def it was in (which it does not name), so the path is followed from the schema at the instance.
 */
function containsSchema(error: ErrorObject): Schema | undefined {
  const tail = /\/properties\/[^/]+\/((?:[^/]+\/)*)contains$/.exec(error.schemaPath)?.[1]
  let node: unknown = schemaAt(error.instancePath)
  for (const part of (tail ?? '').split('/')) {
    if (part !== '' && (isJsonObject(node) || Array.isArray(node)))
      node = (node as Record<string, unknown>)[part]
  }
  const contains = isJsonObject(node) ? node.contains : undefined
  return isJsonObject(contains) ? contains : undefined
}

/** Where a oneOf/anyOf branch of the schema starts in an error's schema path, if it does. */
function branchOf(error: ErrorObject): { union: string; rest: string } | undefined {
  const match = /^(.*\/(?:oneOf|anyOf))\/\d+(.*)$/.exec(error.schemaPath)
  if (match === null) return undefined
  return { union: `${match[1]}@${error.instancePath}`, rest: match[2] as string }
}

const isUnion = (error: ErrorObject): boolean => error.keyword === 'oneOf' || error.keyword === 'anyOf'

function isUnder(error: ErrorObject, path: string): boolean {
  return error.instancePath === path || error.instancePath.startsWith(`${path}/`)
}

function issueOf(error: ErrorObject): ValidationIssue {
  return { ...describe(error), code: CODES[error.keyword] ?? 'SCHEMA_VIOLATION' }
}

/**
 * Ajv reports every branch of a failed union and every item a `contains` rejected. Keep what helps:
 * the errors inside the branch that fits the value's type, or one issue for a value no branch accepts.
 */
function schemaIssues(all: ErrorObject[]): ValidationIssue[] {
  const errors = all.filter((e) => !e.schemaPath.includes('/contains/'))
  const dropped = new Set<ErrorObject>()
  const merged = new Map<ErrorObject, ValidationIssue>()
  for (const union of errors.filter(isUnion)) {
    const key = `${union.schemaPath}@${union.instancePath}`
    const branches = errors.filter((e) => branchOf(e)?.union === key)
    const inside = errors.filter(
      (e) => e !== union && !branches.includes(e) && isUnder(e, union.instancePath),
    )
    if (inside.length > 0) {
      // A branch reached through $ref fits the value and says what is wrong inside it.
      dropped.add(union)
      for (const e of branches) if (branchOf(e)?.rest === '/type') dropped.add(e)
    } else if (branches.length > 0 && branches.every((e) => e.instancePath === union.instancePath)) {
      for (const e of branches) dropped.add(e)
      const keywords = new Set(branches.map((e) => e.keyword))
      const messages = branches.map((e) =>
        e.keyword === 'pattern' && String(e.schema).includes('ext:')
          ? 'an extension term ext:<Name>'
          : describe(e).message.replace(/^must (be |match )?/, ''),
      )
      merged.set(union, {
        path: union.instancePath,
        code: keywords.has('enum')
          ? 'SCHEMA_ENUM'
          : keywords.size === 1 && keywords.has('type')
            ? 'SCHEMA_TYPE'
            : 'SCHEMA_ONE_OF',
        message: `must be ${messages.join(', or ')}`,
      })
    }
  }
  return errors.filter((e) => !dropped.has(e)).map((e) => merged.get(e) ?? issueOf(e))
}

// --- Rules the schema misses

const DATE_KEYS = new Set([
  'validFrom',
  'validUntil',
  'issuanceDate',
  'expirationDate',
  'awardedDate',
  'activityStartDate',
  'activityEndDate',
  'created',
])
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?<zone>[Zz]|[+-]\d{2}:?\d{2})?$/

/** Calls `visit` for every property of every object in `value`, depth first, with its JSON Pointer. */
function eachProperty(
  value: unknown,
  path: string,
  visit: (key: string, item: unknown, at: string) => void,
): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) eachProperty(item, pointer(path, i), visit)
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const at = pointer(path, key)
      visit(key, item, at)
      eachProperty(item, at, visit)
    }
  }
}

/** Date-times carry a time zone; an Image is typed "Image" wherever it appears. */
function checkDatesAndImages(credential: JsonObject, issues: ValidationIssue[]): void {
  eachProperty(credential, '', (key, item, at) => {
    if (DATE_KEYS.has(key) && typeof item === 'string') {
      const match = DATE_TIME.exec(item)
      if (match === null || Number.isNaN(Date.parse(item))) {
        issues.push({ path: at, code: 'INVALID_DATE', message: `${JSON.stringify(item)} is not a date-time` })
      } else if (match.groups?.zone === undefined) {
        issues.push({
          path: at,
          code: 'DATE_WITHOUT_ZONE',
          message: `${JSON.stringify(item)} has no time zone: add Z or an offset such as +02:00`,
        })
      }
    } else if (key === 'image' && isJsonObject(item) && item.type !== 'Image') {
      issues.push({
        path: pointer(at, 'type'),
        code: 'IMAGE_TYPE',
        message: 'an Image must have type "Image"',
      })
    }
  })
}

function checkValidityOrder(credential: JsonObject, issues: ValidationIssue[]): void {
  for (const [fromKey, untilKey] of [
    ['validFrom', 'validUntil'],
    ['issuanceDate', 'expirationDate'],
  ] as const) {
    const from = credential[fromKey]
    const until = credential[untilKey]
    if (typeof from !== 'string' || typeof until !== 'string') continue
    const [a, b] = [Date.parse(from), Date.parse(until)]
    if (!Number.isNaN(a) && !Number.isNaN(b) && b < a) {
      issues.push({
        path: `/${untilKey}`,
        code: 'VALIDITY_ORDER',
        message: `${untilKey} (${until}) must not be before ${fromKey} (${from})`,
      })
    }
  }
}

function checkContextOrder(credential: JsonObject, model: DataModel, issues: ValidationIssue[]): void {
  const context = credential['@context']
  if (!Array.isArray(context)) return
  const vcContext = model === 'vcdm2' ? CREDENTIALS_V2_CONTEXT : CREDENTIALS_V1_CONTEXT
  const other = model === 'vcdm2' ? CREDENTIALS_V1_CONTEXT : CREDENTIALS_V2_CONTEXT
  const vcAt = context.indexOf(vcContext)
  if (vcAt > 0) {
    issues.push({
      path: '/@context/0',
      code: 'CONTEXT_ORDER',
      message: `${vcContext} must come first in @context`,
    })
  }
  if (context.includes(other)) {
    issues.push({
      path: pointer('/@context', context.indexOf(other)),
      code: 'CONTEXT_ORDER',
      message: `${other} cannot be mixed with ${vcContext}`,
    })
  }
  const obAt = context.findIndex((c) => (OB_CONTEXTS as readonly unknown[]).includes(c))
  if (obAt > 1) {
    issues.push({
      path: pointer('/@context', obAt),
      code: 'CONTEXT_ORDER',
      message: 'the Open Badges context must come second in @context, right after the credentials context',
    })
  }
}

/** Types defined only by 1EdTech's extensions context. */
const EXTENSION_TYPES = new Set([
  '1EdTechJsonSchemaValidator2019',
  '1EdTechRevocationList',
  '1EdTechCredentialRefresh',
])

function checkExtensionContext(credential: JsonObject, issues: ValidationIssue[]): void {
  const context = credential['@context']
  if (Array.isArray(context) && context.includes(OB_EXTENSIONS_CONTEXT)) return
  for (const key of ['credentialSchema', 'credentialStatus', 'refreshService']) {
    const value = credential[key]
    const entries = Array.isArray(value) ? value : [value]
    entries.forEach((entry, i) => {
      if (isJsonObject(entry) && typeof entry.type === 'string' && EXTENSION_TYPES.has(entry.type)) {
        issues.push({
          path: Array.isArray(value) ? pointer(pointer(`/${key}`, i), 'type') : `/${key}/type`,
          code: 'EXTENSION_CONTEXT_MISSING',
          message: `${entry.type} is defined by ${OB_EXTENSIONS_CONTEXT}, which @context lacks`,
        })
      }
    })
  }
}

function checkSubject(credential: JsonObject, kind: CredentialKind, issues: ValidationIssue[]): void {
  const subject = credential.credentialSubject
  if (kind !== 'achievement' || !isJsonObject(subject)) return
  const identifiers = subject.identifier
  const hasIdentifier = Array.isArray(identifiers) ? identifiers.length > 0 : isJsonObject(identifiers)
  if (typeof subject.id !== 'string' && !hasIdentifier) {
    issues.push({
      path: '/credentialSubject',
      code: 'SUBJECT_WITHOUT_ID',
      message: 'the credential subject needs an id (such as a DID) or an identifier (such as a hashed email)',
    })
  }
}

// --- Entry points

function typesOf(credential: JsonObject): unknown[] {
  const type = credential.type
  return Array.isArray(type) ? type : [type]
}

/** Which schema variant applies: by the first `@context` entry and by `type`. */
export function credentialVariant(credential: JsonObject): { model: DataModel; kind: CredentialKind } {
  const context = credential['@context']
  const first = Array.isArray(context) ? context[0] : context
  return {
    model: first === CREDENTIALS_V1_CONTEXT ? 'vcdm1.1' : 'vcdm2',
    kind: typesOf(credential).includes('EndorsementCredential') ? 'endorsement' : 'achievement',
  }
}

function remap(path: string, wrapped: string[]): string {
  for (const w of wrapped) {
    if (path === `${w}/0` || path.startsWith(`${w}/0/`)) return w + path.slice(w.length + 2)
  }
  return path
}

/**
 * Validates an OpenBadgeCredential / AchievementCredential or an EndorsementCredential, on VCDM 2.0
 * or 1.1. Never throws on bad data: every problem is an issue with a JSON Pointer and a stable code.
 */
export function validateCredential(input: unknown): ValidationResult {
  let value = input
  if (!isJsonObject(value)) {
    return {
      valid: false,
      errors: [{ path: '', code: 'NOT_AN_OBJECT', message: 'a credential is a JSON object' }],
      warnings: [],
      model: 'vcdm2',
      kind: 'achievement',
    }
  }
  const { model, kind } = credentialVariant(value)
  const rules: ValidationIssue[] = []
  checkContextOrder(value, model, rules)
  checkExtensionContext(value, rules)
  checkSubject(value, kind, rules)
  checkValidityOrder(value, rules)
  checkDatesAndImages(value, rules)

  const warnings: ValidationIssue[] = []
  // VCDM 2.0 allows several status entries; OB 3.0 allows one. A revocation and a suspension entry make
  // two: each is checked against the schema's CredentialStatus, and the difference is a warning.
  if (Array.isArray(value.credentialStatus) && value.credentialStatus.length > 1) {
    for (const [i, entry] of value.credentialStatus.entries()) {
      if (!isJsonObject(entry) || typeof entry.id !== 'string' || typeof entry.type !== 'string') {
        rules.push({
          path: `/credentialStatus/${i}`,
          code: 'SCHEMA_REQUIRED',
          message: 'a status entry needs an id and a type',
        })
      }
    }
    warnings.push({
      path: '/credentialStatus',
      code: 'STATUS_ARRAY',
      message:
        'several status entries: VCDM 2.0 allows them, the OB 3.0 schema wants one, and strict verifiers reject the credential',
    })
    value = { ...value, credentialStatus: value.credentialStatus[0] }
  }
  const validate = validatorFor(model, kind)
  let schemaErrors: ValidationIssue[] = []
  if (!validate(value)) {
    const wrapped: string[] = []
    const root = kind === 'achievement' ? compiled.STRUCTURE : DEFS.EndorsementCredential
    const normalised = arrayForm(value, root as Schema, '', wrapped)
    for (const path of wrapped) {
      warnings.push({
        path,
        code: 'SINGLE_VALUE_NOT_ARRAY',
        message:
          'a single value where the schema wants an array: valid JSON-LD, but plain-JSON consumers may reject it',
      })
    }
    if (!validate(normalised)) {
      const deepestFirst = [...wrapped].sort((a, b) => b.length - a.length)
      schemaErrors = schemaIssues(validate.errors ?? []).map((issue) => ({
        ...issue,
        path: remap(issue.path, deepestFirst),
      }))
    }
  }
  // A rule's message is the clearer one where both flag the same value.
  const flagged = new Set(rules.map((r) => r.path))
  const errors = [...rules, ...schemaErrors.filter((e) => !flagged.has(e.path))]
  const unique = [...new Map(errors.map((e) => [`${e.path}\u0000${e.code}\u0000${e.message}`, e])).values()]
  return { valid: unique.length === 0, errors: unique, warnings, model, kind }
}

export type ValidationErrorCode = 'INVALID_CREDENTIAL'

/** Throws INVALID_CREDENTIAL (with the issues in `cause`) unless `value` validates. */
export function assertValidCredential(
  value: unknown,
): asserts value is OpenBadgeCredential | EndorsementCredential {
  const result = validateCredential(value)
  if (!result.valid) {
    const first = result.errors[0] as ValidationIssue
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''
    fail('INVALID_CREDENTIAL', `${first.path || '/'}: ${first.message}${more}`, {
      path: first.path,
      cause: result.errors,
    })
  }
}
