/**
 * One schema for both data models (VCDM 2.0 and 1.1), for the validator compiler
 * (compile-validators.ts): the VCDM 1.1 variant of 1EdTech's schema differs from the official one in a
 * few values (the first context, `issuanceDate` required in place of `validFrom`) and two properties
 * (`issuanceDate`, `expirationDate`), on the credential definitions only. Everything else is the same, and
 * every definition that leads to a credential was compiled twice, once a model. Here the two schemas
 * become one template where each difference is a slot (`__MODEL_0__`, ...), derived by comparing the two,
 * not written by hand; Ajv compiles the template once, and its code reads each slot from a table of the
 * model's values (`model[0]`, ...), so that one function serves both models. A property only one model
 * has is, in the other model's table, a symbol: no JSON value has a symbol-keyed property, so the code
 * that checks it never runs there, as if the property were not in that model's schema.
 */
import { isDeepStrictEqual } from 'node:util'

type Json = unknown

/** A slot's value in each model: a string, or null for a property the model does not have. */
export type SlotValues = [vcdm2: string | null, vcdm11: string | null]

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Keywords whose value maps property names to schemas: a property only one model has becomes a slot. */
const PROPERTY_MAPS = new Set(['properties'])

/**
 * The template of two schemas that differ only in strings (array elements, values) and in the
 * properties of `properties` maps, with the values of each slot. Throws on any other difference.
 */
export function modelTemplate(
  vcdm2: Record<string, unknown>,
  vcdm11: Record<string, unknown>,
): { template: Record<string, unknown>; slots: SlotValues[] } {
  const slots: SlotValues[] = []
  const slot = (values: SlotValues): string => {
    let at = slots.findIndex((s) => s[0] === values[0] && s[1] === values[1])
    if (at < 0) at = slots.push(values) - 1
    return `__MODEL_${at}__`
  }
  const merge = (a: Json, b: Json, where: string, key?: string): Json => {
    if (isDeepStrictEqual(a, b)) return a
    if (typeof a === 'string' && typeof b === 'string') return slot([a, b])
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
      return a.map((item, i) => merge(item, b[i], `${where}/${i}`))
    if (isObject(a) && isObject(b)) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(a)) {
        if (k in b) out[k] = merge(v, b[k], `${where}/${k}`, k)
        else if (key !== undefined && PROPERTY_MAPS.has(key)) out[slot([k, null])] = v
        else throw new Error(`the models differ at ${where}/${k}`)
      }
      for (const [k, v] of Object.entries(b)) {
        if (k in a) continue
        if (key !== undefined && PROPERTY_MAPS.has(key)) out[slot([null, k])] = v
        else throw new Error(`the models differ at ${where}/${k}`)
      }
      return out
    }
    throw new Error(`the models differ at ${where}`)
  }
  const { $id, ...rest2 } = vcdm2
  const { $id: _, ...rest11 } = vcdm11
  const template = { $id, ...(merge(rest2, rest11, '') as Record<string, unknown>) }
  // the template filled in gives each model's schema back, property order included (the order of errors)
  for (const [i, model] of [vcdm2, vcdm11].entries()) {
    const { $id: __, ...filled } = fill(template, slots, i) as Record<string, unknown>
    const { $id: ___, ...expected } = model
    if (JSON.stringify(filled) !== JSON.stringify(expected))
      throw new Error(`the template does not give back model ${i}`)
  }
  return { template, slots }
}

/** The template with model `i`'s values in its slots (a property the model lacks left out). */
function fill(value: Json, slots: SlotValues[], i: number): Json {
  const of = (text: string): string | null | undefined => {
    const match = /^__MODEL_(\d+)__$/.exec(text)
    return match === null ? undefined : (slots[Number(match[1])] as SlotValues)[i]
  }
  if (typeof value === 'string') return of(value) ?? value
  if (Array.isArray(value)) return value.map((item) => fill(item, slots, i))
  if (!isObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const name = of(k)
    if (name === null) continue
    out[name ?? k] = fill(v, slots, i)
  }
  return out
}

/**
 * Ajv's code of the template with each slot read from `table` (`table[0]`): in string literals (an
 * error's path, the value compared) and in property accesses (`data.__MODEL_1__`).
 */
export function readSlots(code: string, table: string): string {
  const out = code
    .replace(/\.(__MODEL_(\d+)__)\b/g, (_, __, n: string) => `[${table}[${n}]]`)
    .replace(/"(?:[^"\\\n]|\\.)*"/g, (literal) => {
      if (!literal.includes('__MODEL_')) return literal
      const parts = (JSON.parse(literal) as string).split(/(__MODEL_\d+__)/).filter((p) => p !== '')
      const read = parts.map((p) => {
        const n = /^__MODEL_(\d+)__$/.exec(p)?.[1]
        return n === undefined ? JSON.stringify(p) : `${table}[${n}]`
      })
      return read.length === 1 ? (read[0] as string) : `(${read.join('+')})`
    })
  if (out.includes('__MODEL_')) throw new Error('a slot of the template is left in the code')
  return out
}

/** A model's table of slot values as code: a property the model lacks is a symbol. */
export function slotTable(slots: SlotValues[], i: 0 | 1): string {
  return `[${slots.map((s) => (s[i] === null ? 'Symbol()' : JSON.stringify(s[i]))).join(', ')}]`
}
