// The atomic file writer: whole files or nothing, never a temporary file left behind.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { temporaryNameFor } from '../src/node/atomic-write.js'
import { isTemporaryName, writeFileAtomic } from '../src/node/index.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-atomic-'))

test('writes text and bytes, creating folders; replaces a file whole', async () => {
  const path = join(dir, 'a', 'b', 'credential.json')
  assert.is(await writeFileAtomic(path, '{"v":1}'), path)
  assert.is(readFileSync(path, 'utf8'), '{"v":1}')
  await writeFileAtomic(path, new Uint8Array([1, 2, 3]))
  assert.equal([...readFileSync(path)], [1, 2, 3])
  assert.equal(readdirSync(join(dir, 'a', 'b')), ['credential.json'])
})

test('a failed write leaves the previous file as it was and no temporary file', async () => {
  const path = join(dir, 'kept.txt')
  writeFileSync(path, 'before')
  // a string that cannot be written: writeFile rejects a non-string, non-buffer value
  const bad = { toString: () => 'x' } as unknown as string
  let failed = false
  try {
    await writeFileAtomic(path, bad)
  } catch {
    failed = true
  }
  assert.ok(failed)
  assert.is(readFileSync(path, 'utf8'), 'before')
  assert.equal(readdirSync(dir).filter(isTemporaryName), [])
})

test('a target that is a folder fails the rename: the temporary file is removed', async () => {
  const folder = join(dir, 'folder.pdf')
  await writeFileAtomic(join(folder, 'inside'), 'x')
  let failed = false
  try {
    await writeFileAtomic(folder, 'not a folder')
  } catch {
    failed = true
  }
  assert.ok(failed)
  assert.equal(readdirSync(dir).filter(isTemporaryName), [])
})

test('temporary names are hidden, unique, beside the target, and recognised', () => {
  const a = temporaryNameFor('/x/y/badge.png')
  const b = temporaryNameFor('/x/y/badge.png')
  assert.is.not(a, b)
  assert.ok(a.startsWith('/x/y/.badge.png.'))
  assert.ok(isTemporaryName(a.slice('/x/y/'.length)))
  assert.not.ok(isTemporaryName('badge.png'))
})

test.run()
