// Rules files: a good one (YAML or the same as JSON) is read as written; a bad one is refused with a
// typed code, the line and column of the offending value and its JSON path, for each way it can be bad.
import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileRulesValidator } from '../scripts/compile-rules-validator.js'
import { MAX_RULES_BYTES, parseRules, RulesError } from '../src/index.js'
import { RULES_YAML } from './rules-fixture.js'

/** The RulesError `text` is refused with. */
function refusal(text: string): RulesError {
  try {
    parseRules(text)
  } catch (error) {
    if (error instanceof RulesError) return error
    throw error
  }
  throw new Error('accepted')
}

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

test('a YAML rules file is read as written, and the same rules as JSON are the same', () => {
  const rules = parseRules(RULES_YAML)
  assert.is(rules.achievements.length, 13)
  assert.equal(rules.achievements[1]?.when, { rule: 'threshold', column: 'meetings', atLeast: 8 })
  assert.is(rules.pathways?.[0]?.completion, 'practitioner')
  assert.equal(parseRules(JSON.stringify(rules)), rules)
})

test('the compiled validator is up to date with schemas/rules.schema.json', () => {
  const present = readFileSync(new URL('../src/generated/rules-validator.ts', import.meta.url), 'utf8')
  assert.ok(present === compileRulesValidator(), 'run tsx packages/awards/scripts/compile-rules-validator.ts')
})

test('an unknown property is refused at its own line, with its path', () => {
  const text = RULES_YAML.replace('    kind: attendance\n', '    kind: attendance\n    colour: red\n')
  const error = refusal(text)
  assert.is(error.code, 'INVALID_RULES')
  assert.is(error.path, '/achievements/1/colour')
  assert.is(error.line, lineOf(text, 'colour: red'))
  assert.match(error.message, /line \d+, column \d+, at \/achievements\/1\/colour: /)
})

test('a missing property is refused at the object that lacks it', () => {
  const text = RULES_YAML.replace('    criteria: At least 8 meetings attended in the term.\n', '')
  const error = refusal(text)
  assert.is(error.code, 'INVALID_RULES')
  assert.is(error.path, '/achievements/1')
  assert.is(error.line, lineOf(text, 'key: attendance'))
  assert.match(error.message, /criteria/)
})

test('a rule of an unknown kind, or a rule with a wrong value, is refused at the rule', () => {
  const unknown = RULES_YAML.replace('{ rule: threshold, column: meetings', '{ rule: most, column: meetings')
  const a = refusal(unknown)
  assert.is(a.path, '/achievements/1/when/rule')
  assert.is(a.line, lineOf(unknown, 'rule: most'))
  assert.match(a.message, /threshold/)
  const wrongType = RULES_YAML.replace('column: meetings, atLeast: 8', 'column: meetings, atLeast: eight')
  const b = refusal(wrongType)
  assert.is(b.path, '/achievements/1/when/atLeast')
  assert.is(b.line, lineOf(wrongType, 'atLeast: eight'))
  const extra = RULES_YAML.replace(
    '{ rule: member-years, atLeast: 5 }',
    '{ rule: member-years, atLeast: 5, column: x }',
  )
  assert.is(refusal(extra).path, '/achievements/4/when/column')
})

test('a key that names no achievement is refused where it is named', () => {
  const text = RULES_YAML.replace('of: [volunteer]', 'of: [volunteers]')
  const error = refusal(text)
  assert.is(error.code, 'UNKNOWN_ACHIEVEMENT')
  assert.is(error.path, '/achievements/6/when/of/0')
  assert.is(error.line, lineOf(text, 'of: [volunteers]'))
  const step = RULES_YAML.replace('- achievement: workshop-ethics', '- achievement: workshop-ethic')
  assert.is(refusal(step).path, '/pathways/0/steps/1/achievement')
  assert.is(refusal(step).code, 'UNKNOWN_ACHIEVEMENT')
})

test('two achievements with one key or one id are refused at the second', () => {
  const text = RULES_YAML.replace('  - key: committee\n', '  - key: volunteer\n')
  const error = refusal(text)
  assert.is(error.code, 'DUPLICATE_KEY')
  assert.is(error.path, '/achievements/3/key')
  assert.is(error.line, lineOf(text, 'Committee member') - 2)
  const id = RULES_YAML.replace('achievements/committee', 'achievements/volunteer')
  assert.is(refusal(id).path, '/achievements/3/id')
})

test('a milestone that rests on itself is refused', () => {
  const text = RULES_YAML.replace('of: [volunteer]', 'of: [volunteer, three-volunteer]')
  assert.is(refusal(text).code, 'RULES_CYCLE')
})

test('a pathway completion with a rule of its own, an achievement with no rule, too many optional steps', () => {
  const ruled = RULES_YAML.replace(
    '    kind: pathway\n',
    '    kind: pathway\n    when: { rule: member-years, atLeast: 1 }\n',
  )
  assert.is(refusal(ruled).path, '/pathways/0/completion')
  const orphan = RULES_YAML.replace('    completion: practitioner\n', '    completion: ambassador-1\n')
  assert.is(refusal(orphan).code, 'INVALID_RULES')
  const optional = RULES_YAML.replace('    ordered: true\n', '    ordered: true\n    optionalNeeded: 2\n')
  assert.is(refusal(optional).path, '/pathways/0/optionalNeeded')
})

test('referral rules need the referrals section', () => {
  const text = RULES_YAML.replace(/referrals:\n {2}paidMembership: \[membership\]\n/, '')
  const error = refusal(text)
  assert.is(error.path, '/achievements/11/when')
})

test('YAML syntax errors, duplicate keys, alias bombs, wrong versions and oversized files are refused', () => {
  const syntax = refusal('version: 1\nachievements: [\n')
  assert.is(syntax.code, 'RULES_NOT_READABLE')
  assert.ok(syntax.line >= 2)
  const duplicate = refusal('version: 1\nversion: 1\nachievements: []\n')
  assert.is(duplicate.code, 'RULES_NOT_READABLE')
  assert.is(duplicate.line, 2)
  const lol = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
  for (let i = 1; i < 8; i++)
    lol.push(
      `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
        .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
        .join(', ')}]`,
    )
  assert.is(refusal(lol.join('\n')).code, 'RULES_NOT_READABLE')
  const version = refusal(RULES_YAML.replace('version: 1', 'version: 2'))
  assert.is(version.path, '/version')
  assert.is(version.line, 2)
  assert.is(refusal(RULES_YAML.replace('  name: The Club\n', '')).path, '/issuer')
  assert.is(refusal(' '.repeat(MAX_RULES_BYTES + 1)).code, 'RULES_NOT_READABLE')
  assert.is(refusal('[]').path, '')
})

test.run()
