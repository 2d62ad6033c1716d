/**
 * The variants of 1EdTech's OB 3.0 and CLR 2.0 schemas Tessera validates against, as the validator
 * compiler (scripts/compile-validators.ts) reads them: the official VCDM 2.0 schemas, and their VCDM 1.1 twins.
 */
import { CREDENTIALS_V1_CONTEXT } from './context-urls.js'
import type { JsonObject } from './json.js'

type Schema = JsonObject

/**
 * The `items` list of a credential's `@context`: directly under the property (the OB schema), or in the
 * array branch of its `oneOf` (the CLR schema, which also accepts a single context).
 */
function contextItems(credential: Schema): Schema[] {
  const context = (credential.properties as Record<string, Schema>)['@context'] as Schema
  const branches = [context, ...((context.oneOf as Schema[] | undefined) ?? [])]
  const items = branches.map((b) => b.items).find(Array.isArray)
  if (items === undefined) throw new Error('the schema gives @context no list of items')
  return items as Schema[]
}

/**
 * The official schemas describe VCDM 2.0 credentials. OB 3.0 and CLR 2.0 credentials on VCDM 1.1 still
 * circulate: for them the same schema applies with the credentials/v1 context and `issuanceDate` in place
 * of `validFrom` (`expirationDate` for `validUntil`), on the root and on each of the `definitions` that
 * describe a credential (the OB schema's EndorsementCredential; the CLR schema's also VerifiableCredential).
 */
export function vcdm11Variant(
  schema: Schema,
  definitions: readonly string[] = ['EndorsementCredential'],
): Schema {
  const copy = structuredClone(schema) as Schema & { $defs: Record<string, Schema> }
  copy.$id = String(schema.$id).replace('/schema/', '/schema/vcdm1.1/')
  for (const credential of [copy, ...definitions.map((name) => copy.$defs[name] as Schema)]) {
    const properties = credential.properties as Record<string, Schema>
    contextItems(credential)[0] = { enum: [CREDENTIALS_V1_CONTEXT] }
    properties.issuanceDate = { ...properties.validFrom }
    properties.expirationDate = { ...properties.validUntil }
    credential.required = (credential.required as string[]).map((p) =>
      p === 'validFrom' ? 'issuanceDate' : p,
    )
  }
  return copy
}

const STRUCTURE_KEYWORDS = new Set([
  'type',
  'items',
  'properties',
  'allOf',
  'oneOf',
  'anyOf',
  '$ref',
  '$defs',
  // for messages: what a `contains` asks for (its `enum`)
  'contains',
])

/** Keywords that make a property matter to validation's reading of the structure. */
const SHAPING = ['items', 'allOf', 'oneOf', 'anyOf', '$ref', 'contains']

/**
 * Whether a property's reduced schema changes nothing that validation reads from the structure: no array
 * to place a single value in (schema-issues.ts's `arrayForm`), no `contains` to word, nothing under it
 * that has either. Such properties are left out (a property the structure does not name is one where
 * nothing is placed), so the structure keeps only what leads to arrays, unions, refs and `contains`.
 */
function isInert(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return true
  const reduced = schema as Record<string, unknown>
  if (reduced.type === 'array' || SHAPING.some((key) => key in reduced)) return false
  return Object.keys((reduced.properties as object | undefined) ?? {}).length === 0
}

/**
 * The schema reduced to what decides where arrays go (types, items, properties, unions, refs) and to what
 * a `contains` asks for: properties that lead to none of it are left out, as is every `enum` but a
 * `contains`'s (the subschemas of an `allOf`, `oneOf` or `anyOf` stay where they are: schema paths
 * index them).
 */
export function structureOf(schema: unknown, inContains = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => structureOf(item))
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'enum' ? !inContains : !STRUCTURE_KEYWORDS.has(key)) continue
    if (key === 'properties') {
      const kept = Object.entries(value as object)
        .map(([k, v]) => [k, structureOf(v)] as const)
        .filter(([, v]) => !isInert(v))
      if (kept.length > 0) out[key] = Object.fromEntries(kept)
    } else if (key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, structureOf(v)]))
    } else out[key] = structureOf(value, key === 'contains')
  }
  return out
}
