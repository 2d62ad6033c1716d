/**
 * The wallets of the OpenID4VCI flow bench (bench/oid4vci.ts), made cheap so that the load generator is
 * not the bench's ceiling and, on a machine it shares with the service, takes little of its CPU: `fetch`
 * cost the load generator about 0.4 ms of CPU a request (undici's Request, web streams, an AbortSignal
 * each), node:http's client about 50 µs. Here each wallet sends its requests on a kept-alive connection
 * of its own through bench/oid4vci-http.ts (undici's Client), each request's headers constant but the
 * access token; each wallet's key and its proof's JWT
 * header are made before the clock starts; the one thing that must wait for the service, the proof over
 * its fresh nonce, is a single node:crypto one-shot Ed25519 signature. A flow is still the whole wallet
 * flow, checked: token, nonce, credential, each answer 200, the token's `access_token` and the nonce's
 * `c_nonce` used, and the credential answer holding a compact JWS in `credentials[0].credential`
 * (OpenID4VCI 1.0, 8.3); anything else throws.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import type { Answer, Connection } from './oid4vci-http.js'

export const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

/** One offer the bench redeems: its pre-authorized code and the configuration it offers. */
export interface Prepared {
  code: string
  configurationId: string
}

export interface Wallet {
  key: KeyObject
  jwk: JsonWebKey
  /** The proof's protected header, base64url, made once with the key (it names only the key). */
  header: string
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Makes a wallet's Ed25519 key and its proof header (before any timing). */
export function makeWallet(): Wallet {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const jwk = publicKey.export({ format: 'jwk' })
  return {
    key: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    jwk,
    header: b64({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', jwk }),
  }
}

/** A jwt key proof (OpenID4VCI 1.0, F.1) over the service's nonce: one Ed25519 signature. */
export function proof(wallet: Wallet, audience: string, nonce: string): string {
  const payload = b64({ aud: audience, nonce, iat: Math.floor(Date.now() / 1000) })
  const signingInput = `${wallet.header}.${payload}`
  return `${signingInput}.${sign(null, Buffer.from(signingInput), wallet.key).toString('base64url')}`
}

/** Flow and request latencies of one flow, in ms. */
export interface FlowTiming {
  flowMs: number
  tokenMs: number
  nonceMs: number
  credentialMs: number
}

const GRANT = encodeURIComponent(PRE_AUTHORIZED)
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const NONE = {}

function refused(step: string, answer: Answer): never {
  throw new Error(`${step} ${answer.status}: ${answer.body.slice(0, 300)}`)
}

/** One complete flow, checked; its latencies (throws when a step is refused or answers wrongly). */
export async function flow(
  connection: Connection,
  base: string,
  offer: Prepared,
  wallet: Wallet,
): Promise<FlowTiming> {
  const started = performance.now()
  const token = await connection.post(
    '/token',
    `grant_type=${GRANT}&pre-authorized_code=${encodeURIComponent(offer.code)}`,
    FORM,
  )
  const tokenDone = performance.now()
  if (token.status !== 200) refused('token', token)
  const accessToken = (JSON.parse(token.body) as { access_token?: unknown }).access_token
  if (typeof accessToken !== 'string') refused('token without access_token', token)
  const nonceStarted = performance.now()
  const nonce = await connection.post('/nonce', '', NONE)
  const nonceDone = performance.now()
  if (nonce.status !== 200) refused('nonce', nonce)
  const cNonce = (JSON.parse(nonce.body) as { c_nonce?: unknown }).c_nonce
  if (typeof cNonce !== 'string') refused('nonce without c_nonce', nonce)
  const body = `{"credential_configuration_id":${JSON.stringify(offer.configurationId)},"proofs":{"jwt":["${proof(wallet, base, cNonce)}"]}}`
  const credentialStarted = performance.now()
  const credential = await connection.post('/credential', body, {
    'content-type': 'application/json',
    authorization: `Bearer ${accessToken}`,
  })
  const finished = performance.now()
  if (credential.status !== 200) refused('credential', credential)
  const issued = (JSON.parse(credential.body) as { credentials?: { credential?: unknown }[] })
    .credentials?.[0]?.credential
  if (typeof issued !== 'string' || issued.split('.').length !== 3)
    refused('credential answer without a compact JWS', credential)
  return {
    flowMs: finished - started,
    tokenMs: tokenDone - started,
    nonceMs: nonceDone - nonceStarted,
    credentialMs: finished - credentialStarted,
  }
}
