// Hostile VC-JWTs: forged algorithms and headers, keys of others, claims and copies that disagree.
import { createHmac } from 'node:crypto'
import type { JsonObject } from '@tessera/schema'
import { Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import {
  badge,
  edIssuer,
  type JwtIssuer,
  jwtPayload,
  NOW,
  rsIssuer,
  signedJwt,
  strangerEdIssuer,
} from './fixtures.js'
import { b64, type Case, expectFailure, family } from './harness.js'

const verifier = new Verifier({ offline: true })
const verify = (input: string | JsonObject) => verifier.verifyCredential(input, { now: NOW })

let ed: JwtIssuer
let rs: JwtIssuer
let stranger: JwtIssuer
let token = ''
let credential: JsonObject = {}

/** A token with a hand-written header over the issuer's credential, and any signature text. */
const forged = (header: JsonObject, signature = 'c2ln', payload: JsonObject = jwtPayload(credential)) =>
  `${b64(header)}.${b64(payload)}.${signature}`

/** HS* over the credential with the issuer's public key (as JSON text) for the shared secret. */
function hmacWithPublicKey(alg: 'HS256' | 'HS384' | 'HS512', issuer: JwtIssuer): string {
  const secret = JSON.stringify(issuer.publicJwk)
  const input = `${b64({ alg, kid: issuer.kid })}.${b64(jwtPayload(badge(issuer.did)))}`
  const mac = createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')
  return `${input}.${mac}`
}

const claimCase = (name: string, claims: JsonObject): Case => ({
  name,
  run: async () => {
    expectFailure(
      await verify(await ed.signPayload({ ...jwtPayload(credential), ...claims })),
      'issuer',
      'CLAIM_MISMATCH',
    )
  },
})

const cases: Case[] = [
  {
    name: 'alg "none" with an empty signature',
    run: async () =>
      expectFailure(await verify(forged({ alg: 'none', kid: ed.kid }, '')), 'proof', 'ALG_NONE'),
  },
  {
    name: 'alg "None" (mixed case)',
    run: async () =>
      expectFailure(await verify(forged({ alg: 'None', kid: ed.kid }, '')), 'proof', 'ALG_NONE'),
  },
  {
    name: 'alg "NONE" keeping the real signature',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'NONE', kid: ed.kid }, token.split('.')[2])),
        'proof',
        'ALG_NONE',
      ),
  },
  {
    name: 'HS256 with the RSA public key as the secret',
    run: async () => expectFailure(await verify(hmacWithPublicKey('HS256', rs)), 'proof', 'ALG_HMAC'),
  },
  {
    name: 'HS384 with the Ed25519 public key as the secret',
    run: async () => expectFailure(await verify(hmacWithPublicKey('HS384', ed)), 'proof', 'ALG_HMAC'),
  },
  {
    name: 'HS512 with the public key as the secret',
    run: async () => expectFailure(await verify(hmacWithPublicKey('HS512', rs)), 'proof', 'ALG_HMAC'),
  },
  {
    name: 'no alg at all',
    run: async () => expectFailure(await verify(forged({ kid: ed.kid })), 'proof', 'ALG_MISSING'),
  },
  {
    name: 'alg as a number',
    run: async () => expectFailure(await verify(forged({ alg: 256, kid: ed.kid })), 'proof', 'ALG_MISSING'),
  },
  {
    name: 'PS256, not on the list',
    run: async () =>
      expectFailure(await verify(forged({ alg: 'PS256', kid: ed.kid })), 'proof', 'ALG_NOT_ALLOWED'),
  },
  {
    name: 'ES256 named for an Ed25519 key',
    run: async () =>
      expectFailure(await verify(forged({ alg: 'ES256', kid: ed.kid })), 'proof', 'ALG_KEY_MISMATCH'),
  },
  {
    name: 'RS256 named for an Ed25519 key',
    run: async () =>
      expectFailure(await verify(forged({ alg: 'RS256', kid: ed.kid })), 'proof', 'ALG_KEY_MISMATCH'),
  },
  {
    name: 'a jku header pointing at a key set the token chose',
    run: async () =>
      expectFailure(
        await verify(await ed.signPayload(jwtPayload(credential), { jku: 'https://evil.example/jwks.json' })),
        'proof',
        'JOSE_HEADER_NOT_ALLOWED',
      ),
  },
  {
    name: 'an x5u header pointing at a certificate the token chose',
    run: async () =>
      expectFailure(
        await verify(await ed.signPayload(jwtPayload(credential), { x5u: 'https://evil.example/cert.pem' })),
        'proof',
        'JOSE_HEADER_NOT_ALLOWED',
      ),
  },
  {
    name: 'a jku header at the metadata address',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', kid: ed.kid, jku: 'http://169.254.169.254/latest/meta-data/' })),
        'proof',
        'JOSE_HEADER_NOT_ALLOWED',
      ),
  },
  {
    name: 'crit extensions (b64: false)',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', kid: ed.kid, b64: false, crit: ['b64'] })),
        'proof',
        'JOSE_HEADER_NOT_ALLOWED',
      ),
  },
  {
    name: "a kid of another DID, signed by that DID's key",
    run: async () => {
      const result = await verify(await stranger.signCredential(credential))
      assert.ok(result.checks.find((c) => c.id === 'proof')?.ok, 'the signature itself holds')
      expectFailure(result, 'issuer', 'KEY_NOT_ISSUERS')
    },
  },
  {
    name: "a kid of another DID over the issuer's own signature",
    run: async () => {
      const [, payload, signature] = token.split('.')
      const header = b64({ alg: 'EdDSA', kid: stranger.kid, typ: 'vc+jwt' })
      expectFailure(await verify(`${header}.${payload}.${signature}`), 'proof', 'PROOF_INVALID')
    },
  },
  {
    name: "a stranger's embedded jwk and no kid",
    run: async () =>
      expectFailure(
        await verify(
          await stranger.signPayload(jwtPayload(credential), { kid: undefined, jwk: stranger.publicJwk }),
        ),
        'issuer',
        'JWK_NOT_BOUND_TO_ISSUER',
      ),
  },
  {
    name: 'an embedded jwk carrying a private key (d)',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', jwk: { ...ed.publicJwk, d: 'AAAA' } })),
        'proof',
        'UNSUPPORTED_KEY',
      ),
  },
  {
    name: 'an embedded symmetric jwk (kty oct)',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', jwk: { kty: 'oct', k: 'c2VjcmV0' } })),
        'proof',
        'UNSUPPORTED_KEY',
      ),
  },
  {
    name: 'a kid of a DID method never resolved (did:ethr)',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', kid: 'did:ethr:0xabc#controller' })),
        'proof',
        'UNSUPPORTED_DID_METHOD',
      ),
  },
  {
    name: 'a kid over plain http',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', kid: 'http://guild.example/keys#1' })),
        'proof',
        'UNSUPPORTED_URL_SCHEME',
      ),
  },
  {
    name: 'a kid that is no URL at all',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', kid: 'key-1' })),
        'proof',
        'INVALID_VERIFICATION_METHOD',
      ),
  },
  {
    name: 'a kid naming a key the issuer DID does not list',
    run: async () =>
      expectFailure(await verify(forged({ alg: 'EdDSA', kid: `${ed.did}#7` })), 'proof', 'KEY_NOT_FOUND'),
  },
  {
    name: 'a did:jwk kid that holds no JWK',
    run: async () =>
      expectFailure(
        await verify(forged({ alg: 'EdDSA', kid: 'did:jwk:bm90IGpzb24#0' })),
        'proof',
        'CANNOT_DEREFERENCE',
      ),
  },
  claimCase('iss different from issuer.id', { iss: 'did:web:other.example' }),
  claimCase('jti different from the credential id', { jti: 'urn:uuid:00000000-0000-0000-0000-000000000000' }),
  claimCase('sub different from the subject', { sub: 'did:example:mallory' }),
  claimCase('nbf different from validFrom', { nbf: 0 }),
  claimCase('exp pushed to the far future', { exp: 1e15 }),
  claimCase('exp as a huge number', { exp: 1.7976931348623157e308 }),
  {
    name: 'no iss claim at all',
    run: async () => {
      const { iss: _, ...claims } = jwtPayload(credential)
      expectFailure(await verify(await ed.signPayload(claims)), 'issuer', 'CLAIM_MISMATCH')
    },
  },
  {
    name: 'a vc claim (VCDM 1.1 form) whose iss is another issuer',
    run: async () =>
      expectFailure(
        await verify(await ed.signPayload({ vc: credential, iss: stranger.did })),
        'issuer',
        'CLAIM_MISMATCH',
      ),
  },
  {
    name: 'a JSON copy that differs from its JWT',
    run: async () =>
      expectFailure(
        await verify({ ...credential, name: 'Honorary member', proof: { type: 'JwtProof2020', jwt: token } }),
        'parse',
        'JWT_COPY_MISMATCH',
      ),
  },
  {
    name: 'a JSON copy with one property more than its JWT',
    run: async () =>
      expectFailure(
        await verify({
          ...credential,
          validUntil: '2099-01-01T00:00:00Z',
          proof: { type: 'JwtProof2020', jwt: token },
        }),
        'parse',
        'JWT_COPY_MISMATCH',
      ),
  },
  {
    name: "a JSON copy carrying another credential's JWT",
    run: async () => {
      const other = await ed.signCredential(badge(ed.did))
      expectFailure(
        await verify({ ...credential, proof: { type: 'JwtProof2020', jwt: other } }),
        'parse',
        'JWT_COPY_MISMATCH',
      )
    },
  },
  {
    name: 'the signature stripped',
    run: async () => {
      const [header, payload] = token.split('.')
      expectFailure(await verify(`${header}.${payload}.`), 'proof', 'PROOF_INVALID')
    },
  },
  {
    name: "another token's signature",
    run: async () => {
      const other = (await ed.signCredential(badge(ed.did))).split('.')[2]
      const [header, payload] = token.split('.')
      expectFailure(await verify(`${header}.${payload}.${other}`), 'proof', 'PROOF_INVALID')
    },
  },
  {
    name: 'the payload changed, the signature kept',
    run: async () => {
      const [header, , signature] = token.split('.')
      const payload = b64(jwtPayload({ ...credential, name: 'Board member' }))
      expectFailure(await verify(`${header}.${payload}.${signature}`), 'proof', 'PROOF_INVALID')
    },
  },
  {
    name: 'the signature re-spelled in its unused low bits',
    run: async () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      const last = alphabet.indexOf(token.charAt(token.length - 1))
      const respelled = `${token.slice(0, -1)}${alphabet.charAt(last ^ 1)}`
      expectFailure(await verify(respelled), 'parse', 'MALFORMED_JWT')
    },
  },
  {
    name: 'a header that is a JSON array',
    run: async () =>
      expectFailure(
        await verify(`${b64([1])}.${b64(jwtPayload(credential))}.c2ln`),
        'parse',
        'MALFORMED_JWT',
      ),
  },
  {
    name: 'five segments (a JWE)',
    run: async () => expectFailure(await verify(`${token}.a.b`), 'parse', 'MALFORMED_JWT'),
  },
  {
    name: 'a payload with a __proto__ key',
    run: async () => {
      const payload = Buffer.from(`{"__proto__":{"admin":true},"iss":"${ed.did}"}`).toString('base64url')
      expectFailure(
        await verify(`${b64({ alg: 'EdDSA', kid: ed.kid })}.${payload}.c2ln`),
        'parse',
        'MALFORMED_JWT',
      )
      assert.is(({} as { admin?: boolean }).admin, undefined)
    },
  },
  {
    name: 'a vc claim with nbf 1e400 (Infinity once parsed)',
    run: async () => {
      const { validFrom: _, ...undated } = credential
      const payload = Buffer.from(`{"vc":${JSON.stringify(undated)},"iss":"${ed.did}","nbf":1e400}`).toString(
        'base64url',
      )
      expectFailure(
        await verify(`${b64({ alg: 'EdDSA', kid: ed.kid })}.${payload}.c2ln`),
        'parse',
        'MALFORMED_JWT',
      )
    },
  },
]

family('adversarial: VC-JWT', cases, {
  setup: async () => {
    ;[ed, rs, stranger] = await Promise.all([edIssuer(), rsIssuer(), strangerEdIssuer()])
    ;({ token, credential } = await signedJwt())
    assert.ok((await verify(token)).verified, 'the untouched token verifies')
  },
})
