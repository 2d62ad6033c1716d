// OpenID4VCI 1.0 sections 4 and 12, RFC 8414, read from the specifications and checked over HTTP against
// the service on 127.0.0.1 under a credential issuer identifier with a path (`/wallet`): where the two
// metadata documents are (the well-known string inserted between host and path), every REQUIRED member
// with its shape, each credential configuration as Appendix A.1 describes `jwt_vc_json` and `ldp_vc`, the
// authorization server's pre-authorized grant, and the credential offer object by value and by reference.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { CreatedOffer } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { assertJson, offerFor, PRE_AUTHORIZED, tokenRequest } from './spec-checks.js'
import { getJson } from './wallet.js'

let guild: Guild
let origin: string
let offer: CreatedOffer

type Json = Record<string, unknown>

test.before(async () => {
  guild = await startGuild({ path: '/wallet' })
  origin = new URL(guild.base).origin
  // Configurations are published once an offer names them: one offer of both formats.
  offer = await offerFor(guild, { formats: ['ldp_vc', 'jwt_vc_json'], txCode: true })
})
test.after(async () => {
  await guild?.close()
})

async function issuerMetadata(): Promise<Json> {
  const answer = await getJson(`${origin}/.well-known/openid-credential-issuer/wallet`)
  assert.is(answer.status, 200, answer.text)
  assertJson(answer)
  return answer.body
}

const isNonEmptyStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v !== '')

/** `display` arrays: non-empty objects, one per language tag at most (12.2.4). */
function assertDisplays(display: unknown, nameRequired: boolean): void {
  assert.ok(Array.isArray(display) && display.length > 0, 'display is a non-empty array')
  const locales = new Set<string>()
  for (const entry of display as Json[]) {
    if (nameRequired) assert.type(entry.name, 'string')
    if (entry.locale !== undefined) {
      assert.type(entry.locale, 'string')
      assert.not.ok(locales.has(entry.locale as string), 'one display object per locale')
      locales.add(entry.locale as string)
    }
    const logo = entry.logo as Json | undefined
    if (logo !== undefined) assert.type(logo.uri, 'string')
  }
}

test('12.2.2: the issuer metadata is at /.well-known/openid-credential-issuer inserted before the path, as application/json', async () => {
  await issuerMetadata()
  // Also where some wallets look (appended); the same document.
  const appended = await getJson(`${guild.base}/.well-known/openid-credential-issuer`)
  assert.is(appended.status, 200)
  assert.equal(appended.body, await issuerMetadata())
})

test('12.2.4: credential_issuer is the identifier the well-known URL was made from, byte for byte; endpoints are URLs under it', async () => {
  const metadata = await issuerMetadata()
  assert.is(metadata.credential_issuer, guild.base)
  const issuer = new URL(metadata.credential_issuer as string)
  assert.is(issuer.search, '')
  assert.is(issuer.hash, '')
  assert.is(metadata.credential_endpoint, `${guild.base}/credential`)
  // A nonce endpoint means proofs carry a c_nonce (7, 8.2); notifications are supported (11).
  assert.is(metadata.nonce_endpoint, `${guild.base}/nonce`)
  assert.is(metadata.notification_endpoint, `${guild.base}/notification`)
  // The service is its own authorization server: authorization_servers is absent (or names it).
  if (metadata.authorization_servers !== undefined) assert.equal(metadata.authorization_servers, [guild.base])
  // Batch issuance is not offered, so batch_credential_issuance is absent (when present, batch_size >= 2).
  const batch = metadata.batch_credential_issuance as Json | undefined
  if (batch !== undefined) assert.ok(Number.isInteger(batch.batch_size) && (batch.batch_size as number) >= 2)
  // No encryption is offered, so neither encryption object is published half-filled.
  assert.is(metadata.credential_response_encryption, undefined)
  assert.is(metadata.credential_request_encryption, undefined)
  if (metadata.display !== undefined) assertDisplays(metadata.display, false)
})

