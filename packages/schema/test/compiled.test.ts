// The validators compiled ahead of time (src/generated/) are those of the bundled schema and of
// scripts/compile-validators.ts as they stand: regenerating them changes nothing. And cutting the schema
// into one module per validator (its definitions split out, those of both data models shared, repeated
// subschemas made schemas of their own, annotations and ajv-formats left out) changes no verdict, no error
// but for its schema path, and no issue: they answer as Ajv does with the schema whole, OB and CLR alike.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { OB30 } from '@tessera/testkit/fixtures'
import { Ajv2019 } from 'ajv/dist/2019.js'
import ajvFormats from 'ajv-formats'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileValidators } from '../scripts/compile-validators.js'
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
import {
  ajvMessage,
  type ErrorObject,
  type SchemaStructure,
  schemaIssues,
  schemaStructure,
} from '../src/schema-issues.js'
import { vcdm11Variant } from '../src/schema-variants.js'

const GENERATED = new URL('../src/generated/', import.meta.url)
const CLR_SAMPLES = new URL('./fixtures/clr20/', import.meta.url)

test('src/generated/ is up to date with the schema and the compiler', () => {
  const files = compileValidators()
  const present = readdirSync(GENERATED).filter((f) => f.endsWith('.ts'))
  assert.equal(
    present.sort(),
    [...files.keys()].sort(),
    'files: run tsx packages/schema/scripts/compile-validators.ts',
  )
  for (const [name, text] of files) {
    assert.ok(
      readFileSync(new URL(name, GENERATED), 'utf8') === text,
      `${name} out of date: run tsx packages/schema/scripts/compile-validators.ts`,
    )
  }
})

test('each validator module imports only what it uses: no Ajv, no ajv-formats', () => {
  for (const name of readdirSync(GENERATED)) {
    const imports = [
      ...readFileSync(new URL(name, GENERATED), 'utf8').matchAll(/^import .* from '([^']+)'/gm),
    ]
    for (const [, from] of imports) assert.ok(from?.startsWith('./'), `${name} imports ${from}`)
  }
})

/** Every credential of 1EdTech's OB 3.0 test files, each also as VCDM 1.1, and deterministic mutations of them. */
function corpus(count: number): unknown[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
    )
  const credentials: Record<string, unknown>[] = []
  for (const file of files(OB30)) {
    try {
      credentials.push(parseCredential(readFileSync(file, 'utf8')).credential)
    } catch {
      // not a credential (a status list, a key)
    }
  }
  return mutations(credentials, count)
}

/** The credentials, each also as VCDM 1.1, and deterministic mutations of them: `count` in all. */
function mutations(samples: unknown[], count: number): unknown[] {
  const credentials = structuredClone(samples) as Record<string, unknown>[]
  for (const credential of [...credentials]) {
    const { validFrom, validUntil, ...rest } = structuredClone(credential)
    const context = Array.isArray(rest['@context']) ? rest['@context'] : []
    credentials.push({
      ...rest,
      '@context': ['https://www.w3.org/2018/credentials/v1', ...context.slice(1)],
      ...(validFrom === undefined ? {} : { issuanceDate: validFrom }),
      ...(validUntil === undefined ? {} : { expirationDate: validUntil }),
    })
  }
  let seed = 1
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const values = [
    null,
    1,
    'x',
    true,
    [],
    {},
    ['x'],
    '2024-01-01',
    '2024-01-01T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-01-01T00:00:00',
    'Membership',
    'ext:Foo',
    'https://www.w3.org/2018/credentials/v1',
    'EndorsementCredential',
    { type: 'Image', id: 'x' },
    // language maps, which the CLR schema allows for most strings
    { en: 'x' },
    { 'not a language': 'x' },
    { en: 1 },
  ]
  type Node = Record<string | number, unknown>
  const parents = (value: unknown, out: [Node, string | number][] = []): [Node, string | number][] => {
    if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const k = Array.isArray(value) ? Number(key) : key
        out.push([value as Node, k])
        parents((value as Node)[k], out)
      }
    }
    return out
  }
  const out: unknown[] = [...credentials]
  while (out.length < count) {
    const copy = structuredClone(pick(credentials))
    for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
      const [node, key] = pick(parents(copy))
      const r = random()
      if (r < 0.3) {
        if (Array.isArray(node)) node.splice(Number(key), 1)
        else delete node[key]
      } else if (r < 0.85) node[key] = structuredClone(pick(values))
      else if (!Array.isArray(node)) node.extra = 'y'
    }
    out.push(copy)
  }
  return out
}

