// Who issued it, attacked: names that pose as a trusted issuer or reverse the text around them,
// identifiers that look like a trusted domain, credentials that name a trusted issuer without its
// signature, and registries that are hostile, huge, slow, private or not JSON. Each case asserts what
// the trust result (and the words shown for it) say, or the code of the refusal.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { displayText, type JsonObject } from '@tessera/schema'
import { badge, didKeyIssuer, didWebIssuer } from '@tessera/testkit/signing'
import {
  claimedNameStatement,
  type IssuerTrust,
  issuerStatement,
  statementText,
  type TrustPolicy,
  Verifier,
} from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { diIssuer, edIssuer, NOW, signedBadge, signedJwt } from './fixtures.js'
import { type Case, codeOf, expectFailure, family } from './harness.js'

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/

/** A badge of a did:web issuer of its own key, with the DID document the verifier is handed. */
async function webBadge(did: string, extra: JsonObject = {}) {
  const { issuer, document } = await didWebIssuer(did)
  return { credential: await issuer.sign(badge(did, extra)), documents: new Map([[did, document]]) }
}

// Built once, outside the cases' time guard (making them is not what is measured).
const HUGE_REGISTRY: Record<string, object> = {}
for (let i = 0; i <= 100_000; i++) HUGE_REGISTRY[`did:web:i${i}.example`] = {}
const HUGE_LIST = Array.from({ length: 200_000 }, (_, i) => `d${i}.example`)

const GUILD_POLICY: TrustPolicy = {
  domains: [{ domain: 'guild.example', name: 'Guild of Bookbinders' }],
  issuers: ['did:web:bookbinders.example'],
}

async function trustOf(
  credential: JsonObject | string,
  options: { trust?: TrustPolicy; documents?: Map<string, unknown>; fetch?: object } = {},
): Promise<IssuerTrust> {
  const verifier = new Verifier({ offline: options.fetch === undefined, ...options })
  const result = await verifier.verifyCredential(credential, { now: NOW })
  assert.ok(result.trust, 'the result has a trust part')
  return result.trust
}

/** The statement as a page shows it (names and ids as text, nothing isolated). */
const said = (trust: IssuerTrust) => statementText(issuerStatement(trust), { isolate: false })

/** A server on 127.0.0.1 answering every request with `answer`. */
async function server(
  answer: (respond: (status: number, body: string | Buffer) => void) => void,
  timeoutMs: number,
) {
  let requests = 0
  const s: Server = createServer((_, response) => {
    requests++
    answer((status, body) => {
      response
        .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        .end(body)
    })
  })
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done))
  const host = `127.0.0.1:${(s.address() as AddressInfo).port}`
  return {
    url: `http://${host}/registry.json`,
    fetch: { allowHttp: true, allowedHosts: [host], timeoutMs },
    requests: () => requests,
    close: () => {
      s.closeAllConnections()
      return new Promise((done) => s.close(done))
    },
  }
}

/** A verification whose trust reads one registry served as `answer` says: its unchecked code. */
function registryCase(
  name: string,
  answer: (respond: (status: number, body: string | Buffer) => void) => void,
  code: string,
  timeoutMs = 1_500,
): Case {
  return {
    name,
    run: async () => {
      const s = await server(answer, timeoutMs)
      try {
        const trust = await trustOf(await signedBadge(), {
          fetch: s.fetch,
          trust: { registries: [{ name: 'Hostile', url: s.url }] },
        })
        assert.is(trust.known, false)
        assert.is(trust.code, 'REGISTRY_UNAVAILABLE')
        assert.is(trust.unchecked?.[0]?.code, code, trust.unchecked?.[0]?.message)
      } finally {
        await s.close()
      }
    },
  }
}

