// The nonce and credential endpoints as OpenID4VCI 1.0 sections 7 and 8 (and RFC 6750 for the access
// token) have them, over HTTP against the service on 127.0.0.1 with plain fetch and jose-signed proofs: a
// nonce by POST, unpredictable and not cached; a credential request by credential_identifier with a
// `proofs` object; the response `credentials: [{ credential }]` with a notification_id, the credential
// bound to the proof's key, a JWT for jwt_vc_json and a JSON object for ldp_vc; unknown parameters
// ignored; each refusal with the error code 8.3.1 names.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Guild, startGuild } from './guild.js'
import {
  assertJson,
  assertOAuthError,
  credentialRequest,
  freshNonce,
  goodProof,
  jwtPayload,
  offerFor,
  openSession,
} from './spec-checks.js'
import { answerOf, getJson, makeWallet, postJson, seconds } from './wallet.js'

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

// --- Nonce endpoint (7)

test('7.1 and 7.2: POST to the nonce endpoint, no access token, no body: a c_nonce string, not cached, a new one each time', async () => {
  const response = await fetch(`${guild.base}/nonce`, { method: 'POST', headers: { 'content-length': '0' } })
  assert.ok(response.status >= 200 && response.status < 300)
  assert.match(response.headers.get('content-type') ?? '', /^application\/json\b/i)
  assert.match(response.headers.get('cache-control') ?? '', /\bno-store\b/)
  const body = (await response.json()) as { c_nonce: unknown }
  assert.type(body.c_nonce, 'string')
  const others = new Set([body.c_nonce as string])
  for (let i = 0; i < 5; i++) others.add(await freshNonce(guild))
  assert.is(others.size, 6, 'unpredictable: never the same twice')
})

// --- Credential endpoint: success (8.2, 8.3, A.1)

test('8.3: a jwt_vc_json credential by credential_identifier: credentials [{ credential: JWT }] and a notification_id', async () => {
  const session = await openSession(guild)
  const answer = await credentialRequest(guild, session, {
    credential_identifier: session.identifier,
    proofs: { jwt: [await goodProof(guild, session)] },
  })
  assert.is(answer.status, 200, answer.text)
  assertJson(answer)
  assert.match(answer.headers.get('cache-control') ?? '', /\bno-store\b/)
  const credentials = answer.body.credentials as { credential: unknown }[]
  assert.ok(Array.isArray(credentials) && credentials.length === 1, 'one credential for the one proof')
  const [first] = credentials
  assert.ok(first !== null && typeof first === 'object' && !Array.isArray(first), 'elements are objects')
  // A.1.1.4: a JWT, as is (three base64url parts, not re-encoded).
  assert.type(first?.credential, 'string')
  assert.match(first?.credential as string, /^[\w-]+\.[\w-]+\.[\w-]+$/)
  const payload = jwtPayload(first?.credential as string)
  assert.is(payload.sub, session.wallet.did, 'bound to the key of the proof')
  assert.type(answer.body.notification_id, 'string')
  assert.is(answer.body.transaction_id, undefined)
  assert.is(answer.body.interval, undefined)
})

test('A.1.2.4: an ldp_vc credential is a JSON object, its subject the DID of the proof key (a jwk header: did:jwk)', async () => {
  const session = await openSession(guild, { formats: ['ldp_vc'] })
  const wallet = await makeWallet('jwk', 'ES256')
  const proof = await wallet.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
  })
  const answer = await credentialRequest(guild, session, {
    credential_identifier: session.identifier,
    proofs: { jwt: [proof] },
  })
  assert.is(answer.status, 200, answer.text)
  const [first] = answer.body.credentials as { credential: Record<string, unknown> }[]
  const credential = first?.credential
  assert.ok(credential !== null && typeof credential === 'object' && !Array.isArray(credential))
  assert.ok(credential.proof, 'a Data Integrity proof inside')
  assert.is((credential.credentialSubject as { id: string }).id, wallet.did)
  assert.ok(wallet.did.startsWith('did:jwk:'))
})

test('8.2: parameters 1.0 does not define are ignored (a draft `proof` beside `proofs`, anything else)', async () => {
  const session = await openSession(guild)
  const answer = await credentialRequest(guild, session, {
    credential_identifier: session.identifier,
    proofs: { jwt: [await goodProof(guild, session)] },
    proof: { proof_type: 'jwt', jwt: 'not even a JWT' },
    something_new: { nested: true },
  })
  assert.is(answer.status, 200, answer.text)
  assert.is((answer.body.credentials as unknown[]).length, 1)
})

