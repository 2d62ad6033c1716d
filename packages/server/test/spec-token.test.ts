// The token endpoint as OpenID4VCI 1.0 section 6 and RFC 6749 (3.2, 4.1.3, 5.1, 5.2) have it, over HTTP
// against the service on 127.0.0.1: a form-encoded POST with the pre-authorized code grant type; a Bearer
// access token with its lifetime, not cached (Cache-Control: no-store, Pragma: no-cache); the credentials it
// grants in authorization_details with credential_identifiers; each refusal with the code 6.3 names.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Guild, startGuild } from './guild.js'
import { assertJson, assertOAuthError, offerFor, PRE_AUTHORIZED, tokenRequest } from './spec-checks.js'
import { type Answer, answerOf, codeOf, getJson, postForm, postJson } from './wallet.js'

const START = new Date('2027-03-01T10:00:00Z')
let guild: Guild

test.before(async () => {
  guild = await startGuild({ start: START })
})
test.after(async () => {
  await guild?.close()
})
test.before.each(() => {
  guild.now.value = START
})

interface Detail {
  type: string
  credential_configuration_id: string
  credential_identifiers: string[]
}

function assertGranted(answer: Answer): Detail[] {
  assert.is(answer.status, 200, answer.text)
  assertJson(answer)
  // RFC 6749 5.1: a response with a token is never cached.
  assert.match(answer.headers.get('cache-control') ?? '', /\bno-store\b/)
  assert.is(answer.headers.get('pragma'), 'no-cache')
  assert.type(answer.body.access_token, 'string')
  assert.ok((answer.body.access_token as string).length >= 20)
  assert.is((answer.body.token_type as string).toLowerCase(), 'bearer')
  assert.ok(Number.isInteger(answer.body.expires_in) && (answer.body.expires_in as number) > 0)
  const details = answer.body.authorization_details as Detail[]
  assert.ok(Array.isArray(details) && details.length > 0, 'authorization_details is a non-empty array')
  for (const detail of details) {
    assert.is(detail.type, 'openid_credential')
    assert.type(detail.credential_configuration_id, 'string')
    assert.ok(Array.isArray(detail.credential_identifiers) && detail.credential_identifiers.length > 0)
    for (const id of detail.credential_identifiers) assert.type(id, 'string')
  }
  return details
}

test('6.2: a pre-authorized code for a Bearer token, with expires_in and the granted credential identifiers', async () => {
  const offer = await offerFor(guild)
  const details = assertGranted(await tokenRequest(guild, offer))
  assert.equal(
    details.map((d) => d.credential_configuration_id),
    offer.credentialOffer.credential_configuration_ids,
  )
})

test('6.2, 7 and 8.2: the token response carries no c_nonce: a wallet takes its nonce from the nonce endpoint only', async () => {
  const answer = await tokenRequest(guild, await offerFor(guild))
  assertGranted(answer)
  assert.is(answer.body.c_nonce, undefined)
  assert.is(answer.body.c_nonce_expires_in, undefined)
})

test('6.1: parameters the server does not know are ignored; an anonymous client may still name a client_id', async () => {
  const offer = await offerFor(guild)
  assertGranted(await tokenRequest(guild, offer, { client_id: 'some-wallet', something_else: 'x' }))
})

test('RFC 9449: a DPoP proof sent to a server that does not do DPoP is ignored: a Bearer token; a charset on the form is fine', async () => {
  const offer = await offerFor(guild)
  const response = await fetch(`${guild.base}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      dpop: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA',
    },
    body: new URLSearchParams({
      grant_type: PRE_AUTHORIZED,
      'pre-authorized_code': codeOf(offer.credentialOffer),
    }).toString(),
  })
  const text = await response.text()
  assertGranted({ status: response.status, headers: response.headers, body: JSON.parse(text), text })
  const metadata = await getJson(`${guild.base}/.well-known/oauth-authorization-server`)
  assert.is(metadata.body.dpop_signing_alg_values_supported, undefined)
})

test('6.1.1 and 6.2: authorization_details asking for one of the offered configurations: the answer names that one only', async () => {
  const offer = await offerFor(guild, { formats: ['ldp_vc', 'jwt_vc_json'] })
  const [, wanted] = offer.credentialOffer.credential_configuration_ids as string[]
  const details = assertGranted(
    await tokenRequest(guild, offer, {
      authorization_details: JSON.stringify([
        { type: 'openid_credential', credential_configuration_id: wanted },
      ]),
    }),
  )
  assert.equal(
    details.map((d) => d.credential_configuration_id),
    [wanted],
  )
})

test('RFC 6749 4.1.3: the request is application/x-www-form-urlencoded; JSON is invalid_request', async () => {
  const offer = await offerFor(guild)
  const answer = await postJson(`${guild.base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(offer.credentialOffer),
  })
  assertOAuthError(answer, 400, 'invalid_request')
})

test('RFC 6749 5.2: grant_type missing is invalid_request, another grant type unsupported_grant_type', async () => {
  assertOAuthError(
    await postForm(`${guild.base}/token`, { 'pre-authorized_code': 'x' }),
    400,
    'invalid_request',
  )
  assertOAuthError(
    await postForm(`${guild.base}/token`, { grant_type: 'client_credentials' }),
    400,
    'unsupported_grant_type',
  )
  assertOAuthError(
    await postForm(`${guild.base}/token`, { grant_type: 'authorization_code', code: 'x' }),
    400,
    'unsupported_grant_type',
  )
})

