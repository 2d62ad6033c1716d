/**
 * JSON-LD 1.1 active contexts for Tessera's canonicaliser (`canonize.ts`): context processing as jsonld.js
 * 9 does it (its `lib/context.js`), for the features the bundled contexts use, and with every processed
 * context kept. jsonld.js copies the whole active context (every term definition, deeply) each time a
 * typed node applies or reverts its type-scoped context, and its cache of processed contexts misses for
 * those copies (jsonld.js issue #414); here an active context is never changed once made, so the same
 * context processed onto the same active context is the same object, made once per process.
 *
 * Anything this module does not model, or that jsonld.js would refuse or warn about in safe mode, throws
 * `NotHandled`: the caller then hands the whole document to jsonld.js, which gives the standard answer
 * (its output, or its error). So this module never has to decide an edge case, only to recognise one.
 */

/** The document needs something left to jsonld.js; `reason` says what (for tests and debugging). */
export class NotHandled extends Error {
  override readonly name = 'NotHandled'
}

export function notHandled(reason: string): never {
  throw new NotHandled(reason)
}

/** jsonld.js's test for an absolute IRI (or blank node identifier): `lib/url.js` `isAbsolute`. */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/
export const isAbsoluteIri = (value: string): boolean => ABSOLUTE_IRI.test(value)

const KEYWORD_FORM = /^@[a-zA-Z]+$/
const KEYWORDS = new Set([
  '@base',
  '@container',
  '@context',
  '@default',
  '@direction',
  '@embed',
  '@explicit',
  '@graph',
  '@id',
  '@included',
  '@index',
  '@json',
  '@language',
  '@list',
  '@nest',
  '@none',
  '@omitDefault',
  '@prefix',
  '@preserve',
  '@protected',
  '@requireAll',
  '@reverse',
  '@set',
  '@type',
  '@value',
  '@version',
  '@vocab',
])
export const isKeyword = (value: unknown): boolean => typeof value === 'string' && KEYWORDS.has(value)

/** jsonld.js's `_isObject`: a plain object, not an array, a Date or null. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Object.prototype.toString.call(value) === '[object Object]'

/**
 * An object whose keys jsonld.js reads as this module does (`Object.keys`). jsonld.js walks documents and
 * contexts with `for...in`, which visits inherited enumerable keys too, so any prototype but Object's (or
 * none) is left to it; and its clone of the document (`util.clone`) assigns a `__proto__` key, which
 * sets the copy's prototype instead: the key is gone and its value's keys are inherited (an `@context`
 * among them).
 */
export function hasOwnKeysOnly(value: object): boolean {
  const prototype = Object.getPrototypeOf(value)
  return (prototype === Object.prototype || prototype === null) && !Object.hasOwn(value, '__proto__')
}

/**
 * A term definition, with jsonld.js's field names and the same fields present, so that a protected
 * term's redefinition is compared as jsonld.js compares it (`_deepCompare`).
 */
export interface TermDefinition {
  '@id'?: string | null
  reverse: false
  _termHasColon: boolean
  _prefix?: boolean
  protected?: true
  '@type'?: string
  '@container'?: string[]
  '@context'?: unknown
}

/** What the canonicaliser found behind each context URL of the document (loaded before expansion). */
export type LoadedContexts = ReadonlyMap<string, unknown>

interface ProcessOptions {
  propagate: boolean
  overrideProtected: boolean
  /** Keep the result for the next time (not while this context is still being made). */
  keep: boolean
}

/**
 * Processed contexts are kept on the active context they were processed onto, keyed by the local context
 * object (a bundled context, or a scoped context inside one). A document can only choose among the
 * contexts its loader serves, but combinations of types could still make many: past this many kept
 * contexts, new ones are processed each time instead of being kept.
 */
const MAX_KEPT_CONTEXTS = 512
let keptContexts = 0
/** Past the limit, every kept context is let go at once: a new initial context starts a new generation. */
let generation = 0
let initial: ActiveContext | undefined

/** The empty active context every document starts from; the contexts processed from it are kept. */
export function initialContext(): ActiveContext {
  initial ??= ActiveContext.initial()
  return initial
}

