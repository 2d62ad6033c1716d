// The JWT-only entry's opt-in capabilities: without one, nothing is skipped in silence. A trust policy it
// cannot read fails a `trust` line (TRUST_NOT_INSTALLED), evidence it cannot check is a warning under the
// default `check` and a failure under `require` (EVIDENCE_NOT_INSTALLED), a baked image is a parse failure
// (BAKED_IMAGES_NOT_INSTALLED); where no capability is called for, the result is the full build's. With
// the capability passed in, the same input verifies.
import { readFileSync } from 'node:fs'
import { OB30 } from '@tessera/testkit/fixtures'
import { badge, didJwkIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bakedImages } from '../src/capabilities/baked.js'
import { evidenceChecking } from '../src/capabilities/evidence.js'
import { trustRegistries } from '../src/capabilities/trust.js'
import { Verifier as FullVerifier } from '../src/index.js'
import { isCheckCode, type VerificationResult, Verifier } from '../src/jwt.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const issuer = await didJwkIssuer('ES256')
const token = await issuer.signCredential(badge(issuer.did))
const trust = { issuers: [{ id: issuer.did, name: 'Guild of Bookbinders' }] }
const line = (r: VerificationResult, id: string) => r.checks.find((c) => c.id === id)
const codes = (r: VerificationResult) => r.checks.map((c) => [c.id, c.ok, c.code])
/** A VC-JWT baked into an SVG, as Open Badges 3.0 bakes it. */
const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="${token}"/></svg>`

test('no capability called for: the lean core gives the full build’s result, its trust part included', async () => {
  const lean = await new Verifier({ offline: true }).verifyCredential(token, { now: NOW })
  const full = await new FullVerifier({ offline: true }).verifyCredential(token, { now: NOW })
  assert.ok(lean.verified, JSON.stringify(lean.checks))
  assert.equal(lean, full)
  assert.is(lean.trust?.code, 'NO_TRUST_POLICY')
  // required without any policy: NO_TRUST_POLICY in both
  const required = { now: NOW, requireTrustedIssuer: true }
  const leanRequired = await new Verifier({ offline: true }).verifyCredential(token, required)
  assert.is(line(leanRequired, 'trust')?.code, 'NO_TRUST_POLICY')
  assert.equal(leanRequired, await new FullVerifier({ offline: true }).verifyCredential(token, required))
})

test('a trust policy without trustRegistries: a failed trust line, TRUST_NOT_INSTALLED, asked for or not', async () => {
  const lean = new Verifier({ offline: true, trust })
  for (const requireTrustedIssuer of [false, true]) {
    const result = await lean.verifyCredential(token, { now: NOW, requireTrustedIssuer })
    assert.not.ok(result.verified)
    assert.equal(
      result.checks.filter((c) => !c.ok).map((c) => [c.id, c.code]),
      [['trust', 'TRUST_NOT_INSTALLED']],
    )
    assert.equal(result.trust?.known, false)
    assert.is(result.trust?.code, 'TRUST_NOT_INSTALLED')
    assert.match(line(result, 'trust')?.message ?? '', '@tessera/verifier/trust')
    assert.is(result.checks.filter((c) => c.id === 'trust').length, 1)
  }
  // a credential not shown to be its issuer's: ISSUER_NOT_PROVEN as in the full build, no list needed
  const [h, p] = token.split('.') as [string, string, string]
  const forged = `${h}.${p}.${token.split('.')[2]?.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`
  const result = await lean.verifyCredential(forged, { now: NOW })
  assert.is(result.trust?.code, 'ISSUER_NOT_PROVEN')
  assert.is(line(result, 'trust'), undefined)

  // what the credential rests on (an endorsement) gets no trust line, as in the full build: one failure
  const endorsement = await issuer.signCredential({
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'urn:uuid:6f1c2e0a-7b8d-4c1e-9f3a-2d5b8c7e4a10',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement',
    issuer: { id: issuer.did, type: ['Profile'] },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://guild.example', type: ['EndorsementSubject'] },
  })
  const endorsed = await lean.verifyCredential(
    await issuer.signCredential(badge(issuer.did, { endorsementJwt: [endorsement] })),
    {
      now: NOW,
    },
  )
  assert.equal(
    endorsed.checks.filter((c) => !c.ok).map((c) => [c.id, c.code]),
    [['trust', 'TRUST_NOT_INSTALLED']],
  )
  assert.ok(endorsed.endorsements?.[0]?.verified)
  assert.is(endorsed.endorsements?.[0]?.trust?.code, 'TRUST_NOT_INSTALLED')

  const equipped = new Verifier({ offline: true, trust, capabilities: [trustRegistries] })
  const known = await equipped.verifyCredential(token, { now: NOW, requireTrustedIssuer: true })
  assert.ok(known.verified, JSON.stringify(known.checks))
  assert.equal([known.trust?.known, known.trust?.name], [true, 'Guild of Bookbinders'])
})

test('a broken trust policy: without trustRegistries never read (each result fails); with it, refused at construction', async () => {
  const broken = { registries: 'nope' } as unknown as { registries: [] }
  const result = await new Verifier({ offline: true, trust: broken }).verifyCredential(token, { now: NOW })
  assert.is(line(result, 'trust')?.code, 'TRUST_NOT_INSTALLED')
  assert.throws(
    () => new Verifier({ offline: true, trust: broken, capabilities: [trustRegistries] }),
    (e: unknown) => (e as { code?: string }).code === 'TRUST_POLICY_INVALID',
  )
})

test('evidence without evidenceChecking: a warning under the default check, a failure under require, nothing under ignore', async () => {
  const milestone = await issuer.signCredential(
    badge(issuer.did, {
      evidence: [
        { type: ['Evidence'], id: 'urn:uuid:2b6c0cf4-1b1e-4a57-8f4c-cb2b0f4c1d0e', genre: 'Credential' },
      ],
    }),
  )
  const lean = new Verifier({ offline: true })
  const checked = await lean.verifyCredential(milestone, { now: NOW })
  assert.ok(checked.verified, JSON.stringify(checked.checks))
  assert.equal(
    checked.warnings.map((w) => w.code),
    ['EVIDENCE_NOT_INSTALLED'],
  )
  assert.equal(
    [line(checked, 'evidence')?.ok, line(checked, 'evidence')?.message],
    [true, 'not checked: no evidence capability'],
  )
  const required = await lean.verifyCredential(milestone, { now: NOW, evidence: 'require' })
  assert.not.ok(required.verified)
  assert.equal(
    required.checks.filter((c) => !c.ok).map((c) => [c.id, c.code]),
    [['evidence', 'EVIDENCE_NOT_INSTALLED']],
  )
  const ignored = await lean.verifyCredential(milestone, { now: NOW, evidence: 'ignore' })
  assert.equal([ignored.verified, line(ignored, 'evidence'), ignored.warnings], [true, undefined, []])
  // a credential without evidence has no evidence line and no warning
  const plain = await lean.verifyCredential(token, { now: NOW, evidence: 'require' })
  assert.equal([plain.verified, line(plain, 'evidence'), plain.warnings], [true, undefined, []])

  const equipped = new Verifier({ offline: true, capabilities: [evidenceChecking] })
  const strict = await equipped.verifyCredential(milestone, { now: NOW, evidence: 'require' })
  assert.is(line(strict, 'evidence')?.code, 'EVIDENCE_UNAVAILABLE')
})

test('a baked image without bakedImages: PNG bytes, SVG bytes or text are BAKED_IMAGES_NOT_INSTALLED, never read as something else', async () => {
  const lean = new Verifier({ offline: true })
  const png = readFileSync(`${OB30}simple-jwt.png`)
  for (const input of [png, new TextEncoder().encode(svg), svg, `\uFEFF  ${svg}`]) {
    const result = await lean.verifyCredential(input, { now: NOW })
    assert.not.ok(result.verified)
    assert.equal(codes(result), [['parse', false, 'BAKED_IMAGES_NOT_INSTALLED']])
    assert.match(line(result, 'parse')?.message ?? '', '@tessera/verifier/baked')
  }
  // an oversized image is refused by size first, as in the full build
  const huge = new Uint8Array(17 * 1024 * 1024)
  huge.set(png.subarray(0, 8))
  assert.equal(codes(await lean.verifyCredential(huge, { now: NOW })), [['parse', false, 'INPUT_TOO_LARGE']])

  const equipped = new Verifier({ offline: true, capabilities: [bakedImages] })
  const baked = await equipped.verifyCredential(svg, { now: NOW })
  assert.ok(baked.verified, JSON.stringify(baked.checks))
  assert.is(baked.format, 'svg')
  assert.is((await equipped.verifyCredential(png, { now: NOW })).format, 'png')
})

test('the codes are members of VerificationCode, each of its own check', () => {
  assert.ok(isCheckCode('parse', 'BAKED_IMAGES_NOT_INSTALLED'))
  assert.ok(isCheckCode('trust', 'TRUST_NOT_INSTALLED'))
  assert.ok(isCheckCode('evidence', 'EVIDENCE_NOT_INSTALLED'))
})

test('capabilities given twice, or to the full entry, change nothing: a later one of a kind replaces the earlier', async () => {
  const twice = new Verifier({ offline: true, capabilities: [bakedImages, bakedImages] })
  assert.ok((await twice.verifyCredential(svg, { now: NOW })).verified)
  const full = new FullVerifier({ offline: true, capabilities: [bakedImages] })
  assert.ok((await full.verifyCredential(svg, { now: NOW })).verified)
})

test.run()
