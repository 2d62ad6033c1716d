// Every refusal of the flow, over HTTP against the service on 127.0.0.1, each with its OAuth or OpenID4VCI
// error code and status: codes replayed, missing or wrong transaction codes and the lock-out, expired
// offers, proofs with a wrong nonce, audience, age, type, algorithm or key, unknown configurations and
// identifiers, access tokens used twice, expired or absent, revoked members, and bodies too large or
// malformed. No answer carries anything but the error (no stack, no internal message).
import { SignJWT } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { CreatedOffer, OfferOptions } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { type Answer, codeOf, makeWallet, postForm, postJson, seconds, type TestWallet } from './wallet.js'

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'
const START = new Date('2027-03-01T10:00:00Z')
let guild: Guild
let members = 0

test.before(async () => {
  guild = await startGuild({ start: START })
})
test.after(async () => {
  await guild?.close()
})
test.before.each(() => {
  guild.now.value = START
})

/** The error an answer carries: its status and code, and nothing else in it. */
function assertRefused(answer: Answer, status: number, code: string): void {
  assert.is(answer.status, status, answer.text)
  assert.is(answer.body.error, code, answer.text)
  assert.type(answer.body.error_description, 'string')
  for (const key of Object.keys(answer.body))
    assert.ok(
      ['error', 'error_description', 'c_nonce', 'c_nonce_expires_in'].includes(key),
      `unexpected ${key}`,
    )
  assert.not.match(answer.text, /\n\s+at |node_modules|\.ts:\d+/)
  assert.is(answer.headers.get('cache-control'), 'no-store')
  // A web wallet on another origin can read the refusal.
  assert.is(answer.headers.get('access-control-allow-origin'), '*')
  // RFC 6750 (3.1): the error in the challenge, except for a request with no token at all (the scheme alone).
  if (status === 401)
    assert.match(answer.headers.get('www-authenticate') ?? '', new RegExp(`^Bearer(?: error="${code}"|$)`))
}

/** A member with a membership, and an offer for it. */
async function offered(
  options: Partial<OfferOptions> = {},
): Promise<{ offer: CreatedOffer; member: string }> {
  const member = `M-${++members}`
  await guild.issueMembership(member)
  return {
    offer: await guild.opened.service.createOffer({ member, formats: ['jwt_vc_json'], ...options }),
    member,
  }
}

