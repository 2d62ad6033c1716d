// Any Veramo 7 agent verifies OB 3.0 credentials through Tessera, status included for JWT strings.

import { badge, bitstringRevocationList, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { Verifier } from '@tessera/verifier'
import { createAgent } from '@veramo/core'
import type { ICredentialVerifier } from '@veramo/core-types'
import { CredentialPlugin } from '@veramo/credential-w3c'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TesseraCredentialProvider } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const LIST_URL = 'https://guild.example/status/revocation-1'

test('a revoked VC-JWT given as a string fails in a Veramo agent (Veramo alone skips its status)', async () => {
  const [listIssuer, issuer] = await Promise.all([didKeyIssuer(), didJwkIssuer('EdDSA')])
  // the list is signed by the credential's issuer in real life; here another key signs it and is trusted by name
  const { credential: listCredential, entry } = await bitstringRevocationList(listIssuer, LIST_URL, [9])
  const revoked = await issuer.signCredential(badge(issuer.did, { credentialStatus: entry(9) }))
  const fine = await issuer.signCredential(badge(issuer.did, { credentialStatus: entry(10) }))
  const verifier = new Verifier({
    documents: new Map([[LIST_URL, listCredential]]),
    offline: true,
    trustedStatusListIssuers: [listIssuer.did],
  })
  const agent = createAgent<ICredentialVerifier>({
    plugins: [new CredentialPlugin([new TesseraCredentialProvider(verifier, { now: NOW })])],
  })
  const ok = await agent.verifyCredential({ credential: fine })
  assert.ok(ok.verified, JSON.stringify(ok.error))
  const no = await agent.verifyCredential({ credential: revoked })
  assert.not.ok(no.verified)
  assert.is(no.error?.errorCode, 'REVOKED')
})

test('the provider takes only Open Badges documents, and does not issue', async () => {
  const provider = new TesseraCredentialProvider(new Verifier({ offline: true }))
  const issuer = await didJwkIssuer('EdDSA')
  assert.ok(provider.canVerifyDocumentType({ document: badge(issuer.did) }))
  assert.ok(provider.canVerifyDocumentType({ document: await issuer.signCredential(badge(issuer.did)) }))
  assert.not.ok(
    provider.canVerifyDocumentType({
      document: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] },
    }),
  )
  assert.not.ok(provider.canVerifyDocumentType({ document: 'not.a.jwt' }))
  assert.not.ok(provider.canIssueProofFormat())
  await provider.createVerifiableCredential().then(
    () => assert.unreachable('issued'),
    (error: { code?: string }) => assert.is(error.code, 'NOT_AN_ISSUER'),
  )
})

test.run()
