// A wallet taking a member's offer end to end (token, nonce, credential), for tests about what happens
// after: the admin API's cascade to copies, webhooks, the benchmark's check of a flow.
import type { JsonObject } from '@tessera/schema'
import * as assert from 'uvu/assert'
import type { Guild } from './guild.js'
import { codeOf, makeWallet, postForm, postJson, seconds } from './wallet.js'

/** Redeems `credentialOffer` with a fresh did:key wallet; returns the credential's ledger id and the holder's DID. */
export async function takeOffer(
  guild: Guild,
  credentialOffer: Record<string, unknown>,
): Promise<{ credentialId: string; holder: string; accessToken: string; notificationId: string }> {
  const token = await postForm(`${guild.base}/token`, {
    grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
    'pre-authorized_code': codeOf(credentialOffer),
  })
  assert.is(token.status, 200, token.text)
  const accessToken = token.body.access_token as string
  const [detail] = token.body.authorization_details as JsonObject[]
  const identifier = ((detail?.credential_identifiers ?? []) as string[])[0] as string
  const nonce = await postJson(`${guild.base}/nonce`, '')
  const wallet = await makeWallet('did:key', 'EdDSA')
  const proof = await wallet.proof({
    aud: guild.base,
    nonce: nonce.body.c_nonce as string,
    iat: seconds(guild.clock()),
  })
  const response = await postJson(
    `${guild.base}/credential`,
    { credential_identifier: identifier, proofs: { jwt: [proof] } },
    accessToken,
  )
  assert.is(response.status, 200, response.text)
  // The copy in the ledger: the one bound to this wallet's DID.
  let copy: { credentialId: string } | undefined
  for await (const row of guild.opened.issuer.store.rows({ state: 'active' }))
    if (row.copyOf !== undefined && row.credential?.includes(wallet.did) === true) copy = row
  assert.ok(copy, 'the copy is in the ledger')
  return {
    credentialId: copy.credentialId,
    holder: wallet.did,
    accessToken,
    notificationId: response.body.notification_id as string,
  }
}
