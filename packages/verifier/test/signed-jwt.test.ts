// verifySignedJwt: an issuer's check of the VC-JWT it has just made, from the parts it made it of
// (signJwtParts). It must reach the verdicts verifyCredential reaches on the token, and refuse parts that
// are not the token's: a payload object changed after signing, a token that is not the signing input.
import { type CredentialSigner, isSealedJwt, signJwtParts } from '@tessera/proofs'
import type { DecodedJwt, JsonObject } from '@tessera/schema'
import { thrownCodeAsync } from '@tessera/testkit'
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

test("the parts signJwtParts seals cannot change: a copy of their own, frozen, the caller's objects left alone", async () => {
  const issuing = await signer()
  const credential = badge(issuing.issuer)
  const parts = await signJwtParts(credential, issuing)
  assert.ok(isSealedJwt(parts))
  // what the caller holds is not what was signed: changing it changes nothing judged
  ;(credential.credentialSubject as JsonObject).id = 'did:example:mallory'
  credential.name = 'Honorary member'
  assert.not.ok(Object.isFrozen(credential))
  const payload = parts.payload as { name: unknown; credentialSubject: JsonObject }
  assert.throws(() => {
    payload.name = 'Honorary member'
  }, TypeError)
  assert.throws(() => {
    payload.credentialSubject.id = 'did:example:mallory'
  }, TypeError)
  assert.throws(() => {
    ;(parts as { compact: string }).compact = 'x.y.z'
  }, TypeError)
  const result = await verifier.verifySignedJwt(parts, options)
  assert.ok(result.verified)
  assert.is.not(result.credential?.name, 'Honorary member')
  assert.is.not((result.credential?.credentialSubject as JsonObject | undefined)?.id, 'did:example:mallory')
  // parts put together from sealed ones are not sealed: they are serialised to be checked
  assert.not.ok(isSealedJwt({ ...parts }))
  assert.ok((await verifier.verifySignedJwt({ ...parts }, options)).verified)
})

test('a credential no JSON value can carry is refused before anything is signed, with its code', async () => {
  const issuing = await signer()
  let deep: JsonObject = {}
  const credential = { ...badge(issuing.issuer), deep }
  for (let i = 0; i < 100_000; i++) {
    const next: JsonObject = {}
    deep.a = next
    deep = next
  }
  assert.is(await thrownCodeAsync(() => signJwtParts(credential, issuing)), 'JSON_TOO_DEEP')
  const unsafe = { ...badge(issuing.issuer), extra: JSON.parse('{"__proto__":{}}') }
  assert.is(await thrownCodeAsync(() => signJwtParts(unsafe, issuing)), 'UNSAFE_KEY')
  const bigint = { ...badge(issuing.issuer), extra: 1n }
  assert.is(await thrownCodeAsync(() => signJwtParts(bigint, issuing)), 'MALFORMED_JSON')
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