// --- Credential endpoint: the access token (8.3.1.1, RFC 6750)

test('8.3.1.1: no access token, or one the issuer did not give: 401 with the Bearer challenge', async () => {
  const session = await openSession(guild)
  const body = {
    credential_identifier: session.identifier,
    proofs: { jwt: [await goodProof(guild, session)] },
  }
  const none = await postJson(`${guild.base}/credential`, body)
  assertOAuthError(none, 401, 'invalid_token')
  // RFC 6750 (3.1): no authentication tried, no error information in the challenge.
  assert.is(none.headers.get('www-authenticate'), 'Bearer')
  // The token is judged first: a malformed request without one is still the 401.
  const bare = await fetch(`${guild.base}/credential`, { method: 'POST', body: 'not json' })
  const text = await bare.text()
  assertOAuthError(
    { status: bare.status, headers: bare.headers, body: JSON.parse(text), text },
    401,
    'invalid_token',
  )
  const forged = await postJson(`${guild.base}/credential`, body, 'x'.repeat(43))
  assertOAuthError(forged, 401, 'invalid_token')
  assert.match(forged.headers.get('www-authenticate') ?? '', /error="invalid_token"/)
})

test('8.3.1.1 and RFC 6750 3: another authentication scheme than Bearer is no token at all: 401, the challenge without error information', async () => {
  const session = await openSession(guild)
  const body = JSON.stringify({
    credential_identifier: session.identifier,
    proofs: { jwt: [await goodProof(guild, session)] },
  })
  for (const authorization of [
    'Basic d2FsbGV0OnNlY3JldA==',
    `DPoP ${session.accessToken}`,
    'Negotiate abc',
  ]) {
    const answer = await answerOf(
      await fetch(`${guild.base}/credential`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body,
      }),
    )
    assertOAuthError(answer, 401, 'invalid_token')
    // "If the request lacks any authentication information (...) or attempted using an unsupported
    // authentication method, the resource server SHOULD NOT include an error code".
    assert.is(answer.headers.get('www-authenticate'), 'Bearer', authorization)
  }
})

// --- Credential endpoint: request errors (8.3.1.2)

test('8.2: credential_identifier and credential_configuration_id together, or neither: invalid_credential_request', async () => {
  const session = await openSession(guild)
  const proofs = { jwt: [await goodProof(guild, session)] }
  assertOAuthError(
    await credentialRequest(guild, session, {
      credential_identifier: session.identifier,
      credential_configuration_id: session.configurationId,
      proofs,
    }),
    400,
    'invalid_credential_request',
  )
  assertOAuthError(await credentialRequest(guild, session, { proofs }), 400, 'invalid_credential_request')
})

test('8.3.1.2: an unknown credential_identifier or credential_configuration_id: unknown_credential_identifier / _configuration', async () => {
  const session = await openSession(guild)
  const proofs = { jwt: [await goodProof(guild, session)] }
  assertOAuthError(
    await credentialRequest(guild, session, { credential_identifier: 'no-such-identifier', proofs }),
    400,
    'unknown_credential_identifier',
  )
  assertOAuthError(
    await credentialRequest(guild, session, { credential_configuration_id: 'no-such_jwt_vc_json', proofs }),
    400,
    'unknown_credential_configuration',
  )
})

test('8.3.1.1: a configuration the issuer publishes that this access token does not grant: RFC 6750 insufficient_scope (403), not "unknown"', async () => {
  const session = await openSession(guild)
  // Another member's offer puts an ldp_vc configuration in the metadata; this session's token grants jwt_vc_json only.
  const other = await offerFor(guild, { formats: ['ldp_vc'] })
  const [published] = other.credentialOffer.credential_configuration_ids as string[]
  const metadata = await getJson(`${guild.base}/.well-known/openid-credential-issuer`)
  assert.ok(
    published !== undefined && published in (metadata.body.credential_configurations_supported as object),
  )
  const answer = await credentialRequest(guild, session, {
    credential_configuration_id: published,
    proofs: { jwt: [await goodProof(guild, session)] },
  })
  assertOAuthError(answer, 403, 'insufficient_scope')
  assert.match(answer.headers.get('www-authenticate') ?? '', /^Bearer error="insufficient_scope"/)
})

