// The compiled OB 3.0 validators (src/generated/: compacted code, schema paths only where read, a
// reduced structure) against Ajv compiling 1EdTech's schema here, at test time, with its own messages and
// the schema whole as the structure validation reads: on 1EdTech's conformance files and thousands of
// seeded mutations of them (each property removed, retyped, duplicated, made a single value or an array;
// bad dates; wrong contexts and types), VCDM 2.0 and 1.1, achievement and endorsement credentials. Each
// validator gives Ajv's verdict and Ajv's errors (where, which keyword, its parameters), and
// validateCredential gives what the same validation gives with Ajv's validator: every issue's code, path
// and wording, every warning.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { OB30 } from '@tessera/testkit/fixtures'
import { Ajv2019 } from 'ajv/dist/2019.js'
import ajvFormats from 'ajv-formats'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  CLR_STRUCTURE,
  clrVcdm2,
  clrVcdm11,
  STRUCTURE,
  vcdm2Achievement,
  vcdm2Endorsement,
  vcdm11Achievement,
  vcdm11Endorsement,
} from '../src/generated/validators.js'
import { parseCredential } from '../src/input.js'
import type { JsonObject } from '../src/json.js'
import {
  arrayForm,
  type ErrorObject,
  type SchemaStructure,
  schemaIssues,
  schemaStructure,
} from '../src/schema-issues.js'
import { vcdm11Variant } from '../src/schema-variants.js'
import { validateCredential } from '../src/validate.js'
import { type CompiledValidator, validateWith, variantOf } from '../src/validate-rules.js'

const V1 = 'https://www.w3.org/2018/credentials/v1'
const V2 = 'https://www.w3.org/ns/credentials/v2'
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

type Json = unknown
type Node = Record<string | number, Json>

const schema = JSON.parse(
  readFileSync(new URL('../schemas/ob_v3p0_achievementcredential_schema.json', import.meta.url), 'utf8'),
) as JsonObject & { $id: string; $defs: Record<string, JsonObject> }
const vcdm11 = vcdm11Variant(schema) as JsonObject & { $id: string }
// Each $ref compiled as a function of its own, as the compiler does: with Ajv 8.20's default (refs inlined)
// Ajv itself drops the `contains` error of an empty `type` array in an Alignment when another error follows
// (minItems alone is reported), where an empty array fails `contains` by the specification.
const ajv = new Ajv2019({ allErrors: true, strict: false, inlineRefs: false })
;(ajvFormats as unknown as typeof ajvFormats.default)(ajv, ['date-time', 'date'])
ajv.addSchema(schema)
ajv.addSchema(vcdm11)
const reference = (id: string): CompiledValidator => {
  const validator = ajv.getSchema(id)
  if (validator === undefined) throw new Error(`Ajv has no ${id}`)
  return validator as CompiledValidator
}
const PAIRS: [string, CompiledValidator, CompiledValidator][] = [
  ['vcdm2Achievement', vcdm2Achievement, reference(schema.$id)],
  ['vcdm2Endorsement', vcdm2Endorsement, reference(`${schema.$id}#/$defs/EndorsementCredential`)],
  ['vcdm11Achievement', vcdm11Achievement, reference(vcdm11.$id)],
  ['vcdm11Endorsement', vcdm11Endorsement, reference(`${vcdm11.$id}#/$defs/EndorsementCredential`)],
]
const BY_VARIANT: Record<string, CompiledValidator> = {
  'vcdm2:achievement': PAIRS[0]?.[2] as CompiledValidator,
  'vcdm2:endorsement': PAIRS[1]?.[2] as CompiledValidator,
  'vcdm1.1:achievement': PAIRS[2]?.[2] as CompiledValidator,
  'vcdm1.1:endorsement': PAIRS[3]?.[2] as CompiledValidator,
}
/** The whole schema as the structure (the generated one is reduced to what validation reads). */
const WHOLE = schemaStructure(schema)

/** validateCredential's answer, computed with Ajv's validator of the schema and the whole schema. */
function referenceValidation(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return validateCredential(input)
  const { model, kind } = variantOf(input as JsonObject)
  if (kind === 'clr') return validateCredential(input)
  return validateWith(input as JsonObject, model, kind, {
    validator: BY_VARIANT[`${model}:${kind}`] as CompiledValidator,
    structure: WHOLE,
    root: kind === 'endorsement' ? (schema.$defs.EndorsementCredential as JsonObject) : schema,
  })
}

/** A credential on VCDM 1.1: the credentials/v1 context first, issuanceDate and expirationDate. */
function asVcdm11(credential: Node): Node {
  const { validFrom, validUntil, ...rest } = structuredClone(credential)
  const context = Array.isArray(rest['@context']) ? rest['@context'] : []
  return {
    ...rest,
    '@context': [V1, ...context.slice(1)],
    ...(validFrom === undefined ? {} : { issuanceDate: validFrom }),
    ...(validUntil === undefined ? {} : { expirationDate: validUntil }),
  }
}

