// Two wallet client libraries that no one here wrote take credentials from the service running on
// 127.0.0.1, from the offer link to the stored credential: Animo's @openid4vc/openid4vci (what Credo uses)
// and Sphereon's @sphereon/oid4vci-client (its OpenID4VCI 1.0 client). Each receives a Data Integrity and
// a VC-JWT membership, by value and by reference, with and without a transaction code; what it receives
// verifies with @tessera/verifier and with Digital Bazaar's vc (Data Integrity) or jose (VC-JWT), and its
// subject is the wallet's DID. The wallet libraries stamp proofs with the real time, so the service runs
// on the system clock here.
import { createHash, randomBytes } from 'node:crypto'
import { clientAuthenticationAnonymous, type JwtSigner, setGlobalConfig } from '@openid4vc/oauth2'
import { Openid4vciClient } from '@openid4vc/openid4vci'
import { OpenID4VCIClientV1_0_15 } from '@sphereon/oid4vci-client'
import type { Jwt } from '@sphereon/oid4vci-common'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import type { JWK } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { ConfigurationFormat } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'
import { digitalBazaarVerifies, joseVerifies } from './peer-verify.js'
import { makeWallet, type TestWallet } from './wallet.js'

let guild: Guild

test.before(async () => {
  // The service is on http://127.0.0.1: Animo's client takes only https unless told otherwise.
  setGlobalConfig({ allowInsecureUrls: true })
  guild = await startGuild({ start: 'system' })
})
test.after(async () => {
  await guild?.close()
})

/** Checks a received credential every way: Tessera's verifier, the peer library, the subject. */
async function assertReceived(
  credential: unknown,
  format: ConfigurationFormat,
  wallet: TestWallet,
): Promise<void> {
  const now = guild.clock()
  const result = await (await guild.verifier()).verifyCredential(credential as string | JsonObject, { now })
  assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
  const subject = result.credential?.credentialSubject
  assert.ok(isJsonObject(subject))
  assert.is(subject.id, wallet.did)
  if (format === 'ldp_vc') {
    assert.ok(isJsonObject(credential), 'an ldp_vc credential is a JSON object')
    const theirs = await digitalBazaarVerifies(credential)
    assert.ok(theirs.verified, JSON.stringify(theirs.error ?? theirs))
  } else {
    assert.type(credential, 'string')
    const payload = await joseVerifies(credential as string, now)
    assert.is(payload.sub, wallet.did)
  }
}

/** Animo's client, as Credo drives it: resolve the offer, read the metadata, token, nonce, proof, credential, notify. */
async function animoTakes(link: string, wallet: TestWallet, txCode?: string): Promise<unknown[]> {
  const client = new Openid4vciClient({
    callbacks: {
      fetch,
      hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      generateRandom: (bytes) => randomBytes(bytes),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (_signer: JwtSigner, { header, payload }) => ({
        jwt: await wallet.sign(header, payload),
        signerJwk: wallet.publicJwk as never,
      }),
    },
  })
  const credentialOffer = await client.resolveCredentialOffer(link)
  const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer)
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer,
    issuerMetadata,
    ...(txCode === undefined ? {} : { txCode }),
  })
  const received: unknown[] = []
  for (const credentialConfigurationId of credentialOffer.credential_configuration_ids) {
    const { c_nonce } = await client.requestNonce({ issuerMetadata })
    const signer: JwtSigner =
      'kid' in wallet.keyHeader
        ? { method: 'did', didUrl: wallet.keyHeader.kid as string, alg: wallet.alg }
        : { method: 'jwk', publicJwk: wallet.publicJwk as never, alg: wallet.alg }
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      signer,
      nonce: c_nonce,
      credentialConfigurationId,
    })
    const { credentialResponse } = await client.retrieveCredentials({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      credentialConfigurationId,
      proofs: { jwt: [jwt] },
    })
    for (const entry of credentialResponse.credentials ?? [])
      received.push(isJsonObject(entry) && 'credential' in entry ? entry.credential : entry)
    await client.sendNotification({
      issuerMetadata,
      accessToken: accessTokenResponse.access_token,
      notification: {
        notificationId: credentialResponse.notification_id as string,
        event: 'credential_accepted',
      },
    })
  }
  return received
}

/** Sphereon's OpenID4VCI 1.0 client: from the URI, access token (with the PIN), then each offered credential. */
async function sphereonTakes(link: string, wallet: TestWallet, txCode?: string): Promise<unknown[]> {
  // Its metadata client warns on stdout that a server without an authorization endpoint only does the
  // pre-authorized code flow: true, and said once here.
  const warn = console.warn
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('has no authorization_endpoint')) warn(...args)
  }
  try {
    return await sphereonFlow(link, wallet, txCode)
  } finally {
    console.warn = warn
  }
}