test('6.1: pre-authorized_code missing is invalid_request; unknown, used or expired is invalid_grant (6.3)', async () => {
  assertOAuthError(
    await postForm(`${guild.base}/token`, { grant_type: PRE_AUTHORIZED }),
    400,
    'invalid_request',
  )
  assertOAuthError(
    await postForm(`${guild.base}/token`, { grant_type: PRE_AUTHORIZED, 'pre-authorized_code': 'unknown' }),
    400,
    'invalid_grant',
  )
  // 4.1.1: the code is single use.
  const used = await offerFor(guild)
  assertGranted(await tokenRequest(guild, used))
  assertOAuthError(await tokenRequest(guild, used), 400, 'invalid_grant')
  // ... and short lived.
  const expired = await offerFor(guild, { lifetimeMs: 60_000 })
  guild.now.value = new Date(START.getTime() + 61_000)
  assertOAuthError(await tokenRequest(guild, expired), 400, 'invalid_grant')
})

test('RFC 6749 2.3 and 5.2: client authentication this server cannot check (it registers no client) is invalid_client; the code is not spent', async () => {
  const offer = await offerFor(guild)
  const form = new URLSearchParams({
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(offer.credentialOffer),
  })
  // By the Authorization header: 401, and a challenge of the scheme the client used (5.2).
  const basic = await answerOf(
    await fetch(`${guild.base}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('wallet:secret').toString('base64')}`,
      },
      body: form.toString(),
    }),
  )
  assert.is(basic.status, 401, basic.text)
  assert.is(basic.body.error, 'invalid_client', basic.text)
  assert.match(basic.headers.get('www-authenticate') ?? '', /^Basic\b/)
  // By a client secret in the body: invalid_client too.
  assertOAuthError(
    await tokenRequest(guild, offer, { client_id: 'wallet', client_secret: 'secret' }),
    400,
    'invalid_client',
  )
  assertGranted(await tokenRequest(guild, offer, { client_id: 'wallet' }))
})

test('RFC 6749 3.2: a parameter given twice is invalid_request', async () => {
  const offer = await offerFor(guild)
  const code = codeOf(offer.credentialOffer)
  const body = `grant_type=${encodeURIComponent(PRE_AUTHORIZED)}&pre-authorized_code=${code}&pre-authorized_code=${code}`
  const answer = await answerOf(
    await fetch(`${guild.base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }),
  )
  assertOAuthError(answer, 400, 'invalid_request')
})

test('RFC 6749 3.2: a parameter sent without a value is treated as omitted (empty tx_code, grant_type, authorization_details)', async () => {
  // An empty tx_code is no tx_code: granted where none is asked for; where one is, invalid_request (6.3),
  // not a wrong code counted against the offer.
  assertGranted(await tokenRequest(guild, await offerFor(guild), { tx_code: '', user_pin: '' }))
  const withCode = await offerFor(guild, { txCode: true })
  assertOAuthError(await tokenRequest(guild, withCode, { tx_code: '' }), 400, 'invalid_request')
  assertGranted(await tokenRequest(guild, withCode, { tx_code: withCode.txCode as string }))
  // An empty grant_type is a missing one (invalid_request), not another grant type.
  assertOAuthError(
    await postForm(`${guild.base}/token`, { grant_type: '', 'pre-authorized_code': 'x' }),
    400,
    'invalid_request',
  )
  // An empty authorization_details asks for nothing in particular: every offered credential.
  const offer = await offerFor(guild)
  assertGranted(await tokenRequest(guild, offer, { authorization_details: '' }))
})

test('6.3: tx_code missing when the offer asks for one, or sent when it does not, is invalid_request; a wrong one invalid_grant', async () => {
  const withCode = await offerFor(guild, { txCode: true })
  assertOAuthError(await tokenRequest(guild, withCode), 400, 'invalid_request')
  const wrong = withCode.txCode === '000000' ? '111111' : '000000'
  assertOAuthError(await tokenRequest(guild, withCode, { tx_code: wrong }), 400, 'invalid_grant')
  assertGranted(await tokenRequest(guild, withCode, { tx_code: withCode.txCode as string }))
  const without = await offerFor(guild)
  assertOAuthError(await tokenRequest(guild, without, { tx_code: '123456' }), 400, 'invalid_request')
})

test('6.1.1: authorization_details naming no offered configuration is refused, grants nothing, spends nothing', async () => {
  const offer = await offerFor(guild)
  const answer = await tokenRequest(guild, offer, {
    authorization_details: JSON.stringify([
      { type: 'openid_credential', credential_configuration_id: 'not-offered_jwt_vc_json' },
    ]),
  })
  assert.is(answer.status, 400, answer.text)
  assert.is(answer.body.access_token, undefined)
  assertOAuthError(answer, 400, 'invalid_authorization_details')
  // The code is not spent by the refusal: asked rightly, it is redeemed.
  assertGranted(await tokenRequest(guild, offer))
})

test.run()