function redeem(offer: CreatedOffer, extra: Record<string, string> = {}): Promise<Answer> {
  return postForm(`${guild.base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(offer.credentialOffer),
    ...extra,
  })
}

async function nonce(): Promise<string> {
  return (await postJson(`${guild.base}/nonce`, '')).body.c_nonce as string
}

interface Session {
  offer: CreatedOffer
  member: string
  token: string
  identifier: string
  wallet: TestWallet
}

/** An offer redeemed: its access token and the identifier of its credential. */
async function session(options: Partial<OfferOptions> = {}): Promise<Session> {
  const { offer, member } = await offered(options)
  const token = await redeem(offer)
  assert.is(token.status, 200, token.text)
  const details = token.body.authorization_details as { credential_identifiers: string[] }[]
  return {
    offer,
    member,
    token: token.body.access_token as string,
    identifier: details[0]?.credential_identifiers[0] as string,
    wallet: await makeWallet('did:key', 'EdDSA'),
  }
}

/** A credential request of the session with a proof made from `proof` (defaults: a good one). */
async function request(
  s: Session,
  proof: {
    aud?: string
    nonce?: string | null
    iat?: number
    header?: Record<string, unknown>
    claims?: Record<string, unknown>
  } = {},
  body: Record<string, unknown> = {},
): Promise<Answer> {
  const jwt = await s.wallet.proof({
    aud: proof.aud ?? guild.base,
    ...(proof.nonce === null ? {} : { nonce: proof.nonce ?? (await nonce()) }),
    iat: proof.iat ?? seconds(guild.clock()),
    ...(proof.header === undefined ? {} : { header: proof.header }),
    ...(proof.claims === undefined ? {} : { claims: proof.claims }),
  })
  return postJson(
    `${guild.base}/credential`,
    { credential_identifier: s.identifier, proofs: { jwt: [jwt] }, ...body },
    s.token,
  )
}

// --- The token endpoint

test('a pre-authorized code redeemed twice: invalid_grant the second time', async () => {
  const { offer } = await offered()
  assert.is((await redeem(offer)).status, 200)
  assertRefused(await redeem(offer), 400, 'invalid_grant')
})

test('an unknown pre-authorized code: invalid_grant; none at all, or no grant type: invalid_request', async () => {
  assertRefused(
    await postForm(`${guild.base}/token`, { grant_type: PRE_AUTHORIZED, 'pre-authorized_code': 'nope' }),
    400,
    'invalid_grant',
  )
  assertRefused(await postForm(`${guild.base}/token`, { grant_type: PRE_AUTHORIZED }), 400, 'invalid_request')
  assertRefused(await postForm(`${guild.base}/token`, { 'pre-authorized_code': 'x' }), 400, 'invalid_request')
})

test('another grant type: unsupported_grant_type', async () => {
  assertRefused(
    await postForm(`${guild.base}/token`, { grant_type: 'authorization_code', code: 'x' }),
    400,
    'unsupported_grant_type',
  )
})

test('a transaction code: missing is invalid_request, wrong is invalid_grant, five wrong lock the offer', async () => {
  const { offer } = await offered({ txCode: true })
  assert.match(offer.txCode ?? '', /^\d{6}$/)
  const grant = (offer.credentialOffer.grants as Record<string, Record<string, unknown>>)[PRE_AUTHORIZED]
  assert.equal(grant?.tx_code, { input_mode: 'numeric', length: 6 })
  assertRefused(await redeem(offer), 400, 'invalid_request')
  const wrong = offer.txCode === '000000' ? '111111' : '000000'
  for (let left = 4; left >= 0; left--) {
    const answer = await redeem(offer, { tx_code: wrong })
    assertRefused(answer, 400, 'invalid_grant')
    assert.match(answer.body.error_description as string, left > 0 ? `${left} tr` : 'now locked')
  }
  // Locked: the right code no longer opens it.
  const locked = await redeem(offer, { tx_code: offer.txCode as string })
  assertRefused(locked, 400, 'invalid_grant')
  assert.match(locked.body.error_description as string, 'locked')
  const stored = await guild.opened.store.offer(offer.offerId)
  assert.is(stored?.offer.state, 'locked')
  assert.is(stored?.offer.failedAttempts, 5)
})

test('the right transaction code after a wrong one redeems; a code for an offer without one is invalid_request', async () => {
  const { offer } = await offered({
    txCode: { length: 8, inputMode: 'text', description: 'The code in your letter' },
  })
  assert.match(offer.txCode ?? '', /^[A-Z2-9]{8}$/)
  assertRefused(await redeem(offer, { tx_code: 'WRONG' }), 400, 'invalid_grant')
  assert.is((await redeem(offer, { tx_code: offer.txCode as string })).status, 200)
  const plain = await offered()
  assertRefused(await redeem(plain.offer, { tx_code: '123456' }), 400, 'invalid_request')
})

test('an expired offer: invalid_grant (14 days by default)', async () => {
  const { offer } = await offered()
  assert.is(offer.expiresAt.getTime(), START.getTime() + 14 * 86_400_000)
  guild.now.value = new Date(offer.expiresAt.getTime() + 1000)
  assertRefused(await redeem(offer), 400, 'invalid_grant')
})

test('a withdrawn offer: invalid_grant', async () => {
  const { offer } = await offered()
  assert.ok(await guild.opened.service.cancelOffer(offer.offerId))
  assertRefused(await redeem(offer), 400, 'invalid_grant')
})

test('an offer for a member whose credential was revoked before the token: invalid_grant', async () => {
  const member = `M-${++members}`
  const issued = await guild.issueMembership(member)
  const offer = await guild.opened.service.createOffer({ member })
  await guild.opened.issuer.issuer.revoke(issued.credentialId)
  const answer = await redeem(offer)
  assertRefused(answer, 400, 'invalid_grant')
  assert.match(answer.body.error_description as string, 'revoked')
  // And no new offer: nothing stands.
  try {
    await guild.opened.service.createOffer({ member })
    assert.unreachable('an offer for a revoked member')
  } catch (error) {
    assert.is((error as { code?: string }).code, 'NOTHING_TO_OFFER')
  }
})

test('a token request that is not a form, repeats a parameter, or is too large: invalid_request', async () => {
  const { offer } = await offered()
  const code = codeOf(offer.credentialOffer)
  const json = await postJson(`${guild.base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': code,
  })
  assertRefused(json, 400, 'invalid_request')
  const twice = await fetch(`${guild.base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=${encodeURIComponent(PRE_AUTHORIZED)}&pre-authorized_code=${code}&pre-authorized_code=${code}`,
  })
  assertRefused(
    { status: twice.status, headers: twice.headers, ...(await read(twice)) },
    400,
    'invalid_request',
  )
  const huge = await postForm(`${guild.base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': code,
    pad: 'x'.repeat(20_000),
  })
  assertRefused(huge, 413, 'invalid_request')
  // None of this spent the code.
  assert.is((await redeem(offer)).status, 200)
})

async function read(response: Response): Promise<{ body: Record<string, unknown>; text: string }> {
  const text = await response.text()
  return { text, body: JSON.parse(text) as Record<string, unknown> }
}

// --- The credential endpoint: proofs

test('a proof with a nonce the service never gave: invalid_nonce, with a fresh c_nonce for a draft request only', async () => {
  const s = await session()
  const answer = await request(s, { nonce: 'made.up.nonce' })
  assertRefused(answer, 400, 'invalid_nonce')
  assert.is(answer.body.c_nonce, undefined)
  // A draft 13 / 14 request (a single `proof`) gets the nonce to try again with, as those drafts have it.
  const jwt = await s.wallet.proof({ aud: guild.base, nonce: 'made.up.nonce', iat: seconds(guild.clock()) })
  const draft = await postJson(
    `${guild.base}/credential`,
    { credential_identifier: s.identifier, proof: { proof_type: 'jwt', jwt } },
    s.token,
  )
  assertRefused(draft, 400, 'invalid_nonce')
  assert.type(draft.body.c_nonce, 'string')
  // A nonce of the right shape, signed with another key.
  const forged = `${(START.getTime() / 1000 + 600).toString(36)}.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA`
  assertRefused(await request(s, { nonce: forged }), 400, 'invalid_nonce')
})

test('a proof with an expired nonce: invalid_nonce; with none: invalid_proof', async () => {
  const s = await session()
  const old = await nonce()
  guild.now.value = new Date(START.getTime() + 6 * 60_000)
  assertRefused(await request(s, { nonce: old }), 400, 'invalid_nonce')
  assertRefused(await request(s, { nonce: null }), 400, 'invalid_proof')
})

test('a proof for another audience: invalid_proof', async () => {
  const s = await session()
  assertRefused(await request(s, { aud: 'https://other-issuer.example' }), 400, 'invalid_proof')
})

test('a stale proof (iat more than 5 minutes old) or one from the future: invalid_proof', async () => {
  const s = await session()
  assertRefused(await request(s, { iat: seconds(START) - 301 }), 400, 'invalid_proof')
  assertRefused(await request(s, { iat: seconds(START) + 120 }), 400, 'invalid_proof')
  assertRefused(await request(s, { claims: { iat: 'yesterday' } }), 400, 'invalid_proof')
  assertRefused(await request(s, { claims: { exp: seconds(START) - 1 } }), 400, 'invalid_proof')
})

test('a proof signed by another key than the one its header names: invalid_proof', async () => {
  const s = await session()
  const other = await makeWallet('did:key', 'EdDSA')
  assertRefused(await request(s, { header: other.keyHeader }), 400, 'invalid_proof')
  const otherJwk = await makeWallet('jwk', 'EdDSA')
  assertRefused(await request(s, { header: { kid: undefined, ...otherJwk.keyHeader } }), 400, 'invalid_proof')
})

test('a proof of the wrong type, algorithm or key naming: invalid_proof', async () => {
  const s = await session()
  assertRefused(await request(s, { header: { typ: 'JWT' } }), 400, 'invalid_proof')
  assertRefused(await request(s, { header: { kid: undefined, x5c: ['MIIB'] } }), 400, 'invalid_proof')
  assertRefused(await request(s, { header: { kid: 'https://wallet.example/keys/1' } }), 400, 'invalid_proof')
  assertRefused(await request(s, { header: { kid: 'did:web:wallet.example#key-1' } }), 400, 'invalid_proof')
  assertRefused(await request(s, { header: { jwk: s.wallet.publicJwk } }), 400, 'invalid_proof')
  const withPrivate = { ...s.wallet.publicJwk, d: 'AAAA' }
  assertRefused(await request(s, { header: { kid: undefined, jwk: withPrivate } }), 400, 'invalid_proof')
  // alg none and HMAC: never a proof of possession.
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'openid4vci-proof+jwt', ...s.wallet.keyHeader })).toString('base64url')}.${Buffer.from(JSON.stringify({ aud: guild.base, iat: seconds(START), nonce: await nonce() })).toString('base64url')}.`
  assertRefused(
    await postJson(
      `${guild.base}/credential`,
      { credential_identifier: s.identifier, proofs: { jwt: [none] } },
      s.token,
    ),
    400,
    'invalid_proof',
  )
  assertRefused(
    await postJson(
      `${guild.base}/credential`,
      { credential_identifier: s.identifier, proofs: { jwt: ['not a jwt'] } },
      s.token,
    ),
    400,
    'invalid_proof',
  )
  const hmac = await new SignJWT({ aud: guild.base, iat: seconds(START), nonce: await nonce() })
    .setProtectedHeader({ alg: 'HS256', typ: 'openid4vci-proof+jwt', ...s.wallet.keyHeader })
    .sign(new TextEncoder().encode('a shared secret is no proof of possession'))
  const send = (jwt: string) =>
    postJson(
      `${guild.base}/credential`,
      { credential_identifier: s.identifier, proofs: { jwt: [jwt] } },
      s.token,
    )
  assertRefused(await send(hmac), 400, 'invalid_proof')
  // A P-256 signature under a header that says EdDSA, with the Ed25519 key's kid.
  const p256 = await makeWallet('did:key', 'ES256')
  const mislabelled = await p256.sign(
    { alg: 'ES256', typ: 'openid4vci-proof+jwt', ...s.wallet.keyHeader },
    { aud: guild.base, iat: seconds(START), nonce: await nonce() },
  )
  assertRefused(await send(mislabelled), 400, 'invalid_proof')
})

