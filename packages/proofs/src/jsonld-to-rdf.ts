/**
 * Expanded JSON-LD to an RDF dataset, as jsonld.js 9 does it (`lib/nodeMap.js` then `lib/toRdf.js`), in the
 * same shape (RDF/JS terms) that jsonld.js hands to rdf-canonize: nodes with the same IRI merged,
 * repeated values of a property dropped by jsonld.js's own comparison (so the dataset has exactly
 * jsonld.js's quads, duplicates included where it keeps them), `@list` as `rdf:first` / `rdf:rest`
 * chains, graph containers as named graphs, numbers and booleans written as jsonld.js writes them. Blank
 * node labels are arbitrary: RDFC-1.0 replaces them.
 */
import type { Expanded } from './jsonld-expand.js'

export type Term =
  | { termType: 'NamedNode' | 'BlankNode'; value: string }
  | {
      termType: 'Literal'
      value: string
      datatype: { termType: 'NamedNode'; value: string }
      language?: string
    }
  | { termType: 'DefaultGraph'; value: '' }

export interface Quad {
  subject: Term
  predicate: { termType: 'NamedNode'; value: string }
  object: Term
  graph: Term
}

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
const XSD = 'http://www.w3.org/2001/XMLSchema#'
const DEFAULT_GRAPH: Term = { termType: 'DefaultGraph', value: '' }

type Value = Record<string, unknown>
/** A node of the node map: its properties' values, and a key per value to drop repeats. */
interface MapNode {
  values: Map<string, Value[] | string[]>
  seen: Map<string, Set<string>>
}

class BlankNodes {
  private next = 0
  id(): string {
    return `_:b${this.next++}`
  }
}

/** jsonld.js `toRDF` of an expanded document (safe mode: it has been checked while expanding). */
export function toRdf(expanded: Expanded[]): Quad[] {
  const blank = new BlankNodes()
  const graphs = new Map<string, Map<string, MapNode>>([['@default', new Map()]])
  nodeMap(expanded, graphs, '@default', blank, undefined, undefined)
  const quads: Quad[] = []
  for (const [name, nodes] of graphs) {
    const graph = name === '@default' ? DEFAULT_GRAPH : term(name)
    for (const [id, node] of nodes) {
      const subject = term(id)
      for (const [property, values] of node.values) {
        const predicate = {
          termType: 'NamedNode',
          value: property === '@type' ? `${RDF}type` : property,
        } as const
        for (const value of values) {
          const object = typeof value === 'string' ? term(value) : objectToRdf(value, blank, quads, graph)
          quads.push({ subject, predicate, object, graph })
        }
      }
    }
  }
  return quads
}

function term(id: string): Term {
  return id.startsWith('_:')
    ? { termType: 'BlankNode', value: id.slice(2) }
    : { termType: 'NamedNode', value: id }
}

/** jsonld.js `util.compareValues` as a key: equal keys for the values it finds equal. */
function valueKey(value: Value | string): string | undefined {
  if (typeof value === 'string') return `s${value}`
  if ('@value' in value) {
    const v = value['@value']
    return `v${JSON.stringify([typeof v, v, value['@type'] ?? null, value['@language'] ?? null])}`
  }
  if ('@id' in value) return `i${String(value['@id'])}`
  return undefined // lists are never equal to anything
}

function addValue(node: MapNode, property: string, value: Value | string): void {
  let values = node.values.get(property)
  if (values === undefined) {
    values = []
    node.values.set(property, values)
  }
  const key = valueKey(value)
  if (key !== undefined) {
    let seen = node.seen.get(property)
    if (seen === undefined) {
      seen = new Set()
      node.seen.set(property, seen)
    }
    if (seen.has(key)) return
    seen.add(key)
  }
  ;(values as (Value | string)[]).push(value)
}

const isValue = (v: Value): boolean => '@value' in v
const isList = (v: Value): boolean => '@list' in v

