// Offers and metadata: what an offer holds (the member's standing credentials, one format each, the
// configurations it names published with their display), links by value and by reference, QR codes that
// decode back to the link, the options refused, the formats a P-256 issuer can sign, and the well-known
// documents of an issuer with a path (inserted, as the specifications say, and appended, as some wallets
// ask). Service options out of range and base URLs that cannot be an issuer identifier are refused.
// jsqr is CommonJS: its default export is `module.exports`, which carries the function as `default`.
import jsqr from 'jsqr'
import { PNG } from 'pngjs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  configurationId,
  MemoryServerStore,
  qrDataUri,
  qrSvg,
  serviceUrls,
  WalletService,
} from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { getJson } from './wallet.js'

let guild: Guild

test.before(async () => {
  guild = await startGuild()
})
test.after(async () => {
  await guild?.close()
})

async function code(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

test("an offer holds the member's standing credentials, narrowed by achievement; its configurations are published", async () => {
  await guild.issueMembership('M-A')
  await guild.issueMembership('M-A', {
    achievementId: 'https://guild.example/achievements/bookbinding-101',
    name: 'Bookbinding 101',
    format: 'data-integrity',
  })
  const all = await guild.opened.service.createOffer({ member: 'M-A' })
  assert.equal(all.credentials.map((c) => c.name).sort(), [
    'Bookbinding 101',
    'Guild of Bookbinders membership the current term',
  ])
  // An Ed25519 issuer offers Data Integrity by default.
  assert.ok(all.credentials.every((c) => c.configurationId.endsWith('_ldp_vc')))
  const one = await guild.opened.service.createOffer({
    member: 'M-A',
    achievement: 'https://guild.example/achievements/bookbinding-101',
    formats: ['ldp_vc', 'jwt_vc_json'],
  })
  assert.equal(one.credentialOffer.credential_configuration_ids, [
    configurationId('https://guild.example/achievements/bookbinding-101', 'ldp_vc'),
    configurationId('https://guild.example/achievements/bookbinding-101', 'jwt_vc_json'),
  ])
  assert.match(one.credentials[0]?.configurationId ?? '', /^bookbinding-101-[0-9a-f]{8}_ldp_vc$/)

  const metadata = await getJson(`${guild.base}/.well-known/openid-credential-issuer`)
  const supported = metadata.body.credential_configurations_supported as Record<
    string,
    Record<string, unknown>
  >
  const ldp = supported[one.credentials[0]?.configurationId as string] as Record<string, unknown>
  assert.equal(ldp.credential_definition, {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
  })
  assert.equal(ldp.cryptographic_binding_methods_supported, ['did:key', 'did:jwk', 'jwk'])
  assert.equal(ldp.credential_signing_alg_values_supported, ['eddsa-rdfc-2022'])
  const display = (ldp.credential_metadata as { display: Record<string, unknown>[] }).display[0]
  assert.equal(display, {
    name: 'Bookbinding 101',
    locale: 'en',
    description: 'Membership of Guild of Bookbinders for the term the current term.',
    background_color: '#1d3557',
    text_color: '#ffffff',
  })
  assert.equal(ldp.display, [display])
  const jwt = supported[one.credentials[1]?.configurationId as string] as Record<string, unknown>
  assert.equal(jwt.credential_signing_alg_values_supported, ['EdDSA'])
  assert.equal(jwt.credential_definition, { type: ['VerifiableCredential', 'OpenBadgeCredential'] })
  assert.equal(metadata.body.display, [{ name: 'Guild of Bookbinders', locale: 'en' }])
  assert.is(metadata.body.nonce_endpoint, `${guild.base}/nonce`)
  assert.is(metadata.body.notification_endpoint, `${guild.base}/notification`)
  const as = await getJson(`${guild.base}/.well-known/oauth-authorization-server`)
  assert.equal(as.body, {
    issuer: guild.base,
    token_endpoint: `${guild.base}/token`,
    grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    authorization_details_types_supported: ['openid_credential'],
  })
})

test('by reference: a short link, and the offer object at its URI', async () => {
  await guild.issueMembership('M-B')
  const offer = await guild.opened.service.createOffer({ member: 'M-B', byReference: true, txCode: true })
  assert.is(
    offer.link,
    `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offer.offerUri as string)}`,
  )
  assert.ok(offer.link.length < 160, offer.link)
  const read = await getJson(offer.offerUri as string)
  assert.equal(read.body, offer.credentialOffer)
  assert.is(read.headers.get('cache-control'), 'no-store')
  assert.is(read.headers.get('access-control-allow-origin'), '*')
})

test('the QR codes (SVG and PNG) decode back to the link', async () => {
  await guild.issueMembership('M-C')
  const offer = await guild.opened.service.createOffer({ member: 'M-C' })
  const svg = await qrSvg(offer.link)
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  const png = await qrDataUri(offer.link)
  assert.match(png, /^data:image\/png;base64,/)
  const image = PNG.sync.read(Buffer.from(png.slice('data:image/png;base64,'.length), 'base64'))
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength)
  assert.is(jsqr.default(pixels, image.width, image.height)?.data, offer.link)
})

