// The JWT-only build verifies VC-JWTs like the full one, and says plainly what it does not check: embedded
// proofs (UNSUPPORTED_CRYPTOSUITE) and CLR 2.0 credentials (UNSUPPORTED_CREDENTIAL_TYPE, and the credentials
// they gather reported unverified: EMBEDDED_CREDENTIAL_INVALID), where the full build verifies the same CLR.

import type { JsonObject } from '@tessera/schema'
import { buildClrCredential } from '@tessera/schema/clr'
import { badge, didJwkIssuer, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier as FullVerifier } from '../src/index.js'
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

test('a CLR signed as a VC-JWT: the full build verifies it; the JWT-only build refuses it as UNSUPPORTED_CREDENTIAL_TYPE, pointing at the full build', async () => {
  const [jwtIssuer, diIssuer] = await Promise.all([didJwkIssuer('ES256'), didKeyIssuer()])
  const learner = 'did:example:ada'
  const course = { ...badge(diIssuer.did) }
  course.credentialSubject = { ...(course.credentialSubject as JsonObject), id: learner }
  const clr = buildClrCredential({
    issuer: { id: jwtIssuer.did, name: 'Guild of Bookbinders' },
    recipient: { did: learner },
    credentials: [await diIssuer.sign(course)],
    validFrom: '2026-05-01T00:00:00Z',
  }) as unknown as JsonObject
  const token = await jwtIssuer.signCredential(clr)

  const full = await new FullVerifier({ offline: true }).verifyCredential(token, { now: NOW })
  assert.ok(full.verified, JSON.stringify(full.checks.filter((c) => !c.ok)))

  const result = await new Verifier({ offline: true }).verifyCredential(token, { now: NOW })
  assert.not.ok(result.verified)
  const schema = result.checks.find((c) => c.id === 'schema')
  assert.is(schema?.code, 'UNSUPPORTED_CREDENTIAL_TYPE')
  assert.match(schema?.message ?? '', 'needs the full @tessera/verifier')
  // its own VC-JWT proof is checked as ever; what it gathers is not verified, and its line says so
  assert.ok(result.checks.find((c) => c.id === 'proof')?.ok)
  const embedded = result.checks.find((c) => c.id === 'embedded')
  assert.is(embedded?.code, 'EMBEDDED_CREDENTIAL_INVALID')
  assert.match(embedded?.message ?? '', 'the 1 credential(s) this CLR gathers are not verified')
  assert.is(result.embedded, undefined)
})

test.run()
