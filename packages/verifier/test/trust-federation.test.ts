// OpenID Federation trust anchors as registries (the DCC's `oidf` registries): the anchor's entity
// configuration and each subordinate statement checked (type, algorithm, the anchor's key, iss/sub,
// exp at the verification's time), 404 read as "not listed", answers kept until they expire. The
// anchor is an injected fetch here: nothing reaches the network.
import type { JsonObject } from '@tessera/schema'
import { errorCodeOf } from '@tessera/schema'
import { badge, didKeyIssuer } from '@tessera/testkit/signing'
import { CompactSign, exportJWK, generateKeyPair } from 'jose'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Verifier } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const SECONDS = NOW.getTime() / 1000
const ANCHOR = 'https://anchor.example'
const EC_URL = `${ANCHOR}/.well-known/openid-federation`

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid } }
}

type Key = Awaited<ReturnType<typeof key>>

async function statement(signer: Key, payload: JsonObject, header: JsonObject = {}): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: signer.kid, typ: 'entity-statement+jwt', ...header })
    .sign(signer.privateKey)
}

const world = (async () => {
  const anchorKey = await key('anchor-1')
  const otherKey = await key('anchor-1')
  const issuer = await didKeyIssuer()
  const configuration = (more: JsonObject = {}) =>
    statement(anchorKey, {
      iss: ANCHOR,
      sub: ANCHOR,
      iat: SECONDS - 60,
      exp: SECONDS + 86_400,
      jwks: { keys: [anchorKey.jwk] },
      metadata: {
        federation_entity: { organization_name: 'Test Anchor', federation_fetch_endpoint: `${ANCHOR}/fetch` },
      },
      ...more,
    })
  const about = (signer: Key, more: JsonObject = {}, header: JsonObject = {}) =>
    statement(
      signer,
      {
        iss: ANCHOR,
        sub: issuer.did,
        iat: SECONDS - 60,
        exp: SECONDS + 3_600,
        metadata: {
          federation_entity: {
            organization_name: 'Guild of Bookbinders',
            homepage_uri: 'https://guild.example',
          },
          institution_additional_information: { legal_name: 'The Guild of Bookbinders, Inc.' },
        },
        ...more,
      },
      header,
    )
  return {
    anchorKey,
    otherKey,
    issuer,
    credential: await issuer.sign(badge(issuer.did)),
    configuration,
    about,
  }
})()

/** A verifier whose fetch is the anchor: `answers` by path (`/fetch` gets the sub parameter's answer). */
function federation(
  answers: { configuration: string | number; fetch?: string | number },
  policy: { jwks?: unknown } = {},
) {
  const asked: string[] = []
  const fetch = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input))
    asked.push(`${url.pathname}${url.search}`)
    const answer = url.pathname === '/fetch' ? answers.fetch : answers.configuration
    return typeof answer === 'number'
      ? new Response('{"error":"not_found"}', { status: answer })
      : new Response(answer ?? '', { headers: { 'content-type': 'application/entity-statement+jwt' } })
  }
  const verifier = new Verifier({
    fetch: { fetch },
    trust: { registries: [{ name: 'DCC Member Registry', type: 'oidf', trustAnchorEC: EC_URL, ...policy }] },
  })
  return { verifier, asked }
}

test('an issuer the anchor lists: known, under the name its statement gives; both statements fetched once', async () => {
  const w = await world
  const { verifier, asked } = federation({
    configuration: await w.configuration(),
    fetch: await w.about(w.anchorKey),
  })
  for (let i = 0; i < 2; i++) {
    const result = await verifier.verifyCredential(w.credential, { now: NOW, requireTrustedIssuer: true })
    assert.is(result.verified, true, JSON.stringify(result.checks))
    assert.is(result.trust?.known, true)
    assert.is(result.trust?.registry, 'DCC Member Registry')
    assert.is(result.trust?.name, 'Guild of Bookbinders')
    assert.is(result.trust?.url, 'https://guild.example')
  }
  assert.equal(asked, ['/.well-known/openid-federation', `/fetch?sub=${encodeURIComponent(w.issuer.did)}`])
})

test('404 from the fetch endpoint: not listed (ISSUER_NOT_TRUSTED), and believed for a while', async () => {
  const w = await world
  const { verifier, asked } = federation({ configuration: await w.configuration(), fetch: 404 })
  const result = await verifier.verifyCredential(w.credential, { now: NOW })
  assert.is(result.trust?.known, false)
  assert.is(result.trust?.code, 'ISSUER_NOT_TRUSTED')
  await verifier.verifyCredential(w.credential, { now: NOW })
  assert.is(asked.length, 2)
  // another status is no answer: the registry is unchecked
  const broken = federation({ configuration: await w.configuration(), fetch: 500 })
  const unchecked = await broken.verifier.verifyCredential(w.credential, { now: NOW })
  assert.is(unchecked.trust?.code, 'REGISTRY_UNAVAILABLE')
  assert.is(unchecked.trust?.unchecked?.[0]?.code, 'FETCH_HTTP_STATUS')
})

