// The OpenID4VCI bench's second peer (bench/oid4vci-peer-sphereon.ts, Sphereon's issuer server) is set up
// as its header says: the bench's wallet takes a credential from it bound to the wallet's key and signed
// by the issuer; it refuses a key proof with another audience, over a nonce it did not give out, or signed
// by another key than the one named, and a credential request without its access token; and it answers a
// replayed pre-authorized code again (a check Tessera makes and it skips: the header says so).

import { compactVerify, importJWK } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { startPeer, type Target } from '../bench/oid4vci.js'
import { type Answer, WalletClient } from '../bench/oid4vci-http.js'
import { didJwk } from '../bench/oid4vci-peer-credential.js'
import { flow, makeWallet, PRE_AUTHORIZED, proof } from '../bench/oid4vci-wallet.js'

const wallet = makeWallet()
const other = makeWallet()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
let peer: Target
let client: WalletClient
let nextCode = 0

test.before(async () => {
  peer = await startPeer('sphereon', 4, {}, false)
  client = new WalletClient(peer.base)
})

test.after(async () => {
  client.close()
  await peer.stop()
})

const connection = () => client.connection(0)
const json = (answer: Answer) => JSON.parse(answer.body) as Record<string, unknown>

/** Redeems the next code and asks for a nonce: the access token and the c_nonce. */
async function tokenAndNonce(code = `code-${nextCode++}`): Promise<{ accessToken: string; cNonce: string }> {
  const token = await connection().post(
    '/token',
    `grant_type=${encodeURIComponent(PRE_AUTHORIZED)}&pre-authorized_code=${code}`,
    FORM,
  )
  assert.is(token.status, 200, token.body)
  const nonce = await connection().post('/nonce', '', {})
  assert.is(nonce.status, 200, nonce.body)
  return { accessToken: json(token).access_token as string, cNonce: json(nonce).c_nonce as string }
}

function credentialRequest(jwt: string, accessToken?: string): Promise<Answer> {
  return connection().post(
    '/credential',
    JSON.stringify({ credential_configuration_id: 'membership_jwt_vc_json', proofs: { jwt: [jwt] } }),
    {
      'content-type': 'application/json',
      ...(accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` }),
    },
  )
}

test("the bench's wallet takes a credential bound to its key, signed by the issuer's", async () => {
  const code = `code-${nextCode++}`
  await flow(connection(), peer.base, { code, configurationId: 'membership_jwt_vc_json' }, wallet)
  const { accessToken, cNonce } = await tokenAndNonce()
  const answer = await credentialRequest(proof(wallet, peer.base, cNonce), accessToken)
  assert.is(answer.status, 200, answer.body)
  const jws = (json(answer).credentials as { credential: string }[])[0]?.credential as string
  const claims = JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()) as {
    iss: string
    credentialSubject: { id: string }
  }
  const issuerJwk = JSON.parse(Buffer.from(claims.iss.slice('did:jwk:'.length), 'base64url').toString())
  await compactVerify(jws, await importJWK(issuerJwk, 'EdDSA'))
  assert.is(claims.credentialSubject.id, didJwk(wallet.jwk))
})

test('a proof for another audience is refused', async () => {
  const { accessToken, cNonce } = await tokenAndNonce()
  const answer = await credentialRequest(proof(wallet, 'https://elsewhere.example', cNonce), accessToken)
  assert.is.not(answer.status, 200)
})

test('a proof over a nonce the issuer did not give out is refused', async () => {
  const { accessToken } = await tokenAndNonce()
  const answer = await credentialRequest(proof(wallet, peer.base, 'made-up-nonce'), accessToken)
  assert.is.not(answer.status, 200)
})

test('a proof signed by another key than the one its header names is refused', async () => {
  const { accessToken, cNonce } = await tokenAndNonce()
  const [, payload, signature] = proof(other, peer.base, cNonce).split('.')
  const answer = await credentialRequest(`${wallet.header}.${payload}.${signature}`, accessToken)
  assert.is.not(answer.status, 200)
})

test('a credential request without its access token, or with a forged one, is refused', async () => {
  const { accessToken, cNonce } = await tokenAndNonce()
  const jwt = proof(wallet, peer.base, cNonce)
  assert.is.not((await credentialRequest(jwt)).status, 200)
  const [header, payload] = accessToken.split('.')
  assert.is.not((await credentialRequest(jwt, `${header}.${payload}.AAAA`)).status, 200)
})

test('a replayed pre-authorized code gets another access token (a check it skips; Tessera refuses)', async () => {
  const code = `code-${nextCode++}`
  await tokenAndNonce(code)
  await tokenAndNonce(code)
})

test.run()
