/**
 * What Ajv reports of 1EdTech's schemas, said as validation issues (a JSON Pointer, a stable code, a
 * message): the noise of unions trimmed, `contains` worded with what it asks for. And the array form of
 * a credential, for the single values JSON-LD allows where a schema wants an array. Internal: validation's
 * machinery over a schema's structure (the OB schema's, the CLR schema's), not part of the public API.
 */
import { isJsonObject, type JsonObject } from './json.js'
import { pointer } from './json-pointer.js'
import type { ValidationCode, ValidationIssue } from './validate.js'

type Schema = JsonObject

/**
 * What the compiled validators report of a failed keyword: the fields of Ajv's ErrorObject read here,
 * declared here so that no published declaration imports ajv (a development dependency).
 */
export interface ErrorObject {
  keyword: string
  instancePath: string
  /**
   * Where the keyword is in the schema: the compiled validators give it only where this module reads it
   * (in and on a `oneOf` or `anyOf`, in and on a `contains`), and "" elsewhere (scripts/compact-code.ts).
   */
  schemaPath: string
  params: Record<string, unknown>
  message?: string
  schema?: unknown
}

/** One of 1EdTech's schemas as validation reads it: its structure (`structureOf`), and its definitions. */
export interface SchemaStructure {
  root: Schema
  defs: Record<string, Schema>
}

export function schemaStructure(root: unknown): SchemaStructure {
  const schema = root as Schema & { $defs: Record<string, Schema> }
  return { root: schema, defs: schema.$defs }
}

function deref(structure: SchemaStructure, schema: Schema): Schema {
  const ref = schema.$ref
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return structure.defs[ref.slice(8)] ?? schema
  return schema
}

// --- Single values where the schema wants arrays

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
export function arrayForm(
  structure: SchemaStructure,
  value: unknown,
  raw: Schema,
  path: string,
  wrapped: string[],
): unknown {
  const schema = deref(structure, raw)
  let out = value
  for (const sub of (schema.allOf as Schema[] | undefined) ?? [])
    out = arrayForm(structure, out, sub, path, wrapped)
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined
  if (branches !== undefined && typeof out === 'object' && out !== null) {
    const branch = branches
      .map((b) => deref(structure, b))
      .find((b) => b.type === undefined || b.type === kindOf(out))
    if (branch !== undefined) out = arrayForm(structure, out, branch, path, wrapped)
  }
  if (schema.type === 'array' && !Array.isArray(out)) {
    wrapped.push(path)
    out = [out]
  }
  const items = schema.items
  if (Array.isArray(out) && isJsonObject(items)) {
    out = out.map((item, i) => arrayForm(structure, item, items, pointer(path, i), wrapped))
  }
  const properties = schema.properties as Record<string, Schema> | undefined
  if (properties !== undefined && isJsonObject(out)) {
    const copy: JsonObject = { ...out }
    for (const [key, sub] of Object.entries(properties)) {
      if (copy[key] !== undefined)
        copy[key] = arrayForm(structure, copy[key], sub, pointer(path, key), wrapped)
    }
    out = copy
  }
  return out
}

// --- Ajv errors as issues

/**
 * Ajv's message for an error, worded as Ajv 8 words it: the validators are compiled without their
 * messages (`messages: false`, about 1.3 KiB min+gzip of the OB validators), and the few keywords
 * 1EdTech's schemas use are worded here once. test/compiled.test.ts holds each to Ajv's own.
 */
export function ajvMessage({ keyword, params }: Pick<ErrorObject, 'keyword' | 'params'>): string {
  switch (keyword) {
    case 'type':
      return `must be ${String(params.type)}`
    case 'required':
      return `must have required property '${String(params.missingProperty)}'`
    case 'additionalProperties':
      return 'must NOT have additional properties'
    case 'enum':
      return 'must be equal to one of the allowed values'
    case 'const':
      return 'must be equal to constant'
    case 'pattern':
      return `must match pattern "${String(params.pattern)}"`
    case 'format':
      return `must match format "${String(params.format)}"`
    case 'minItems':
      return `must NOT have fewer than ${String(params.limit)} items`
    case 'maxItems':
    case 'additionalItems':
      return `must NOT have more than ${String(params.limit)} items`
    case 'contains':
      return `must contain at least ${String(params.minContains)} valid item(s)`
    case 'oneOf':
      return 'must match exactly one schema in oneOf'
    case 'anyOf':
      return 'must match a schema in anyOf'
    case 'propertyNames':
      return 'property name must be valid'
    default:
      return `must pass "${keyword}" keyword validation`
  }
}

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

