// A VC-JWT signed ES256 by a P-256 did:key (its point compressed, as did:key writes it) verifies end to
// end; the same token signed by another key does not. (Key reading itself: @tessera/proofs's tests.)
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { base58 } from '@scure/base'
import { badge, jwtPayload } from '@tessera/testkit/signing'
import { CompactSign, importJWK } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')

/** The compressed SEC 1 point of a P-256 public key (from the uncompressed one, the last 65 bytes of its SPKI). */
function compressedPoint(key: KeyObject): Uint8Array {
  const point = new Uint8Array(key.export({ format: 'der', type: 'spki' })).subarray(-65)
  const out = point.slice(0, 33)
  out[0] = 0x02 | ((point[64] as number) & 1)
  return out
}

test('a VC-JWT signed ES256 by a P-256 did:key verifies; signed by another key it does not', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const multikey = `z${base58.encode(Uint8Array.of(0x80, 0x24, ...compressedPoint(publicKey)))}`
  const did = `did:key:${multikey}`
  const signingKey = await importJWK(privateKey.export({ format: 'jwk' }), 'ES256')
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(jwtPayload(badge(did)))))
    .setProtectedHeader({ alg: 'ES256', kid: `${did}#${multikey}` })
    .sign(signingKey)
  const verifier = new Verifier({ offline: true })
  const result = await verifier.verifyCredential(token, { now: NOW })
  assert.ok(result.verified, JSON.stringify(result.checks))
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(jwtPayload(badge(did)))))
    .setProtectedHeader({ alg: 'ES256', kid: `${did}#${multikey}` })
    .sign(await importJWK(other.privateKey.export({ format: 'jwk' }), 'ES256'))
  const refused = await verifier.verifyCredential(forged, { now: NOW })
  assert.is(refused.checks.find((c) => c.id === 'proof')?.code, 'PROOF_INVALID')
})

test.run()
