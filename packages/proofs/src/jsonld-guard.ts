/**
 * What must not reach jsonld.js at all. jsonld.js 9 keys its node map (plain objects) by node identifier,
 * so a node named `__proto__` writes its `@id`, and then its properties, onto Object.prototype: every
 * object of the process inherits them from then on (digitalbazaar/jsonld.js#584). Safe mode does not
 * prevent it: the value of an `@id`-typed term (`"image": "__proto__"`) is a relative IRI that safe mode
 * refuses only in toRDF, after the node map is built. And jsonld.js's clone of the input assigns a
 * `__proto__` key, which sets the copy's prototype: the key is dropped from what is signed and its value's
 * keys are inherited (an `@context` among them). The canonicaliser (`canonize.ts`) refuses such a
 * document before leaving it to jsonld.js.
 */
import { fail } from './errors.js'
import { isPlainObject } from './jsonld-context.js'

/**
 * `__proto__` as a segment of an IRI reference: jsonld.js resolves relative references against a base
 * (`@base`), which makes `__proto__` of `__proto__#x` or `./__proto__`, but never joins two strings into
 * one segment.
 */
const PROTO_SEGMENT = /(?:^|[/?#])__proto__(?:$|[/?#])/

/**
 * Throws UNSAFE_KEY (the JSON parser's code for the key) when a key or a string of `document` holds
 * `__proto__` as a segment (`PROTO_SEGMENT`). Walks what jsonld.js's clone walks (`for...in`: inherited
 * enumerable keys too), each object once, without recursion.
 */
export function refuseWhatJsonldMisreads(document: unknown): void {
  const seen = new WeakSet<object>()
  const pending: [unknown, string][] = [[document, '']]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, path] = next
    if (typeof value === 'string') {
      if (PROTO_SEGMENT.test(value))
        unsafe(path, `the value ${JSON.stringify(value)} would name a node __proto__ in jsonld.js`)
      continue
    }
    if (!(Array.isArray(value) || isPlainObject(value)) || seen.has(value)) continue
    seen.add(value)
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push([value[i], `${path}/${i}`])
      continue
    }
    for (const key in value) {
      const pointer = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
      if (PROTO_SEGMENT.test(key)) unsafe(pointer, `the key ${JSON.stringify(key)}`)
      pending.push([value[key], pointer])
    }
  }
}

function unsafe(path: string, what: string): never {
  return fail(
    'UNSAFE_KEY',
    `${what} at ${path === '' ? 'the top' : path}: jsonld.js would write it onto an object's prototype, so the document is not canonicalised`,
    undefined,
    { path },
  )
}
