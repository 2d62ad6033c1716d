// The trust policy: who issued a credential, by lists the verifier chose (trusted DIDs, did:web domains,
// DCC issuer registries, plain lists); registries read from data, from `documents`, or through the
// guarded fetch from a server on 127.0.0.1; what the result and the display say in each case.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { thrownCode } from '@tessera/testkit'
import { badge, didKeyIssuer, didWebIssuer } from '@tessera/testkit/signing'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  claimedNameStatement,
  combineTrustPolicies,
  issuerDomain,
  issuerStatement,
  normaliseDomain,
  readTrustPolicy,
  readTrustRegistry,
  statementText,
  type TrustPolicy,
  Verifier,
} from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')

const world = (async () => {
  const guild = await didKeyIssuer()
  const stranger = await didKeyIssuer()
  const web = await didWebIssuer('did:web:guild.example:members')
  const sub = await didWebIssuer('did:web:evil.guild.example')
  return {
    guild,
    stranger,
    guildBadge: await guild.sign(badge(guild.did)),
    strangerBadge: await stranger.sign(badge(stranger.did)),
    webBadge: await web.issuer.sign(badge(web.issuer.did)),
    subBadge: await sub.issuer.sign(badge(sub.issuer.did)),
    documents: new Map<string, unknown>([
      [web.issuer.did, web.document],
      [sub.issuer.did, sub.document],
    ]),
  }
})()

async function trustOf(policy: TrustPolicy | undefined, credential: 'guild' | 'stranger' | 'web' | 'sub') {
  const w = await world
  const verifier = new Verifier({
    offline: true,
    documents: w.documents,
    ...(policy === undefined ? {} : { trust: policy }),
  })
  const result = await verifier.verifyCredential(w[`${credential}Badge`], { now: NOW })
  assert.is(result.verified, true, JSON.stringify(result.checks))
  return result.trust
}

test('domains: a host as the URL parser writes it (lower case, punycode, no default port), or nothing', () => {
  assert.is(normaliseDomain('Guild.Example'), 'guild.example')
  assert.is(normaliseDomain('guild.example.'), 'guild.example')
  assert.is(normaliseDomain('guild.example:443'), 'guild.example')
  assert.is(normaliseDomain('guild.example:8443'), 'guild.example:8443')
  assert.is(normaliseDomain('bücher.example'), 'xn--bcher-kva.example')
  for (const bad of [
    '',
    'guild.example/x',
    'a b',
    'user@guild.example',
    'guild.example?x',
    'https://guild.example',
  ])
    assert.is(normaliseDomain(bad), undefined, bad)
})

test('the domain an issuer id is bound to: a did:web host, an https issuer URL host; none for did:key', () => {
  assert.is(issuerDomain('did:web:guild.example'), 'guild.example')
  assert.is(issuerDomain('did:web:guild.example:members:ada'), 'guild.example')
  assert.is(issuerDomain('did:web:guild.example%3A8443'), 'guild.example:8443')
  assert.is(issuerDomain('did:web:GUILD.example'), 'guild.example')
  assert.is(issuerDomain('https://guild.example/issuers/1'), 'guild.example')
  assert.is(issuerDomain('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'), undefined)
  // a percent-encoded slash is not a host; nor is anything outside DID syntax
  assert.is(issuerDomain('did:web:guild.example%2Fevil'), undefined)
  assert.is(issuerDomain('did:web:guild.example\u202E'), undefined)
  assert.is(issuerDomain('http://guild.example/'), undefined)
})

test('the DCC issuer registry format and plain lists are read; anything else is REGISTRY_INVALID', () => {
  const dcc = readTrustRegistry(
    {
      meta: { created: '2022-10-27T17:57:31+00:00' },
      registry: {
        'did:web:digitalcredentials.github.io:dcc-did-web': {
          name: 'DCC did:web test',
          location: 'Cambridge, MA, USA',
          url: 'https://digitalcredentials.mit.edu',
        },
        'did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W': { name: '(Example) My University' },
      },
    },
    { name: 'DCC Sandbox Registry' },
  )
  assert.is(dcc.issuers.size, 2)
  assert.equal(dcc.issuers.get('did:web:digitalcredentials.github.io:dcc-did-web'), {
    name: 'DCC did:web test',
    url: 'https://digitalcredentials.mit.edu',
    location: 'Cambridge, MA, USA',
  })
  const plain = readTrustRegistry(
    [
      'did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W',
      'Guild.Example',
      { domain: 'b.example', name: 'B' },
    ],
    { name: 'mine' },
  )
  assert.equal([...plain.issuers.keys()], ['did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W'])
  assert.equal(
    [...plain.domains.entries()],
    [
      ['guild.example', {}],
      ['b.example', { name: 'B' }],
    ],
  )
  const named = readTrustRegistry(
    { issuers: [{ id: 'https://guild.example/issuer', name: 'G' }], domains: ['c.example'] },
    { name: 'n' },
  )
  assert.is(named.issuers.get('https://guild.example/issuer')?.name, 'G')
  assert.ok(named.domains.has('c.example'))
  for (const bad of [
    {},
    'did:key:z6Mk',
    { registry: [] },
    { registry: { 'not a DID': { name: 'x' } } },
    { registry: { 'did:key:z6Mk': 'a name' } },
    { registry: { 'did:key:z6Mk': { name: 42 } } },
    ['http://guild.example/issuer'],
    ['guild.example/path'],
    [{ name: 'neither' }],
    [{ id: 'did:key:z6Mk', domain: 'both.example' }],
    { issuers: 'did:key:z6Mk' },
  ]) {
    assert.is(
      thrownCode(() => readTrustRegistry(bad, { name: 'bad' })),
      'REGISTRY_INVALID',
      JSON.stringify(bad),
    )
  }
})