/** jsonld.js `createNodeMap`. */
function nodeMap(
  input: unknown,
  graphs: Map<string, Map<string, MapNode>>,
  graph: string,
  blank: BlankNodes,
  name: string | undefined,
  list: Value[] | undefined,
): void {
  if (Array.isArray(input)) {
    for (const item of input) nodeMap(item, graphs, graph, blank, undefined, list)
    return
  }
  const element = input as Value
  if (isValue(element)) {
    list?.push(element)
    return
  }
  if (list !== undefined && isList(element)) {
    const inner: Value[] = []
    nodeMap(element['@list'], graphs, graph, blank, name, inner)
    list.push({ '@list': inner })
    return
  }
  const id = name ?? (typeof element['@id'] === 'string' ? element['@id'] : blank.id())
  list?.push({ '@id': id })
  const subjects = graphs.get(graph) as Map<string, MapNode>
  let subject = subjects.get(id)
  if (subject === undefined) {
    subject = { values: new Map(), seen: new Map() }
    subjects.set(id, subject)
  }
  for (const property of Object.keys(element).sort()) {
    if (property === '@id') continue
    if (property === '@graph') {
      if (!graphs.has(id)) graphs.set(id, new Map())
      nodeMap(element['@graph'], graphs, id, blank, undefined, undefined)
      continue
    }
    const objects = element[property] as (Value | string)[]
    if (objects.length === 0) {
      if (!subject.values.has(property)) subject.values.set(property, [])
      continue
    }
    for (const o of objects) {
      if (typeof o === 'string') {
        addValue(subject, property, o) // a type
      } else if (isValue(o)) {
        addValue(subject, property, o)
      } else if (isList(o)) {
        const inner: Value[] = []
        nodeMap(o['@list'], graphs, graph, blank, id, inner)
        addValue(subject, property, { '@list': inner })
      } else {
        // a node object or a reference (jsonld.js skips a null @id; expansion refused it already)
        const ref = typeof o['@id'] === 'string' ? o['@id'] : blank.id()
        addValue(subject, property, { '@id': ref })
        nodeMap(o, graphs, graph, blank, ref, undefined)
      }
    }
  }
}

/** jsonld.js `_objectToRDF`: a value object, a list or a node reference as an RDF term. */
function objectToRdf(item: Value, blank: BlankNodes, quads: Quad[], graph: Term): Term {
  if (isValue(item)) {
    let value = item['@value'] as string | number | boolean
    const datatype = (item['@type'] as string | undefined) ?? null
    if (typeof value === 'boolean') {
      return literal(String(value), datatype ?? `${XSD}boolean`)
    }
    if (isDouble(value) || datatype === `${XSD}double`) {
      if (!isDouble(value)) value = Number.parseFloat(value as string)
      return literal(
        (value as number).toExponential(15).replace(/(\d)0*e\+?/, '$1E'),
        datatype ?? `${XSD}double`,
      )
    }
    if (typeof value === 'number') {
      return literal(value.toFixed(0), datatype ?? `${XSD}integer`)
    }
    if ('@language' in item) {
      return { ...literal(value, datatype ?? `${RDF}langString`), language: item['@language'] as string }
    }
    return literal(value, datatype ?? `${XSD}string`)
  }
  if (isList(item)) return listToRdf(item['@list'] as Value[], blank, quads, graph)
  return term(item['@id'] as string)
}

function literal(value: string, datatype: string) {
  return { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype } } as const
}

/** jsonld.js `types.isDouble`. */
function isDouble(value: unknown): boolean {
  return typeof value === 'number' && (String(value).includes('.') || Math.abs(value) >= 1e21)
}

function listToRdf(list: Value[], blank: BlankNodes, quads: Quad[], graph: Term): Term {
  const first = { termType: 'NamedNode', value: `${RDF}first` } as const
  const rest = { termType: 'NamedNode', value: `${RDF}rest` } as const
  const nil: Term = { termType: 'NamedNode', value: `${RDF}nil` }
  if (list.length === 0) return nil
  const head = term(blank.id())
  let subject = head
  list.forEach((item, i) => {
    const object = objectToRdf(item, blank, quads, graph)
    const next = i === list.length - 1 ? nil : term(blank.id())
    quads.push({ subject, predicate: first, object, graph })
    quads.push({ subject, predicate: rest, object: next, graph })
    subject = next
  })
  return head
}
