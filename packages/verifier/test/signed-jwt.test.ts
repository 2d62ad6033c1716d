// verifySignedJwt: an issuer's check of the VC-JWT it has just made, from the parts it made it of
// (signJwtParts). It must reach the verdicts verifyCredential reaches on the token, and refuse parts that
// are not the token's: a payload object changed after signing, a token that is not the signing input.
import { type CredentialSigner, signJwtParts } from '@tessera/proofs'
import type { DecodedJwt, JsonObject } from '@tessera/schema'
import { badge } from '@tessera/testkit/signing'
import { exportJWK, generateKeyPair } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type VerificationResult, Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const verifier = new Verifier({ offline: true })
const options = { now: NOW, status: false as const }
const failedCode = (result: VerificationResult) => result.checks.find((c) => !c.ok)?.code

/** A did:jwk signer; `mangle` changes the signatures it makes. */
async function signer(mangle?: (signature: Uint8Array) => Uint8Array): Promise<CredentialSigner> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const did = `did:jwk:${Buffer.from(JSON.stringify(await exportJWK(pair.publicKey))).toString('base64url')}`
  return {
    issuer: did,
    verificationMethod: `${did}#0`,
    alg: 'EdDSA',
    sign: async (data) => {
      const signature = new Uint8Array(
        await crypto.subtle.sign('Ed25519', pair.privateKey, new Uint8Array(data)),
      )
      return mangle === undefined ? signature : mangle(signature)
    },
  }
}

test('the parts of a token signJwtParts made verify, as the token itself does', async () => {
  const issuing = await signer()
  const parts = await signJwtParts(badge(issuing.issuer), issuing)
  const lean = await verifier.verifySignedJwt(parts, options)
  const read = await verifier.verifyCredential(parts.compact, options)
  assert.ok(lean.verified, JSON.stringify(lean.checks))
  assert.ok(read.verified)
  assert.equal(
    lean.checks.map((c) => [c.id, c.ok]),
    read.checks.map((c) => [c.id, c.ok]),
  )
  assert.equal(lean.credential, read.credential)
})

test('a payload changed after signing, or a token other than the signing input, is MALFORMED_JWT', async () => {
  const issuing = await signer()
  const parts = await signJwtParts(badge(issuing.issuer), issuing)
  const changed: DecodedJwt = { ...parts, payload: { ...parts.payload, name: 'Honorary member' } }
  const result = await verifier.verifySignedJwt(changed, options)
  assert.not.ok(result.verified)
  assert.is(failedCode(result), 'MALFORMED_JWT')
  const other = await signJwtParts(badge(issuing.issuer), issuing)
  const swapped = await verifier.verifySignedJwt({ ...parts, compact: other.compact }, options)
  assert.is(failedCode(swapped), 'MALFORMED_JWT')
})

test('a signature by another key than the one the token names is PROOF_INVALID', async () => {
  const named = await signer()
  const other = await signer()
  const wrongKey: CredentialSigner = { ...named, sign: other.sign }
  const result = await verifier.verifySignedJwt(await signJwtParts(badge(named.issuer), wrongKey), options)
  assert.not.ok(result.verified)
  assert.is(failedCode(result), 'PROOF_INVALID')
})

test('a corrupted signature is PROOF_INVALID', async () => {
  const flipped = await signer((signature) => signature.map((byte, i) => (i === 7 ? byte ^ 1 : byte)))
  const result = await verifier.verifySignedJwt(await signJwtParts(badge(flipped.issuer), flipped), options)
  assert.is(failedCode(result), 'PROOF_INVALID')
})

test('dates are judged on the payload: an expired credential fails its validity check', async () => {
  const issuing = await signer()
  const expired: JsonObject = badge(issuing.issuer, { validUntil: '2026-03-01T00:00:00Z' })
  const result = await verifier.verifySignedJwt(await signJwtParts(expired, issuing), options)
  assert.not.ok(result.verified)
  const validity = result.checks.find((c) => c.id === 'validity')
  assert.is(validity?.ok, false)
  assert.is(failedCode(result), validity?.code)
})

test.run()
