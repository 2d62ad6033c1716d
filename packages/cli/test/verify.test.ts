import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OB30 } from '@tessera/testkit/fixtures'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-verify-'))
const ISSUER = 'https://example.com/issuers/876543'
const KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi'
writeFileSync(
  join(dir, 'controller.json'),
  JSON.stringify({
    id: ISSUER,
    verificationMethod: [
      { id: `${ISSUER}#${KEY}`, type: 'Multikey', controller: ISSUER, publicKeyMultibase: KEY },
    ],
    assertionMethod: [`${ISSUER}#${KEY}`],
  }),
)
writeFileSync(join(dir, 'map.json'), JSON.stringify({ [ISSUER]: 'controller.json' }))
writeFileSync(join(dir, 'bad-map.json'), JSON.stringify({ [ISSUER]: 42 }))

const run = (...argv: string[]) => runIn(dir, ...argv)

test('verified: exit 0, one line per check', async () => {
  const { code, out } = await run('verify', `${OB30}simple.json`, '--documents', 'map.json', '--offline')
  assert.is(code, 0)
  assert.match(out, /simple\.json: VERIFIED \(json, issuer https:\/\/example\.com\/issuers\/876543\)/)
  assert.match(out, /ok {3}proof +the signature verifies/)
})

test('not verified: exit 1, the failing check with its code and reason', async () => {
  const expired = await run(
    'verify',
    `${OB30}simple-err-expired.json`,
    '--documents',
    'map.json',
    '--offline',
  )
  assert.is(expired.code, 1)
  assert.match(expired.out, /FAIL validity +EXPIRED: expired on 2010-01-01T00:00:00Z/)
  const future = await run(
    'verify',
    `${OB30}simple.json`,
    '--documents',
    'map.json',
    '--offline',
    '--now',
    '2000-01-01T00:00:00Z',
  )
  assert.is(future.code, 1)
  assert.match(future.out, /NOT_YET_VALID/)
  const offline = await run('verify', `${OB30}simple.json`, '--offline')
  assert.is(offline.code, 1)
  assert.match(offline.out, /CANNOT_DEREFERENCE/)
})

test('--json prints the result', async () => {
  const { code, out } = await run(
    'verify',
    `${OB30}simple-json.png`,
    '--documents',
    'map.json',
    '--offline',
    '--json',
  )
  const result = JSON.parse(out)
  assert.is(result.format, 'png')
  assert.is(code, result.verified ? 0 : 1)
  assert.ok(Array.isArray(result.checks))
})

test('unusable input, a bad date or a bad document map: exit 2', async () => {
  writeFileSync(join(dir, 'broken.json'), '{"@context": [')
  const broken = await run('verify', 'broken.json')
  assert.is(broken.code, 2)
  assert.match(broken.err, /MALFORMED_JSON/)
  assert.is((await run('verify', `${OB30}simple.json`, '--now', 'yesterday')).code, 2)
  const map = await run('verify', `${OB30}simple.json`, '--documents', 'bad-map.json')
  assert.is(map.code, 2)
  assert.match(map.err, /INVALID_DOCUMENT_MAP/)
  assert.is((await run('verify')).code, 2)
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
