// What the spec-*.test.ts files share: the checks OAuth 2.0 (RFC 6749 5.2, RFC 6750 3) and OpenID4VCI 1.0
// (8.3.1, 11.3) ask of every error response, and the steps of the pre-authorized code flow over plain
// fetch (offer, token, nonce, credential request), so that each file states only the clause it tests.
import * as assert from 'uvu/assert'
import type { CreatedOffer, OfferOptions } from '../src/index.js'
import type { Guild } from './guild.js'
import { type Answer, codeOf, makeWallet, postForm, postJson, seconds, type TestWallet } from './wallet.js'

export const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

/** The characters RFC 6749 (5.2) and OpenID4VCI (8.3.1.2, 11.3) allow in `error_description`. */
const DESCRIPTION = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/

/** An error response as the specifications shape it: status, JSON body with `error`, not cached. */
export function assertOAuthError(answer: Answer, status: number, code: string): void {
  assert.is(answer.status, status, answer.text)
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json\b/i)
  assert.is(answer.body.error, code, answer.text)
  const description = answer.body.error_description
  if (description !== undefined) {
    assert.type(description, 'string')
    assert.match(description as string, DESCRIPTION)
  }
  assert.match(answer.headers.get('cache-control') ?? '', /\bno-store\b/)
  // RFC 6750 (3): a refused access token comes with the Bearer challenge.
  if (status === 401) assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer\b/)
}

/** A media type check: `application/json`, with or without parameters. */
export function assertJson(answer: Answer): void {
  assert.match(answer.headers.get('content-type') ?? '', /^application\/json\b/i)
}

/** The headers of a wallet flow's JSON answer (token, nonce, credential): not cached, readable cross-origin. */
export function assertFlowAnswerHeaders(answer: Answer): void {
  assert.is(answer.headers.get('content-type'), 'application/json')
  assert.is(answer.headers.get('cache-control'), 'no-store')
  assert.is(answer.headers.get('pragma'), 'no-cache')
  assert.is(answer.headers.get('access-control-allow-origin'), '*')
  assert.is(answer.headers.get('access-control-expose-headers'), 'WWW-Authenticate')
}

let members = 0

/** A new member with a membership in the ledger, and an offer for it. */
export async function offerFor(guild: Guild, options: Partial<OfferOptions> = {}): Promise<CreatedOffer> {
  const member = `S-${++members}`
  await guild.issueMembership(member)
  return guild.opened.service.createOffer({ member, formats: ['jwt_vc_json'], ...options })
}

/** A token request for an offer's pre-authorized code, with more parameters if given. */
export function tokenRequest(
  guild: Guild,
  offer: CreatedOffer,
  extra: Record<string, string> = {},
): Promise<Answer> {
  return postForm(`${guild.base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(offer.credentialOffer),
    ...extra,
  })
}

/** A fresh `c_nonce` from the nonce endpoint. */
export async function freshNonce(guild: Guild): Promise<string> {
  const answer = await postJson(`${guild.base}/nonce`, '')
  assert.is(answer.status, 200, answer.text)
  return answer.body.c_nonce as string
}

export interface Session {
  offer: CreatedOffer
  accessToken: string
  /** The first credential identifier of the token response. */
  identifier: string
  configurationId: string
  wallet: TestWallet
}

/** An offer redeemed at the token endpoint, and a did:key wallet (Ed25519) to ask for its credential. */
export async function openSession(guild: Guild, options: Partial<OfferOptions> = {}): Promise<Session> {
  const offer = await offerFor(guild, options)
  const token = await tokenRequest(guild, offer)
  assert.is(token.status, 200, token.text)
  const [detail] = token.body.authorization_details as {
    credential_configuration_id: string
    credential_identifiers: string[]
  }[]
  assert.ok(detail, 'the token response names the credentials it grants')
  return {
    offer,
    accessToken: token.body.access_token as string,
    identifier: detail.credential_identifiers[0] as string,
    configurationId: detail.credential_configuration_id,
    wallet: await makeWallet('did:key', 'EdDSA'),
  }
}

/** A good key proof of the session's wallet for this issuer, fresh nonce, `iat` now. */
export async function goodProof(guild: Guild, session: Session): Promise<string> {
  return session.wallet.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
  })
}

/** A credential request with the session's access token. */
export function credentialRequest(guild: Guild, session: Session, body: unknown): Promise<Answer> {
  return postJson(`${guild.base}/credential`, body, session.accessToken)
}

/** The payload of a compact JWT, unverified (the tests check the binding; the verifier checks signatures). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >
}
