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

type Reduced = Record<string, unknown>

const isReduced = (value: unknown): value is Reduced =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Whether a reduced schema changes nothing that validation reads from the structure: no array to place a
 * single value in (schema-issues.ts's `arrayForm`), no `contains` to word, nothing under it (its
 * properties, its union's branches, the definition it refers to) that has either. `inert` holds the
 * definitions known to be so.
 */
function isInert(schema: unknown, inert: ReadonlySet<string>): boolean {
  if (!isReduced(schema)) return true
  if (schema.type === 'array' || 'items' in schema || 'contains' in schema) return false
  if (typeof schema.$ref === 'string' && !inert.has(schema.$ref.replace('#/$defs/', ''))) return false
  for (const union of ['allOf', 'oneOf', 'anyOf'])
    if (Array.isArray(schema[union]) && !(schema[union] as unknown[]).every((s) => isInert(s, inert)))
      return false
  return Object.values((schema.properties as Reduced | undefined) ?? {}).every((s) => isInert(s, inert))
}

/** The schema with only the structure keywords, and no `enum` but a `contains`'s. */
function reduce(schema: unknown, inContains = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => reduce(item))
  if (!isReduced(schema)) return schema
  const out: Reduced = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'enum' ? !inContains : !STRUCTURE_KEYWORDS.has(key)) continue
    out[key] =
      key === 'properties' || key === '$defs'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, reduce(v)]))
        : reduce(value, key === 'contains')
  }
  return out
}

/**
 * The reduced schema without its inert properties and array items, wherever they are (union branches
 * stay: paths index them).
 */
function prune(schema: unknown, inert: ReadonlySet<string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => prune(item, inert))
  if (!isReduced(schema)) return schema
  const out: Reduced = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      const kept = Object.entries(value as Reduced)
        .filter(([, v]) => !isInert(v, inert))
        .map(([k, v]) => [k, prune(v, inert)])
      if (kept.length > 0) out[key] = Object.fromEntries(kept)
    } else if (key === 'items' && isInert(value, inert)) {
      // an array's items that hold nothing to place or word: arrayForm would map them to themselves
    } else if (key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value as Reduced).map(([k, v]) => [k, prune(v, inert)]))
    } else out[key] = prune(value, inert)
  }
  return out
}

/**
 * The schema reduced to what decides where arrays go (types, items, properties, unions, refs) and to what
 * a `contains` asks for: a property is left out where nothing under it is an array or has a `contains`
 * (validation places nothing in a property the structure does not name), and so is every `enum` but a
 * `contains`'s. A union's branches stay where they are (schema paths index them); a definition stays where
 * something kept still refers to it.
 */
export function structureOf(schema: unknown): unknown {
  const reduced = reduce(schema) as Reduced
  const defs = (reduced.$defs as Reduced | undefined) ?? {}
  const inert = new Set<string>()
  for (let grew = true; grew; ) {
    grew = false
    for (const [name, def] of Object.entries(defs))
      if (!inert.has(name) && isInert(def, inert)) {
        inert.add(name)
        grew = true
      }
  }
  const pruned = prune(reduced, inert) as Reduced
  // the definitions still referred to from the root, through the others kept
  const kept = new Set<string>()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) visit(item)
    else if (isReduced(node))
      for (const [key, value] of Object.entries(node)) {
        if (key === '$defs') continue
        if (key === '$ref' && typeof value === 'string') {
          const name = value.replace('#/$defs/', '')
          if (!kept.has(name)) {
            kept.add(name)
            visit((pruned.$defs as Reduced | undefined)?.[name])
          }
        } else visit(value)
      }
  }
  visit(pruned)
  if (isReduced(pruned.$defs))
    pruned.$defs = Object.fromEntries(Object.entries(pruned.$defs).filter(([name]) => kept.has(name)))
  return pruned
}
