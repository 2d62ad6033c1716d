// A store folder loads its driver and @tessera/veramo when it opens: one that is not installed is
// MODULE_NOT_INSTALLED with what to install (Node's ERR_MODULE_NOT_FOUND, as its import() throws it).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loaded } from '../src/node/folder.js'

const notFound = (name: string) =>
  Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/@tessera/issuer`), {
    code: 'ERR_MODULE_NOT_FOUND',
  })

/** What `loaded` throws for a failed load. */
async function thrownBy(error: Error): Promise<{ code?: string; message: string }> {
  try {
    await loaded(() => Promise.reject(error))
  } catch (thrown) {
    return thrown as { code?: string; message: string }
  }
  throw new Error('loaded did not throw')
}

test('a missing better-sqlite3, pg or @tessera/veramo is MODULE_NOT_INSTALLED, naming what to install', async () => {
  for (const name of ['better-sqlite3', 'pg', '@tessera/veramo']) {
    const error = await thrownBy(notFound(name))
    assert.is(error.code, 'MODULE_NOT_INSTALLED', name)
    assert.match(error.message, `npm install ${name}`)
  }
})

test('any other failure to load is left as it is', async () => {
  const other = notFound('left-pad')
  assert.is(await thrownBy(other), other)
  assert.is(await loaded(async () => 42), 42)
})

test.run()
