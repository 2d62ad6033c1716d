/**
 * Validation's machinery, shared by OB 3.0 (validate.ts) and CLR 2.0 (clr-validate.ts): the rules the
 * schemas miss, and a credential judged by one compiled schema with its issues worded and placed. Internal:
 * each schema's validators are imported by the module that uses them, so that OB validation does not load
 * the CLR schema's code.
 */
import {
  CREDENTIALS_V1_CONTEXT,
  CREDENTIALS_V2_CONTEXT,
  OB_CONTEXTS,
  OB_EXTENSIONS_CONTEXT,
} from './context-urls.js'
import { fail } from './fail.js'
import { isJsonObject, type JsonObject } from './json.js'
import { pointer } from './json-pointer.js'
import { arrayForm, type ErrorObject, type SchemaStructure, schemaIssues } from './schema-issues.js'
import type { CredentialKind, DataModel, ValidationIssue, ValidationResult } from './validate.js'

/** A validation function compiled ahead of time: true or false, its errors left on `.errors`. */
export interface CompiledValidator {
  (value: unknown): boolean
  errors?: ErrorObject[] | null
}

/** What a credential is judged by: a compiled schema, and its structure with the schema's root in it. */
export interface CompiledSchema {
  validator: CompiledValidator
  structure: SchemaStructure
  root: JsonObject
  /**
   * The rule for the context that comes second in `@context` (an array): the issue, if any. Default the
   * OB 3.0 one (`obContextSecond`); the CLR schema's is clr-validate.ts's, so that OB validation (the
   * JWT-only verifier's) carries no CLR rule.
   */
  secondContext?: (context: readonly unknown[]) => ValidationIssue | undefined
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

/** The keys that lead from a credential's root to a value, in order. */
type KeyPath = (string | number)[]

/** `at` spelled out as a JSON Pointer: only for an issue reported, not for every property visited. */
function pointerAt(at: readonly (string | number)[]): string {
  let path = ''
  for (const key of at) path = pointer(path, key)
  return path
}

/**
 * Calls `visit` for every property of every object in `value`, depth first, with the keys that lead to it
 * (`at`, one array pushed and popped as the walk goes: read it during the call, or copy it).
 */
function eachProperty(
  value: unknown,
  at: KeyPath,
  visit: (key: string, item: unknown, at: readonly (string | number)[]) => void,
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i)
      eachProperty(value[i], at, visit)
      at.pop()
    }
  } else if (isJsonObject(value)) {
    for (const key of Object.keys(value)) {
      const item = value[key]
      at.push(key)
      visit(key, item, at)
      eachProperty(item, at, visit)
      at.pop()
    }
  }
}

/** Date-times carry a time zone; an Image is typed "Image" wherever it appears. */
function checkDatesAndImages(credential: JsonObject, issues: ValidationIssue[]): void {
  eachProperty(credential, [], (key, item, at) => {
    if (DATE_KEYS.has(key) && typeof item === 'string') {
      const match = DATE_TIME.exec(item)
      if (match === null || Number.isNaN(Date.parse(item))) {
        issues.push({
          path: pointerAt(at),
          code: 'INVALID_DATE',
          message: `${JSON.stringify(item)} is not a date-time`,
        })
      } else if (match.groups?.zone === undefined) {
        issues.push({
          path: pointerAt(at),
          code: 'DATE_WITHOUT_ZONE',
          message: `${JSON.stringify(item)} has no time zone: add Z or an offset such as +02:00`,
        })
      }
    } else if (key === 'image' && isJsonObject(item) && item.type !== 'Image') {
      issues.push({
        path: pointer(pointerAt(at), 'type'),
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
  secondContext: NonNullable<CompiledSchema['secondContext']>,
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
  const second = secondContext(context)
  if (second !== undefined) issues.push(second)
}

/** OB 3.0's second context: the Open Badges context, if there, right after the credentials context. */
function obContextSecond(context: readonly unknown[]): ValidationIssue | undefined {
  const obAt = context.findIndex((c) => (OB_CONTEXTS as readonly unknown[]).includes(c))
  if (obAt <= 1) return undefined
  return {
    path: pointer('/@context', obAt),
    code: 'CONTEXT_ORDER',
    message: 'the Open Badges context must come second in @context, right after the credentials context',
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

export function typesOf(credential: JsonObject): unknown[] {
  const type = credential.type
  return Array.isArray(type) ? type : [type]
}

/** Which schema variant applies: by the first `@context` entry and by `type`. */
export function variantOf(credential: JsonObject): { model: DataModel; kind: CredentialKind } {
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

function isUnder(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`)
}

/** The issues without repeats (same path, code and message), in their order. */
function distinct(issues: ValidationIssue[]): ValidationIssue[] {
  if (issues.length < 2) return issues
  return [...new Map(issues.map((e) => [`${e.path}\u0000${e.code}\u0000${e.message}`, e])).values()]
}

export function notAnObject(kind: CredentialKind): ValidationResult {
  return {
    valid: false,
    errors: [{ path: '', code: 'NOT_AN_OBJECT', message: 'a credential is a JSON object' }],
    warnings: [],
    model: 'vcdm2',
    kind,
  }
}

/**
 * Judges `input` by `schema` and the rules. `embedded` checks what the credential embeds (a CLR's
 * credentials), adding its issues, and returns the paths it judged, whose schema issues it replaces.
 */
export function validateWith(
  input: JsonObject,
  model: DataModel,
  kind: CredentialKind,
  schema: CompiledSchema,
  embedded?: (value: JsonObject, errors: ValidationIssue[], warnings: ValidationIssue[]) => string[],
): ValidationResult {
  let value = input
  const rules: ValidationIssue[] = []
  checkContextOrder(value, model, schema.secondContext ?? obContextSecond, rules)
  checkExtensionContext(value, rules)
  checkSubject(value, kind, rules)
  checkValidityOrder(value, rules)
  checkDatesAndImages(value, rules)

  const warnings: ValidationIssue[] = []
  const judged = embedded?.(value, rules, warnings) ?? []
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
  const { validator, structure, root } = schema
  let schemaErrors: ValidationIssue[] = []
  if (!validator(value)) {
    const wrapped: string[] = []
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
  const errors =
    schemaErrors.length === 0 ? rules : [...rules, ...schemaErrors.filter((e) => !flagged.has(e.path))]
  const unique = distinct(errors)
  return { valid: unique.length === 0, errors: unique, warnings: distinct(warnings), model, kind }
}

/** Throws INVALID_CREDENTIAL (with the issues in `cause`) unless the result is valid. */
export function assertValid(result: ValidationResult): void {
  if (!result.valid) {
    const first = result.errors[0] as ValidationIssue
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : ''
    fail('INVALID_CREDENTIAL', `${first.path || '/'}: ${first.message}${more}`, {
      path: first.path,
      cause: result.errors,
    })
  }
}