test('statements that do not hold leave the registry unchecked, with their code', async () => {
  const w = await world
  const cases: [string, { configuration: string | number; fetch?: string | number }, string][] = [
    [
      'a statement signed with another key of the same kid',
      { configuration: await w.configuration(), fetch: await w.about(w.otherKey) },
      'REGISTRY_SIGNATURE_INVALID',
    ],
    [
      'an expired statement',
      { configuration: await w.configuration(), fetch: await w.about(w.anchorKey, { exp: SECONDS - 3_600 }) },
      'REGISTRY_EXPIRED',
    ],
    [
      'a statement issued in the future',
      { configuration: await w.configuration(), fetch: await w.about(w.anchorKey, { iat: SECONDS + 3_600 }) },
      'REGISTRY_EXPIRED',
    ],
    [
      'a statement about another DID',
      {
        configuration: await w.configuration(),
        fetch: await w.about(w.anchorKey, { sub: 'did:web:other.example' }),
      },
      'REGISTRY_INVALID',
    ],
    [
      'a statement by another entity',
      {
        configuration: await w.configuration(),
        fetch: await w.about(w.anchorKey, { iss: 'https://other.example' }),
      },
      'REGISTRY_INVALID',
    ],
    [
      'a JWT that is not an entity statement',
      { configuration: await w.configuration(), fetch: await w.about(w.anchorKey, {}, { typ: 'JWT' }) },
      'REGISTRY_INVALID',
    ],
    [
      'a statement with a key the anchor does not have',
      { configuration: await w.configuration(), fetch: await w.about(w.anchorKey, {}, { kid: 'elsewhere' }) },
      'REGISTRY_SIGNATURE_INVALID',
    ],
    [
      'a configuration that is not self-issued',
      { configuration: await w.configuration({ iss: 'https://other.example' }) },
      'REGISTRY_INVALID',
    ],
    [
      'an expired configuration',
      { configuration: await w.configuration({ exp: SECONDS - 60 * 60 }) },
      'REGISTRY_EXPIRED',
    ],
    [
      'a configuration without a fetch endpoint',
      { configuration: await w.configuration({ metadata: {} }) },
      'REGISTRY_INVALID',
    ],
    [
      'a configuration that is not a JWT',
      { configuration: '{"sub":"https://anchor.example"}' },
      'REGISTRY_INVALID',
    ],
    [
      'an unsigned configuration',
      {
        configuration: `${Buffer.from('{"alg":"none","typ":"entity-statement+jwt","kid":"anchor-1"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`,
      },
      'REGISTRY_SIGNATURE_INVALID',
    ],
  ]
  for (const [name, answers, code] of cases) {
    const { verifier } = federation(answers)
    const result = await verifier.verifyCredential(w.credential, { now: NOW, requireTrustedIssuer: true })
    assert.is(result.trust?.known, false, name)
    assert.is(result.trust?.unchecked?.[0]?.code, code, `${name}: ${result.trust?.unchecked?.[0]?.message}`)
    assert.equal(
      result.checks.filter((c) => !c.ok).map((c) => c.code),
      ['REGISTRY_UNAVAILABLE'],
      name,
    )
  }
})

test('pinned keys: the configuration must be signed with one of them', async () => {
  const w = await world
  const answers = { configuration: await w.configuration(), fetch: await w.about(w.anchorKey) }
  const pinned = federation(answers, { jwks: { keys: [w.anchorKey.jwk] } })
  assert.is((await pinned.verifier.verifyCredential(w.credential, { now: NOW })).trust?.known, true)
  const other = federation(answers, { jwks: { keys: [{ ...w.otherKey.jwk }] } })
  const refused = await other.verifier.verifyCredential(w.credential, { now: NOW })
  assert.is(refused.trust?.unchecked?.[0]?.code, 'REGISTRY_SIGNATURE_INVALID')
  // no key Tessera can use: the registry is unchecked; not a JWK set at all: refused when the verifier is made
  const empty = federation(answers, { jwks: { keys: [] } })
  const none = await empty.verifier.verifyCredential(w.credential, { now: NOW })
  assert.is(none.trust?.unchecked?.[0]?.code, 'REGISTRY_INVALID')
  assert.is(
    (() => {
      try {
        federation(answers, { jwks: 'anchor-1' })
        return 'built'
      } catch (error) {
        return errorCodeOf(error)
      }
    })(),
    'TRUST_POLICY_INVALID',
  )
})

test('offline: the statements given as documents, by URL', async () => {
  const w = await world
  const verifier = new Verifier({
    offline: true,
    documents: new Map([
      [EC_URL, await w.configuration()],
      [`${ANCHOR}/fetch?sub=${encodeURIComponent(w.issuer.did)}`, await w.about(w.anchorKey)],
    ]),
    trust: { registries: [{ name: 'Members', type: 'oidf', trustAnchorEC: EC_URL }] },
  })
  const result = await verifier.verifyCredential(w.credential, { now: NOW })
  assert.is(result.trust?.known, true)
  assert.is(result.trust?.name, 'Guild of Bookbinders')
})

test.run()