async function sphereonFlow(link: string, wallet: TestWallet, txCode?: string): Promise<unknown[]> {
  const kid = wallet.keyHeader.kid as string | undefined
  const client = await OpenID4VCIClientV1_0_15.fromURI({
    uri: link,
    ...(kid === undefined ? {} : { kid }),
    alg: wallet.alg,
    retrieveServerMetadata: true,
  })
  await client.acquireAccessToken(txCode === undefined ? {} : { pin: txCode })
  const received: unknown[] = []
  for (const credentialConfigurationId of client.getCredentialOfferConfigurationIds()) {
    const response = await client.acquireCredentials({
      credentialConfigurationId,
      format: credentialConfigurationId.endsWith('_ldp_vc') ? 'ldp_vc' : 'jwt_vc_json',
      jwk: kid === undefined ? (wallet.publicJwk as JWK) : undefined,
      alg: wallet.alg,
      proofCallbacks: {
        signCallback: async (args: Jwt) =>
          wallet.sign(args.header as Record<string, unknown>, args.payload as Record<string, unknown>),
      },
    })
    const credentials = (response as { credentials?: { credential: unknown }[] }).credentials ?? []
    for (const { credential } of credentials) received.push(credential)
  }
  return received
}

const LIBRARIES = { animo: animoTakes, sphereon: sphereonTakes }

const CASES: {
  library: keyof typeof LIBRARIES
  format: ConfigurationFormat
  binding: 'did:key' | 'did:jwk' | 'jwk'
  alg: 'EdDSA' | 'ES256'
  byReference: boolean
  txCode: boolean
}[] = [
  { library: 'animo', format: 'ldp_vc', binding: 'did:key', alg: 'EdDSA', byReference: false, txCode: false },
  {
    library: 'animo',
    format: 'jwt_vc_json',
    binding: 'did:jwk',
    alg: 'ES256',
    byReference: true,
    txCode: true,
  },
  {
    library: 'animo',
    format: 'jwt_vc_json',
    binding: 'jwk',
    alg: 'EdDSA',
    byReference: false,
    txCode: false,
  },
  {
    library: 'sphereon',
    format: 'ldp_vc',
    binding: 'did:key',
    alg: 'ES256',
    byReference: true,
    txCode: true,
  },
  {
    library: 'sphereon',
    format: 'jwt_vc_json',
    binding: 'did:key',
    alg: 'EdDSA',
    byReference: false,
    txCode: false,
  },
  {
    library: 'sphereon',
    format: 'jwt_vc_json',
    binding: 'did:jwk',
    alg: 'ES256',
    byReference: false,
    txCode: false,
  },
]

for (const c of CASES) {
  const how = `${c.binding} ${c.alg}, offer by ${c.byReference ? 'reference' : 'value'}${c.txCode ? ', with a transaction code' : ''}`
  test(`${c.library} takes a ${c.format} membership (${how}); it verifies and is bound to the wallet's DID`, async () => {
    const member = `M-${c.library}-${c.format}-${c.binding}-${c.alg}`
    await guild.issueMembership(member)
    const offer = await guild.opened.service.createOffer({
      member,
      formats: [c.format],
      byReference: c.byReference,
      txCode: c.txCode,
    })
    const wallet = await makeWallet(c.binding, c.alg)
    const received = await LIBRARIES[c.library](offer.link, wallet, offer.txCode)
    assert.is(received.length, 1)
    await assertReceived(received[0], c.format, wallet)
    const { items } = (await guild.opened.store.offer(offer.offerId)) ?? { items: [] }
    assert.is(items[0]?.state, 'issued')
    assert.is(items[0]?.holder, wallet.did)
    if (c.library === 'animo') assert.is(items[0]?.event, 'credential_accepted')
  })
}

test('animo takes an offer of two achievements, each once', async () => {
  const member = 'M-animo-two'
  await guild.issueMembership(member)
  await guild.issueMembership(member, {
    achievementId: 'https://guild.example/achievements/committee',
    name: 'Committee member',
  })
  const offer = await guild.opened.service.createOffer({ member, formats: ['jwt_vc_json'] })
  assert.is(offer.credentials.length, 2)
  const wallet = await makeWallet('did:key', 'EdDSA')
  const received = await animoTakes(offer.link, wallet)
  assert.is(received.length, 2)
  for (const credential of received) await assertReceived(credential, 'jwt_vc_json', wallet)
})

test('sphereon takes an offer of two achievements, reusing one nonce for both', async () => {
  const member = 'M-sphereon-two'
  await guild.issueMembership(member)
  await guild.issueMembership(member, {
    achievementId: 'https://guild.example/achievements/committee',
    name: 'Committee member',
  })
  const offer = await guild.opened.service.createOffer({ member, formats: ['ldp_vc'] })
  const wallet = await makeWallet('did:key', 'EdDSA')
  const received = await sphereonTakes(offer.link, wallet)
  assert.is(received.length, 2)
  for (const credential of received) await assertReceived(credential, 'ldp_vc', wallet)
})

test.run()