// A draft `proof` beside 1.0's `proofs` is ignored, as 1.0 ignores parameters it does not define (spec-credential.test.ts).
test('no proof, another proof type, two proofs: refused with the code for each', async () => {
  const s = await session()
  const proof = await s.wallet.proof({ aud: guild.base, nonce: await nonce(), iat: seconds(START) })
  const send = (body: Record<string, unknown>) =>
    postJson(`${guild.base}/credential`, { credential_identifier: s.identifier, ...body }, s.token)
  assertRefused(await send({}), 400, 'invalid_proof')
  assertRefused(await send({ proofs: { di_vp: [{}] } }), 400, 'invalid_proof')
  assertRefused(await send({ proofs: { jwt: [] } }), 400, 'invalid_proof')
  assertRefused(await send({ proofs: { jwt: [proof, proof] } }), 400, 'invalid_credential_request')
  assertRefused(await send({ proof: { proof_type: 'cwt', cwt: 'x' } }), 400, 'invalid_proof')
  assertRefused(
    await send({ proofs: { jwt: [proof] }, credential_response_encryption: { jwk: {}, enc: 'A256GCM' } }),
    400,
    'invalid_encryption_parameters',
  )
  // After all that, the credential is still there to take.
  assert.is((await request(s)).status, 200)
})

