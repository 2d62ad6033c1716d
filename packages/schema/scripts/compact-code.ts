/**
 * Ajv's standalone code made shorter without changing what it does, for the validator compiler
 * (compile-validators.ts): each error is pushed by one shared function (Ajv writes the object literal and
 * the push out for every error it can report: 472 times in the OB validators; a `propertyNames` error,
 * which has one more field, is left as Ajv writes it), a referenced function's
 * errors are appended by another, and the calls pass only the instance path, the one option the code
 * reads (`parentData`, `parentDataProperty` and `rootData` serve keywords that change or read the data
 * outside the value itself, which 1EdTech's schemas do not use; the compiler fails if any code reads them),
 * and an `enum` of three strings or more is a look-up in the allowed values the code holds for its error.
 * An error's schema path is kept only where validation reads it (`READ_PATHS`): elsewhere it is empty,
 * and a type or required error, the commonest, is pushed by a function that writes its keyword.
 */

/** A JavaScript string literal as Ajv writes them (double quotes). */
const STRING = String.raw`"(?:[^"\\\n]|\\.)*"`
/** An expression without commas or braces outside its string literals. */
const EXPRESSION = `(?:${STRING}|[^,{}"])+`
/** An object literal of one level, its strings holding what they like. */
const OBJECT = String.raw`\{(?:${STRING}|[^{}"])*\}`

const ERROR = new RegExp(
  String.raw`const (err\d+) = \{instancePath(?::(${EXPRESSION}))?,schemaPath:(${EXPRESSION}),keyword:(${STRING}),params:(${OBJECT})\};if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}`,
  'g',
)
const JOIN = /vErrors = vErrors === null \? ([\w.]+)\.errors : vErrors\.concat\(\1\.errors\);/g
const CALL_OPTIONS = new RegExp(
  String.raw`\{instancePath(?::(${EXPRESSION}),parentData:${EXPRESSION},parentDataProperty:${EXPRESSION}|,parentData,parentDataProperty),rootData\}`,
  'g',
)
const SIGNATURE = '{instancePath="", parentData, parentDataProperty, rootData=data}={}'

/**
 * The schema paths validation reads (schema-issues.ts): those of the errors in a union's branches, of a
 * union's own error, and of a `contains` and the errors inside it. Every other error's is left empty.
 */
const READ_PATHS = /oneOf|anyOf|contains/

/** The functions the compacted code calls, declared once at its top. */
const HELPERS = `function pushError(vErrors, instancePath, schemaPath, keyword, params){const err = {instancePath,schemaPath,keyword,params};if(vErrors === null){return [err];}vErrors.push(err);return vErrors;}
function typeError(vErrors, instancePath, type){return pushError(vErrors,instancePath,"","type",{type});}
function missingError(vErrors, instancePath, missingProperty){return pushError(vErrors,instancePath,"","required",{missingProperty});}
function joinErrors(vErrors, validate){return vErrors === null ? validate.errors : vErrors.concat(validate.errors);}`

/** `if(!(((x === "a") || (x === "b")) || (x === "c"))){` followed by an `enum` error with its values. */
const ENUM = new RegExp(
  String.raw`if\(!\(((?:[(|\w ]+? === ${STRING}\)*)+)\)\)\{(vErrors = pushError\(vErrors,(?:${EXPRESSION}),(?:${EXPRESSION}),"enum",\{allowedValues: (values\d+)\}\);)`,
  'g',
)

/**
 * An `enum` of three strings or more checked by looking the value up in the allowed values, which the
 * code holds anyway for the error's parameters, instead of a comparison with each value written out
 * (what validates is the same: the values are strings, compared by ===).
 */
function lookUpEnums(code: string): string {
  const values = new Map(
    [...code.matchAll(/^const (values\d+) = (.*);$/gm)].map(([, name, json]) => [
      name as string,
      JSON.parse(json as string) as unknown[],
    ]),
  )
  return code.replace(ENUM, (whole, chain: string, push: string, name: string) => {
    const compared = [...chain.matchAll(new RegExp(String.raw`\(*(\w+) === (${STRING})\)*`, 'g'))]
    const [variable] = new Set(compared.map((m) => m[1]))
    const allowed = values.get(name)
    const same =
      compared.length >= 3 &&
      compared.every((m) => m[1] === variable) &&
      allowed?.every((v) => typeof v === 'string') === true &&
      JSON.stringify(compared.map((m) => JSON.parse(m[2] as string))) === JSON.stringify(allowed)
    return same ? `if(!${name}.includes(${variable})){${push}` : whole
  })
}

export function compactCode(code: string): string {
  const out = lookUpEnums(
    code
      .replace(ERROR, (_, __, at: string | undefined, schemaPath: string, keyword: string, params: string) =>
        READ_PATHS.test(schemaPath)
          ? `vErrors = pushError(vErrors,${at ?? 'instancePath'},${schemaPath},${keyword},${params});`
          : keyword === '"type"' && /^\{type: "\w+"\}$/.test(params)
            ? `vErrors = typeError(vErrors,${at ?? 'instancePath'},${params.slice(7, -1)});`
            : keyword === '"required"' && params.startsWith('{missingProperty: ')
              ? `vErrors = missingError(vErrors,${at ?? 'instancePath'},${params.slice(18, -1)});`
              : `vErrors = pushError(vErrors,${at ?? 'instancePath'},"",${keyword},${params});`,
      )
      .replace(JOIN, (_, validate: string) => `vErrors = joinErrors(vErrors,${validate});`)
      .replace(CALL_OPTIONS, (_, at: string | undefined) => at ?? 'instancePath')
      .replaceAll(SIGNATURE, 'instancePath=""'),
  )
  if (/\b(parentData|parentDataProperty|rootData)\b/.test(out))
    throw new Error('the code reads parentData, parentDataProperty or rootData: keep them')
  return `${HELPERS}\n${out}`
}
