// The association's identity is kept apart from what can be made again: the store never sits inside the
// output folder; the store an earlier version kept in out/store is moved out, keeping the DID; a missing
// store is never silently made anew beside earlier credentials. And `pnpm example` as a process: bad
// settings end with their code and exit 2, never a stack trace, and what it prints is escaped.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initIssuer } from '@tessera/issuer/node'
import { thrownCode } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { foldersFrom } from '../src/folders.js'
import { runAt, sheetFile, tempFolders } from './run-helpers.js'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const NOW = '2027-03-15T10:00:00Z'
const ONE = ['A-1,Ann Archer,ann@example.org,2015-02-01,Full member,,,,,,']

function example(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN, ...args], {
    env: { ...process.env, SMTP_URL: '', DATABASE_URL: '', ...env },
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })))
}

test('the store and the output folder are apart: STORE_INSIDE_OUTPUT otherwise', () => {
  const base = '/srv/guild'
  assert.equal(foldersFrom({}, base), { out: '/srv/guild/out', store: '/srv/guild/store' })
  assert.equal(foldersFrom({ ASSOCIATION_OUT: '/a/out', ASSOCIATION_STORE: '/b/keys' }, base), {
    out: '/a/out',
    store: '/b/keys',
  })
  for (const env of [
    { ASSOCIATION_OUT: '/a/out', ASSOCIATION_STORE: '/a/out/store' },
    { ASSOCIATION_OUT: '/a/store/out', ASSOCIATION_STORE: '/a/store' },
    { ASSOCIATION_OUT: '/a/x', ASSOCIATION_STORE: '/a/x/' },
  ])
    assert.is(
      thrownCode(() => foldersFrom(env, base)),
      'STORE_INSIDE_OUTPUT',
    )
  assert.equal(
    foldersFrom({ ASSOCIATION_OUT: '/a/out', ASSOCIATION_STORE: '/a/out-store' }, base).store,
    '/a/out-store',
  )
})

test('the store an earlier version kept in out/store is moved out, with its identity', async () => {
  const folders = tempFolders('association-old-store')
  try {
    const old = await initIssuer(join(folders.out, 'store'), {
      did: 'key',
      statusBaseUrl: 'https://bookbinders.example/status',
    })
    const run = await runAt(NOW, [], { folders, members: sheetFile(folders.root, ONE) })
    assert.is(run.code, 0, run.text)
    assert.match(
      run.text,
      /moved the association's store \(its signing key\) from \S+out\/store to \S+store: back it up/,
    )
    assert.not.ok(existsSync(join(folders.out, 'store')))
    assert.is(JSON.parse(readFileSync(join(folders.store, 'tessera.json'), 'utf8')).did, old.did)
    assert.not.match(run.text, /created the association's identity/)
  } finally {
    folders.remove()
  }
})

test('no store beside earlier credentials: STORE_MISSING, and no new identity is made', async () => {
  const folders = tempFolders('association-lost-store')
  try {
    const members = sheetFile(folders.root, ONE)
    assert.is((await runAt(NOW, [], { folders, members })).code, 0)
    const did = JSON.parse(readFileSync(join(folders.store, 'tessera.json'), 'utf8')).did
    const elsewhere = { ...folders, store: join(folders.root, 'restored-later') }
    const run = await runAt(NOW, [], { folders: elsewhere, members })
    assert.is(run.code, 1)
    assert.match(
      run.text,
      /error STORE_MISSING: there is no store at \S+restored-later, but \S+ holds credentials/,
    )
    assert.not.ok(existsSync(join(elsewhere.store, 'tessera.json')))
    assert.is(JSON.parse(readFileSync(join(folders.store, 'tessera.json'), 'utf8')).did, did)
  } finally {
    folders.remove()
  }
})

test('the process: bad settings and arguments exit 2 with their code; what it prints is escaped', async () => {
  const folders = tempFolders('association-process')
  try {
    const env = { ASSOCIATION_OUT: folders.out, ASSOCIATION_STORE: folders.store, ASSOCIATION_NOW: NOW }
    const badNow = await example([], { ...env, ASSOCIATION_NOW: '2031-02-30' })
    assert.is(badNow.code, 2)
    assert.is(
      badNow.out,
      'error INVALID_NOW: ASSOCIATION_NOW="2031-02-30" is not a date: write 2031-06-30 or 2031-06-30T23:59:00Z\n',
    )
    const inside = await example([], { ...env, ASSOCIATION_STORE: join(folders.out, 'store') })
    assert.is(inside.code, 2)
    assert.match(inside.out, /^error STORE_INSIDE_OUTPUT: /)
    const badArgs = await example(['--renew', '--verify'], env)
    assert.is(badArgs.code, 2)
    assert.match(badArgs.out, /^error BAD_ARGUMENTS: one command at a time, not --renew and --verify\n$/)
    // A member id that clears the screen and turns it red is shown, not obeyed.
    const escaped = await example(['--revoke', '\u001b[2J\u001b[31mM-1\u009b0m\u202e'], {
      ...env,
      ASSOCIATION_MEMBERS: sheetFile(folders.root, ONE),
    })
    assert.is(escaped.code, 1)
    assert.match(
      escaped.out,
      /NO_STANDING_MEMBERSHIP: \\u001B\[2J\\u001B\[31mM-1\\u009B0m\\u202E holds no standing membership/,
    )
    for (const line of escaped.out.split('\n')) assert.not.match(line, /[\p{Cc}\u202a-\u202e]/u)
    assert.not.match(escaped.out, /\n\s+at /, 'no stack trace')
  } finally {
    folders.remove()
  }
})

test.run()