export class ActiveContext {
  readonly mappings: Map<string, TermDefinition>
  vocab: string | undefined
  /** A term was protected on the way here (jsonld.js's `protected` map, which never forgets one). */
  hasProtected: boolean
  /** The context to go back to when a node leaves the scope of a non-propagated (type-scoped) context. */
  previous: ActiveContext | undefined
  private readonly processed = new WeakMap<object, (ActiveContext | undefined)[]>()
  private readonly generation: number

  private constructor(from?: ActiveContext) {
    this.mappings = new Map(from?.mappings)
    this.vocab = from?.vocab
    this.hasProtected = from?.hasProtected ?? false
    this.previous = from?.previous
    this.generation = from?.generation ?? generation
  }

  static initial(): ActiveContext {
    return new ActiveContext()
  }

  /** The context a node under a type-scoped context reverts to (jsonld.js `revertToPreviousContext`). */
  revert(): ActiveContext {
    return this.previous ?? this
  }

  /** jsonld.js `api.process`: this context with `local` (a context, a URL, or an array of them) applied. */
  process(
    local: unknown,
    loaded: LoadedContexts,
    { propagate = true, overrideProtected = false, keep = true }: Partial<ProcessOptions> = {},
  ): ActiveContext {
    const resolved = (Array.isArray(local) ? local : [local]).map((c) => resolveContext(c, loaded))
    if (resolved.length === 0) return this
    const first = resolved[0]
    // `@propagate` of the first context decides for all of them, as in jsonld.js
    if (first !== null && first !== undefined && typeof first['@propagate'] === 'boolean')
      propagate = first['@propagate']
    if (resolved.slice(1).some((c) => c !== null && '@propagate' in c))
      notHandled('@propagate past the first context')
    let context: ActiveContext = this
    for (const document of resolved) {
      if (document === null) {
        // back to the initial context, which jsonld.js refuses while protected terms are in force
        if (!overrideProtected && context.hasProtected) notHandled('a null context over protected terms')
        context = initialContext()
      } else context = context.processOne(document, { propagate, overrideProtected, keep })
    }
    return context
  }

  private processOne(document: Record<string, unknown>, options: ProcessOptions): ActiveContext {
    const slot = (options.propagate ? 0 : 2) + (options.overrideProtected ? 1 : 0)
    const kept = options.keep ? this.processed.get(document)?.[slot] : undefined
    if (kept !== undefined) return kept
    // not propagated: remember where to go back to (unless this context already remembers one)
    let start: ActiveContext = this
    if (!options.propagate && this.previous === undefined) {
      start = new ActiveContext(this)
      start.previous = this
    }
    const result = start.define(document, options.overrideProtected)
    if (options.keep && this.generation === generation) {
      if (keptContexts < MAX_KEPT_CONTEXTS) {
        keptContexts++
        const slots = this.processed.get(document) ?? []
        slots[slot] = result
        this.processed.set(document, slots)
      } else {
        generation++
        keptContexts = 0
        initial = undefined
      }
    }
    return result
  }

  /** A new context: this one with the term definitions of `ctx` (one context object) added. */
  private define(ctx: Record<string, unknown>, overrideProtected: boolean): ActiveContext {
    const result = new ActiveContext(this)
    // jsonld.js calls a context's own `hasOwnProperty`, which a term of that name shadows
    if (!hasOwnKeysOnly(ctx) || Object.hasOwn(ctx, 'hasOwnProperty'))
      notHandled('a context with inherited keys, __proto__ or hasOwnProperty')
    for (const key of ['@base', '@language', '@direction', '@import']) {
      if (key in ctx) notHandled(`${key} in a context`)
    }
    if ('@version' in ctx && ctx['@version'] !== 1.1) notHandled('@version other than 1.1')
    if ('@propagate' in ctx && typeof ctx['@propagate'] !== 'boolean') notHandled('@propagate not a boolean')
    if ('@vocab' in ctx) {
      const value = ctx['@vocab']
      if (value === null) result.vocab = undefined
      else if (typeof value !== 'string') notHandled('@vocab not a string')
      else {
        const vocab = result.expandIri(value, { vocab: true, base: true })
        if (typeof vocab !== 'string' || !isAbsoluteIri(vocab)) notHandled('@vocab not an absolute IRI')
        result.vocab = vocab as string
      }
    }
    const defined = new Map<string, boolean>([['@protected', ctx['@protected'] === true]])
    for (const key of ['@version', '@vocab', '@propagate']) if (key in ctx) defined.set(key, true)
    for (const term of Object.keys(ctx)) {
      result.defineTerm(ctx, term, defined, overrideProtected)
      const value = ctx[term]
      // jsonld.js processes each scoped context once here, to refuse an invalid one early
      if (isPlainObject(value) && '@context' in value) {
        try {
          result.process(value['@context'], EMPTY, { overrideProtected: true, keep: false })
        } catch {
          notHandled(`invalid scoped context for ${term}`)
        }
      }
    }
    return result
  }