test('12.2.4 and A.1: each credential configuration has its format, key binding, proof types, credential_definition and display', async () => {
  const metadata = await issuerMetadata()
  const configurations = metadata.credential_configurations_supported as Record<string, Json>
  assert.ok(configurations !== null && typeof configurations === 'object' && !Array.isArray(configurations))
  const formats = new Set<string>()
  for (const id of offer.credentialOffer.credential_configuration_ids as string[]) {
    const configuration = configurations[id]
    assert.ok(configuration, `${id} is in credential_configurations_supported`)
    const format = configuration.format as string
    assert.ok(format === 'jwt_vc_json' || format === 'ldp_vc', format)
    formats.add(format)
    // Key binding: jwk and DID methods named `did:<method>`; proof_types_supported present with it.
    const methods = configuration.cryptographic_binding_methods_supported
    assert.ok(isNonEmptyStrings(methods))
    for (const method of methods) assert.match(method, /^(jwk|cose_key|did:[a-z0-9]+)$/)
    const proofTypes = configuration.proof_types_supported as Record<string, Json>
    assert.ok(proofTypes?.jwt, 'proof_types_supported names the jwt proof type')
    const proofAlgs = proofTypes.jwt?.proof_signing_alg_values_supported
    assert.ok(isNonEmptyStrings(proofAlgs))
    for (const alg of proofAlgs) assert.not.match(alg, /^(none|HS\d+)$/i, 'no unsigned or symmetric proofs')
    assert.ok(isNonEmptyStrings(configuration.credential_signing_alg_values_supported))
    // A.1.1.2 / A.1.2.2: credential_definition with the VC types (and @context for ldp_vc).
    const definition = configuration.credential_definition as Json
    assert.ok(isNonEmptyStrings(definition?.type))
    assert.ok((definition.type as string[]).includes('VerifiableCredential'))
    assert.ok((definition.type as string[]).includes('OpenBadgeCredential'))
    if (format === 'ldp_vc') {
      assert.ok(isNonEmptyStrings(definition['@context']))
      assert.is((definition['@context'] as string[])[0], 'https://www.w3.org/ns/credentials/v2')
      assert.equal(configuration.credential_signing_alg_values_supported, ['eddsa-rdfc-2022'])
    } else {
      assert.is(definition['@context'], undefined)
      assert.equal(configuration.credential_signing_alg_values_supported, ['EdDSA'])
    }
    // 1.0 puts display and claims under credential_metadata.
    const credentialMetadata = configuration.credential_metadata as Json
    assertDisplays(credentialMetadata.display, true)
    const claims = credentialMetadata.claims as Json[]
    assert.ok(Array.isArray(claims) && claims.length > 0)
    for (const claim of claims) assert.ok(Array.isArray(claim.path) && claim.path.length > 0)
    // Without `scope`, authorization_details is the way to ask (checked in the AS metadata below).
    if (configuration.scope !== undefined) assert.type(configuration.scope, 'string')
  }
  assert.equal([...formats].sort(), ['jwt_vc_json', 'ldp_vc'])
})

test('RFC 8414 and 12.3: the authorization server metadata is at /.well-known/oauth-authorization-server inserted before the path', async () => {
  const answer = await getJson(`${origin}/.well-known/oauth-authorization-server/wallet`)
  assert.is(answer.status, 200, answer.text)
  assertJson(answer)
  const metadata = answer.body
  // RFC 8414 (3.3): issuer identical to the identifier the URL was made from.
  assert.is(metadata.issuer, guild.base)
  assert.is(metadata.token_endpoint, `${guild.base}/token`)
  assert.ok(isNonEmptyStrings(metadata.grant_types_supported))
  assert.ok((metadata.grant_types_supported as string[]).includes(PRE_AUTHORIZED))
  // Token requests without client_id are accepted (6.1), and the metadata says so.
  assert.is(metadata['pre-authorized_grant_anonymous_access_supported'], true)
  // No configuration has a scope: openid_credential authorization details must be announced (12.2.4).
  assert.ok((metadata.authorization_details_types_supported as string[]).includes('openid_credential'))
  // Pre-authorized code only: response_types_supported may be left out (12.3); if present, an array.
  if (metadata.response_types_supported !== undefined)
    assert.ok(Array.isArray(metadata.response_types_supported))
})

test('4.1.1: the credential offer object: credential_issuer, unique configuration ids, the pre-authorized grant with tx_code', async () => {
  const object = offer.credentialOffer as Json
  assert.is(object.credential_issuer, guild.base)
  const ids = object.credential_configuration_ids as string[]
  assert.ok(isNonEmptyStrings(ids))
  assert.is(new Set(ids).size, ids.length, 'unique configuration ids')
  const grant = (object.grants as Record<string, Json>)[PRE_AUTHORIZED] as Json
  assert.type(grant['pre-authorized_code'], 'string')
  const txCode = grant.tx_code as Json
  assert.ok(
    txCode !== undefined && typeof txCode === 'object',
    'tx_code is an object when a code is required',
  )
  assert.ok(txCode.input_mode === 'numeric' || txCode.input_mode === 'text')
  assert.ok(Number.isInteger(txCode.length) && (txCode.length as number) > 0)
  assert.is(offer.txCode?.length, txCode.length)
  if (txCode.description !== undefined) assert.ok((txCode.description as string).length <= 300)
  // Every offered configuration is in the metadata.
  const metadata = await issuerMetadata()
  for (const id of ids) assert.ok((metadata.credential_configurations_supported as Json)[id])
})

test('4.1.2: by value, the link carries credential_offer (and not credential_offer_uri), the offer object as JSON', () => {
  const link = new URL(offer.link)
  assert.is(link.protocol, 'openid-credential-offer:')
  assert.equal([...link.searchParams.keys()], ['credential_offer'])
  assert.equal(JSON.parse(link.searchParams.get('credential_offer') as string), offer.credentialOffer)
})

test('4.1.3: by reference, the link carries credential_offer_uri only; GET answers the offer object as application/json', async () => {
  const byReference = await offerFor(guild, { byReference: true })
  const link = new URL(byReference.link)
  assert.equal([...link.searchParams.keys()], ['credential_offer_uri'])
  const uri = link.searchParams.get('credential_offer_uri') as string
  assert.ok(uri.startsWith(`${guild.base}/`), uri)
  const read = await getJson(uri)
  assert.is(read.status, 200, read.text)
  assertJson(read)
  assert.equal(read.body, byReference.credentialOffer)
  assert.is(read.body.credential_issuer, guild.base)
  // Its pre-authorized code is good at the token endpoint, once.
  assert.is((await tokenRequest(guild, byReference)).status, 200)
})

test.run()
