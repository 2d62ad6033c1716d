// The JWT-only build verifies VC-JWTs like the full one, and says plainly that it cannot check embedded proofs.

import { badge, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier } from '../src/jwt.js'

const NOW = new Date('2026-06-01T00:00:00Z')

test('a VC-JWT verifies; a Data Integrity credential is UNSUPPORTED_CRYPTOSUITE, never verified', async () => {
  const verifier = new Verifier({ offline: true })
  const [jwtIssuer, diIssuer] = await Promise.all([didJwkIssuer('ES256'), didKeyIssuer()])
  const jwt = await verifier.verifyCredential(await jwtIssuer.signCredential(badge(jwtIssuer.did)), {
    now: NOW,
  })
  assert.ok(jwt.verified, JSON.stringify(jwt.checks))
  const di = await verifier.verifyCredential(await diIssuer.sign(badge(diIssuer.did)), { now: NOW })
  assert.not.ok(di.verified)
  assert.is(di.checks.find((c) => c.id === 'proof')?.code, 'UNSUPPORTED_CRYPTOSUITE')
})

test.run()
