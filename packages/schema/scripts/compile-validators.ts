/**
 * Compiles 1EdTech's OB 3.0 JSON Schema (both variants, AchievementCredential and EndorsementCredential)
 * and its CLR 2.0 JSON Schema (both variants, ClrCredential) into validation functions ahead of time with
 * Ajv's standalone code generation, so that neither Ajv nor the schemas are loaded or compiled at run
 * time: src/generated/. Run after changing the schema or the Ajv
 * options: `tsx packages/schema/scripts/compile-validators.ts` (`--check` fails when a file is out of
 * date; a test does that).
 *
 * What it writes, one module per validator so that a bundler or a runtime loads only what is imported:
 * - `vcdm2-achievement.ts`, `vcdm2-endorsement.ts`, `vcdm11-achievement.ts`, `vcdm11-endorsement.ts`:
 *   each validator and the functions of the schema's $defs that only it (and the validators that embed
 *   it: an achievement credential holds endorsements) uses;
 * - `shared.ts`: the $defs the two data models have in common, compiled once for both. Only the
 *   definitions that lead to an EndorsementCredential (which differs between VCDM 2.0 and 1.1) exist
 *   in two copies;
 * - `clr-vcdm2.ts`, `clr-vcdm11.ts` and `clr-shared.ts`: the same for the CLR schema, compiled on its own
 *   (its definitions are its own: 1EdTech publishes it as a JSON-LD adaptation, where most properties
 *   take one value or an array); the definitions that lead to a credential (VerifiableCredential,
 *   EndorsementCredential) exist in two copies;
 * - `formats.ts`: the two formats the schema uses (date-time, date), their `validate` as ajv-formats
 *   writes it (the code calls nothing else), so that ajv-formats with its every format is not loaded at run
 *   time;
 * - `structure.ts`, `clr-structure.ts`: each schema's id and its structure (what validation reads to place
 *   single values and to word errors);
 * - `validators.ts`: all of the above, re-exported.
 * Annotations (`title`, `description`, `$comment`) are left out of the compiled schemas: they do not
 * change what validates, and Ajv's code would otherwise carry them as data. A subschema written out
 * several times is compiled once (`hoistRepeats`): with it and Ajv's draft-07 class, the CLR schema's
 * validators went from 48.0 to 16.2 KiB min+gzip and the OB ones from 15.8 to 12.9 (the class alone: 47.0
 * and 15.2), each bundled on its own.
 * `messages: false` then took OB's to 11.6 and CLR's to 15.2 (schema-issues.ts words the messages).
 * Measured and not taken: `code.optimize: 3` (no change), Ajv2019 with `unevaluated: false` (no change:
 * the class turns it on), OB and CLR in one Ajv (none of the 22 definitions both schemas name is the same
 * once annotations are dropped: the CLR schema is its JSON-LD adaptation).
 *
 * After Ajv (issue #21, 2026-12-05; bytes min+gzip of the four OB validators with STRUCTURE bundled alone
 * by esbuild, minified in brackets; then of the JWT-only verifier build with its lazy chunks,
 * scripts/bundle-verifier.mjs). From 12,822 (151,823), the build 52,982 (the figures from 8,849 to 7,036
 * were taken with the template below in place, which was then dropped):
 * - `withoutSchemaConstants`: Ajv writes out a whole subschema as a constant when its code reads one value
 *   of it (an enum's allowed values): the values read instead, 10,823 (126,891);
 * - compact-code.ts: one function pushes every error, another appends a called function's, calls pass
 *   the instance path alone (no parentData/rootData, which nothing reads), 8,849 (62,161); an enum of
 *   three strings or more looked up in its allowed values, 7,558; an error's schema path kept only where
 *   schema-issues.ts reads it (unions, contains), "" elsewhere, 7,125 (leaving the argument out: 7,582; of
 *   the 24 orders of pushError's arguments, Ajv's own gives the smallest build, 46,853, the others 46,889
 *   to 47,266);
 * - STRUCTURE without the properties that lead to no array or `contains`, and without enums but a
 *   contains's: 7,036 (structure.ts 11.1 -> 5.2 KB; clr-structure.ts 17.6 -> 8.8 KB);
 * - the template dropped: 6,777 (66,429), the build 46,853; type and required errors pushed by functions
 *   that write their keyword: 6,704 (59,593).
 * End: 6,704 (59,593); the build 46,756 (171,896; up front 40,033, was 46,205); validateClr bundled alone
 * 33,300 -> 18,559.
 * Measured and not taken: one template of both data models' schemas, their differences (first context,
 * issuanceDate/expirationDate, the required date) slots read from a table a model: 10,823 -> 10,177 when
 * tried, but after the passes above it made the build 47,025 against 46,864 with two copies (17.2 KB less
 * minified: gzip encodes the second copy as back-references), and validateClr 19,545 against 18,885.
 * `inlineRefs` true or a threshold: Ajv 8.20 with refs inlined drops the `contains` error of an empty
 * `type` array in an Alignment when another error follows (test/differential.test.ts), so the verdicts'
 * errors would change. @exodus/schemasafe 1.3.0: its VCDM 2.0 achievement validator alone with errors
 * (includeErrors, allErrors) is 7,625 (81,903), more than these four with the structure, 4,420 (26,802)
 * with verdicts only, and its errors carry keywordLocation and instanceLocation, not the parameters
 * (missingProperty, allowedValues, limit...) schema-issues.ts words the messages from.
 * Not tried: `code.es5`, `unicodeRegExp`, `ownProperties`.
 * Issue #21's fifth round (the JWT-only build with lazy chunks, min+gzip, from 36,181): errors counted by
 * their array's length rather than by a count beside it (compact-code.ts's countByLength), 35,957; an
 * optional string property checked by one call (`stringAt`, 123 of them in OB's code), the object test
 * (`isObject`) and a function's end (`done`) each one call: 35,479 (each taken away alone: 35,966, 35,497,
 * 35,488); an optional property checked by a referenced schema (`refAt`, 82) and a required one
 * (`requiredAt`, 77) one call each: 35,077 (each taken away alone: 35,434, 35,141); a `type` array with
 * `minItems: 1`, string items and a `contains` of one value checked by one call (`containsOne`, 19), 34,919;
 * an array of a referenced schema by one call (`eachOf`, 12), 34,877; a run of `stringAt` or of
 * `requiredAt` (and a required `@context`) one call with the run's properties, 34,829; an optional
 * property in a format by one call (`formatAt`), 34,656; formats.ts without ajv-formats's `compare`
 * functions, which no code calls, 34,569; STRUCTURE without the items of arrays that hold nothing to place
 * or word (`{type: "string"}`, 20 of them), 34,519; a `oneOf` of two branches by one call (`oneOf`, each
 * branch's code in a function of its own; 7 in OB's code), 34,396; STRUCTURE without the definitions
 * nothing kept refers to any more (11 of OB's, such as Image and Proof), 34,327; then (with a verifier step,
 * 34,283) `containsOne` for a `contains` of several values too (the credential's own type: Achievement- or
 * OpenBadgeCredential), each item looked up in the allowed values, 34,156; an array of strings or of a
 * referenced schema as a property's value by one call (`stringsOf`, `eachOf`), 34,141.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _, Ajv } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import ajvFormats from 'ajv-formats'
import ts from 'typescript'
import { structureOf, vcdm11Variant } from '../src/schema-variants.js'
import { compactCode } from './compact-code.js'

const OUT = fileURLToPath(new URL('../src/generated/', import.meta.url))

type Schema = Record<string, unknown>

/** A validator: the module it is written to, and whether other validators of its data model embed it. */
interface ValidatorFile {
  file: string
  embedded?: true
}

