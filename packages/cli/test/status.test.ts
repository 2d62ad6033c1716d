import { OB30 } from '@tessera/testkit/fixtures'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { run as runIn } from './run.js'

const SPEC_ZERO_2021 = 'H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA'

const run = (...argv: string[]) => runIn(OB30, ...argv)

test('decodes a list credential file: type, purpose, length, set entries, the value at an index', async () => {
  const { code, out } = await run('status', 'decode', 'bit-string-list/testlist', '--index', '23')
  assert.is(code, 0)
  assert.match(
    out,
    /type +BitstringStatusList\npurpose +revocation\nentries +131072 of 1 bit\nset +1\nindex 23 +1\n/,
  )
})

test('decodes an encodedList given as it is, with --json', async () => {
  const { code, out } = await run('status', 'decode', SPEC_ZERO_2021, '--index', '131071', '--json')
  assert.is(code, 0)
  assert.equal(JSON.parse(out), {
    type: 'StatusList2021',
    purpose: null,
    length: 131072,
    statusSize: 1,
    set: 0,
    index: 131071,
    value: 0,
  })
})

test('bad lists and indices exit 2 with their codes', async () => {
  const cases: [string[], RegExp][] = [
    [['status', 'decode', SPEC_ZERO_2021, '--index', '131072'], /RANGE_ERROR/],
    [['status', 'decode', SPEC_ZERO_2021, '--index', '1e3'], /MALFORMED_VALUE_ERROR/],
    [['status', 'decode', SPEC_ZERO_2021, '--index=-1'], /MALFORMED_VALUE_ERROR/],
    [['status', 'decode', `u${SPEC_ZERO_2021.replace('-', '+')}`], /MALFORMED_VALUE_ERROR/],
    [
      ['status', 'decode', 'simple.json'],
      /MALFORMED_VALUE_ERROR: simple\.json is not a status list credential/,
    ],
    [['status', 'decode', SPEC_ZERO_2021, '--status-size', '2'], /STATUS_LIST_LENGTH_ERROR/],
    [['status', 'frobnicate', 'x'], /usage: tessera status decode/],
  ]
  for (const [argv, message] of cases) {
    const { code, err } = await run(...argv)
    assert.is(code, 2, argv.join(' '))
    assert.match(err, message)
  }
})

test.run()
