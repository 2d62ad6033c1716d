// File names from spreadsheet values: readable, safe on every file system, never outside their folder.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { FILE_NAME_MAX_BYTES, fileNameFor, pathInside } from '../src/node/index.js'

test('member id and achievement, readable; separators and controls become one dash', () => {
  assert.is(fileNameFor('M-0042', 'Membership 2027'), 'M-0042-Membership-2027')
  assert.is(fileNameFor('../../../../tmp/x/evil', 'membership'), 'tmp-x-evil-membership')
  assert.is(fileNameFor('a\\b:c*d?e"f<g>h|i', 'x'), 'a-b-c-d-e-f-g-h-i-x')
  assert.is(fileNameFor('M\r\n1\u001b[2J', 'badge'), 'M-1-2J-badge')
  assert.is(fileNameFor('張偉', 'Mitglied'), '張偉-Mitglied')
})

test('reserved, empty and over-long names get a digest, and stay distinct', () => {
  assert.match(fileNameFor('CON'), /^CON-[0-9a-f]{8}$/)
  assert.match(fileNameFor('..', '/'), /^[0-9a-f]{8}$/)
  const long = fileNameFor('x'.repeat(300), 'membership')
  assert.ok(Buffer.byteLength(long) <= FILE_NAME_MAX_BYTES)
  assert.is.not(long, fileNameFor('x'.repeat(301), 'membership'))
  const wide = fileNameFor('名'.repeat(200))
  assert.ok(Buffer.byteLength(wide) <= FILE_NAME_MAX_BYTES)
  assert.ok(wide.startsWith('名'))
})

test('pathInside: a path that would leave the folder is refused', () => {
  const folder = join(tmpdir(), 'out')
  assert.is(pathInside(folder, 'credentials', 'a.json'), join(folder, 'credentials', 'a.json'))
  for (const segments of [
    ['..', 'x'],
    ['credentials', '../../x'],
    ['/etc/passwd'],
    ['a\\..\\..\\x'],
    ['.'],
    ['a\u0000b'],
  ])
    assert.is(
      thrownCode(() => pathInside(folder, ...segments)),
      'PATH_OUTSIDE_FOLDER',
      segments.join('/'),
    )
})

test.run()