/** One of 1EdTech's schemas and what is compiled from it, with Ajv on its own. */
interface Family {
  schema: URL
  /** The definitions that describe a credential, which the VCDM 1.1 variant changes. */
  credentials: readonly string[]
  /** The validators, by the name each module exports: the root schema, or one definition of it. */
  validators: Record<string, ValidatorFile & { model: 'vcdm2' | 'vcdm11'; definition?: string }>
  /** Hoist the subschemas that repeat, of at least this many characters of JSON (`hoistRepeats`). */
  repeated?: number
  /** The module of the definitions both data models share. */
  shared: string
  /** The module of the schema's id and structure, and the names it exports them by. */
  structure: { file: string; id: string; structure: string; what: string }
}

const OB: Family = {
  schema: new URL('../schemas/ob_v3p0_achievementcredential_schema.json', import.meta.url),
  credentials: ['EndorsementCredential'],
  validators: {
    vcdm2Achievement: { file: 'vcdm2-achievement', model: 'vcdm2' },
    vcdm2Endorsement: {
      file: 'vcdm2-endorsement',
      model: 'vcdm2',
      definition: 'EndorsementCredential',
      embedded: true,
    },
    vcdm11Achievement: { file: 'vcdm11-achievement', model: 'vcdm11' },
    vcdm11Endorsement: {
      file: 'vcdm11-endorsement',
      model: 'vcdm11',
      definition: 'EndorsementCredential',
      embedded: true,
    },
  },
  shared: 'shared',
  repeated: 100,
  structure: {
    file: 'structure',
    id: 'SCHEMA_ID',
    structure: 'STRUCTURE',
    what: "1EdTech's schema (VCDM 2.0)",
  },
}

