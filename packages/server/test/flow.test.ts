// The whole pre-authorized code flow against the service on 127.0.0.1, by a bare wallet: an offer for a
// member, the metadata, the token, a nonce, the credential bound to the wallet's key, the notification. The
// credential is the member's, with the wallet's DID as subject; it verifies; it is in the ledger against the
// member with its own status index, and revoking it shows in the status list.
import type { LedgerRow } from '@tessera/issuer'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type Guild, startGuild } from './guild.js'
import { assertFlowAnswerHeaders } from './spec-checks.js'
import { type Binding, codeOf, getJson, makeWallet, postForm, postJson, seconds } from './wallet.js'

let guild: Guild

test.before(async () => {
  guild = await startGuild()
})
test.after(async () => {
  await guild?.close()
})

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

async function redeem(credentialOffer: Record<string, unknown>, extra: Record<string, string> = {}) {
  return postForm(`${guild.base}/token`, {
    grant_type: PRE_AUTHORIZED,
    'pre-authorized_code': codeOf(credentialOffer),
    ...extra,
  })
}

async function nonce(): Promise<string> {
  const { status, body, headers } = await postJson(`${guild.base}/nonce`, '')
  assert.is(status, 200)
  assert.is(headers.get('cache-control'), 'no-store')
  return body.c_nonce as string
}

for (const [binding, alg, format] of [
  ['did:key', 'EdDSA', 'ldp_vc'],
  ['did:jwk', 'ES256', 'jwt_vc_json'],
  ['jwk', 'EdDSA', 'jwt_vc_json'],
  ['did:key', 'ES256', 'ldp_vc'],
] as const) {
  test(`${binding} ${alg} wallet takes a ${format} membership: bound to its DID, verified, in the ledger`, async () => {
    const member = `M-${binding}-${alg}-${format}`
    const original = await guild.issueMembership(member)
    const offer = await guild.opened.service.createOffer({ member, formats: [format] })
    assert.ok(offer.link.startsWith('openid-credential-offer://?credential_offer='))
    const fromLink = JSON.parse(decodeURIComponent(offer.link.split('credential_offer=')[1] as string))
    assert.equal(fromLink, offer.credentialOffer)
    assert.is(offer.credentials.length, 1)
    assert.is(offer.credentials[0]?.credentialId, original.credentialId)

    const metadata = await getJson(`${guild.base}/.well-known/openid-credential-issuer`)
    assert.is(metadata.status, 200)
    assert.is(metadata.body.credential_issuer, guild.base)
    const configurationId = offer.credentialOffer.credential_configuration_ids as string[]
    const configurations = metadata.body.credential_configurations_supported as Record<string, JsonObject>
    assert.is(configurations[configurationId[0] as string]?.format, format)
    const as = await getJson(`${guild.base}/.well-known/oauth-authorization-server`)
    assert.is(as.body.token_endpoint, `${guild.base}/token`)

    const token = await redeem(offer.credentialOffer)
    assert.is(token.status, 200, token.text)
    assert.is(token.headers.get('cache-control'), 'no-store')
    assert.is(token.body.token_type, 'Bearer')
    const [detail] = token.body.authorization_details as JsonObject[]
    assert.is(detail?.credential_configuration_id, configurationId[0])
    const identifier = ((detail?.credential_identifiers ?? []) as string[])[0] as string

    const wallet = await makeWallet(binding as Binding, alg)
    const proof = await wallet.proof({ aud: guild.base, nonce: await nonce(), iat: seconds(guild.clock()) })
    const response = await postJson(
      `${guild.base}/credential`,
      { credential_identifier: identifier, proofs: { jwt: [proof] } },
      token.body.access_token as string,
    )
    assert.is(response.status, 200, response.text)
    for (const answer of [token, response]) assertFlowAnswerHeaders(answer)
    const [{ credential } = { credential: undefined }] = response.body.credentials as {
      credential: unknown
    }[]
    const result = await (await guild.verifier()).verifyCredential(credential as string | JsonObject, {
      now: guild.clock(),
    })
    assert.ok(result.verified, JSON.stringify(result.checks.filter((c) => !c.ok)))
    assert.is(result.format, format === 'ldp_vc' ? 'json' : 'jwt')
    const subject = result.credential?.credentialSubject
    assert.ok(isJsonObject(subject))
    assert.is(subject.id, wallet.did)

    // In the ledger against the member, with an index of its own.
    const rows: LedgerRow[] = []
    for await (const row of guild.opened.issuer.store.rows({ recipient: member })) rows.push(row)
    assert.is(rows.length, 2)
    const copy = rows.find((r) => r.credentialId !== original.credentialId) as LedgerRow
    assert.is(copy.credentialId, result.credential?.id)
    assert.is(copy.state, 'active')
    const store = guild.opened.issuer.store
    const [own] = await store.entriesOf(copy.credentialId)
    const [theirs] = await store.entriesOf(original.credentialId)
    assert.ok(own !== undefined && theirs !== undefined)
    assert.ok(own.url !== theirs.url || own.index !== theirs.index)

    // The wallet tells what it did with it; the service records it beside the credential.
    const notified = await postJson(
      `${guild.base}/notification`,
      { notification_id: response.body.notification_id, event: 'credential_accepted' },
      token.body.access_token as string,
    )
    assert.is(notified.status, 204, notified.text)
    const { items } = (await guild.opened.store.offer(offer.offerId)) ?? { items: [] }
    assert.is(items[0]?.state, 'issued')
    assert.is(items[0]?.holder, wallet.did)
    assert.is(items[0]?.credentialId, copy.credentialId)
    assert.is(items[0]?.event, 'credential_accepted')

    // Revocable like any other credential.
    await guild.opened.issuer.issuer.revoke(copy.credentialId)
    const after = await (await guild.verifier()).verifyCredential(credential as string | JsonObject, {
      now: guild.clock(),
    })
    assert.not.ok(after.verified)
    assert.ok(
      after.checks.some((c) => !c.ok && c.id === 'status'),
      JSON.stringify(after.checks),
    )
  })
}