test('no policy: known is false with NO_TRUST_POLICY, the self-asserted name kept apart', async () => {
  const { guild } = await world
  const trust = await trustOf(undefined, 'guild')
  assert.equal(trust, {
    issuer: guild.did,
    claimedName: 'Guild of Bookbinders',
    known: false,
    code: 'NO_TRUST_POLICY',
    message: `${guild.did} signed it; no trusted issuers or registries were given to check it against`,
  })
})

test('a trusted DID: known, on the named list, under the list’s name for it (not the credential’s)', async () => {
  const { guild } = await world
  const trust = await trustOf({ name: 'Members', issuers: [{ id: guild.did, name: 'The Guild' }] }, 'guild')
  assert.is(trust?.known, true)
  assert.is(trust?.registry, 'Members')
  assert.is(trust?.name, 'The Guild')
  assert.is(trust?.claimedName, 'Guild of Bookbinders')
  const unnamed = await trustOf({ issuers: [guild.did] }, 'guild')
  assert.is(unnamed?.registry, 'your trusted list')
  assert.is(unnamed?.name, undefined)
  const other = await trustOf({ issuers: [guild.did] }, 'stranger')
  assert.is(other?.known, false)
  assert.is(other?.code, 'ISSUER_NOT_TRUSTED')
})

test('a trusted domain: every did:web at that host, paths included; never a subdomain', async () => {
  const trust = await trustOf({ domains: [{ domain: 'Guild.Example', name: 'Guild' }] }, 'web')
  assert.is(trust?.known, true)
  assert.is(trust?.domain, 'guild.example')
  assert.is(trust?.name, 'Guild')
  const sub = await trustOf({ domains: ['guild.example'] }, 'sub')
  assert.is(sub?.known, false)
  assert.is(sub?.domain, 'evil.guild.example')
})

test('registries in order: the first that lists the issuer names it; given as data or from documents', async () => {
  const { guild } = await world
  const url = 'https://registry.example/registry.json'
  const policy: TrustPolicy = {
    registries: [
      {
        name: 'First',
        document: { registry: { 'did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W': {} } },
      },
      { name: 'Second', url },
      { name: 'Third', document: [guild.did] },
    ],
  }
  const w = await world
  const verifier = new Verifier({
    offline: true,
    trust: policy,
    documents: new Map([[url, { registry: { [guild.did]: { name: 'Guild (second)' } } }]]),
  })
  const result = await verifier.verifyCredential(w.guildBadge, { now: NOW })
  assert.is(result.trust?.registry, 'Second')
  assert.is(result.trust?.name, 'Guild (second)')
})

test('an unreadable registry: REGISTRY_UNAVAILABLE and the registry unchecked, unless another list names the issuer', async () => {
  const { guild } = await world
  const policy: TrustPolicy = {
    registries: [
      { name: 'Offline', url: 'https://registry.example/gone.json' },
      {
        name: 'Federation',
        type: 'oidf',
        trustAnchorEC: 'https://registry.example/.well-known/openid-federation',
      },
      { name: 'Future', type: 'did-registry-2030', url: 'https://registry.example/2030' },
    ],
  }
  const trust = await trustOf(policy, 'guild')
  assert.is(trust?.known, false)
  assert.is(trust?.code, 'REGISTRY_UNAVAILABLE')
  assert.equal(
    trust?.unchecked?.map((u) => [u.name, u.code]),
    [
      ['Offline', 'OFFLINE'],
      ['Federation', 'OFFLINE'],
      ['Future', 'REGISTRY_TYPE_UNSUPPORTED'],
    ],
  )
  const listed = await trustOf({ ...policy, issuers: [guild.did] }, 'guild')
  assert.is(listed?.known, true)
  assert.is(listed?.unchecked, undefined, 'the own list answered first: nothing else was read')
})