type Validator = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null }

/**
 * Each validator against Ajv's own compile of the schema whole: the same verdict, the same errors in the
 * same order but for their schema path (a subschema the compiler made a schema of its own reports its
 * path from there, as one of the schema's definitions does), and the same validation issues made of them
 * (schema-issues.ts, which reads schema paths).
 */
function judgeAlike(
  inputs: unknown[],
  structure: SchemaStructure,
  pairs: [string, Validator, Validator | undefined][],
): number {
  // the compiled validators carry no messages: ajvMessage words them as Ajv does
  const withoutSchemaPath = (errors: ErrorObject[] | null | undefined, worded: boolean) =>
    (errors ?? []).map(({ schemaPath: _, ...rest }) =>
      worded ? rest : { ...rest, message: ajvMessage(rest) },
    )
  let valid = 0
  for (const input of inputs) {
    for (const [name, actual, expected] of pairs) {
      if (expected === undefined) throw new Error(`Ajv has no ${name}`)
      const verdict = expected(input)
      assert.is(actual(input), verdict, name)
      assert.equal(withoutSchemaPath(actual.errors, false), withoutSchemaPath(expected.errors, true), name)
      assert.equal(
        schemaIssues(structure, actual.errors ?? []),
        schemaIssues(structure, expected.errors ?? []),
        name,
      )
      if (verdict) valid++
    }
  }
  return valid
}

function wholeSchemaAjv(...schemas: Record<string, unknown>[]): Ajv2019 {
  const ajv = new Ajv2019({ allErrors: true, strict: false, inlineRefs: false })
  ;(ajvFormats as unknown as typeof ajvFormats.default)(ajv, ['date-time', 'date'])
  for (const schema of schemas) ajv.addSchema(schema)
  return ajv
}

const schemaFile = (name: string) =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  > & {
    $id: string
  }

test('the OB validators judge as Ajv does with the schema whole, error for error', () => {
  const schema = schemaFile('ob_v3p0_achievementcredential_schema.json')
  const vcdm11 = vcdm11Variant(schema) as { $id: string }
  const ajv = wholeSchemaAjv(schema, vcdm11)
  const valid = judgeAlike(corpus(1500), schemaStructure(STRUCTURE), [
    ['vcdm2Achievement', vcdm2Achievement, ajv.getSchema(schema.$id)],
    ['vcdm2Endorsement', vcdm2Endorsement, ajv.getSchema(`${schema.$id}#/$defs/EndorsementCredential`)],
    ['vcdm11Achievement', vcdm11Achievement, ajv.getSchema(vcdm11.$id)],
    ['vcdm11Endorsement', vcdm11Endorsement, ajv.getSchema(`${vcdm11.$id}#/$defs/EndorsementCredential`)],
  ])
  assert.ok(valid > 100, `only ${valid} valid inputs`)
})

test('the CLR validators judge as Ajv does with the schema whole, error for error', () => {
  const schema = schemaFile('clr_v2p0_clrcredential_schema.json')
  const vcdm11 = vcdm11Variant(schema, ['VerifiableCredential', 'EndorsementCredential']) as { $id: string }
  const ajv = wholeSchemaAjv(schema, vcdm11)
  const samples = readdirSync(CLR_SAMPLES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(new URL(f, CLR_SAMPLES), 'utf8')) as unknown)
  const valid = judgeAlike(mutations(samples, 400), schemaStructure(CLR_STRUCTURE), [
    ['clrVcdm2', clrVcdm2, ajv.getSchema(schema.$id)],
    ['clrVcdm11', clrVcdm11, ajv.getSchema(vcdm11.$id)],
  ])
  assert.ok(valid > 5, `only ${valid} valid inputs`)
})

test.run()
