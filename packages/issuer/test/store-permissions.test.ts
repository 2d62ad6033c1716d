// Issue #15: a store folder is its owner's alone. It is made 0700, its database (with the -wal and -shm
// files) and secret 0600; a store whose secret or database group or others can read, or whose folder
// they can write, is refused (STORE_PERMISSIONS_TOO_OPEN) with the chmod that fixes it, and opens again
// once it is run. POSIX only: on Windows, which has no mode bits, nothing is checked (the suite says so).
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isTesseraError } from '@tessera/schema'
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import { initIssuer, openIssuer } from '../src/node/index.js'
import { SqliteIssuerStore } from '../src/sqlite.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const root = mkdtempSync(join(tmpdir(), 'tessera-modes-'))
const modes = suite('store permissions')
modes.after(() => rmSync(root, { recursive: true, force: true }))

const mode = (path: string) => statSync(path).mode & 0o777

/** The error `work` rejects with: a TesseraError, or the test fails. */
async function refusal(work: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work()
  } catch (error) {
    if (isTesseraError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal, the store opened')
}

async function newStore(name: string): Promise<string> {
  const dir = join(root, name, 'store')
  await initIssuer(dir, { statusBaseUrl: 'https://guild.example/status' }, {})
  return dir
}

if (process.platform === 'win32') {
  console.log('SKIPPED: store permissions: Windows has no POSIX modes, so they are not checked there')
} else {
  modes('init makes the folder 0700, the database, its -wal and -shm files and the secret 0600', async () => {
    const dir = await newStore('fresh')
    assert.is(mode(dir), 0o700)
    assert.is(mode(join(dir, 'secret.key')), 0o600)
    const opened = await openIssuer(dir, {}, { clock: () => NOW })
    try {
      // While open, SQLite's side files exist: they follow the database's mode.
      for (const file of ['tessera.db', 'tessera.db-wal', 'tessera.db-shm'])
        assert.is(mode(join(dir, file)), 0o600, file)
    } finally {
      await opened.close()
    }
  })

  modes(
    'a secret others can read is refused, with the chmod that fixes it; after it, the store opens',
    async () => {
      const dir = await newStore('secret-644')
      const secret = join(dir, 'secret.key')
      chmodSync(secret, 0o644)
      const { code, message } = await refusal(() => openIssuer(dir, {}, { clock: () => NOW }))
      assert.is(code, 'STORE_PERMISSIONS_TOO_OPEN')
      assert.ok(message.includes(`chmod 600 '${secret}'`), message)
      assert.ok(message.includes('0644'), message)
      chmodSync(secret, 0o600)
      await (await openIssuer(dir, {}, { clock: () => NOW })).close()
    },
  )

  modes('a database its group can read is refused, and so are its -wal and -shm files', async () => {
    const dir = await newStore('db-640')
    const db = join(dir, 'tessera.db')
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      // The side files exist while a connection is open (SQLite removes them at the last close).
      const opened = await openIssuer(dir, {}, { clock: () => NOW })
      chmodSync(file, 0o640)
      const { code, message } = await refusal(() => openIssuer(dir, {}, { clock: () => NOW }))
      await opened.close()
      assert.is(code, 'STORE_PERMISSIONS_TOO_OPEN', file)
      assert.ok(message.includes(`chmod 600 '${file}'`), message)
      if (existsSync(file)) chmodSync(file, 0o600)
    }
  })

  modes('a folder others can write is refused, with chmod 700', async () => {
    const dir = await newStore('folder-777')
    chmodSync(dir, 0o777)
    const { code, message } = await refusal(() => openIssuer(dir, {}, { clock: () => NOW }))
    assert.is(code, 'STORE_PERMISSIONS_TOO_OPEN')
    assert.ok(message.includes(`chmod 700 '${dir}'`), message)
    chmodSync(dir, 0o755) // readable by others is allowed: the files inside are not
    await (await openIssuer(dir, {}, { clock: () => NOW })).close()
  })

  modes('every too-open file is named in one message, fixed by one command', async () => {
    const dir = await newStore('all-open')
    chmodSync(join(dir, 'secret.key'), 0o604)
    chmodSync(join(dir, 'tessera.db'), 0o666)
    const { message } = await refusal(() => openIssuer(dir, {}, { clock: () => NOW }))
    assert.ok(
      message.includes(`chmod 600 '${join(dir, 'secret.key')}' '${join(dir, 'tessera.db')}'`),
      message,
    )
  })

  modes('a SQLite store file on its own: made 0600, refused at 0644', async () => {
    const file = join(root, 'ledger.db')
    await new SqliteIssuerStore(file).close()
    assert.is(mode(file), 0o600)
    chmodSync(file, 0o644)
    const { code, message } = await refusal(async () => new SqliteIssuerStore(file))
    assert.is(code, 'STORE_PERMISSIONS_TOO_OPEN')
    assert.ok(message.includes(`chmod 600 '${file}'`), message)
  })
}

modes.run()
