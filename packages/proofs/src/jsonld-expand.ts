/**
 * JSON-LD 1.1 expansion for Tessera's canonicaliser: jsonld.js 9's `lib/expand.js`, step for step, for the
 * documents credentials are (node objects, typed and coerced values, `@list`, `@set` and `@graph`
 * containers, type- and property-scoped contexts), over the kept active contexts of `jsonld-context.ts`.
 * Synchronous: every context URL the document names is loaded before (`canonize.ts`).
 *
 * What jsonld.js in safe mode would refuse or warn about (an undefined term, a relative IRI, a dropped
 * value), and every feature not modelled here (`@reverse`, `@nest`, `@included`, `@json`, `@direction`,
 * index and language maps, explicit `@list` / `@set` / `@graph`, blank node identifiers written in the
 * document, as values or as keys), throws `NotHandled`: jsonld.js then canonicalises the document itself.
 */
import {
  type ActiveContext,
  isAbsoluteIri,
  isKeyword,
  isPlainObject,
  type LoadedContexts,
  notHandled,
} from './jsonld-context.js'

export type ExpandedValue = { '@value': string | number | boolean; '@type'?: string; '@language'?: string }
export type ExpandedList = { '@list': Expanded[] }
export type ExpandedNode = { [key: string]: unknown; '@id'?: string; '@type'?: string[] }
export type Expanded = ExpandedNode | ExpandedValue | ExpandedList

const REGEX_BCP47 = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/

/** jsonld.js `jsonld.expand` of `document` from `initial` (the empty active context), safe mode. */
export function expandDocument(
  document: unknown,
  initial: ActiveContext,
  loaded: LoadedContexts,
): Expanded[] {
  const expanded = expand(initial, null, document, loaded, false, undefined)
  if (expanded === null) return []
  return Array.isArray(expanded) ? expanded : [expanded]
}

