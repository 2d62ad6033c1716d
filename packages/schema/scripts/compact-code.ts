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
 * and a type or required error, the commonest, is pushed by a function that writes its keyword. The errors
 * are counted by their array's length (`countByLength`), not by a count of their own beside it; an optional
 * string property's check, an optional property's check by a referenced schema, a required property's
 * check, a type array that contains one given value, an array of a referenced schema, an optional property in a
 * format, a `oneOf` of two branches (each branch's code in a function), the object test and a function's
 * end are each one call (`stringAt`, `refAt`, `requiredAt`, `containsOne`, `eachOf`, `stringsOf`, `formatAt`, `oneOf`,
 * `isObject`, `done`), and a run of `stringAt` or of `requiredAt` one call with the run's properties.
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
const HELPERS = `function pushError(vErrors, instancePath, schemaPath, keyword, params){vErrors.push({instancePath,schemaPath,keyword,params});}
function typeError(vErrors, instancePath, type){pushError(vErrors,instancePath,"","type",{type});}
function missingError(vErrors, instancePath, missingProperty){pushError(vErrors,instancePath,"","required",{missingProperty});}
function joinErrors(vErrors, validate){vErrors.push(...validate.errors);}
function stringAt(vErrors, instancePath, data, ...keys){for(const key of keys){if(data[key] !== undefined && typeof data[key] !== "string"){typeError(vErrors,instancePath+"/"+key,"string");}}}
function refAt(vErrors, instancePath, data, key, validate){if(data[key] !== undefined && !validate(data[key], instancePath+"/"+key)){joinErrors(vErrors,validate);}}
function requiredAt(vErrors, instancePath, data, ...keys){for(const key of keys){if(data[key] === undefined){missingError(vErrors,instancePath,key);}}}
function containsOne(vErrors, instancePath, data, values, schemaPath){if(Array.isArray(data)){if(data.length < 1){pushError(vErrors,instancePath,"","minItems",{limit: 1});}for(let i = 0; i < data.length; i++){if(typeof data[i] !== "string"){typeError(vErrors,instancePath+"/" + i,"string");}}const before = vErrors.length;let valid;for(let i = 0; i < data.length; i++){const at = vErrors.length;if(!values.includes(data[i])){pushError(vErrors,instancePath+"/" + i,schemaPath+"/enum","enum",{allowedValues: values});}valid = at === vErrors.length;if(valid){break;}}if(!valid){pushError(vErrors,instancePath,schemaPath,"contains",{minContains: 1});}else {vErrors.length = before;}}else {typeError(vErrors,instancePath,"array");}}
function eachOf(vErrors, instancePath, data, validate){if(Array.isArray(data)){for(let i = 0; i < data.length; i++){if(!validate(data[i], instancePath+"/" + i)){joinErrors(vErrors,validate);}}}else {typeError(vErrors,instancePath,"array");}}
function formatAt(vErrors, instancePath, data, key, format, name){const value = data[key];if(value !== undefined){if(typeof value === "string"){if(!format.validate(value)){pushError(vErrors,instancePath+"/"+key,"","format",{format: name});}}else {typeError(vErrors,instancePath+"/"+key,"string");}}}
function stringsOf(vErrors, instancePath, data){if(Array.isArray(data)){for(let i = 0; i < data.length; i++){if(typeof data[i] !== "string"){typeError(vErrors,instancePath+"/" + i,"string");}}}else {typeError(vErrors,instancePath,"array");}}
function oneOf(vErrors, instancePath, schemaPath, first, second){const before = vErrors.length;first();const firstValid = before === vErrors.length;const at = vErrors.length;second();const secondValid = at === vErrors.length;if(firstValid !== secondValid){vErrors.length = before;}else {pushError(vErrors,instancePath,schemaPath,"oneOf",{passingSchemas: firstValid ? [0, 1] : null});}}
function isObject(data){return data && typeof data == "object" && !Array.isArray(data);}
function done(validate, vErrors){validate.errors = vErrors;return vErrors.length === 0;}`

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

/** A push of an error by one of the helpers, then Ajv's count of it. */
const PUSHED = new RegExp(
  String.raw`vErrors = ((?:push|type|missing)Error\((?:${STRING}|[^;"])*\));errors\+\+;`,
  'g',
)

/** An optional property of the data that is a string (its name written as Ajv writes it in the path). */
const STRING_AT =
  /if\(data\.(\w+) !== undefined\)\{if\(typeof data\.\1 !== "string"\)\{typeError\(vErrors,instancePath\+"\/\1","string"\);\}\}/g

/** An optional property of the data that a referenced schema validates. */
const REF_AT =
  /if\(data\.(\w+) !== undefined\)\{if\(!\((validate\d+)\(data\.\1, instancePath\+"\/\1"\)\)\)\{joinErrors\(vErrors,\2\);\}\}/g

/**
 * A regular expression from code written out with named holes (`@NAME@`): each hole's first occurrence
 * matches `holes[NAME]` and is captured, the others match what the first did.
 */
function codePattern(code: string, holes: Record<string, string>): RegExp {
  const seen = new Set<string>()
  const source = code
    .split(/(@\w+@)/)
    .map((part) => {
      const hole = /^@(\w+)@$/.exec(part)?.[1]
      if (hole === undefined) return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
      if (seen.has(hole)) return `\\k<${hole}>`
      seen.add(hole)
      return `(?<${hole}>${holes[hole] as string})`
    })
    .join('')
  return new RegExp(source, 'g')
}

/**
 * A type array as 1EdTech's schemas write them (`minItems: 1`, `items: {type: "string"}`,
 * `contains: {enum: [...]}` of strings) as Ajv's code checks it, which `containsOne` does with the same
 * errors in the same order (each item's enum error before the first that matches, dropped when one
 * matches): `@TEST@` is Ajv's test of an item, by itself for one value, through a variable for several.
 */
const CONTAINS =
  'if(Array.isArray(@D@)){if(@D@.length < 1){pushError(vErrors,instancePath+"@P@","","minItems",{limit: 1});}const @L@ = @D@.length;for(let @I@=0; @I@<@L@; @I@++){if(typeof @D@[@I@] !== "string"){typeError(vErrors,instancePath+"@P@/" + @I@,"string");}}const @E@ = vErrors.length;const @M@ = @D@.length;for(let @J@=0; @J@<@M@; @J@++){@TEST@){pushError(vErrors,instancePath+"@P@/" + @J@,"@S@/enum","enum",{allowedValues: @A@});}var @G@ = @F@ === vErrors.length;if(@G@){break;}}if(!@G@){pushError(vErrors,instancePath+"@P@","@S@","contains",{minContains: 1});}else {vErrors.length = @E@;}}else {typeError(vErrors,instancePath+"@P@","array");}'
const CONTAINS_HOLES = {
  D: String.raw`data\d+`,
  P: String.raw`[\w/]+`,
  L: String.raw`\w+`,
  I: String.raw`\w+`,
  E: String.raw`\w+`,
  M: String.raw`\w+`,
  J: String.raw`\w+`,
  F: String.raw`\w+`,
  G: String.raw`\w+`,
  X: String.raw`data\d+`,
  V: STRING,
  W: String.raw`\(\k<X> === ${STRING}\)(?: \|\| \(\k<X> === ${STRING}\))+`,
  S: String.raw`#[\w/]+`,
  A: String.raw`values\d+`,
}
const CONTAINS_ONE = codePattern(
  CONTAINS.replace('@TEST@', 'const @F@ = vErrors.length;if(!(@D@[@J@] === @V@)'),
  CONTAINS_HOLES,
)
const CONTAINS_ANY = codePattern(
  CONTAINS.replace('@TEST@', 'let @X@ = @D@[@J@];const @F@ = vErrors.length;if(!(@W@)'),
  CONTAINS_HOLES,
)

/**
 * A `oneOf` of two branches as Ajv's code checks it (each branch's errors kept; then, where none or both
 * pass, a `oneOf` error with the passing branches, else every error since the union's start dropped),
 * which `oneOf` does with each branch's code in a function of its own.
 */
const ONE_OF = codePattern(
  'const @E@ = vErrors.length;let @V@ = false;let @Q@ = null;const @F@ = vErrors.length;@B@var @W@ = @F@ === vErrors.length;if(@W@){@V@ = true;@Q@ = 0;}const @G@ = vErrors.length;@C@var @W@ = @G@ === vErrors.length;if(@W@ && @V@){@V@ = false;@Q@ = [@Q@, 1];}else {if(@W@){@V@ = true;@Q@ = 1;}}if(!@V@){pushError(vErrors,@P@,@S@,"oneOf",{passingSchemas: @Q@});}else {vErrors.length = @E@;}',
  {
    E: String.raw`_errs\d+`,
    V: String.raw`valid\d+`,
    Q: String.raw`passing\d+`,
    F: String.raw`_errs\d+`,
    G: String.raw`_errs\d+`,
    W: String.raw`_valid\d+`,
    // a branch's code, within its function
    B: '(?:(?!function )[^])*?',
    C: '(?:(?!function )[^])*?',
    P: String.raw`instancePath(?:\+"[\w/]+")?`,
    S: STRING,
  },
)

/** An array each of whose items a referenced schema validates. */
const EACH_OF = codePattern(
  'if(Array.isArray(data)){const @L@ = data.length;for(let @I@=0; @I@<@L@; @I@++){if(!(@V@(data[@I@], instancePath+"/" + @I@))){joinErrors(vErrors,@V@);}}}else {typeError(vErrors,instancePath,"array");}',
  { L: String.raw`\w+`, I: String.raw`\w+`, V: String.raw`validate\d+` },
)
/** The same, of a property's value. */
const EACH_OF_PROPERTY = codePattern(
  'if(Array.isArray(@D@)){const @L@ = @D@.length;for(let @I@=0; @I@<@L@; @I@++){if(!(@V@(@D@[@I@], instancePath+"@P@/" + @I@))){joinErrors(vErrors,@V@);}}}else {typeError(vErrors,instancePath+"@P@","array");}',
  {
    D: String.raw`data\d+`,
    P: String.raw`[\w/]+`,
    L: String.raw`\w+`,
    I: String.raw`\w+`,
    V: String.raw`validate\d+`,
  },
)
/** An array of strings, a property's value. */
const STRINGS_OF = codePattern(
  'if(Array.isArray(@D@)){const @L@ = @D@.length;for(let @I@=0; @I@<@L@; @I@++){if(typeof @D@[@I@] !== "string"){typeError(vErrors,instancePath+"@P@/" + @I@,"string");}}}else {typeError(vErrors,instancePath+"@P@","array");}',
  { D: String.raw`data\d+`, P: String.raw`[\w/]+`, L: String.raw`\w+`, I: String.raw`\w+` },
)

/** An optional string property of the data in a given format. */
const FORMAT_AT = codePattern(
  'if(data.@K@ !== undefined){let @D@ = data.@K@;if(typeof @D@ === "string"){if(!(@F@.validate(@D@))){pushError(vErrors,instancePath+"/@K@","","format",{format: @N@});}}else {typeError(vErrors,instancePath+"/@K@","string");}}',
  { K: String.raw`\w+`, D: String.raw`data\d+`, F: String.raw`formats\d+`, N: STRING },
)

/**
 * The errors counted by the length of their array, which every function starts empty, instead of by a
 * count of its own beside an array made on the first error: Ajv keeps `errors` equal to `vErrors`'s
 * length (null counting as 0) throughout, adding one with each push, setting it to the length after a
 * called function's errors are appended, and cutting the array back to a count it saved; so each push
 * is a call alone, and a cut is one assignment. A validator's `.errors` is then an empty array rather
 * than null when it passes (every reader takes null and [] alike).
 */
function countByLength(code: string): string {
  const out = code
    .replace(PUSHED, '$1;')
    .replace(
      /if\(vErrors === null\)\{vErrors = \[(err\d+)\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g,
      'vErrors.push($1);',
    )
    .replace(/vErrors = (joinErrors\(vErrors,[\w.]+\));errors = vErrors\.length;/g, '$1;')
    .replace(
      /errors = (_errs\d+);if\(vErrors !== null\)\{if\(\1\)\{vErrors\.length = \1;\}else \{vErrors = null;\}\}/g,
      'vErrors.length = $1;',
    )
    .replaceAll('let vErrors = null;let errors = 0;', 'const vErrors = [];')
    .replace(/const (_errs\d+) = errors;/g, 'const $1 = vErrors.length;')
    .replace(/(_errs\d+) === errors;/g, '$1 === vErrors.length;')
    .replaceAll('return errors === 0;', 'return vErrors.length === 0;')
  const left = /.{0,120}((?<![.\w])errors\b|(?<!const )vErrors = ).{0,80}/.exec(out)
  if (left !== null)
    throw new Error(
      `the code counts its errors in a way compact-code.ts does not know (keep Ajv's count): ${left[0]}`,
    )
  return out
}

/** The checks that recur, each made a call of the helper that does it (HELPERS), on code countByLength gave. */
function callHelpers(code: string): string {
  const values = new Map(
    [...code.matchAll(/^const (values\d+) = (.*);$/gm)].map(([, name, json]) => [name, json]),
  )
  // the values Ajv compares each item with must be the enum's allowed values, in their order
  const contains = (whole: string, ...args: unknown[]): string => {
    const { D, P, V, W, S, A } = args.at(-1) as Record<string, string | undefined>
    const compared = V !== undefined ? [V] : [...(W ?? '').matchAll(new RegExp(STRING, 'g'))].map((m) => m[0])
    return values.get(A as string) === `[${compared.join(',')}]`
      ? `containsOne(vErrors,instancePath+"${P}",${D},${A},"${S}");`
      : whole
  }
  let out = code.replace(CONTAINS_ONE, contains).replace(CONTAINS_ANY, contains)
  // a union inside a union's branch: the outer one first, then the one in its branch
  for (let before = ''; before !== out; ) {
    before = out
    out = out.replace(ONE_OF, 'oneOf(vErrors,$<P>,$<S>,() => {$<B>},() => {$<C>});')
  }
  return (
    out
      .replace(EACH_OF, 'eachOf(vErrors,instancePath,data,$<V>);')
      .replace(EACH_OF_PROPERTY, 'eachOf(vErrors,instancePath+"$<P>",$<D>,$<V>);')
      .replace(STRINGS_OF, 'stringsOf(vErrors,instancePath+"$<P>",$<D>);')
      .replace(FORMAT_AT, 'formatAt(vErrors,instancePath,data,"$<K>",$<F>,$<N>);')
      .replace(STRING_AT, 'stringAt(vErrors,instancePath,data,"$1");')
      .replace(REF_AT, 'refAt(vErrors,instancePath,data,"$1",$2);')
      .replace(
        /if\(data(?:\.(\w+)|\["([^"\\]+)"\]) === undefined\)\{missingError\(vErrors,instancePath,"(\1|\2)"\);\}/g,
        'requiredAt(vErrors,instancePath,data,"$3");',
      )
      // a run of the same check on several properties, one call
      .replace(
        /(stringAt|requiredAt)\(vErrors,instancePath,data,"\w+"\);(?:\1\(vErrors,instancePath,data,"\w+"\);)+/g,
        (run: string, name: string) =>
          `${name}(vErrors,instancePath,data,${[...run.matchAll(/,("\w+")\);/g)].map((m) => m[1]).join(',')});`,
      )
      .replace(/\b(data\d*) && typeof \1 == "object" && !Array\.isArray\(\1\)/g, 'isObject($1)')
      .replace(/(validate\d+)\.errors = vErrors;return vErrors\.length === 0;/g, 'return done($1, vErrors);')
  )
}

export function compactCode(code: string): string {
  const out = callHelpers(
    countByLength(
      lookUpEnums(
        code
          .replace(
            ERROR,
            (_, __, at: string | undefined, schemaPath: string, keyword: string, params: string) =>
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
      ),
    ),
  )
  if (/\b(parentData|parentDataProperty|rootData)\b/.test(out))
    throw new Error('the code reads parentData, parentDataProperty or rootData: keep them')
  return `${HELPERS}\n${out}`
}
