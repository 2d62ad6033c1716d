/** JSON values as parsed: the object type every package reads credentials and documents as. */

export type JsonObject = { [key: string]: unknown }

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** How deep `cloneJson` copies by itself; below that (a cycle, say) `structuredClone` takes over. */
const CLONE_DEPTH = 64

/**
 * A deep copy of a JSON value, as `structuredClone` makes it: arrays and plain objects copied (a
 * `__proto__` key stays an own key), strings, numbers, booleans, null and undefined as they are. Anything
 * else (a Date, a Map, a class instance), and whatever lies deeper than CLONE_DEPTH levels (a cycle), is
 * copied by `structuredClone`. For credentials, where it is several times faster than `structuredClone`
 * of the whole value, which serialises and deserialises it.
 */
export function cloneJson<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null) return value
  if (depth > CLONE_DEPTH) return structuredClone(value)
  if (Array.isArray(value)) {
    const prototype = Object.getPrototypeOf(value)
    if (prototype !== Array.prototype) return structuredClone(value)
    const copy = new Array(value.length)
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i], depth + 1)
    return copy as T
  }
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value)
  const copy: JsonObject = {}
  for (const key of Object.keys(value)) {
    const item = cloneJson((value as JsonObject)[key], depth + 1)
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true })
    else copy[key] = item
  }
  return copy as T
}
