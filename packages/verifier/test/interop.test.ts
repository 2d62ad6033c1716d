// Credentials made by peer libraries verify here, and a one-byte change to any of them does not.
import type { JsonObject } from '@tessera/schema'
import { MemoryStatusListStore, StatusListManager } from '@tessera/status'
import {
  badge,
  bitstringRevocationList,
  didJwkIssuer,
  didKeyIssuer,
  type JwsAlg,
  jwtPayload,
} from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type VerificationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const LIST_URL = 'https://guild.example/status/revocation-1'

function failures(result: VerificationResult): string {
  return result.checks
    .filter((c) => !c.ok)
    .map((c) => `${c.id} ${c.code}: ${c.message}`)
    .join('\n')
}

const code = (result: VerificationResult, id: string) => result.checks.find((c) => c.id === id)?.code

/** Flips one character of `text` at `at` into another of the same alphabet. */
function flip(text: string, at: number): string {
  const c = text[at] as string
  const other = c === 'A' ? 'B' : 'A'
  return text.slice(0, at) + other + text.slice(at + 1)
}

test('@digitalbazaar/vc eddsa-rdfc-2022 with a Bitstring status entry from @digitalbazaar/vc-bitstring-status-list', async () => {
  const issuer = await didKeyIssuer()
  const { credential: listCredential, entry } = await bitstringRevocationList(issuer, LIST_URL, [7])
  const good = await issuer.sign(badge(issuer.did, { credentialStatus: entry(3) }))
  const revoked = await issuer.sign(badge(issuer.did, { credentialStatus: entry(7) }))
  const verifier = new Verifier({ documents: new Map([[LIST_URL, listCredential]]), offline: true })

  const ok = await verifier.verifyCredential(good, { now: NOW })
  assert.ok(ok.verified, failures(ok))
  assert.is(ok.issuer, issuer.did)
  const no = await verifier.verifyCredential(revoked, { now: NOW })
  assert.not.ok(no.verified)
  assert.is(code(no, 'status'), 'REVOKED')

  // one byte changed anywhere in the signed text: the proof fails
  const text = JSON.stringify(good)
  for (const field of ['"Member"', 'did:example:ada', '2026-01-01T00:00:00Z']) {
    const tampered = JSON.parse(text.replace(field, flip(field, 2))) as JsonObject
    const result = await verifier.verifyCredential(tampered, { now: NOW })
    assert.not.ok(result.verified, field)
    assert.is(code(result, 'proof'), 'PROOF_INVALID', field)
  }
  // and a changed status list fails its own proof: status could not be checked
  const forgedList = JSON.parse(
    JSON.stringify(listCredential).replace('"revocation"', '"suspension"'),
  ) as JsonObject
  const forged = new Verifier({ documents: new Map([[LIST_URL, forgedList]]), offline: true })
  const result = await forged.verifyCredential(revoked, { now: NOW })
  assert.is(code(result, 'status'), 'STATUS_VERIFICATION_ERROR')
})

for (const alg of ['EdDSA', 'ES256', 'RS256'] as JwsAlg[]) {
  test(`jose ${alg}: a VC-JWT verifies; one byte changed in any segment does not`, async () => {
    const issuer = await didJwkIssuer(alg)
    const jwt = await issuer.signCredential(badge(issuer.did))
    const verifier = new Verifier({ offline: true })
    const result = await verifier.verifyCredential(jwt, { now: NOW })
    assert.ok(result.verified, failures(result))
    assert.is(result.format, 'jwt')
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    for (const [name, tampered] of [
      ['payload', `${header}.${flip(payload, 40)}.${signature}`],
      ['signature', `${header}.${payload}.${flip(signature, 10)}`],
    ] as const) {
      const bad = await verifier.verifyCredential(tampered, { now: NOW })
      assert.not.ok(bad.verified, name)
      assert.ok(
        ['PROOF_INVALID', 'MALFORMED_JWT'].includes(code(bad, 'proof') ?? code(bad, 'parse') ?? ''),
        `${name}: ${failures(bad)}`,
      )
    }
  })
}

test('an older VC-JWT with a vc claim (VCDM 1.1) verifies', async () => {
  const issuer = await didJwkIssuer('ES256')
  const { validFrom, ...rest } = badge(issuer.did)
  const v1 = {
    ...rest,
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    issuanceDate: validFrom,
  }
  const { iss, jti, sub, nbf } = jwtPayload({ ...v1, validFrom })
  const jwt = await issuer.signPayload({ vc: v1, iss, jti, sub, nbf })
  const result = await new Verifier({ offline: true }).verifyCredential(jwt, { now: NOW })
  assert.ok(result.verified, failures(result))
})

test('a suspension list made by @tessera/status and signed by the issuer: SUSPENDED, then reinstated', async () => {
  const issuer = await didKeyIssuer()
  const statuses = new StatusListManager({
    store: new MemoryStatusListStore(),
    issuer: issuer.did,
    baseUrl: 'https://guild.example/status',
  })
  const entry = await statuses.allocate({ holder: 'urn:uuid:1', purpose: 'suspension' })
  const signed = await issuer.sign(
    badge(issuer.did, { credentialStatus: entry.credentialStatus as unknown as JsonObject }),
  )
  const published = async () =>
    issuer.sign(await statuses.listCredential(entry.listUrl, { validFrom: '2026-01-01T00:00:00Z' }))
  await statuses.suspend(entry.listUrl, entry.index)
  const suspended = new Verifier({ documents: new Map([[entry.listUrl, await published()]]), offline: true })
  assert.is(code(await suspended.verifyCredential(signed, { now: NOW }), 'status'), 'SUSPENDED')
  await statuses.reinstate(entry.listUrl, entry.index)
  const reinstated = new Verifier({ documents: new Map([[entry.listUrl, await published()]]), offline: true })
  const result = await reinstated.verifyCredential(signed, { now: NOW })
  assert.ok(result.verified, failures(result))
})

test.run()