function describe(structure: SchemaStructure, error: ErrorObject): { path: string; message: string } {
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
      const allowed = containsSchema(structure, error)?.enum as unknown[] | undefined
      const what = allowed?.map((v) => JSON.stringify(v)).join(' or ') ?? 'a valid item'
      return { path: error.instancePath, message: `must contain ${what}` }
    }
    default:
      return { path: error.instancePath, message: error.message ?? ajvMessage(error) }
  }
}

/** The schema that applies at an instance path, following properties, items and refs from the root. */
function schemaAt(structure: SchemaStructure, instancePath: string): Schema | undefined {
  let node: Schema | undefined = structure.root
  for (const raw of instancePath.split('/').slice(1)) {
    if (node === undefined) return undefined
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    const here: Schema = deref(structure, node)
    const properties = here.properties as Record<string, Schema> | undefined
    const items = here.items
    node = properties?.[part] ?? (isJsonObject(items) && /^\d+$/.test(part) ? items : undefined)
  }
  return node === undefined ? undefined : deref(structure, node)
}

/**
 * The subschema of a `contains` error. Ajv gives its schema path from the root of the schema or of
 * the $def it was in (which it does not name), so the path is followed from the schema at the instance.
 */
function containsSchema(structure: SchemaStructure, error: ErrorObject): Schema | undefined {
  const tail = /\/properties\/[^/]+\/((?:[^/]+\/)*)contains$/.exec(error.schemaPath)?.[1]
  let node: unknown = schemaAt(structure, error.instancePath)
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

function issueOf(structure: SchemaStructure, error: ErrorObject): ValidationIssue {
  return { ...describe(structure, error), code: CODES[error.keyword] ?? 'SCHEMA_VIOLATION' }
}

/**
 * Ajv reports every branch of a failed union and every item a `contains` rejected. Keep what helps:
 * the errors inside the branch that fits the value's type, or one issue for a value no branch accepts.
 */
export function schemaIssues(structure: SchemaStructure, all: ErrorObject[]): ValidationIssue[] {
  const errors = all.filter((e) => !e.schemaPath.includes('/contains/'))
  const dropped = new Set<ErrorObject>()
  const merged = new Map<ErrorObject, ValidationIssue>()
  // Where each union's errors start: Ajv reports a union's branches right before the union itself, and the
  // same union can be reached twice at one place (a definition compiled as a function of its own, called
  // from two branches of an outer union), so a union's branches are those after the last one of its key.
  const since = new Map<string, number>()
  for (const [at, union] of errors.entries()) {
    if (!isUnion(union)) continue
    const key = `${union.schemaPath}@${union.instancePath}`
    const branches = errors.slice(since.get(key) ?? 0, at).filter((e) => branchOf(e)?.union === key)
    since.set(key, at + 1)
    const inside = errors.filter(
      (e) => e !== union && !branches.includes(e) && isUnder(e, union.instancePath),
    )
    if (inside.length > 0) {
      // A branch reached through $ref fits the value and says what is wrong inside it.
      dropped.add(union)
      for (const e of branches) if (branchOf(e)?.rest === '/type') dropped.add(e)
      // Where a branch found something deeper, or other than a type mismatch (which a keyword only finds
      // in a value of its type), a type error on the value itself is another branch's, reached through
      // $ref (so not named as a branch): one value or an array of them, as the CLR schema writes them.
      const fits = (e: ErrorObject) => e.instancePath !== union.instancePath || e.keyword !== 'type'
      if ([...inside, ...branches].some(fits)) {
        for (const e of inside)
          if (e.keyword === 'type' && e.instancePath === union.instancePath) dropped.add(e)
      }
    } else if (branches.length > 0 && branches.every((e) => e.instancePath === union.instancePath)) {
      for (const e of branches) dropped.add(e)
      const keywords = new Set(branches.map((e) => e.keyword))
      const messages = branches.map((e) =>
        e.keyword === 'pattern' && String(e.schema).includes('ext:')
          ? 'an extension term ext:<Name>'
          : describe(structure, e).message.replace(/^must (be |match )?/, ''),
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
  return errors.filter((e) => !dropped.has(e)).map((e) => merged.get(e) ?? issueOf(structure, e))
}