// --- The credential endpoint: what is asked for

test('an unknown configuration, identifier or format: unknown_credential_configuration, unknown_credential_identifier, unsupported_credential_format', async () => {
  const s = await session()
  const proof = await s.wallet.proof({ aud: guild.base, nonce: await nonce(), iat: seconds(START) })
  const send = (body: Record<string, unknown>) =>
    postJson(`${guild.base}/credential`, { proofs: { jwt: [proof] }, ...body }, s.token)
  assertRefused(
    await send({ credential_configuration_id: 'UniversityDegree' }),
    400,
    'unknown_credential_configuration',
  )
  const ldp = s.offer.credentials[0]?.configurationId.replace(/_jwt_vc_json$/, '_ldp_vc') as string
  await guild.opened.store.saveConfigurations([
    { id: ldp, achievementId: 'x', format: 'ldp_vc', metadata: {} },
  ])
  // A published configuration the token does not grant: an authorization error (OpenID4VCI 1.0 8.3.1.1).
  assertRefused(await send({ credential_configuration_id: ldp }), 403, 'insufficient_scope')
  assertRefused(await send({ credential_identifier: 'someone-elses' }), 400, 'unknown_credential_identifier')
  assertRefused(
    await send({ credential_identifier: s.identifier, credential_configuration_id: ldp }),
    400,
    'invalid_credential_request',
  )
  assertRefused(
    await send({ format: 'mso_mdoc', doctype: 'org.iso.18013.5.1.mDL' }),
    400,
    'unsupported_credential_format',
  )
  assertRefused(await send({ format: 'ldp_vc' }), 400, 'unsupported_credential_format')
  assertRefused(await send({}), 400, 'invalid_credential_request')
  assertRefused(await send({ credential_identifier: 42 }), 400, 'invalid_credential_request')
})