function expand(
  ctx: ActiveContext,
  activeProperty: string | null,
  element: unknown,
  loaded: LoadedContexts,
  insideList: boolean,
  typeScoped: ActiveContext | undefined,
): Expanded | Expanded[] | null {
  if (element === null || element === undefined) return null
  if (Array.isArray(element)) {
    const container = ctx.term(activeProperty)?.['@container'] ?? []
    const inList = insideList || container.includes('@list')
    const out: Expanded[] = []
    for (const item of element) {
      const e = expand(ctx, activeProperty, item, loaded, false, typeScoped)
      if (inList && Array.isArray(e)) notHandled('a list of lists')
      if (e === null) continue
      if (Array.isArray(e)) out.push(...e)
      else out.push(e)
    }
    return out
  }
  if (!isPlainObject(element)) {
    if (
      !insideList &&
      (activeProperty === null || ctx.expandIri(activeProperty, { vocab: true }) === '@graph')
    )
      notHandled('a free-floating scalar')
    return expandValue(ctx, activeProperty, element)
  }

  const expandedActiveProperty =
    activeProperty === null ? null : ctx.expandIri(activeProperty, { vocab: true })
  const propertyScoped = ctx.term(activeProperty)?.['@context']
  // a node object leaves the scope of a type-scoped context; a value object or a bare reference does not
  const scoped = typeScoped ?? (ctx.previous !== undefined ? ctx : undefined)
  let keys = Object.keys(element).sort()
  let mustRevert = true
  if (scoped !== undefined && keys.length <= 2 && !keys.includes('@context')) {
    for (const key of keys) {
      const property = scoped.expandIri(key, { vocab: true })
      if (property === '@value') {
        mustRevert = false
        ctx = scoped
        break
      }
      if (property === '@id' && keys.length === 1) {
        mustRevert = false
        break
      }
    }
  }
  if (mustRevert) ctx = ctx.revert()
  if (propertyScoped !== undefined)
    ctx = ctx.process(propertyScoped, loaded, { propagate: true, overrideProtected: true })
  if ('@context' in element) {
    // contexts by URL only: a context written into the document is left to jsonld.js, which keys its
    // cache by the context's content (the processed contexts here are kept by object identity)
    const local = element['@context']
    if (!(typeof local === 'string' || (Array.isArray(local) && local.every((c) => typeof c === 'string'))))
      notHandled('a context written into the document')
    ctx = ctx.process(local, loaded)
  }
  const typeScopedContext = ctx
  for (const key of keys) {
    if (ctx.expandIri(key, { vocab: true }) !== '@type') continue
    const value = element[key]
    const types = Array.isArray(value) ? (value.length > 1 ? [...value].sort() : value) : [value]
    for (const type of types) {
      if (typeof type !== 'string') notHandled('@type not a string')
      const typeContext = typeScopedContext.term(type as string)?.['@context']
      if (typeContext !== undefined) ctx = ctx.process(typeContext, loaded, { propagate: false })
    }
  }

  const result: Record<string, unknown> = {}
  expandObject(ctx, expandedActiveProperty, element, result, loaded, typeScopedContext)

  keys = Object.keys(result)
  const count = keys.length
  if ('@value' in result) {
    const extra = count - 1 - ('@type' in result ? 1 : 0) - ('@language' in result ? 1 : 0)
    if ('@type' in result && '@language' in result) notHandled('@value with both @type and @language')
    if (extra !== 0) notHandled('@value with other keys')
    const value = result['@value']
    if (value === null) notHandled('null @value')
    if ('@language' in result && typeof value !== 'string') notHandled('language-tagged non-string')
    if ('@type' in result) {
      const type = result['@type']
      if (typeof type !== 'string' || !isAbsoluteIri(type) || type.startsWith('_:'))
        notHandled('@value typed with no absolute IRI')
    }
  } else if ('@type' in result && !Array.isArray(result['@type'])) {
    result['@type'] = [result['@type']]
  }
  if ('@language' in result && !('@value' in result)) notHandled('@language on a node object')
  // jsonld.js drops these at the top and in graphs, with an event safe mode refuses
  if (
    !insideList &&
    (activeProperty === null ||
      expandedActiveProperty === '@graph' ||
      (ctx.term(activeProperty)?.['@container'] ?? []).includes('@graph'))
  ) {
    checkNotDropped(result, count)
  }
  return result as Expanded
}

function checkNotDropped(value: Record<string, unknown>, count: number): void {
  if (count === 0 || '@value' in value || '@list' in value || (count === 1 && '@id' in value))
    notHandled('a value jsonld.js would drop')
}