const CLR: Family = {
  schema: new URL('../schemas/clr_v2p0_clrcredential_schema.json', import.meta.url),
  credentials: ['VerifiableCredential', 'EndorsementCredential'],
  validators: {
    clrVcdm2: { file: 'clr-vcdm2', model: 'vcdm2' },
    clrVcdm11: { file: 'clr-vcdm11', model: 'vcdm11' },
  },
  shared: 'clr-shared',
  repeated: 100,
  structure: {
    file: 'clr-structure',
    id: 'CLR_SCHEMA_ID',
    structure: 'CLR_STRUCTURE',
    what: "1EdTech's CLR 2.0 schema (VCDM 2.0)",
  },
}

const FAMILIES = [OB, CLR]

const naturally = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })

const ANNOTATIONS = new Set(['title', 'description', '$comment'])
/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas'])
/** Keywords whose value is data, not schemas. */
const DATA = new Set(['enum', 'const', 'required', 'default', 'examples'])

/** The schema without its annotations. */
function lean(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lean)
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue
    out[key] = DATA.has(key)
      ? value
      : SCHEMA_MAPS.has(key)
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, lean(v)]))
        : lean(value)
  }
  return out
}

const LOCAL_REF = '#/$defs/'

/** Calls `visit` on every object of the schema that has a `$ref` (outside data keywords). */
function eachRef(schema: unknown, visit: (node: Schema & { $ref: string }) => void): void {
  if (Array.isArray(schema)) for (const item of schema) eachRef(item, visit)
  else if (typeof schema === 'object' && schema !== null) {
    if (typeof (schema as Schema).$ref === 'string') visit(schema as Schema & { $ref: string })
    for (const [key, value] of Object.entries(schema)) if (!DATA.has(key)) eachRef(value, visit)
  }
}

type Rooted = Schema & { $id: string }

/** The names of the definitions a schema refers to (`#/$defs/Name`), outside its own $defs. */
function localRefs(schema: Schema): Set<string> {
  const found = new Set<string>()
  eachRef({ ...schema, $defs: undefined }, (node) => {
    if (node.$ref.startsWith(LOCAL_REF)) found.add(node.$ref.slice(LOCAL_REF.length))
  })
  return found
}

/** The id a definition of the schema `rootId` gets as a schema of its own. */
function definitionId(rootId: string, name: string): string {
  return `${rootId.replace(/\.json$/, '')}/${name}.json`
}

/**
 * The schema as separate schemas: the root without its $defs, and each definition with an id of its
 * own, every `#/$defs/Name` made the id that `idOf` gives. Ajv compiles a schema that several others
 * refer to by id once (a definition reached through a root's $defs is compiled again for every root).
 */