test('requireTrustedIssuer: a trust check, failing with the reason; nothing else changes', async () => {
  const w = await world
  const verifier = new Verifier({ offline: true, trust: { issuers: [w.guild.did] } })
  const known = await verifier.verifyCredential(w.guildBadge, { now: NOW, requireTrustedIssuer: true })
  assert.is(known.verified, true)
  assert.equal(
    known.checks.map((c) => c.id),
    ['parse', 'context', 'type', 'schema', 'proof', 'issuer', 'trust', 'validity', 'status'],
  )
  const unknown = await verifier.verifyCredential(w.strangerBadge, { now: NOW, requireTrustedIssuer: true })
  assert.is(unknown.verified, false)
  assert.equal(
    unknown.checks.filter((c) => !c.ok).map((c) => c.code),
    ['ISSUER_NOT_TRUSTED'],
  )
  const notAsked = await verifier.verifyCredential(w.strangerBadge, { now: NOW })
  assert.is(notAsked.verified, true)
  assert.not.ok(notAsked.checks.some((c) => c.id === 'trust'))
})

test('a changed credential naming a trusted issuer is not "known": ISSUER_NOT_PROVEN, no list asked', async () => {
  const w = await world
  const tampered = structuredClone(w.guildBadge)
  tampered.name = 'Grand Master'
  const verifier = new Verifier({
    offline: true,
    trust: { registries: [{ name: 'R', url: 'https://r.example/x' }] },
  })
  const result = await verifier.verifyCredential(tampered, { now: NOW, requireTrustedIssuer: true })
  assert.is(result.trust?.known, false)
  assert.is(result.trust?.code, 'ISSUER_NOT_PROVEN')
  assert.is(result.trust?.unchecked, undefined)
  assert.equal(
    result.checks.filter((c) => !c.ok).map((c) => `${c.id}:${c.code}`),
    ['proof:PROOF_INVALID', 'trust:ISSUER_NOT_PROVEN'],
  )
})