for (const status of ['bitstring', 'statuslist2021'] as const) {
  test(`a wallet's copy of a ${status} original with a suspension entry gets entries of the same kinds, its own`, async () => {
    const member = `M-copy-${status}`
    const original = await guild.issueMembership(member, { suspension: true, status })
    const offer = await guild.opened.service.createOffer({ member, formats: ['jwt_vc_json'] })
    const token = await redeem(offer.credentialOffer)
    assert.is(token.status, 200, token.text)
    const [detail] = token.body.authorization_details as JsonObject[]
    const wallet = await makeWallet('did:jwk', 'ES256')
    const proof = await wallet.proof({ aud: guild.base, nonce: await nonce(), iat: seconds(guild.clock()) })
    const response = await postJson(
      `${guild.base}/credential`,
      {
        credential_identifier: ((detail?.credential_identifiers ?? []) as string[])[0],
        proofs: { jwt: [proof] },
      },
      token.body.access_token as string,
    )
    assert.is(response.status, 200, response.text)
    const store = guild.opened.issuer.store
    const copy = (await store.rowByKey(
      `oid4vci:${(await guild.opened.store.offer(offer.offerId))?.items[0]?.id}`,
    )) as LedgerRow
    assert.is(copy.copyOf, original.credentialId)
    const kinds = async (id: string) =>
      Promise.all(
        (await store.entriesOf(id)).map(async (e) => `${(await store.getList(e.url))?.type} ${e.purpose}`),
      )
    const own = await kinds(copy.credentialId)
    assert.equal(own, await kinds(original.credentialId))
    assert.equal(own, [
      `${status === 'bitstring' ? 'BitstringStatusList' : 'StatusList2021'} revocation`,
      `${status === 'bitstring' ? 'BitstringStatusList' : 'StatusList2021'} suspension`,
    ])
    // Suspending the original suspends the copy.
    await guild.opened.issuer.issuer.suspend(original.credentialId)
    assert.is((await store.row(copy.credentialId))?.state, 'suspended')
  })
}

test.run()