test('a draft 13 request by format (and proof) gets the credential in both the old and the new shape', async () => {
  const s = await session()
  const proof = await s.wallet.proof({ aud: guild.base, nonce: await nonce(), iat: seconds(START) })
  const answer = await postJson(
    `${guild.base}/credential`,
    {
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      proof: { proof_type: 'jwt', jwt: proof },
    },
    s.token,
  )
  assert.is(answer.status, 200, answer.text)
  assert.type(answer.body.credential, 'string')
  assert.equal(answer.body.credentials, [{ credential: answer.body.credential }])
  assert.type(answer.body.c_nonce, 'string')
})

// --- The access token

test('an access token used twice for one credential: invalid_token', async () => {
  const s = await session()
  assert.is((await request(s)).status, 200)
  assertRefused(await request(s), 401, 'invalid_token')
  // Another wallet with the same token: the same.
  s.wallet = await makeWallet('did:jwk', 'ES256')
  assertRefused(await request(s), 401, 'invalid_token')
})

test('an expired access token, an unknown one, none, or a DPoP one: invalid_token', async () => {
  const s = await session()
  guild.now.value = new Date(START.getTime() + 10 * 60_000 + 1)
  assertRefused(await request(s, { iat: seconds(guild.clock()) }), 401, 'invalid_token')
  guild.now.value = START
  assertRefused(await request({ ...s, token: 'not-a-token' }), 401, 'invalid_token')
  const proof = await s.wallet.proof({ aud: guild.base, nonce: await nonce(), iat: seconds(START) })
  const bare = await fetch(`${guild.base}/credential`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ credential_identifier: s.identifier, proofs: { jwt: [proof] } }),
  })
  assertRefused({ status: bare.status, headers: bare.headers, ...(await read(bare)) }, 401, 'invalid_token')
  assert.is(bare.headers.get('www-authenticate'), 'Bearer')
  const dpop = await fetch(`${guild.base}/credential`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `DPoP ${s.token}` },
    body: JSON.stringify({ credential_identifier: s.identifier, proofs: { jwt: [proof] } }),
  })
  assertRefused({ status: dpop.status, headers: dpop.headers, ...(await read(dpop)) }, 401, 'invalid_token')
})

test('a member revoked after the token was given: credential_request_denied, and it stays denied', async () => {
  const s = await session()
  const [original] = s.offer.credentials
  await guild.opened.issuer.issuer.revoke(original?.credentialId as string)
  assertRefused(await request(s), 400, 'credential_request_denied')
  assertRefused(await request(s), 400, 'credential_request_denied')
  const stored = await guild.opened.store.offer(s.offer.offerId)
  assert.is(stored?.items[0]?.state, 'denied')
})

test('a suspended credential is not offered, and one suspended after the offer is not issued', async () => {
  const member = `M-${++members}`
  const issued = await guild.issueMembership(member, { suspension: true })
  const offer = await guild.opened.service.createOffer({ member })
  await guild.opened.issuer.issuer.suspend(issued.credentialId)
  assertRefused(await redeem(offer), 400, 'invalid_grant')
  try {
    await guild.opened.service.createOffer({ member })
    assert.unreachable('an offer for a suspended credential')
  } catch (error) {
    assert.is((error as { code?: string }).code, 'NOTHING_TO_OFFER')
  }
})

// --- Bodies

test('credential requests too large, not JSON, not an object, or too deep: invalid_credential_request', async () => {
  const s = await session()
  const url = `${guild.base}/credential`
  assertRefused(
    await postJson(url, { credential_identifier: s.identifier, pad: 'x'.repeat(70 * 1024) }, s.token),
    413,
    'invalid_credential_request',
  )
  assertRefused(await postJson(url, '{"credential_identifier":', s.token), 400, 'invalid_credential_request')
  assertRefused(await postJson(url, '[1, 2]', s.token), 400, 'invalid_credential_request')
  assertRefused(
    await postJson(url, `${'['.repeat(40)}${']'.repeat(40)}`, s.token),
    400,
    'invalid_credential_request',
  )
  assertRefused(await postJson(url, '{"__proto__": {"x": 1}}', s.token), 400, 'invalid_credential_request')
  const form = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'text/plain' },
    body: 'hello',
  })
  assertRefused(
    { status: form.status, headers: form.headers, ...(await read(form)) },
    400,
    'invalid_credential_request',
  )
  // A body streamed without a length, past the limit, is cut off as it comes.
  const chunks = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)))
      controller.close()
    },
  })
  const streamed = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: chunks,
    duplex: 'half',
  } as RequestInit)
  assertRefused(
    { status: streamed.status, headers: streamed.headers, ...(await read(streamed)) },
    413,
    'invalid_credential_request',
  )
})

