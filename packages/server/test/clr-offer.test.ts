// A member's CLR 2.0 offered to a wallet (Animo's @openid4vc/openid4vci, as Credo drives it): offered only
// when asked for (`achievement: 'clr'`), as ldp_vc and jwt_vc_json under type ClrCredential; the wallet
// receives a CLR bound to its DID that still gathers the member's credentials, verified by
// @tessera/verifier (Digital Bazaar's vc verifies a Tessera CLR in the issuer's tests); revoking the
// member's CLR revokes the wallet's copies.
import { createHash, randomBytes } from 'node:crypto'
import { clientAuthenticationAnonymous, type JwtSigner, setGlobalConfig } from '@openid4vc/oauth2'
import { Openid4vciClient } from '@openid4vc/openid4vci'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { validateClr } from '@tessera/schema/clr'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Guild, startGuild } from './guild.js'
import { makeWallet, type TestWallet } from './wallet.js'

let guild: Guild

test.before(async () => {
  setGlobalConfig({ allowInsecureUrls: true })
  guild = await startGuild({ start: 'system' })
})
test.after(async () => {
  await guild?.close()
})

/** Animo's client: offer, metadata, token, then each offered credential with a nonce and a key proof. */
async function animoTakes(
  link: string,
  wallet: TestWallet,
): Promise<{ received: unknown[]; metadata: JsonObject }> {
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
  })
  const received: unknown[] = []
  for (const credentialConfigurationId of credentialOffer.credential_configuration_ids) {
    const { c_nonce } = await client.requestNonce({ issuerMetadata })
    const { jwt } = await client.createCredentialRequestJwtProof({
      issuerMetadata,
      signer: { method: 'did', didUrl: wallet.keyHeader.kid as string, alg: wallet.alg },
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
  }
  const configurations = issuerMetadata.credentialIssuer.credential_configurations_supported
  return { received, metadata: configurations as unknown as JsonObject }
}

test("a member's CLR, offered when asked for, taken by Animo's client: a CLR bound to the wallet's DID", async () => {
  const member = 'M-clr'
  await guild.issueMembership(member, { format: 'data-integrity' })
  await guild.issueMembership(member, {
    achievementId: 'https://guild.example/achievements/committee',
    name: 'Committee member',
  })
  const issuer = guild.opened.issuer.issuer
  const clr = await issuer.issueClr(member)
  assert.is(clr.gathered.length, 2)

  // an offer of the member's credentials leaves the CLR out; `clr` offers it alone
  const everything = await guild.opened.service.createOffer({ member, formats: ['jwt_vc_json'] })
  assert.is(everything.credentials.length, 2)
  const offer = await guild.opened.service.createOffer({
    member,
    achievement: 'clr',
    formats: ['ldp_vc', 'jwt_vc_json'],
  })
  assert.equal(
    offer.credentials.map((c) => [c.credentialId, c.achievementId, c.name]),
    ['ldp_vc', 'jwt_vc_json'].map(() => [clr.credentialId, 'ClrCredential', 'Comprehensive Learner Record']),
  )
  assert.ok(
    offer.credentials.every((c) =>
      /^clrcredential-[0-9a-f]{8}_(ldp_vc|jwt_vc_json)$/.test(c.configurationId),
    ),
  )

  const wallet = await makeWallet('did:key', 'EdDSA')
  const { received, metadata } = await animoTakes(offer.link, wallet)
  const configuration = metadata[offer.credentials[0]?.configurationId as string] as JsonObject
  assert.equal((configuration.credential_definition as JsonObject).type, [
    'VerifiableCredential',
    'ClrCredential',
  ])
  assert.is(received.length, 2)
  const verifier = await guild.verifier()
  for (const credential of received) {
    const result = await verifier.verifyCredential(credential as string | JsonObject, { now: guild.clock() })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
    assert.ok(validateClr(result.credential).valid)
    const subject = result.credential?.credentialSubject as JsonObject
    assert.is(subject.id, wallet.did)
    assert.is(result.embedded?.length, 2)
  }
  assert.ok(isJsonObject(received[0]), 'ldp_vc: a JSON object with its Data Integrity proof')
  assert.type(received[1], 'string')

  // the wallet's copies follow the member's CLR: revoking it revokes them
  const revoked = await issuer.revoke(clr.credentialId)
  assert.is(revoked.length, 3)
  const after = await guild.verifier()
  const copy = await after.verifyCredential(received[1] as string, { now: guild.clock() })
  assert.is(copy.checks.find((c) => c.id === 'status')?.code, 'REVOKED')
})

test.run()