function split(root: Rooted, names: Iterable<string>, idOf: (name: string) => string): Rooted[] {
  const defs = root.$defs as Record<string, Schema>
  const pointed = (schema: Schema): Schema => {
    const copy = structuredClone(schema)
    eachRef(copy, (node) => {
      if (node.$ref.startsWith(LOCAL_REF)) node.$ref = idOf(node.$ref.slice(LOCAL_REF.length))
    })
    return copy
  }
  const { $defs: _, ...rest } = root
  return [
    pointed(rest) as Rooted,
    ...[...names].map((name) => ({ $id: idOf(name), ...pointed(defs[name] as Schema) })),
  ]
}

/** Keywords whose value is one schema or an array of schemas. */
const SUBSCHEMAS = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'propertyNames',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
])

/** Calls `visit` on every subschema of `schema` (not the schema itself), outside `contains`, with its place. */
function eachSubschema(schema: Schema, visit: (sub: Schema, replace: (by: Schema) => void) => void): void {
  const at = (holder: Record<string, unknown> | unknown[], key: string | number): void => {
    const sub = (holder as Record<string, unknown>)[key]
    if (typeof sub !== 'object' || sub === null || Array.isArray(sub)) return
    visit(sub as Schema, (by) => {
      ;(holder as Record<string, unknown>)[key] = by
    })
    eachSubschema(sub as Schema, visit)
  }
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(key)) for (const name of Object.keys(value as Schema)) at(value as Schema, name)
    else if (SUBSCHEMAS.has(key)) {
      if (Array.isArray(value)) for (const i of value.keys()) at(value, i)
      else at(schema, key)
    }
  }
}

/**
 * The schemas with every subschema that occurs more than once (and is at least `minLength` characters of
 * JSON) made a schema of its own that each occurrence refers to, largest first: with `inlineRefs: false`
 * Ajv compiles it once, as one function, instead of writing its code out at every occurrence. What
 * validates does not change (a `$ref` to a schema is that schema; the refs inside are absolute ids
 * already); an error inside one has its schema path from that schema, as inside any definition, and
 * schema-issues.ts reads it so. The CLR schema writes its language maps (a string, or an object of
 * strings by language) out 116 times. Nothing with a `contains` in it, nor under one, is touched:
 * schema-issues.ts finds what a `contains` asks for, and drops the errors inside one, by their schema path.
 */
function hoistRepeats(list: Rooted[], idOf: (n: number) => string, minLength: number): Rooted[] {
  const out = structuredClone(list)
  for (let n = 1; ; n++) {
    const counts = new Map<string, number>()
    for (const schema of out)
      eachSubschema(schema, (sub) => {
        const key = JSON.stringify(sub)
        // a schema that only refers to another is already as short as it gets
        const isRef = Object.keys(sub).length === 1 && '$ref' in sub
        if (key.length >= minLength && !isRef && !key.includes('"contains":'))
          counts.set(key, (counts.get(key) ?? 0) + 1)
      })
    const repeated = [...counts]
      .filter(([, count]) => count > 1)
      .map(([key]) => key)
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))[0]
    if (repeated === undefined) return out
    const $id = idOf(n)
    for (const schema of out)
      eachSubschema(schema, (sub, replace) => {
        if (JSON.stringify(sub) === repeated) replace({ $ref: $id })
      })
    out.push({ $id, ...(JSON.parse(repeated) as Schema) })
  }
}

/**
 * Both data models' schemas, split into their definitions: VCDM 2.0 (1EdTech's schema as it is) and
 * VCDM 1.1 (its variant), which takes from VCDM 2.0 every definition that does not lead to a credential
 * definition (those the variant changes), so that those are compiled once for both.
 */
