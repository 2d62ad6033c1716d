// `VerifyOptions.skip`: a caller that has done some checks itself (the issuer, on what it has just
// validated and signed) leaves them out; they are reported as not run, never as passed or failed, and the
// signature and the key's binding are still checked.
import type { JsonObject } from '@tessera/schema'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type SkippableCheckId, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const verifier = new Verifier({ offline: true })

test('a skipped schema check is reported as not run: the invalid credential still verifies its proof', async () => {
  const issuer = await didKeyIssuer()
  // no achievement description: 1EdTech's schema refuses it, the signature holds
  const unsigned = badge(issuer.did)
  const subject = unsigned.credentialSubject as JsonObject
  const { description: _, ...achievement } = subject.achievement as JsonObject
  const signed = await issuer.sign({ ...unsigned, credentialSubject: { ...subject, achievement } })
  const full = await verifier.verifyCredential(signed, { now: NOW })
  assert.is(full.checks.find((c) => c.id === 'schema')?.code, 'SCHEMA_INVALID')
  const skipped = await verifier.verifyCredential(signed, { now: NOW, skip: ['schema'] })
  assert.ok(skipped.verified, JSON.stringify(skipped.checks))
  const schema = skipped.checks.find((c) => c.id === 'schema')
  assert.equal(
    { ok: schema?.ok, skipped: schema?.skipped, code: schema?.code },
    { ok: true, skipped: true, code: undefined },
  )
  assert.ok(skipped.checks.filter((c) => c.id !== 'schema').every((c) => c.skipped === undefined))
})

test('skipping never spares the proof: a changed credential fails with its schema check skipped', async () => {
  const issuer = await didKeyIssuer()
  const signed = await issuer.sign(badge(issuer.did))
  const result = await verifier.verifyCredential(
    { ...signed, name: 'changed' },
    { now: NOW, skip: ['schema'] },
  )
  assert.not.ok(result.verified)
  assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'PROOF_INVALID')
})

test('every skippable check can be left out, each reported once as not run', async () => {
  const issuer = await didKeyIssuer()
  const expired = await issuer.sign(badge(issuer.did, { validUntil: '2026-02-01T00:00:00Z' }))
  const all: SkippableCheckId[] = ['context', 'type', 'schema', 'validity', 'status', 'endorsements']
  const result = await verifier.verifyCredential(expired, { now: NOW, skip: all })
  assert.ok(result.verified, JSON.stringify(result.checks))
  assert.equal(
    result.checks.filter((c) => c.skipped).map((c) => c.id),
    all,
  )
  assert.is(
    (await verifier.verifyCredential(expired, { now: NOW })).checks.find((c) => !c.ok)?.code,
    'EXPIRED',
  )
})

test.run()