/** 1EdTech's conformance credentials and the endorsement credentials inside them, each also on VCDM 1.1. */
function samples(): Node[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
    )
  const found: Node[] = []
  const endorsements = (value: Json): void => {
    if (Array.isArray(value)) for (const item of value) endorsements(item)
    else if (typeof value === 'object' && value !== null) {
      const types = (value as Node).type
      if (Array.isArray(types) && types.includes('EndorsementCredential')) found.push(value as Node)
      for (const item of Object.values(value)) endorsements(item)
    }
  }
  for (const file of files(OB30)) {
    try {
      const { credential } = parseCredential(readFileSync(file, 'utf8'))
      found.push(credential as Node)
      endorsements((credential as Node).endorsement)
      endorsements((credential as Node).credentialSubject)
      endorsements((credential as Node).issuer)
    } catch {
      // not a credential (a status list, a key)
    }
  }
  const unique = [...new Map(found.map((c) => [JSON.stringify(c), structuredClone(c)])).values()]
  return [...unique, ...unique.map(asVcdm11)]
}

/** Every place in a value: its parent and key. */
function places(value: Json, out: [Node, string | number, string][] = [], path = ''): typeof out {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const k = Array.isArray(value) ? Number(key) : key
      out.push([value as Node, k, `${path}/${key}`])
      places((value as Node)[k], out, `${path}/${key}`)
    }
  }
  return out
}

const RETYPES: Json[] = [null, 1, 'x', true, {}, [], ['x'], { type: 'Image', id: 'x' }]
const BAD_DATES = [
  '2024-02-30T00:00:00Z',
  '2024-01-01',
  '2024-01-01T00:00:00',
  'yesterday',
  '2024-13-01T00:00:00Z',
  '2024-01-01T25:00:00Z',
]
const CONTEXTS: Json[] = [
  [V1, OB_CONTEXT],
  [V2, OB_CONTEXT],
  [OB_CONTEXT, V2],
  [V2],
  V2,
  [V2, 'https://example.com/other.json'],
  [V2, OB_CONTEXT, V1],
  [V1, V2, OB_CONTEXT],
  [{}, OB_CONTEXT],
  [],
]
const TYPES: Json[] = [
  ['VerifiableCredential'],
  ['OpenBadgeCredential'],
  ['VerifiableCredential', 'EndorsementCredential'],
  'OpenBadgeCredential',
  ['VerifiableCredential', 'AchievementCredential'],
  ['VerifiableCredential', 'OpenBadgeCredential', 'EndorsementCredential'],
  [],
]
const DATE_KEYS = /^(validFrom|validUntil|issuanceDate|expirationDate|awardedDate|created|activity\w*Date)$/

/** Each mutation of one sample, applied to a copy: a list of functions of the copy. */
function mutationsOf(sample: Node): ((copy: Node) => void)[] {
  const out: ((copy: Node) => void)[] = []
  const at =
    (path: string) =>
    (copy: Node): [Node, string | number] => {
      const found = places(copy).find(([, , p]) => p === path)
      if (found === undefined) throw new Error(`${path} is gone`)
      return [found[0], found[1]]
    }
  for (const [, key, path] of places(sample)) {
    const place = at(path)
    out.push((copy) => {
      const [node, k] = place(copy)
      if (Array.isArray(node)) node.splice(Number(k), 1)
      else delete node[k]
    })
    for (const value of RETYPES)
      out.push((copy) => {
        const [node, k] = place(copy)
        node[k] = structuredClone(value)
      })
    // duplicated: an array's first item twice, a single value as an array of two
    out.push((copy) => {
      const [node, k] = place(copy)
      const value = node[k]
      node[k] = Array.isArray(value) ? [...value, ...value.slice(0, 1)] : [value, structuredClone(value)]
    })
    // a single value as an array of one, an array of one as its value
    out.push((copy) => {
      const [node, k] = place(copy)
      const value = node[k]
      node[k] = Array.isArray(value) && value.length === 1 ? value[0] : [value]
    })
    if (typeof key === 'string' && DATE_KEYS.test(key))
      for (const date of BAD_DATES)
        out.push((copy) => {
          const [node, k] = place(copy)
          node[k] = date
        })
  }
  for (const context of CONTEXTS)
    out.push((copy) => {
      copy['@context'] = structuredClone(context)
    })
  for (const type of TYPES)
    out.push((copy) => {
      copy.type = structuredClone(type)
    })
  for (const key of ['issuanceDate', 'validFrom', 'expirationDate', 'validUntil'])
    for (const value of ['2024-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 'x', 1])
      out.push((copy) => {
        copy[key] = value
      })
  return out
}

/** The samples and `count` of their mutations, chosen by a seeded generator: some with two at once. */
function corpus(count: number, seed: number, all: Node[] = samples()): Json[] {
  let state = seed
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
  const out: Json[] = [...all]
  const lists = all.map(mutationsOf)
  while (out.length < all.length + count) {
    const i = Math.floor(random() * all.length)
    const copy = structuredClone(all[i]) as Node
    const list = lists[i] as ((copy: Node) => void)[]
    for (let n = random() < 0.8 ? 1 : 2; n > 0; n--) {
      try {
        ;(list[Math.floor(random() * list.length)] as (copy: Node) => void)(copy)
      } catch {
        // a place an earlier mutation removed
      }
    }
    out.push(copy)
  }
  return out
}

const located = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params }))

