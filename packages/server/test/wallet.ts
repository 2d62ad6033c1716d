// A bare wallet for the service's tests: a key (Ed25519 or P-256) named as did:key, did:jwk or a jwk header,
// key proofs it signs with jose (any header or claim can be changed, to make a bad one), and the HTTP calls
// of the pre-authorized code flow, answering with the status and the parsed JSON body.
import { didKeyOf } from '@tessera/veramo'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { didJwkOf } from '../src/index.js'

export type Binding = 'did:key' | 'did:jwk' | 'jwk'

export interface TestWallet {
  did: string
  alg: 'EdDSA' | 'ES256'
  publicJwk: JWK
  /** How proofs name the key: `{ kid }` (did:key, did:jwk) or `{ jwk }`. */
  keyHeader: Record<string, unknown>
  /** Signs any header and payload with the wallet's key (for a wallet library's signing callback). */
  sign(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string>
  /** A key proof for `aud` with `nonce`, issued at `iat` (seconds); `header` and `claims` override or add. */
  proof(options: {
    aud: string
    nonce?: string
    iat: number
    header?: Record<string, unknown>
    claims?: Record<string, unknown>
  }): Promise<string>
}

const hex = (base64url: string) => Buffer.from(base64url, 'base64url').toString('hex')

export async function makeWallet(
  binding: Binding = 'did:key',
  alg: 'EdDSA' | 'ES256' = 'EdDSA',
): Promise<TestWallet> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = await exportJWK(publicKey)
  let keyHeader: Record<string, unknown>
  let did: string
  if (binding === 'did:key') {
    // did:key writes a P-256 key as a compressed point: 02 or 03 (the parity of y), then x.
    const y = Buffer.from(jwk.y ?? '', 'base64url')
    const publicKeyHex =
      alg === 'EdDSA' ? hex(jwk.x as string) : `0${2 + ((y.at(-1) ?? 0) & 1)}${hex(jwk.x as string)}`
    const key = didKeyOf({ type: alg === 'EdDSA' ? 'Ed25519' : 'Secp256r1', publicKeyHex })
    did = key.did
    keyHeader = { kid: key.verificationMethod }
  } else {
    did = didJwkOf(jwk as Record<string, unknown>)
    keyHeader = binding === 'did:jwk' ? { kid: `${did}#0` } : { jwk }
  }
  return {
    did,
    alg,
    publicJwk: jwk,
    keyHeader,
    sign(header, payload) {
      return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(privateKey)
    },
    proof({ aud, nonce, iat, header = {}, claims = {} }) {
      return new SignJWT({ aud, iat, ...(nonce === undefined ? {} : { nonce }), ...claims })
        .setProtectedHeader({ alg, typ: 'openid4vci-proof+jwt', ...keyHeader, ...header } as { alg: string })
        .sign(privateKey)
    },
  }
}

export interface Answer {
  status: number
  headers: Headers
  body: Record<string, unknown>
  text: string
}

/** A response read as an Answer: its status, headers, text and parsed JSON body (`{}` when not JSON). */
export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text()
  let body: Record<string, unknown> = {}
  try {
    body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
  } catch {}
  return { status: response.status, headers: response.headers, body, text }
}

export async function postForm(url: string, params: Record<string, string>): Promise<Answer> {
  return answerOf(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  )
}

export async function postJson(url: string, body: unknown, token?: string): Promise<Answer> {
  return answerOf(
    await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
}

export async function getJson(url: string): Promise<Answer> {
  return answerOf(await fetch(url))
}

/** The pre-authorized code of an offer object. */
export function codeOf(credentialOffer: Record<string, unknown>): string {
  const grants = credentialOffer.grants as Record<string, Record<string, string>>
  return grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.['pre-authorized_code'] as string
}

/** Seconds since the epoch of a date. */
export const seconds = (date: Date) => Math.floor(date.getTime() / 1000)