test('8.2 and 8.3.1.2: proofs missing (proof_types_supported is published), empty, or of two types: invalid_proof', async () => {
  const session = await openSession(guild)
  const jwt = await goodProof(guild, session)
  const ask = (extra: Record<string, unknown>) =>
    credentialRequest(guild, session, { credential_identifier: session.identifier, ...extra })
  assertOAuthError(await ask({}), 400, 'invalid_proof')
  assertOAuthError(await ask({ proofs: { jwt: [] } }), 400, 'invalid_proof')
  assertOAuthError(await ask({ proofs: { jwt: [jwt], attestation: [jwt] } }), 400, 'invalid_proof')
  assertOAuthError(await ask({ proofs: { di_vp: [{}] } }), 400, 'invalid_proof')
  // The request was refused, the credential is still there for a good one.
  assert.is((await ask({ proofs: { jwt: [jwt] } })).status, 200)
})

test('12.2.4: no batch_credential_issuance in the metadata, so two proofs are refused (invalid_credential_request)', async () => {
  const metadata = await getJson(`${guild.base}/.well-known/openid-credential-issuer`)
  assert.is(metadata.body.batch_credential_issuance, undefined)
  const session = await openSession(guild)
  const other = await makeWallet('did:key', 'EdDSA')
  const second = await other.proof({
    aud: guild.base,
    nonce: await freshNonce(guild),
    iat: seconds(guild.clock()),
  })
  assertOAuthError(
    await credentialRequest(guild, session, {
      credential_identifier: session.identifier,
      proofs: { jwt: [await goodProof(guild, session), second] },
    }),
    400,
    'invalid_credential_request',
  )
})

test('8.2 and 10: a request for an encrypted response to an issuer that publishes no encryption: invalid_encryption_parameters', async () => {
  const session = await openSession(guild)
  assertOAuthError(
    await credentialRequest(guild, session, {
      credential_identifier: session.identifier,
      proofs: { jwt: [await goodProof(guild, session)] },
      credential_response_encryption: { jwk: { kty: 'EC' }, enc: 'A256GCM' },
    }),
    400,
    'invalid_encryption_parameters',
  )
})

test('8.2: an unencrypted request is application/json; anything else is invalid_credential_request', async () => {
  const session = await openSession(guild)
  const response = await fetch(`${guild.base}/credential`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${session.accessToken}` },
    body: JSON.stringify({ credential_identifier: session.identifier }),
  })
  const text = await response.text()
  assertOAuthError(
    { status: response.status, headers: response.headers, body: JSON.parse(text), text },
    400,
    'invalid_credential_request',
  )
})

test('8.3.1.2: a request that repeats the same parameter is invalid_credential_request, whatever the JSON parser would keep', async () => {
  const session = await openSession(guild)
  const proofs = JSON.stringify({ jwt: [await goodProof(guild, session)] })
  const identifier = JSON.stringify(session.identifier)
  for (const body of [
    `{"credential_identifier":"no-such-identifier","credential_identifier":${identifier},"proofs":${proofs}}`,
    `{"credential_identifier":${identifier},"proofs":${proofs},"proofs":${proofs}}`,
    // The same name spelled with an escape is the same parameter.
    `{"credential_identifier":${identifier},"proofs":${proofs},"\\u0070roofs":${proofs}}`,
    // Inside a parameter as well: which of two proof lists would be checked?
    `{"credential_identifier":${identifier},"proofs":{"jwt":["x"],"jwt":${JSON.stringify(JSON.parse(proofs).jwt)}}}`,
  ])
    assertOAuthError(await credentialRequest(guild, session, body), 400, 'invalid_credential_request')
  // The same name in two objects is no repeat: the credential is issued.
  const answer = await credentialRequest(
    guild,
    session,
    `{"credential_identifier":${identifier},"proofs":${proofs},"extra":[{"a":1},{"a":2}]}`,
  )
  assert.is(answer.status, 200, answer.text)
})

test('8.3.1.2: a credential whose original was revoked after the token: credential_request_denied', async () => {
  const session = await openSession(guild)
  const row = await guild.opened.store.offer(session.offer.offerId)
  const source = row?.items[0]?.sourceCredentialId as string
  await guild.opened.issuer.issuer.revoke(source)
  assertOAuthError(
    await credentialRequest(guild, session, {
      credential_identifier: session.identifier,
      proofs: { jwt: [await goodProof(guild, session)] },
    }),
    400,
    'credential_request_denied',
  )
})

test.run()