  /** jsonld.js `api.createTermDefinition`, for the term definitions this module models. */
  private defineTerm(
    ctx: Record<string, unknown>,
    term: string,
    defined: Map<string, boolean>,
    overrideProtected: boolean,
  ): void {
    if (defined.has(term)) {
      if (defined.get(term)) return
      notHandled(`cyclic definition of ${term}`)
    }
    defined.set(term, false)
    let value = Object.hasOwn(ctx, term) ? ctx[term] : undefined
    if (isKeyword(term) || KEYWORD_FORM.test(term) || term === '') notHandled(`term ${term}`)
    const previous = this.mappings.get(term)
    this.mappings.delete(term)
    let simpleTerm = false
    if (typeof value === 'string' || value === null) {
      simpleTerm = true
      value = { '@id': value }
    }
    if (!isPlainObject(value)) notHandled(`definition of ${term} not an object`)
    for (const key of Object.keys(value)) {
      if (
        key !== '@id' &&
        key !== '@type' &&
        key !== '@container' &&
        key !== '@context' &&
        key !== '@protected'
      )
        notHandled(`${key} in the definition of ${term}`)
    }
    const colon = term.indexOf(':')
    const mapping: TermDefinition = { reverse: false, _termHasColon: colon > 0 }
    this.mappings.set(term, mapping)
    if ('@id' in value) {
      const id = value['@id']
      if (id === null) mapping['@id'] = null
      else if (typeof id !== 'string') notHandled(`@id of ${term} not a string`)
      else if (!isKeyword(id) && KEYWORD_FORM.test(id)) notHandled(`reserved @id of ${term}`)
      else if (id !== term) {
        const iri = this.expandIri(id, { vocab: true }, ctx, defined)
        if (typeof iri !== 'string' || (!isAbsoluteIri(iri) && !isKeyword(iri)))
          notHandled(`@id of ${term} not an IRI`)
        if (/(?::[^:])|\//.test(term)) {
          const termDefined = new Map(defined).set(term, true)
          if (this.expandIri(term, { vocab: true }, ctx, termDefined) !== iri)
            notHandled(`${term} has the form of an IRI and maps to another`)
        }
        mapping['@id'] = iri as string
        mapping._prefix = simpleTerm && !mapping._termHasColon && /[:/?#[\]@]$/.test(iri as string)
      }
    }
    if (!('@id' in mapping)) {
      if (mapping._termHasColon) {
        const prefix = term.slice(0, colon)
        if (Object.hasOwn(ctx, prefix)) this.defineTerm(ctx, prefix, defined, false)
        const parent = this.mappings.get(prefix)
        if (parent !== undefined) {
          if (typeof parent['@id'] !== 'string') notHandled(`prefix ${prefix} maps to nothing`)
          mapping['@id'] = `${parent['@id']}${term.slice(colon + 1)}`
        } else mapping['@id'] = term
      } else if (this.vocab !== undefined) mapping['@id'] = this.vocab + term
      else notHandled(`${term} defines no @id`)
    }
    if (
      value['@protected'] === true ||
      (defined.get('@protected') === true && value['@protected'] !== false)
    ) {
      mapping.protected = true
      this.hasProtected = true
    }
    defined.set(term, true)
    if ('@type' in value) {
      let type = value['@type']
      if (typeof type !== 'string') notHandled(`@type of ${term} not a string`)
      // @json and @none are kept as they are; expansion leaves values of such terms to jsonld.js
      if (type !== '@id' && type !== '@vocab' && type !== '@json' && type !== '@none') {
        const iri = this.expandIri(type, { vocab: true }, ctx, defined)
        if (typeof iri !== 'string' || !isAbsoluteIri(iri) || iri.startsWith('_:'))
          notHandled(`@type of ${term} not an IRI`)
        type = iri
      }
      mapping['@type'] = type as string
    }
    if ('@container' in value) {
      const raw = value['@container']
      const container = typeof raw === 'string' ? [raw] : raw
      if (!Array.isArray(container) || container.length !== 1) notHandled(`@container of ${term}`)
      const kind = (container as unknown[])[0]
      if (kind !== '@set' && kind !== '@list' && kind !== '@graph') notHandled(`@container ${String(kind)}`)
      mapping['@container'] = [kind as string]
    }
    if ('@context' in value) mapping['@context'] = value['@context']
    const id = mapping['@id']
    if (id === '@context' || id === '@preserve') notHandled(`${term} aliases ${id}`)
    if (previous?.protected && !overrideProtected) {
      mapping.protected = true
      this.hasProtected = true
      if (!deepCompare(previous, mapping)) notHandled(`${term} redefines a protected term`)
    }
  }

  /** jsonld.js `_expandIri` (without a base IRI: the canonicaliser refuses relative IRIs anyway). */
  expandIri(
    value: string,
    relativeTo: { vocab?: boolean; base?: boolean },
    ctx?: Record<string, unknown>,
    defined?: Map<string, boolean>,
  ): string | null {
    if (isKeyword(value)) return value
    if (KEYWORD_FORM.test(value)) return null
    if (
      ctx !== undefined &&
      defined !== undefined &&
      Object.hasOwn(ctx, value) &&
      defined.get(value) !== true
    )
      this.defineTerm(ctx, value, defined, false)
    if (relativeTo.vocab) {
      const mapping = this.mappings.get(value)
      if (mapping !== undefined && '@id' in mapping) return mapping['@id'] ?? null
    }
    const colon = value.indexOf(':')
    if (colon > 0) {
      const prefix = value.slice(0, colon)
      const suffix = value.slice(colon + 1)
      if (prefix === '_' || suffix.startsWith('//')) return value
      if (ctx !== undefined && defined !== undefined && Object.hasOwn(ctx, prefix))
        this.defineTerm(ctx, prefix, defined, false)
      const mapping = this.mappings.get(prefix)
      if (mapping?._prefix) return `${mapping['@id']}${suffix}`
      if (isAbsoluteIri(value)) return value
    }
    if (relativeTo.vocab && this.vocab !== undefined) return this.vocab + value
    // relative to the base IRI: the canonicaliser runs without one, so the value stays relative
    return value
  }

  /** The definition of a term, if it has one. */
  term(name: string | null): TermDefinition | undefined {
    return name === null ? undefined : this.mappings.get(name)
  }
}

const EMPTY: LoadedContexts = new Map()

/** A context of the document's `@context` (or a scoped context) as one context object, or null. */
function resolveContext(context: unknown, loaded: LoadedContexts): Record<string, unknown> | null {
  if (typeof context === 'string') {
    const document = loaded.get(context)
    if (document === undefined) notHandled(`context ${context} not loaded`)
    if (!isPlainObject(document)) notHandled(`context ${context} not an object`)
    const inner = '@context' in document ? document['@context'] : {}
    if (!isPlainObject(inner)) notHandled(`context ${context} holds no single context object`)
    return inner
  }
  if (context === null) return null
  if (!isPlainObject(context)) notHandled('context not an object')
  return context
}

/** jsonld.js `_deepCompare`: equal JSON values, `@container` in any order. */
function deepCompare(x1: unknown, x2: unknown): boolean {
  if (!(x1 && typeof x1 === 'object') || !(x2 && typeof x2 === 'object')) return x1 === x2
  if (Array.isArray(x1) !== Array.isArray(x2)) return false
  if (Array.isArray(x1)) {
    const a2 = x2 as unknown[]
    return x1.length === a2.length && x1.every((v, i) => deepCompare(v, a2[i]))
  }
  const o1 = x1 as Record<string, unknown>
  const o2 = x2 as Record<string, unknown>
  if (Object.keys(o1).length !== Object.keys(o2).length) return false
  for (const key of Object.keys(o1)) {
    let v1 = o1[key]
    let v2 = o2[key]
    if (key === '@container' && Array.isArray(v1) && Array.isArray(v2)) {
      v1 = [...v1].sort()
      v2 = [...v2].sort()
    }
    if (!deepCompare(v1, v2)) return false
  }
  return true
}