const cases: Case[] = [
  {
    name: 'a fresh did:key whose name quotes a trusted did:web and ends in U+202E',
    run: async () => {
      const stranger = await didKeyIssuer()
      const name = 'Guild of Independent Bookbinders (did:web:bookbinders.example)\u202E'
      const credential = await stranger.sign(
        badge(stranger.did, { issuer: { id: stranger.did, type: ['Profile'], name } }),
      )
      const trust = await trustOf(credential, { trust: GUILD_POLICY })
      assert.is(trust.known, false)
      assert.is(trust.code, 'ISSUER_NOT_TRUSTED')
      assert.is(trust.claimedName, name)
      assert.is(said(trust), `signed by ${stranger.did}; this issuer is not in your trusted list`)
      const claim = claimedNameStatement(trust)
      assert.ok(claim)
      assert.is(claim.removed, 1)
      assert.not.match(statementText(claim), /\u202E/)
      assert.is(
        claim.parts.find((p) => p.kind === 'name')?.text,
        'Guild of Independent Bookbinders (did:web:bookbinders.example)',
      )
    },
  },
  {
    name: 'a did:web on a subdomain of a trusted domain',
    run: async () => {
      const { credential, documents } = await webBadge('did:web:evil.guild.example')
      const trust = await trustOf(credential, { trust: GUILD_POLICY, documents })
      assert.is(trust.known, false)
      assert.is(trust.domain, 'evil.guild.example')
      assert.is(
        said(trust),
        'signed by did:web:evil.guild.example (evil.guild.example); this issuer is not in your trusted list',
      )
    },
  },
  {
    name: 'a did:web whose host ends with a trusted domain',
    run: async () => {
      const { credential, documents } = await webBadge('did:web:guild.example.evil.example')
      const trust = await trustOf(credential, { trust: GUILD_POLICY, documents })
      assert.is(trust.known, false)
      assert.is(trust.domain, 'guild.example.evil.example')
    },
  },
  {
    name: 'a did:web whose path spells a trusted domain',
    run: async () => {
      const { credential, documents } = await webBadge('did:web:evil.example:guild.example')
      const trust = await trustOf(credential, { trust: GUILD_POLICY, documents })
      assert.is(trust.known, false)
      assert.is(trust.domain, 'evil.example')
    },
  },
  {
    name: 'a did:web with a percent-encoded slash after a trusted domain',
    run: async () => {
      const { credential, documents } = await webBadge('did:web:guild.example%2Fevil')
      const trust = await trustOf(credential, { trust: GUILD_POLICY, documents })
      assert.is(trust.known, false)
      assert.is(trust.domain, undefined)
    },
  },
  {
    name: 'a did:web of a punycode look-alike of a trusted domain',
    run: async () => {
      // "guіld.example" with a Cyrillic і, as DID syntax must write it
      const { credential, documents } = await webBadge('did:web:xn--gld-tdd1k.example')
      const trust = await trustOf(credential, { trust: GUILD_POLICY, documents })
      assert.is(trust.known, false)
      assert.is(trust.domain, 'xn--gld-tdd1k.example')
    },
  },
  {
    name: 'a did:web of a trusted domain, written in capitals and with a path: the same host',
    run: async () => {
      const { credential, documents } = await webBadge('did:web:GUILD.example:members')
      const trust = await trustOf(credential, { trust: GUILD_POLICY, documents })
      assert.is(trust.known, true)
      assert.is(
        said(trust),
        'issued by Guild of Bookbinders (guild.example), a known issuer of your trusted list',
      )
    },
  },
  {
    name: 'a changed credential naming a trusted issuer',
    run: async () => {
      const { credential, documents } = await webBadge('did:web:guild.example')
      const changed = { ...credential, name: 'Grand Master' }
      const verifier = new Verifier({ offline: true, documents, trust: GUILD_POLICY })
      const result = await verifier.verifyCredential(changed, { now: NOW, requireTrustedIssuer: true })
      expectFailure(result, 'proof', 'PROOF_INVALID')
      expectFailure(result, 'trust', 'ISSUER_NOT_PROVEN')
      assert.is(result.trust?.known, false)
    },
  },
  {
    name: 'a credential naming a trusted issuer, signed by another key',
    run: async () => {
      const stranger = await didKeyIssuer()
      const credential = await stranger.sign(badge('did:web:bookbinders.example'))
      const verifier = new Verifier({ offline: true, trust: GUILD_POLICY })
      const result = await verifier.verifyCredential(credential, { now: NOW, requireTrustedIssuer: true })
      expectFailure(result, 'trust', 'ISSUER_NOT_PROVEN')
      assert.match(
        said(result.trust as IssuerTrust),
        /^claims to be from did:web:bookbinders\.example \(bookbinders\.example\), but/,
      )
    },
  },
  {
    name: 'a VC-JWT whose iss is a trusted issuer and whose credential names another',
    run: async () => {
      const issuer = await edIssuer()
      const { credential } = await signedJwt()
      const token = await issuer.signPayload({ ...credential, iss: 'did:web:bookbinders.example' })
      const verifier = new Verifier({
        offline: true,
        trust: { issuers: ['did:web:bookbinders.example', issuer.did] },
      })
      const result = await verifier.verifyCredential(token, { now: NOW, requireTrustedIssuer: true })
      expectFailure(result, 'issuer', 'CLAIM_MISMATCH')
      expectFailure(result, 'trust', 'ISSUER_NOT_PROVEN')
    },
  },
  {
    name: 'an issuer name in a language map, with an override inside',
    run: async () => {
      const stranger = await didKeyIssuer()
      const credential = await stranger.sign(
        badge(stranger.did, {
          issuer: {
            id: stranger.did,
            type: ['Profile'],
            name: [{ '@value': 'نقابة\u202E (did:web:guild.example)', '@language': 'ar' }],
          },
        }),
      )
      const trust = await trustOf(credential, { trust: GUILD_POLICY })
      const claim = claimedNameStatement(trust)
      assert.ok(claim)
      assert.is(claim.parts.find((p) => p.kind === 'name')?.text, 'نقابة (did:web:guild.example)')
      assert.match(statementText(claim), /\u2068نقابة \(did:web:guild\.example\)\u2069/)
    },
  },
  {
    name: 'an issuer name of a million characters',
    run: async () => {
      const stranger = await didKeyIssuer()
      const credential = await stranger.sign(
        badge(stranger.did, { issuer: { id: stranger.did, type: ['Profile'], name: 'G'.repeat(1_000_000) } }),
      )
      const claim = claimedNameStatement(await trustOf(credential))
      assert.is(claim?.parts.find((p) => p.kind === 'name')?.text.length, 120)
    },
  },
  {
    name: 'an issuer id carrying a right-to-left override',
    run: async () => {
      const { credential } = await signedJwt()
      const issuer = await edIssuer()
      const token = await issuer.signPayload({
        ...credential,
        issuer: `${issuer.did}\u202E`,
        iss: `${issuer.did}\u202E`,
      })
      const trust = await trustOf(token, { trust: { issuers: [issuer.did] } })
      assert.is(trust.known, false)
      assert.not.match(said(trust), BIDI)
      assert.match(statementText(issuerStatement(trust, { hidden: 'escape' })), /\\u202E/)
    },
  },
  {
    name: 'terminal escapes and invisible characters in an achievement name',
    run: () => {
      const shown = displayText('Master\u001b]0;pwned\u0007 Book\u200Bbinder\u{E0041}\u009b2J')
      assert.is(shown.text, 'Master]0;pwned Bookbinder2J')
      assert.is(shown.removed, 5)
    },
  },
  {
    name: 'a registry name with an override, read from a trusted file',
    run: async () => {
      const { did } = await diIssuer()
      const trust = await trustOf(await signedBadge(), {
        trust: {
          registries: [
            { name: 'Registry\u202E of Guilds', document: { registry: { [did]: { name: 'Guild\u2067' } } } },
          ],
        },
      })
      assert.is(trust.known, true)
      assert.is(said(trust), `issued by Guild (${did}), a known issuer of Registry of Guilds`)
    },
  },
  {
    name: 'a registry with __proto__ and constructor keys, given as data',
    run: async () => {
      const document = JSON.parse('{"registry":{"__proto__":{"name":"x"},"constructor":{"name":"y"}}}')
      assert.is(
        await codeOf(() => new Verifier({ trust: { registries: [{ name: 'P', document }] } })),
        'REGISTRY_INVALID',
      )
      assert.is(({} as { name?: unknown }).name, undefined)
    },
  },
  {
    name: 'a registry of 100,001 entries, given as data',
    run: async () => {
      const registry = HUGE_REGISTRY
      assert.is(
        await codeOf(
          () => new Verifier({ trust: { registries: [{ name: 'Huge', document: { registry } }] } }),
        ),
        'REGISTRY_TOO_LARGE',
      )
    },
  },
  {
    name: 'a plain list of 200,000 domains, given as data',
    run: async () => {
      const list = HUGE_LIST
      assert.is(
        await codeOf(() => new Verifier({ trust: { registries: [{ name: 'Huge', document: list }] } })),
        'REGISTRY_TOO_LARGE',
      )
    },
  },
  {
    name: 'a registry URL at the metadata address',
    run: async () => {
      let asked = 0
      const fetch = async () => {
        asked++
        return new Response('{}')
      }
      const trust = await trustOf(await signedBadge(), {
        fetch: { fetch },
        trust: { registries: [{ name: 'Metadata', url: 'https://169.254.169.254/registry.json' }] },
      })
      assert.is(trust.unchecked?.[0]?.code, 'URL_NOT_ALLOWED')
      assert.is(asked, 0)
    },
  },
  {
    name: 'a registry URL over plain http',
    run: async () => {
      const trust = await trustOf(await signedBadge(), {
        fetch: { fetch: async () => new Response('{}') },
        trust: { registries: [{ name: 'Plain', url: 'http://registry.example/registry.json' }] },
      })
      assert.is(trust.unchecked?.[0]?.code, 'URL_NOT_ALLOWED')
    },
  },
  registryCase(
    'a registry that answers 8 MiB',
    (respond) => respond(200, Buffer.alloc(8 * 1024 * 1024, 32)),
    'FETCH_TOO_LARGE',
  ),
  registryCase('a registry that never answers', () => undefined, 'FETCH_TIMEOUT', 300),
  registryCase(
    'a registry that is not JSON',
    (respond) => respond(200, '<html>registry</html>'),
    'MALFORMED_JSON',
  ),
  registryCase(
    'a registry that is not UTF-8',
    (respond) => respond(200, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    'INVALID_UTF8',
  ),
  registryCase(
    'a registry 10,000 arrays deep',
    (respond) => respond(200, `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    'JSON_TOO_DEEP',
  ),
  registryCase(
    'a registry with a __proto__ key',
    (respond) => respond(200, '{"registry":{"__proto__":{"name":"x"}}}'),
    'UNSAFE_KEY',
  ),
  registryCase('a registry answering 404', (respond) => respond(404, 'not found'), 'FETCH_HTTP_STATUS'),
  registryCase(
    'a registry whose entries are not objects',
    (respond) => respond(200, '{"registry":{"did:web:guild.example":"Guild"}}'),
    'REGISTRY_INVALID',
  ),
]

family('adversarial: who issued it', cases)