test('offers refused: a member with nothing standing, bad options', async () => {
  const service = guild.opened.service
  assert.is(await code(() => service.createOffer({ member: 'nobody' })), 'NOTHING_TO_OFFER')
  await guild.issueMembership('M-D')
  assert.is(
    await code(() => service.createOffer({ member: 'M-D', achievement: 'https://other.example/x' })),
    'NOTHING_TO_OFFER',
  )
  assert.is(await code(() => service.createOffer({ member: '' })), 'INVALID_OFFER_OPTIONS')
  assert.is(await code(() => service.createOffer({ member: 'M-D', lifetimeMs: 0 })), 'INVALID_OFFER_OPTIONS')
  assert.is(await code(() => service.createOffer({ member: 'M-D', formats: [] })), 'INVALID_OFFER_OPTIONS')
  assert.is(
    await code(() => service.createOffer({ member: 'M-D', txCode: { length: 3 } })),
    'INVALID_OFFER_OPTIONS',
  )
  assert.is(
    await code(() => service.createOffer({ member: 'M-D', formats: ['mso_mdoc' as never] })),
    'INVALID_OFFER_OPTIONS',
  )
  // A lapsed credential is not offered either.
  guild.now.value = new Date(Date.parse('2027-03-01T10:00:00Z') + 400 * 86_400_000)
  assert.is(await code(() => service.createOffer({ member: 'M-D' })), 'NOTHING_TO_OFFER')
  guild.now.value = new Date('2027-03-01T10:00:00Z')
})

test('a P-256 issuer offers VC-JWT (ES256) only: ldp_vc is refused', async () => {
  const p256 = await startGuild({ keyType: 'Secp256r1' })
  try {
    await p256.issueMembership('M-P')
    assert.is(
      await code(() => p256.opened.service.createOffer({ member: 'M-P', formats: ['ldp_vc'] })),
      'INVALID_OFFER_OPTIONS',
    )
    const offer = await p256.opened.service.createOffer({ member: 'M-P' })
    assert.match(offer.credentials[0]?.configurationId ?? '', /_jwt_vc_json$/)
    const metadata = await getJson(`${p256.base}/.well-known/openid-credential-issuer`)
    const supported = metadata.body.credential_configurations_supported as Record<
      string,
      Record<string, unknown>
    >
    assert.equal(
      supported[offer.credentials[0]?.configurationId as string]?.credential_signing_alg_values_supported,
      ['ES256'],
    )
  } finally {
    await p256.close()
  }
})