function schemas(
  family: Family,
  vcdm2: Rooted,
  vcdm11: Rooted,
): { schemas: Rooted[]; ids: Record<string, string> } {
  const defs = vcdm2.$defs as Record<string, Schema>
  const refs = new Map(Object.entries(defs).map(([name, def]) => [name, localRefs(def)]))
  const leadsToCredential = (name: string, seen = new Set<string>()): boolean => {
    if (family.credentials.includes(name)) return true
    seen.add(name)
    return [...(refs.get(name) ?? [])].some((r) => !seen.has(r) && leadsToCredential(r, seen))
  }
  const own = new Set(Object.keys(defs).filter((name) => leadsToCredential(name)))
  const v2Id = (name: string) => definitionId(vcdm2.$id, name)
  const v11Id = (name: string) => (own.has(name) ? definitionId(vcdm11.$id, name) : v2Id(name))
  const ids = Object.fromEntries(
    Object.entries(family.validators).map(([name, { model, definition }]) => {
      const root = model === 'vcdm2' ? vcdm2 : vcdm11
      const idOf = model === 'vcdm2' ? v2Id : v11Id
      return [name, definition === undefined ? root.$id : idOf(definition)]
    }),
  )
  return { schemas: [...split(vcdm2, Object.keys(defs), v2Id), ...split(vcdm11, own, v11Id)], ids }
}

/** A top-level statement of Ajv's code: the names it declares and the top-level names it uses. */
interface Declaration {
  text: string
  declares: string[]
  uses: Set<string>
  /** For `export const vcdm2Achievement = validate36`: which validator. */
  exports?: string
}

function declarationsOf(code: string, validators: Family['validators']): Declaration[] {
  const file = ts.createSourceFile('validators.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
  const statements = file.statements.filter(
    (s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)),
  )
  // `validate37.evaluated = {...}` belongs with validate37
  const isPropertyOf = (s: ts.Statement): string | undefined => {
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression)) return undefined
    const { left, operatorToken } = s.expression
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left))
      return undefined
    return ts.isIdentifier(left.expression) ? left.expression.text : undefined
  }
  const own = statements.filter((s) => isPropertyOf(s) === undefined)
  const declarations: Declaration[] = own.map((statement) => {
    const declares: string[] = []
    let exports: string | undefined
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      declares.push(statement.name.text)
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) throw new Error(`unexpected declaration: ${statement.getText()}`)
        declares.push(d.name.text)
      }
      if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const name = declares[0] as string
        if (!(name in validators) || declares.length !== 1) throw new Error(`unexpected export ${name}`)
        exports = name
      }
    } else {
      throw new Error(`unexpected statement in Ajv's code: ${statement.getText().slice(0, 100)}`)
    }
    return {
      text: exports === undefined ? statement.getText() : statement.getText().replace(/^export\s+/, ''),
      declares,
      uses: new Set<string>(),
      ...(exports === undefined ? {} : { exports }),
    }
  })
  const declared = new Set(declarations.flatMap((d) => d.declares))
  const byName = new Map<string, Declaration>()
  for (const d of declarations) for (const name of d.declares) byName.set(name, d)
  const parts = new Map<Declaration, ts.Statement[]>(own.map((s, i) => [declarations[i] as Declaration, [s]]))
  for (const s of statements) {
    const of = isPropertyOf(s)
    if (of === undefined) continue
    const d = byName.get(of)
    if (d === undefined) throw new Error(`unexpected statement in Ajv's code: ${s.getText().slice(0, 100)}`)
    d.text += `\n${s.getText()}`
    parts.get(d)?.push(s)
  }
  for (const [d, list] of parts) {
    const uses = d.uses
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && declared.has(node.text)) {
        const parent = node.parent
        const isMemberName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
          (ts.isPropertyAssignment(parent) && parent.name === node)
        if (!isMemberName) uses.add(node.text)
      }
      ts.forEachChild(node, visit)
    }
    for (const statement of list) ts.forEachChild(statement, visit)
  }
  return declarations
}

/** The formats the schema uses (and `ajv-formats` is told to add). */
const FORMATS = ['date-time', 'date']

/**
 * The formats module: what ajv-formats' `fullFormats` holds for each format the schema uses, with the
 * declarations of ajv-formats' own code (dist/formats.js) that it needs, copied as they are, so that the
 * validators import a few functions rather than ajv-formats with every format it knows.
 */
