import type { JsonObject } from '@tessera/schema'
import { MemoryStatusListStore, StatusListManager } from '@tessera/status'
import { createAgent } from '@veramo/core'
import type { ICredentialStatusVerifier } from '@veramo/core-types'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TesseraStatusPlugin, type VeramoStatusResult } from '../src/index.js'

const ISSUER = 'did:web:guild.example'

test('a Veramo agent answers checkCredentialStatus through the plugin: revoked, and unverifiable', async () => {
  const statuses = new StatusListManager({
    store: new MemoryStatusListStore(),
    issuer: ISSUER,
    baseUrl: 'https://guild.example/status',
  })
  const a = await statuses.allocate({ holder: 'urn:uuid:1' })
  const lists = new Map<string, JsonObject>()
  const agent = createAgent<ICredentialStatusVerifier>({
    plugins: [
      new TesseraStatusPlugin({
        fetchStatusList: async (url) => {
          const list = lists.get(url)
          if (list === undefined) throw new Error('offline')
          return list
        },
        verifyStatusListCredential: async () => true,
      }),
    ],
  })
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: { id: ISSUER },
    credentialSubject: {},
    issuanceDate: '2026-01-01T00:00:00Z',
    proof: { type: 'JwtProof2020' },
    credentialStatus: a.credentialStatus,
  }
  // Veramo's verifyCredential fails a credential whose status says revoked == true or verified === false.
  const unreachable = (await agent.checkCredentialStatus({ credential })) as VeramoStatusResult
  assert.equal([unreachable.revoked, unreachable.verified], [false, false])
  assert.is(unreachable.status.entries[0]?.code, 'STATUS_RETRIEVAL_ERROR')
  lists.set(a.listUrl, await statuses.listCredential(a.listUrl))
  const fine = (await agent.checkCredentialStatus({ credential })) as VeramoStatusResult
  assert.equal([fine.revoked, fine.verified], [false, true])
  await statuses.revoke(a.listUrl, a.index)
  lists.set(a.listUrl, await statuses.listCredential(a.listUrl))
  // A fresh plugin, as the first one caches the list for its ttl.
  const again = createAgent<ICredentialStatusVerifier>({
    plugins: [
      new TesseraStatusPlugin({
        fetchStatusList: async (url) => lists.get(url),
        verifyStatusListCredential: async () => true,
      }),
    ],
  })
  const revoked = (await again.checkCredentialStatus({ credential })) as VeramoStatusResult
  assert.equal([revoked.revoked, revoked.verified], [true, false])
})

test.run()
