/**
 * The variants of 1EdTech's OB 3.0 schema Tessera validates against, as the validator compiler
 * (scripts/compile-validators.ts) reads them: the official VCDM 2.0 schema, and its VCDM 1.1 twin.
 */
import { CREDENTIALS_V1_CONTEXT } from './context-urls.js'
import type { JsonObject } from './json.js'

type Schema = JsonObject

/**
 * The official schema describes VCDM 2.0 credentials. OB 3.0 credentials on VCDM 1.1 still circulate:
 * for them the same schema applies with the credentials/v1 context and `issuanceDate` in place of
 * `validFrom` (`expirationDate` for `validUntil`).
 */
export function vcdm11Variant(schema: Schema): Schema {
  const copy = structuredClone(schema) as Schema & { $defs: Record<string, Schema> }
  copy.$id = String(schema.$id).replace('/schema/', '/schema/vcdm1.1/')
  for (const credential of [copy, copy.$defs.EndorsementCredential as Schema]) {
    const properties = credential.properties as Record<string, Schema>
    const context = properties['@context'] as { items: Schema[] }
    context.items[0] = { enum: [CREDENTIALS_V1_CONTEXT] }
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
  // for messages: what a `contains` asks for
  'contains',
  'enum',
])

/** The schema reduced to what decides where arrays go (types, items, properties, unions, refs) and `contains`. */
export function structureOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(structureOf)
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (!STRUCTURE_KEYWORDS.has(key)) continue
    out[key] =
      key === 'properties' || key === '$defs'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, structureOf(v)]))
        : structureOf(value)
  }
  return out
}
