/**
 * Validation of Open Badges 3.0 credentials and CLR 2.0 ClrCredentials against 1EdTech's official JSON
 * Schemas (draft 2019-09, compiled ahead of time by Ajv's standalone code generation into
 * ./generated/validators.ts, so neither Ajv nor a schema is loaded or compiled at run time) plus the rules
 * the schemas cannot express. A CLR's embedded OB credentials are validated each with the OB schema, their
 * issues placed by JSON Pointer inside the CLR.
 */
import type { ErrorObject } from 'ajv'
import {
  CLR_CONTEXTS,
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  OB_CONTEXTS,
  OB_EXTENSIONS_CONTEXT,
} from './context-urls.js'
import { fail } from './fail.js'
import * as compiled from './generated/validators.js'
import { isJsonObject, type JsonObject } from './json.js'
import { embeddedCredentialsOf } from './reader.js'
import { arrayForm, pointer, type SchemaStructure, schemaIssues, schemaStructure } from './schema-issues.js'
import type { ClrCredential, EndorsementCredential, OpenBadgeCredential } from './types.js'

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
  'vcdm2:clr': compiled.clrVcdm2,
  'vcdm1.1:clr': compiled.clrVcdm11,
}

const OB_SCHEMA = schemaStructure(compiled.STRUCTURE)
const CLR_SCHEMA = schemaStructure(compiled.CLR_STRUCTURE)

/** The schema structure a credential class is judged by (for single values and for wording errors). */
function structureFor(kind: CredentialKind): { structure: SchemaStructure; root: JsonObject } {
  if (kind === 'clr') return { structure: CLR_SCHEMA, root: CLR_SCHEMA.root }
  const root = kind === 'achievement' ? OB_SCHEMA.root : (OB_SCHEMA.defs.EndorsementCredential as JsonObject)
  return { structure: OB_SCHEMA, root }
}

function validatorFor(model: DataModel, kind: CredentialKind): CompiledValidator {
  return VALIDATORS[`${model}:${kind}`]
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

function checkContextOrder(
  credential: JsonObject,
  model: DataModel,
  kind: CredentialKind,
  issues: ValidationIssue[],
): void {
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
  if (kind === 'clr') {
    // CLR 2.0: the CLR context second, the OB context (whose terms the CLR's achievements use) third
    const clrAt = context.findIndex((c) => (CLR_CONTEXTS as readonly unknown[]).includes(c))
    if (clrAt !== 1) {
      issues.push({
        path: clrAt > 1 ? pointer('/@context', clrAt) : '/@context/1',
        code: 'CONTEXT_ORDER',
        message: 'the CLR 2.0 context must come second in @context, right after the credentials context',
      })
    }
    return
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
  const types = typesOf(credential)
  return {
    model: first === CREDENTIALS_V1_CONTEXT ? 'vcdm1.1' : 'vcdm2',
    kind: types.includes('ClrCredential')
      ? 'clr'
      : types.includes('EndorsementCredential')
        ? 'endorsement'
        : 'achievement',
  }
}

function remap(path: string, wrapped: string[]): string {
  for (const w of wrapped) {
    if (path === `${w}/0` || path.startsWith(`${w}/0/`)) return w + path.slice(w.length + 2)
  }
  return path
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

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`)
}

/**
 * Validates an OpenBadgeCredential / AchievementCredential, an EndorsementCredential or a CLR 2.0
 * ClrCredential (with each OB credential it embeds, one level: OB credentials embed no credentials), on VCDM 2.0 or 1.1. Never throws on bad data: every
 * problem is an issue with a JSON Pointer and a stable code.
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
  checkContextOrder(value, model, kind, rules)
  checkExtensionContext(value, rules)
  checkSubject(value, kind, rules)
  checkValidityOrder(value, rules)
  checkDatesAndImages(value, rules)

  const warnings: ValidationIssue[] = []
  const judged = kind === 'clr' ? checkEmbedded(value, rules, warnings) : []
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
  const validator = validatorFor(model, kind)
  let schemaErrors: ValidationIssue[] = []
  if (!validator(value)) {
    const wrapped: string[] = []
    const { structure, root } = structureFor(kind)
    const normalised = arrayForm(structure, value, root, '', wrapped)
    for (const path of wrapped) {
      // the embedded credential's own validation reports what is inside it
      if (judged.some((base) => path.startsWith(`${base}/`))) continue
      warnings.push({
        path,
        code: 'SINGLE_VALUE_NOT_ARRAY',
        message:
          'a single value where the schema wants an array: valid JSON-LD, but plain-JSON consumers may reject it',
      })
    }
    if (!validator(normalised)) {
      const deepestFirst = [...wrapped].sort((a, b) => b.length - a.length)
      schemaErrors = schemaIssues(structure, validator.errors ?? [])
        .map((issue) => ({ ...issue, path: remap(issue.path, deepestFirst) }))
        .filter((issue) => !judged.some((base) => isUnder(issue.path, base)))
    }
  }
  // A rule's message is the clearer one where both flag the same value.
  const flagged = new Set(rules.map((r) => r.path))
  const errors = [...rules, ...schemaErrors.filter((e) => !flagged.has(e.path))]
  const unique = [...new Map(errors.map((e) => [`${e.path}\u0000${e.code}\u0000${e.message}`, e])).values()]
  const uniqueWarnings = [
    ...new Map(warnings.map((e) => [`${e.path}\u0000${e.code}\u0000${e.message}`, e])).values(),
  ]
  return { valid: unique.length === 0, errors: unique, warnings: uniqueWarnings, model, kind }
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

/** Throws INVALID_CREDENTIAL unless `value` is a ClrCredential that validates, embedded credentials included. */
export function assertValidClr(value: unknown): asserts value is ClrCredential {
  if (isJsonObject(value) && credentialVariant(value).kind !== 'clr') {
    fail('INVALID_CREDENTIAL', '/type: a ClrCredential has type "ClrCredential"', { path: '/type' })
  }
  assertValidCredential(value)
}