// --- Notifications

test('notifications: an unknown id is invalid_notification_id, a bad event invalid_notification_request; identical ones succeed again', async () => {
  const s = await session()
  const issued = await request(s)
  const id = issued.body.notification_id as string
  const url = `${guild.base}/notification`
  assertRefused(
    await postJson(url, { notification_id: 'nope', event: 'credential_accepted' }, s.token),
    400,
    'invalid_notification_id',
  )
  assertRefused(
    await postJson(url, { notification_id: id, event: 'credential_lost' }, s.token),
    400,
    'invalid_notification_request',
  )
  assertRefused(
    await postJson(url, { event: 'credential_accepted' }, s.token),
    400,
    'invalid_notification_request',
  )
  assertRefused(
    await postJson(
      url,
      { notification_id: id, event: 'credential_failure', event_description: 'say "no"' },
      s.token,
    ),
    400,
    'invalid_notification_request',
  )
  assertRefused(
    await postJson(url, { notification_id: id, event: 'credential_accepted' }, 'wrong-token'),
    401,
    'invalid_token',
  )
  // Another offer's token does not reach this credential.
  const other = await session()
  assertRefused(
    await postJson(url, { notification_id: id, event: 'credential_deleted' }, other.token),
    400,
    'invalid_notification_id',
  )
  for (let i = 0; i < 2; i++)
    assert.is(
      (
        await postJson(
          url,
          { notification_id: id, event: 'credential_failure', event_description: 'Out of storage.' },
          s.token,
        )
      ).status,
      204,
    )
  const stored = await guild.opened.store.offer(s.offer.offerId)
  assert.is(stored?.items[0]?.event, 'credential_failure')
  assert.is(stored?.items[0]?.eventDescription, 'Out of storage.')
})

test('an unknown path: not_found, as JSON; the offer URI of a used code: not_found', async () => {
  const answer = await postJson(`${guild.base}/credentials`, {})
  assert.is(answer.status, 404)
  assert.is(answer.body.error, 'not_found')
  const { offer } = await offered({ byReference: true })
  const uri = offer.offerUri as string
  assert.is((await fetch(uri)).status, 200)
  await redeem(offer)
  const used = await fetch(uri)
  assert.is(used.status, 404)
  assert.is(((await used.json()) as { error: string }).error, 'not_found')
})

test('a path asked with a method it does not take: 405 method_not_allowed with Allow (RFC 9110 15.5.6), as JSON', async () => {
  const token = await fetch(`${guild.base}/token`)
  assert.is(token.status, 405)
  assert.is(token.headers.get('allow'), 'POST')
  assert.is(((await token.json()) as { error: string }).error, 'method_not_allowed')
  const credential = await fetch(`${guild.base}/credential`, { method: 'DELETE' })
  assert.is(credential.status, 405)
  assert.is(credential.headers.get('allow'), 'POST')
  // a path with a parameter: the offer URI takes GET (and HEAD) only
  const offer = await fetch(`${guild.base}/credential-offer/some-code`, { method: 'POST' })
  assert.is(offer.status, 405)
  assert.is(offer.headers.get('allow'), 'GET, HEAD')
  // a path the service does not have is still 404
  assert.is((await fetch(`${guild.base}/token/more`)).status, 404)
})

test('a failure of the service itself: 500 server_error, its cause in the operator log only, no stack', async () => {
  const s = await session()
  const store = guild.opened.store
  const token = store.token
  // The store fails as a broken disk would, with a message naming a path.
  store.token = async () => {
    throw new Error('SQLITE_IOERR: disk I/O error at /srv/tessera/internal.ts:42')
  }
  try {
    const before = guild.events.length
    const answer = await request(s)
    assertRefused(answer, 500, 'server_error')
    assert.not.match(answer.text, /SQLITE|disk|\/srv\//)
    const logged = guild.events.slice(before)
    assert.equal(
      logged.map((e) => e.kind),
      ['server_error'],
    )
    assert.match(logged[0]?.message ?? '', /SQLITE_IOERR/)
  } finally {
    store.token = token
  }
  // The service goes on: the same request succeeds once the store answers again.
  const again = await request(s)
  assert.is(again.status, 200, again.text)
})

test.run()