test('an issuer with a path: metadata at the inserted and the appended well-known paths, endpoints under the path', async () => {
  const urls = serviceUrls('https://guild.example/wallet/')
  assert.equal(urls, {
    issuer: 'https://guild.example/wallet',
    basePath: '/wallet',
    token: 'https://guild.example/wallet/token',
    nonce: 'https://guild.example/wallet/nonce',
    credential: 'https://guild.example/wallet/credential',
    notification: 'https://guild.example/wallet/notification',
    offerUri: 'https://guild.example/wallet/credential-offer',
  })
  const service = await WalletService.create({
    issuer: guild.opened.issuer.issuer,
    issuerStore: guild.opened.issuer.store,
    signerAlg: 'EdDSA',
    credentialIssuer: 'https://guild.example/wallet',
    store: new MemoryServerStore(),
    display: { backgroundColor: '#000', textColor: '#fafafa', locale: 'fr', issuerName: 'La Guilde' },
  })
  for (const path of [
    '/.well-known/openid-credential-issuer/wallet',
    '/wallet/.well-known/openid-credential-issuer',
  ]) {
    const response = await service.fetch(new Request(`https://guild.example${path}`))
    assert.is(response.status, 200, path)
    const body = (await response.json()) as Record<string, unknown>
    assert.is(body.credential_issuer, 'https://guild.example/wallet')
    assert.is(body.credential_endpoint, 'https://guild.example/wallet/credential')
  }
  for (const path of [
    '/.well-known/oauth-authorization-server/wallet',
    '/wallet/.well-known/oauth-authorization-server',
  ]) {
    const response = await service.fetch(new Request(`https://guild.example${path}`))
    assert.is(((await response.json()) as { issuer: string }).issuer, 'https://guild.example/wallet', path)
  }
  const outside = await service.fetch(new Request('https://guild.example/token', { method: 'POST' }))
  assert.is(outside.status, 404)
  const nonce = await service.fetch(new Request('https://guild.example/wallet/nonce', { method: 'POST' }))
  assert.type(((await nonce.json()) as { c_nonce: string }).c_nonce, 'string')
  // A CORS preflight, as a web wallet sends before its token request.
  const preflight = await service.fetch(
    new Request('https://guild.example/wallet/credential', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://wallet.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    }),
  )
  assert.is(preflight.status, 204)
  assert.is(preflight.headers.get('access-control-allow-origin'), '*')
})

test('service options refused: base URLs that are not an issuer identifier, colours, locales, limits', async () => {
  for (const base of [
    'http://guild.example',
    'https://guild.example/?x=1',
    'https://guild.example/#a',
    'ftp://guild.example',
    'not a url',
    'https://user:pw@guild.example',
  ])
    assert.is(await code(async () => serviceUrls(base)), 'INVALID_BASE_URL', base)
  assert.is(serviceUrls('http://127.0.0.1:8080').issuer, 'http://127.0.0.1:8080')
  assert.is(serviceUrls('http://localhost:8080/w').issuer, 'http://localhost:8080/w')
  const options = {
    issuer: guild.opened.issuer.issuer,
    issuerStore: guild.opened.issuer.store,
    signerAlg: 'EdDSA' as const,
    credentialIssuer: 'https://guild.example',
    store: new MemoryServerStore(),
  }
  assert.is(
    await code(() => WalletService.create({ ...options, display: { backgroundColor: 'red' } })),
    'INVALID_OPTIONS',
  )
  assert.is(
    await code(() => WalletService.create({ ...options, display: { locale: 'en_GB!' } })),
    'INVALID_OPTIONS',
  )
  assert.is(
    await code(() => WalletService.create({ ...options, display: { issuerLogo: 'javascript:alert(1)' } })),
    'INVALID_OPTIONS',
  )
  assert.is(
    await code(() => WalletService.create({ ...options, limits: { tokenLifetimeMs: -1 } })),
    'INVALID_OPTIONS',
  )
  assert.is(
    await code(() => WalletService.create({ ...options, credentialIssuer: 'http://guild.example' })),
    'INVALID_BASE_URL',
  )
})

test.run()