test('the samples hold both data models and both credential classes, valid and not', () => {
  const variants = new Map<string, { valid: number; invalid: number }>()
  for (const sample of samples()) {
    const { model, kind } = variantOf(sample as JsonObject)
    const key = `${model}:${kind}`
    const tally = variants.get(key) ?? { valid: 0, invalid: 0 }
    if (validateCredential(sample).valid) tally.valid++
    else tally.invalid++
    variants.set(key, tally)
  }
  for (const key of [
    'vcdm2:achievement',
    'vcdm2:endorsement',
    'vcdm1.1:achievement',
    'vcdm1.1:endorsement',
  ]) {
    const tally = variants.get(key)
    assert.ok(tally !== undefined && tally.valid > 0, `no valid ${key} sample`)
  }
})

test('each compiled validator gives Ajv’s verdict and errors on 3,000 mutated conformance credentials', () => {
  let valid = 0
  let invalid = 0
  for (const input of corpus(3000, 21)) {
    for (const [name, compiled, expected] of PAIRS) {
      const verdict = expected(input)
      assert.is(compiled(input), verdict, name)
      assert.equal(located(compiled.errors), located(expected.errors), name)
      if (verdict) valid++
      else invalid++
    }
  }
  assert.ok(valid > 100 && invalid > 5000, `${valid} valid, ${invalid} invalid`)
})

test('validateCredential gives the issues and warnings Ajv’s own validator gives, word for word', () => {
  const kinds = new Set<string>()
  let invalid = 0
  for (const input of corpus(3000, 2035)) {
    const actual = validateCredential(input)
    assert.equal(actual, referenceValidation(input), JSON.stringify(input).slice(0, 200))
    kinds.add(`${actual.model}:${actual.kind}:${actual.valid}`)
    if (!actual.valid) invalid++
  }
  assert.ok(kinds.size >= 8, [...kinds].join(', '))
  assert.ok(invalid > 1000, `${invalid} invalid`)
})

/** The CLR samples (1EdTech's validator's), each also on VCDM 1.1. */
function clrSamples(): Node[] {
  const folder = new URL('./fixtures/clr20/', import.meta.url)
  const clrs = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as Node)
  return [...clrs, ...clrs.map(asVcdm11)]
}

/**
 * What validation reads from a structure (schema-issues.ts): where single values are wrapped in arrays,
 * and the issues a validator's errors make; the same from the generated, reduced structure and from the
 * schema whole.
 */
function readAlike(
  inputs: Json[],
  reduced: SchemaStructure,
  whole: SchemaStructure,
  validators: CompiledValidator[],
): { wrapped: number; worded: number } {
  let wrappedSome = 0
  let worded = 0
  for (const input of inputs) {
    const wrapped: [string[], string[]] = [[], []]
    const forms = [reduced, whole].map((s, i) => arrayForm(s, input, s.root, '', wrapped[i] as string[]))
    assert.equal(forms[0], forms[1])
    assert.equal(wrapped[0], wrapped[1])
    if ((wrapped[0] as string[]).length > 0) wrappedSome++
    for (const validator of validators) {
      if (validator(forms[0])) continue
      assert.equal(schemaIssues(reduced, validator.errors ?? []), schemaIssues(whole, validator.errors ?? []))
      worded++
    }
  }
  return { wrapped: wrappedSome, worded }
}

test('the reduced structures wrap single values and word issues as the schemas whole do, OB and CLR', () => {
  const ob = readAlike(
    corpus(1500, 7),
    schemaStructure(STRUCTURE),
    WHOLE,
    PAIRS.map(([, compiled]) => compiled),
  )
  assert.ok(ob.wrapped > 100 && ob.worded > 1000, JSON.stringify(ob))
  const clr = JSON.parse(
    readFileSync(new URL('../schemas/clr_v2p0_clrcredential_schema.json', import.meta.url), 'utf8'),
  ) as JsonObject
  // the CLR schema takes one value or an array almost everywhere: it wraps next to nothing
  const clrs = readAlike(
    corpus(600, 11, clrSamples()),
    schemaStructure(CLR_STRUCTURE),
    schemaStructure(clr),
    [clrVcdm2, clrVcdm11],
  )
  assert.ok(clrs.worded > 300, JSON.stringify(clrs))
})

test.run()