function formatsModule(): string {
  const require = createRequire(import.meta.url)
  const path = require.resolve('ajv-formats/dist/formats.js')
  const { version } = require('ajv-formats/package.json') as { version: string }
  const file = ts.createSourceFile(
    'formats.js',
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
    ts.ScriptKind.JS,
  )
  const declarations = new Map<string, ts.Statement>()
  let full: ts.ObjectLiteralExpression | undefined
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      declarations.set(statement.name.text, statement)
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations)
        if (ts.isIdentifier(d.name)) declarations.set(d.name.text, statement)
    } else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.left.getText() === 'exports.fullFormats' &&
      ts.isObjectLiteralExpression(statement.expression.right)
    ) {
      full = statement.expression.right
    }
  }
  if (full === undefined) throw new Error(`no fullFormats in ${path}`)
  const chosen = FORMATS.map((format) => {
    const property = full.properties.find(
      (p): p is ts.PropertyAssignment =>
        ts.isPropertyAssignment(p) &&
        (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
        p.name.text === format,
    )
    if (property === undefined) throw new Error(`ajv-formats has no ${format} format`)
    // `fmtDef(validate, compare)`: the compiled code calls `validate` alone (compare serves formatMinimum
    // and the like, which the schemas do not use)
    const value = property.initializer
    if (
      !ts.isCallExpression(value) ||
      value.expression.getText() !== 'fmtDef' ||
      value.arguments[0] === undefined
    )
      throw new Error(`ajv-formats's ${format} format is not fmtDef(validate, compare)`)
    return { format, value: value.arguments[0] }
  })
  const needed = new Set<ts.Statement>()
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const statement = declarations.get(node.text)
      if (statement !== undefined && !needed.has(statement)) {
        needed.add(statement)
        ts.forEachChild(statement, visit)
      }
    }
    ts.forEachChild(node, visit)
  }
  for (const { value } of chosen) visit(value)
  const code = file.statements.filter((s) => needed.has(s)).map((s) => s.getText())
  return `${HEADER}
// The formats the schema uses, as ajv-formats ${version} (MIT licence) defines them in dist/formats.js.

${code.join('\n')}

export const formats = {
  ${chosen.map(({ format, value }) => `${JSON.stringify(format)}: { validate: ${value.getText()} }`).join(',\n  ')},
}
`
}

const HEADER = `// @ts-nocheck
/** biome-ignore-all lint: generated by scripts/compile-validators.ts from 1EdTech's schema; do not edit */
/** biome-ignore-all format: generated */`

/**
 * Ajv's code cut into one module per validator and one for what the two data models share: each
 * declaration goes to the module of the validators that reach it (an achievement credential's
 * validator reaches its endorsement validator; both data models reach the shared definitions).
 */
