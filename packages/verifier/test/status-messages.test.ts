// Status messages (Bitstring Status List, statusSize 2): the verdict and the reason the verifier reports
// for each value of a list made by @tessera/status and signed by the issuer.
import type { JsonObject, StatusMessage } from '@tessera/schema'
import { MemoryStatusListStore, StatusListManager } from '@tessera/status'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const REASONS: StatusMessage[] = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'left the association' },
  { status: '0x2', message: 'expelled' },
  { status: '0x3', message: 'deceased' },
]

async function verdicts(purpose: 'revocation' | 'message') {
  const issuer = await didKeyIssuer()
  const statuses = new StatusListManager({
    store: new MemoryStatusListStore(),
    issuer: issuer.did,
    baseUrl: 'https://guild.example/status',
  })
  const signed: JsonObject[] = []
  let listUrl = ''
  for (let value = 0; value < 4; value++) {
    const entry = await statuses.allocate({
      holder: `urn:uuid:${value}`,
      purpose,
      statusSize: 2,
      statusMessage: REASONS,
    })
    if (value !== 0) await statuses.setStatus(entry.listUrl, entry.index, value)
    listUrl = entry.listUrl
    signed.push(
      await issuer.sign(
        badge(issuer.did, { credentialStatus: entry.credentialStatus as unknown as JsonObject }),
      ),
    )
  }
  const list = await issuer.sign(
    await statuses.listCredential(listUrl, { validFrom: '2026-01-01T00:00:00Z' }),
  )
  const verifier = new Verifier({ documents: new Map([[listUrl, list]]), offline: true })
  return Promise.all(
    signed.map(async (credential) => {
      const result = await verifier.verifyCredential(credential, { now: NOW })
      const status = result.checks.find((c) => c.id === 'status')
      return { verified: result.verified, code: status?.code, message: status?.message }
    }),
  )
}

test('a 2-bit revocation list with reasons: 0x0 verifies; 0x1 to 0x3 are REVOKED, with the reason', async () => {
  const [valid, left, expelled, deceased] = await verdicts('revocation')
  assert.ok(valid?.verified, valid?.message)
  assert.is(valid?.message, 'not revoked; status: valid')
  for (const [result, reason] of [
    [left, 'left the association'],
    [expelled, 'expelled'],
    [deceased, 'deceased'],
  ] as const) {
    assert.not.ok(result?.verified, reason)
    assert.is(result?.code, 'REVOKED')
    assert.is(result?.message, `revoked by the issuer: ${reason}`)
  }
})

test('a 2-bit message list: every value verifies, and the verifier reports its message', async () => {
  const results = await verdicts('message')
  for (const [value, result] of results.entries()) {
    assert.ok(result.verified, result.message)
    assert.is(result.message, `not revoked; status: ${REASONS[value]?.message}`)
  }
})

test.run()
