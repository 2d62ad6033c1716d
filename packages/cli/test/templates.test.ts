// The template examples in docs/templates: one per achievement kind, each a valid OB 3.0 template with
// its kind's achievement type, and each listed in the folder's README.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { assertTemplate, fillTemplate } from '@tessera/issuer'
import {
  BADGE_KINDS,
  isJsonObject,
  type JsonObject,
  parseJsonObject,
  validateCredential,
} from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const FOLDER = fileURLToPath(new URL('../../../docs/templates/', import.meta.url))
const KINDS: Record<string, string> = {
  membership: 'Membership',
  certificate: 'Certification',
  ...BADGE_KINDS,
}

const templates = new Map(
  readdirSync(FOLDER)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name.replace(/\.json$/, ''), parseJsonObject(readFileSync(`${FOLDER}${name}`, 'utf8'))]),
)

test('one template for every achievement kind, and no other', () => {
  assert.equal([...templates.keys()].sort(), Object.keys(KINDS).sort())
})

for (const [kind, template] of templates) {
  test(`${kind}.json: a valid OB 3.0 template of achievement type ${KINDS[kind]}`, () => {
    assertTemplate(template, '2027-01-01T00:00:00Z')
    const filled = fillTemplate(template, {
      issuer: 'did:example:guild',
      recipient: { email: 'ada@example.org', name: 'Ada Lovelace' },
      validFrom: '2027-01-01T00:00:00Z',
    })
    const result = validateCredential(filled)
    assert.ok(result.valid, JSON.stringify(result.errors))
    const subject = filled.credentialSubject as JsonObject
    const achievement = subject.achievement as JsonObject
    assert.is(achievement.achievementType, KINDS[kind])
    assert.ok(isJsonObject(achievement.criteria))
  })
}

test('the README lists every template', () => {
  const readme = readFileSync(`${FOLDER}README.md`, 'utf8')
  for (const kind of templates.keys()) assert.ok(readme.includes(`(${kind}.json)`), kind)
})

test.run()