/** A registry server on 127.0.0.1 that counts requests and answers as `answer` says. */
async function registryServer(answer: (count: number) => { status: number; body: string }) {
  let count = 0
  const server: Server = createServer((_, response) => {
    const { status, body } = answer(++count)
    response.writeHead(status, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `http://${host}/registry.json`,
    fetch: { allowHttp: true, allowedHosts: [host] },
    requests: () => count,
    close: () => new Promise((done) => server.close(done)),
  }
}

test('a registry at a URL is fetched through the guarded fetch once, kept; a failed read is tried again', async () => {
  const w = await world
  const body = JSON.stringify({ registry: { [w.guild.did]: { name: 'Guild of Bookbinders' } } })
  const server = await registryServer((n) =>
    n === 1 ? { status: 503, body: 'busy' } : { status: 200, body },
  )
  try {
    const verifier = new Verifier({
      fetch: server.fetch,
      trust: { registries: [{ name: 'Local', url: server.url }] },
    })
    const first = await verifier.verifyCredential(w.guildBadge, { now: NOW })
    assert.is(first.trust?.code, 'REGISTRY_UNAVAILABLE')
    assert.is(first.trust?.unchecked?.[0]?.code, 'FETCH_HTTP_STATUS')
    for (let i = 0; i < 3; i++) {
      const again = await verifier.verifyCredential(w.guildBadge, { now: NOW })
      assert.is(again.trust?.known, true)
      assert.is(again.trust?.registry, 'Local')
    }
    assert.is(server.requests(), 2)
    // without allowHttp and the host named, the guard refuses it outright
    const guarded = new Verifier({ trust: { registries: [{ name: 'Local', url: server.url }] } })
    const refused = await guarded.verifyCredential(w.guildBadge, { now: NOW })
    assert.is(refused.trust?.unchecked?.[0]?.code, 'URL_NOT_ALLOWED')
    assert.is(server.requests(), 2)
  } finally {
    await server.close()
  }
})

test('a broken list given as data fails at construction, with its code', () => {
  assert.is(
    thrownCode(() => new Verifier({ trust: { registries: [{ name: 'x', document: { registry: 3 } }] } })),
    'REGISTRY_INVALID',
  )
  assert.is(
    thrownCode(() => new Verifier({ trust: { issuers: ['guild example'] } })),
    'REGISTRY_INVALID',
  )
  assert.is(
    thrownCode(() => new Verifier({ trust: { registries: [{ name: '', url: 'https://r.example' }] } })),
    'TRUST_POLICY_INVALID',
  )
  assert.is(
    thrownCode(() => new Verifier({ trust: { registries: 'all' } as unknown as TrustPolicy })),
    'TRUST_POLICY_INVALID',
  )
})

test('readTrustPolicy reads a policy, the DCC known-registries list, a DCC registry and a plain list', () => {
  const known = [
    {
      name: 'DCC Sandbox Registry',
      type: 'dcc-legacy',
      url: 'https://digitalcredentials.github.io/sandbox-registry/registry.json',
    },
    {
      name: 'Test DCC Member Registry',
      type: 'oidf',
      trustAnchorEC: 'https://test.registry.dcconsortium.org/.well-known/openid-federation',
    },
  ]
  assert.equal(readTrustPolicy(known), { registries: known })
  const registry = { registry: { 'did:web:guild.example': { name: 'Guild' } } }
  assert.equal(readTrustPolicy(registry, { name: 'guild.json' }), {
    registries: [{ name: 'guild.json', document: registry }],
  })
  assert.equal(readTrustPolicy(['guild.example'], { name: 'list.json' }), {
    name: 'list.json',
    registries: [{ name: 'list.json', document: ['guild.example'] }],
  })
  assert.equal(readTrustPolicy({ domains: ['guild.example'] }, { name: 'p.json' }), {
    name: 'p.json',
    domains: ['guild.example'],
  })
  for (const bad of [null, 42, 'did:web:guild.example', { trusted: [] }])
    assert.is(
      thrownCode(() => readTrustPolicy(bad)),
      'TRUST_POLICY_INVALID',
      JSON.stringify(bad),
    )
  assert.is(
    thrownCode(() => readTrustPolicy(['not a domain!'])),
    'REGISTRY_INVALID',
  )
})

test('combined policies keep their order and their names', () => {
  assert.equal(
    combineTrustPolicies([
      { name: 'a.json', issuers: ['did:web:a.example'] },
      { registries: [{ name: 'R', url: 'https://r.example' }] },
    ]),
    {
      registries: [
        { name: 'a.json', document: { issuers: ['did:web:a.example'], domains: [] } },
        { name: 'R', url: 'https://r.example' },
      ],
    },
  )
})

test('the statements: issued by <name> (<domain or DID>), a known issuer of <list>; or signed by <DID>', () => {
  const did = 'did:web:guild.example'
  const text = (t: Parameters<typeof issuerStatement>[0]) => statementText(issuerStatement(t))
  assert.is(
    text({ issuer: did, domain: 'guild.example', known: true, registry: 'R', name: 'Guild', message: '' }),
    'issued by \u2068Guild\u2069 (guild.example), a known issuer of \u2068R\u2069',
  )
  assert.is(
    text({ issuer: 'did:key:z6Mk', known: true, registry: 'R', message: '' }),
    'issued by did:key:z6Mk, a known issuer of \u2068R\u2069',
  )
  assert.is(
    text({ issuer: did, domain: 'guild.example', known: false, code: 'ISSUER_NOT_TRUSTED', message: '' }),
    'signed by did:web:guild.example (guild.example); this issuer is not in your trusted list',
  )
  assert.is(
    text({
      issuer: did,
      known: false,
      code: 'REGISTRY_UNAVAILABLE',
      unchecked: [{ name: 'R\u202E', code: 'FETCH_TIMEOUT', message: '' }],
      message: '',
    }),
    'signed by did:web:guild.example; this issuer is not in your trusted list (\u2068R\u2069 could not be read)',
  )
  assert.is(
    text({ issuer: did, known: false, code: 'ISSUER_NOT_PROVEN', message: '' }),
    'claims to be from did:web:guild.example, but is not shown to be signed with its key',
  )
  const claim = claimedNameStatement({
    issuer: did,
    known: false,
    claimedName: 'Guild (did:web:other.example)\u202E',
    message: '',
  })
  assert.is(claim?.removed, 1)
  assert.is(
    statementText(claim as NonNullable<typeof claim>, { isolate: false }),
    'calls itself “Guild (did:web:other.example)” (what the credential says of itself: nobody checked it)',
  )
  assert.is(
    statementText(
      claimedNameStatement(
        { issuer: did, known: false, claimedName: 'A\u202EB', message: '' },
        { hidden: 'escape' },
      ) as NonNullable<typeof claim>,
    ),
    'calls itself “\u2068A\\u202EB\u2069” (what the credential says of itself: nobody checked it)',
  )
  // a known issuer whose registry name is the credential's own: no claim to show
  assert.is(
    claimedNameStatement({ issuer: did, known: true, name: 'Guild', claimedName: 'Guild', message: '' }),
    undefined,
  )
})

test.run()