function modulesOf(code: string, family: Family): Map<string, string> {
  const validators = family.validators
  const declarations = declarationsOf(code, validators)
  const byName = new Map<string, Declaration>()
  for (const d of declarations) for (const name of d.declares) byName.set(name, d)
  const reachedBy = new Map<Declaration, Set<string>>()
  for (const root of declarations.filter((d) => d.exports !== undefined)) {
    const stack = [root]
    while (stack.length > 0) {
      const d = stack.pop() as Declaration
      const roots = reachedBy.get(d) ?? new Set<string>()
      if (roots.has(root.exports as string)) continue
      roots.add(root.exports as string)
      reachedBy.set(d, roots)
      for (const name of d.uses) {
        const used = byName.get(name)
        if (used !== undefined) stack.push(used)
      }
    }
  }
  const moduleOf = (d: Declaration): string => {
    const roots = [...(reachedBy.get(d) ?? [])].map((r) => validators[r] as Family['validators'][string])
    if (new Set(roots.map((r) => r.model)).size > 1) return family.shared
    // within one data model: one validator alone, or the one the others embed (which all reach)
    return roots.length === 1 ? (roots[0]?.file as string) : (roots.find((r) => r.embedded)?.file as string)
  }
  const modules = new Map<string, Declaration[]>()
  // what no validator uses (Ajv declares some schemas it never reads) is left out
  for (const d of declarations.filter((d) => reachedBy.has(d))) {
    const name = moduleOf(d)
    modules.set(name, [...(modules.get(name) ?? []), d])
  }
  const home = new Map<string, string>()
  for (const [name, list] of modules) for (const d of list) for (const n of d.declares) home.set(n, name)
  const needed = new Set<string>()
  for (const [name, list] of modules)
    for (const d of list) for (const n of d.uses) if (home.get(n) !== name) needed.add(n)
  const files = new Map<string, string>()
  for (const [name, list] of [...modules].sort(([a], [b]) => a.localeCompare(b))) {
    const imports = new Map<string, Set<string>>()
    for (const d of list) {
      for (const n of d.uses) {
        const from = home.get(n) as string
        if (from === name) continue
        imports.set(from, (imports.get(from) ?? new Set()).add(n))
      }
    }
    const usesFormats = list.some((d) => d.text.includes('__formats'))
    const lines = [
      HEADER,
      ...(usesFormats ? ["import { formats as __formats } from './formats.js'"] : []),
      ...[...imports]
        .sort(([a], [b]) => a.localeCompare(b))
        // in the order Biome's import sorting keeps (numbers by value: pattern2 before pattern121)
        .map(([from, names]) => `import { ${[...names].sort(naturally).join(', ')} } from './${from}.js'`),
      '',
      ...list.map((d) =>
        d.exports !== undefined
          ? `export ${d.text}`
          : d.declares.some((n) => needed.has(n))
            ? `export ${d.text}`
            : d.text,
      ),
      '',
    ]
    files.set(`${name}.ts`, lines.join('\n'))
  }
  return files
}

/**
 * Ajv's code with its schema constants replaced by the values the code reads from them. Ajv writes out
 * the whole (sub)schema of a function as a constant (ids, every property) when its code reads one value
 * of it, the allowed values of an `enum` for an error's `params`: each value read becomes a constant of
 * its own (`values0 = [...]`, once however many functions read it), and the schemas are left out.
 */
function withoutSchemaConstants(code: string): string {
  const file = ts.createSourceFile('validators.js', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS)
  const schemas = new Map<string, unknown>()
  const ranges: [number, number][] = []
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue
    const [d] = statement.declarationList.declarations
    if (d === undefined || !ts.isIdentifier(d.name) || !/^schema\d+$/.test(d.name.text)) continue
    if (statement.declarationList.declarations.length !== 1 || d.initializer === undefined)
      throw new Error(`unexpected schema constant: ${statement.getText().slice(0, 100)}`)
    schemas.set(d.name.text, JSON.parse(d.initializer.getText()))
    ranges.push([statement.getStart(), statement.getEnd()])
  }
  const values = new Map<string, string>()
  let out = code
  for (const [start, end] of ranges.reverse()) out = out.slice(0, start) + out.slice(end)
  out = out.replace(
    /\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])+)/g,
    (whole, name: string, path: string) => {
      if (!schemas.has(name)) throw new Error(`no schema constant ${name} for ${whole}`)
      let value: unknown = schemas.get(name)
      for (const [, key, index, quoted] of path.matchAll(
        /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g,
      ))
        value = (value as Record<string, unknown>)[(key ?? index ?? JSON.parse(quoted as string)) as string]
      if (value === undefined) throw new Error(`${whole} reads nothing`)
      const json = JSON.stringify(value)
      if (!values.has(json)) values.set(json, `values${values.size}`)
      return values.get(json) as string
    },
  )
  const left = [...schemas.keys()].filter((name) => new RegExp(`\\b${name}\\b`).test(out))
  if (left.length > 0) throw new Error(`schema constants still read whole: ${left.join(', ')}`)
  return `${[...values].map(([json, name]) => `const ${name} = ${json};`).join('\n')}\n${out}`
}

