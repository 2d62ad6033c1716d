/** A JSON-LD value that may be one item or an array of them, as an array. */
export function asArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}
