/** JSON values as parsed: the object type every package reads credentials and documents as. */

export type JsonObject = { [key: string]: unknown }

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