/** The modules of one family: Ajv's code for its validators, cut by validator, and its structure. */
function familyModules(family: Family): Map<string, string> {
  const schema = JSON.parse(readFileSync(family.schema, 'utf8')) as Schema & { $id: string }
  const vcdm2 = lean(schema) as Rooted
  const vcdm11 = vcdm11Variant(vcdm2, family.credentials) as Rooted
  const split = schemas(family, vcdm2, vcdm11)
  if (family.repeated !== undefined)
    split.schemas = hoistRepeats(
      split.schemas,
      (n) => definitionId(vcdm2.$id, `repeated-${n}`),
      family.repeated,
    )
  // The options validate.ts relied on when it compiled at run time; formats come from the module's own import.
  // Ajv's draft-07 class, not Ajv2019: the schemas (draft 2019-09) use only keywords that mean the same in
  // both (no unevaluated*, $recursiveRef, $anchor, dependentSchemas), and Ajv2019's code tracks evaluated
  // properties in every function for keywords never used (about 0.6 KiB min+gzip of OB's validators). Its
  // meta-schema is not the schemas', so they are not validated against it (1EdTech's schema is fixed).
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    validateSchema: false,
    // no messages: schema-issues.ts words them (ajvMessage), once
    messages: false,
    // each $def compiled once, as its own function, instead of inlined wherever it is referenced
    inlineRefs: false,
    code: { source: true, esm: true, formats: _`__formats` },
  })
  ;(ajvFormats as unknown as typeof ajvFormats.default)(ajv, FORMATS as ajvFormats.FormatName[])
  for (const schema of split.schemas) ajv.addSchema(schema)
  const code = (standaloneCode as unknown as typeof standaloneCode.default)(ajv, split.ids)
  if (/\brequire\(/.test(code)) throw new Error("Ajv's code requires a runtime helper: import it")
  const files = modulesOf(compactCode(withoutSchemaConstants(code)), family)
  const { file, id, structure, what } = family.structure
  files.set(
    `${file}.ts`,
    `${HEADER}

/** The id of ${what}. */
export const ${id} = ${JSON.stringify(schema.$id)}

/** The schema reduced to its structure: where arrays go, for single values that JSON-LD allows. */
export const ${structure} = ${JSON.stringify(structureOf(schema))}
`,
  )
  return files
}

/** Every file of src/generated/, by name. */
export function compileValidators(): Map<string, string> {
  const files = new Map<string, string>()
  for (const family of FAMILIES) for (const [name, text] of familyModules(family)) files.set(name, text)
  files.set('formats.ts', formatsModule())
  const exports = [
    ...FAMILIES.map((f) => ({
      names: `${f.structure.id}, ${f.structure.structure}`,
      file: f.structure.file,
    })),
    ...FAMILIES.flatMap((f) => Object.entries(f.validators).map(([names, { file }]) => ({ names, file }))),
  ].sort((a, b) => naturally(a.file, b.file))
  files.set(
    'validators.ts',
    `${HEADER}
/** The compiled validators, each from its own module (import one of those to load only what it needs). */
${[...new Set(exports.map((e) => e.file))]
  .map(
    (file) =>
      `export { ${exports.flatMap((e) => (e.file === file ? [e.names] : [])).join(', ')} } from './${file}.js'`,
  )
  .join('\n')}
`,
  )
  return files
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = compileValidators()
  const present = readdirSync(OUT).filter((f) => f.endsWith('.ts'))
  if (process.argv.includes('--check')) {
    const stale = [
      ...[...files].filter(
        ([name, text]) => !present.includes(name) || readFileSync(join(OUT, name), 'utf8') !== text,
      ),
      ...present.filter((name) => !files.has(name)).map((name) => [name]),
    ]
    if (stale.length > 0) {
      console.error(
        `${stale.map(([n]) => n).join(', ')} in ${OUT} out of date: run tsx packages/schema/scripts/compile-validators.ts`,
      )
      process.exit(1)
    }
  } else {
    for (const name of present) if (!files.has(name)) rmSync(join(OUT, name))
    for (const [name, text] of files) writeFileSync(join(OUT, name), text)
  }
}
