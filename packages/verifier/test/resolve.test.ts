// KeyResolver's reading of a DID before its method runs (resolve.ts reads it with did-resolver's parse and
// dispatches by method): what is not a DID is INVALID_DID, and the DID alone (no query or path) is what its
// method resolves, so a document never stands for a DID URL it does not name.
import { KeyResolver } from '@tessera/verifier'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const KEY = 'did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W'

const resolver = () =>
  new KeyResolver({
    fetchJson: async (url) => {
      throw new Error(`nothing is fetched here (${url})`)
    },
  })

async function failure(id: string): Promise<{ code: unknown; message: string }> {
  try {
    await resolver().document(id)
  } catch (error) {
    return { code: (error as { code?: unknown }).code, message: (error as Error).message }
  }
  throw new Error(`${id} resolved`)
}

for (const id of ['did:key:', 'did:web:', 'did:jwk:%%', 'did:key:a b']) {
  test(`${JSON.stringify(id)} is INVALID_DID, with the same message as before`, async () => {
    assert.equal(await failure(id), { code: 'INVALID_DID', message: `${JSON.stringify(id)} is not a DID` })
  })
}

test('a did:key resolves to its own document', async () => {
  assert.is((await resolver().document(KEY)).id, KEY)
})

test('a DID URL with a query is resolved as its DID, whose document does not name it: CANNOT_DEREFERENCE', async () => {
  const { code, message } = await failure(`${KEY}?versionId=1`)
  assert.is(code, 'CANNOT_DEREFERENCE')
  assert.match(message, `says it is ${KEY}`)
})

test('a method other than key, web and jwk: UNSUPPORTED_DID_METHOD, before any reading', async () => {
  assert.is((await failure('did:example:')).code, 'UNSUPPORTED_DID_METHOD')
})

test.run()