function expandObject(
  ctx: ActiveContext,
  expandedActiveProperty: string | null,
  element: Record<string, unknown>,
  parent: Record<string, unknown>,
  loaded: LoadedContexts,
  typeScopedContext: ActiveContext,
): void {
  for (const key of Object.keys(element).sort()) {
    const value = element[key]
    if (key === '@context') continue
    const property = ctx.expandIri(key, { vocab: true })
    if (property === null || !(isAbsoluteIri(property) || isKeyword(property)))
      notHandled(`${key} is not defined by the context`)
    const expandedProperty = property as string
    // a key that is (or maps to) a blank node identifier: no RDF predicate, and jsonld.js refuses it in
    // safe mode ("blank node predicate") where it would otherwise drop it
    if (expandedProperty.startsWith('_:')) notHandled(`${key} is a blank node predicate`)
    if (isKeyword(expandedProperty)) {
      if (expandedActiveProperty === '@reverse') notHandled('@reverse')
      if (expandedProperty in parent && expandedProperty !== '@type') notHandled('colliding keywords')
      switch (expandedProperty) {
        case '@id': {
          if (typeof value !== 'string') notHandled('@id not a string')
          const id = ctx.expandIri(value, { base: true })
          if (id === null || !isAbsoluteIri(id)) notHandled('@id not an absolute IRI')
          if ((id as string).startsWith('_:')) notHandled('a blank node identifier')
          parent['@id'] = id
          continue
        }
        case '@type': {
          const types = Array.isArray(value) ? value : [value]
          const expanded = types.map((t) => {
            if (typeof t !== 'string') return notHandled('@type not a string')
            const iri = typeScopedContext.expandIri(t, { base: true, vocab: true })
            if (iri === null || !isAbsoluteIri(iri)) notHandled('@type not an absolute IRI')
            if ((iri as string).startsWith('_:')) notHandled('a blank node type')
            return iri as string
          })
          // no type at all, as jsonld.js adds none for an empty array
          if (expanded.length === 0) continue
          const existing = parent['@type']
          parent['@type'] =
            existing === undefined && !Array.isArray(value) && expanded.length === 1
              ? expanded[0]
              : [
                  ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
                  ...expanded,
                ]
          continue
        }
        case '@value': {
          if (value === null) notHandled('null @value')
          if (typeof value === 'object' || !isJsonScalar(value))
            notHandled('@value not a string, number or boolean')
          parent['@value'] = value
          continue
        }
        case '@language': {
          if (value === null) continue
          if (typeof value !== 'string') notHandled('@language not a string')
          if (!REGEX_BCP47.test(value)) notHandled('@language not BCP47')
          parent['@language'] = value.toLowerCase()
          continue
        }
        default:
          notHandled(`${expandedProperty} in a document`)
      }
    }

    const definition = ctx.term(key)
    let termCtx = ctx
    if (definition?.['@context'] !== undefined)
      termCtx = ctx.process(definition['@context'], loaded, { propagate: true, overrideProtected: true })
    const container = definition?.['@container'] ?? []
    if (definition?.['@type'] === '@json') notHandled('@json')
    let expanded: unknown = expand(termCtx, key, value, loaded, false, undefined)
    if (expanded === null) continue
    if (container.includes('@list') && !(isPlainObject(expanded) && '@list' in expanded)) {
      expanded = { '@list': Array.isArray(expanded) ? expanded : [expanded] }
    }
    if (container.includes('@graph')) {
      const items = (Array.isArray(expanded) ? expanded : [expanded]) as Record<string, unknown>[]
      for (const item of items) checkNotDropped(item, Object.keys(item).length)
      if (items.length === 0) continue
      expanded = items.map((item) => ({ '@graph': [item] }))
    }
    parent[expandedProperty] ??= []
    const values = parent[expandedProperty] as unknown[]
    if (Array.isArray(expanded)) values.push(...expanded)
    else values.push(expanded)
  }
  if ('@value' in parent && '@type' in parent && Array.isArray(parent['@type']))
    notHandled('@value with several types')
}

function isJsonScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

/** jsonld.js `_expandValue`: a scalar under `activeProperty`, coerced as the term says. */
function expandValue(ctx: ActiveContext, activeProperty: string | null, value: unknown): Expanded {
  if (!isJsonScalar(value)) return notHandled('a value that is not a string, number or boolean')
  const property = activeProperty === null ? null : ctx.expandIri(activeProperty, { vocab: true })
  if (property === '@id' || property === '@type') notHandled(`a scalar under ${property}`)
  const type = ctx.term(activeProperty)?.['@type']
  if ((type === '@id' || property === '@graph') && typeof value === 'string') {
    const id = ctx.expandIri(value, { base: true })
    if (id === null || !isAbsoluteIri(id)) notHandled('@id not an absolute IRI')
    if ((id as string).startsWith('_:')) notHandled('a blank node identifier')
    return { '@id': id as string }
  }
  if (type === '@vocab' && typeof value === 'string') {
    const id = ctx.expandIri(value, { vocab: true, base: true })
    if (id === null || !isAbsoluteIri(id)) notHandled('@vocab value not an absolute IRI')
    if ((id as string).startsWith('_:')) notHandled('a blank node identifier')
    return { '@id': id as string }
  }
  if (isKeyword(property)) notHandled(`a scalar under ${property}`)
  if (type !== undefined && type !== '@id' && type !== '@vocab' && type !== '@none') {
    if (type === '@json') notHandled('@json')
    return { '@type': type, '@value': value }
  }
  if (type === '@none') notHandled('@type @none')
  return { '@value': value }
}
