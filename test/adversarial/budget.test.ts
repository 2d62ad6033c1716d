// A verification has a budget: credentials with thousands of endorsements, presentations with
// thousands of credentials, endorsements spread over hundreds of hosts or paths, DID documents whose
// entries each point elsewhere, hosts that accept and never answer. Each case asserts the limit's code
// (and the `budget` check) and what the network saw; a deadline shows as DEADLINE_EXCEEDED (the
// deadlines here are 300 ms), and the guard's hang limit catches a case that never ends. Most cases answer through an injected fetch that counts requests (no
// socket at all); the hung hosts are real: a TCP server on 127.0.0.1 that accepts and never answers,
// reached through the verifier's own Node transport with an injected lookup.

import type { AddressInfo } from 'node:net'
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net'
import type { JsonObject } from '@tessera/schema'
import {
  type GuardedFetchOptions,
  type HostLookup,
  type VerificationBudget,
  type VerificationResult,
  Verifier,
} from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { badge, edIssuer, type JwtIssuer, jwtPayload, NOW, statusEntry } from './fixtures.js'
import { b64, type Case, codeOf, expectFailure, family } from './harness.js'

const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
let issuer: JwtIssuer
let hangServer: TcpServer
let hangPort = 0
const hung: Socket[] = []
/** The finding's credential: a signed badge with 12,000 endorsementJwt entries at 12,000 hosts (made in setup). */
let twelveThousand = ''

/** A network made of one function: counts requests, and at most how many were in flight at once. */
interface Network {
  fetch: typeof fetch
  requests: string[]
  maxInFlight: number
}

type Answer = Response | 'hang' | Promise<Response>

function network(answer: (url: URL) => Answer): Network {
  let inFlight = 0
  const net: Network = {
    requests: [],
    maxInFlight: 0,
    fetch: async (input) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      net.requests.push(url.href)
      inFlight++
      net.maxInFlight = Math.max(net.maxInFlight, inFlight)
      try {
        const answered = answer(url)
        // a fetch that ignores its signal and never settles: the guard must still end
        if (answered === 'hang') return await new Promise<Response>(() => undefined)
        return await answered
      } finally {
        inFlight--
      }
    },
  }
  return net
}

const notFound = () => new Response('', { status: 404 })
const json = (value: unknown) =>
  new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } })

function verifierOn(net: Network, budget: VerificationBudget = {}): Verifier {
  return new Verifier({ fetch: { fetch: net.fetch, timeoutMs: 1_000 }, budget })
}

/** Every *.attacker.example name resolves to 127.0.0.1 (allowed here with allowLoopback): the hung server. */
const toHangServer: HostLookup = async () => [{ address: '127.0.0.1', family: 4 }]

function hangingVerifier(budget: VerificationBudget = {}): Verifier {
  const fetchOptions: GuardedFetchOptions = { lookup: toHangServer, allowLoopback: true, timeoutMs: 5_000 }
  return new Verifier({ fetch: fetchOptions, budget: { deadlineMs: 300, ...budget } })
}

/** An unsigned VC-JWT whose key is `kid`: verifying it fetches the document `kid` names. */
function tokenWithKid(kid: string, credential: JsonObject = badge(kid.split('#')[0] as string)): string {
  return `${b64({ alg: 'EdDSA', kid })}.${b64(jwtPayload(credential))}.c2ln`
}

/** An EndorsementCredential of `by`, unsigned. */
function endorsement(by: string, extra: JsonObject = {}): JsonObject {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Endorsement',
    issuer: { id: by, type: ['Profile'] },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://guild.example', type: ['EndorsementSubject'] },
    ...extra,
  }
}

/** An endorsement token whose issuer is the did:web `did`: verifying it fetches that DID's document. */
const endorsementAt = (did: string): string => tokenWithKid(`${did}#key-1`, endorsement(did))

/** A signed badge of the did:jwk issuer carrying `endorsementJwt`. */
const endorsed = (tokens: string[], extra: JsonObject = {}) =>
  issuer.signCredential(badge(issuer.did, { endorsementJwt: tokens, ...extra }))

const signedEndorsement = (extra: JsonObject = {}) => issuer.signCredential(endorsement(issuer.did, extra))

function codeOfCheck(result: VerificationResult, id: string): string | undefined {
  return result.checks.find((c) => c.id === id)?.code
}

function hasNoBudgetLine(result: { checks: { id: string }[] }): void {
  assert.not.ok(
    result.checks.some((c) => c.id === 'budget'),
    'no limit was reached',
  )
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

/** An unsigned presentation of `holder`. */
const presentationOf = (holder: string, credentials: unknown[]): JsonObject => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiablePresentation'],
  holder,
  verifiableCredential: credentials as JsonObject[],
})

/**
 * The finding's shape: a VC-JWT of did:web:victim.example carrying a stranger's key in its header, the
 * victim's DID document listing 2,000 keys at `keyUrl(i)`, every other document missing.
 */
async function embeddedJwkAgainst(keyUrl: (i: number) => string) {
  const stranger = await edIssuer()
  const did = 'did:web:victim.example'
  const document = { id: did, assertionMethod: range(2_000).map(keyUrl) }
  const net = network((url) => (url.hostname === 'victim.example' ? json(document) : notFound()))
  const token = `${b64({ alg: 'EdDSA', jwk: stranger.publicJwk })}.${b64(jwtPayload(badge(did)))}.c2ln`
  return { net, result: await verifierOn(net).verifyCredential(token, { now: NOW }) }
}

const cases: Case[] = [
  // endorsements
  {
    name: '12,000 endorsementJwt entries (the finding): TOO_MANY_ENDORSEMENTS, nothing fetched',
    run: async () => {
      const net = network(notFound)
      const result = await verifierOn(net).verifyCredential(twelveThousand, { now: NOW })
      expectFailure(result, 'endorsements', 'TOO_MANY_ENDORSEMENTS')
      expectFailure(result, 'budget', 'TOO_MANY_ENDORSEMENTS')
      assert.is(result.endorsements, undefined, 'none was verified')
      assert.equal(net.requests, [])
    },
  },
  {
    name: 'as many endorsements as the budget allows: each verified',
    run: async () => {
      const tokens = await Promise.all(range(3).map(() => signedEndorsement()))
      const result = await verifierOn(network(notFound), { maxEndorsements: 3 }).verifyCredential(
        await endorsed(tokens),
        { now: NOW },
      )
      assert.ok(result.verified, JSON.stringify(result.checks))
      assert.is(result.endorsements?.length, 3)
      hasNoBudgetLine(result)
    },
  },
  {
    name: 'one endorsement more than the budget allows: none verified',
    run: async () => {
      const tokens = await Promise.all(range(4).map(() => signedEndorsement()))
      const result = await verifierOn(network(notFound), { maxEndorsements: 3 }).verifyCredential(
        await endorsed(tokens),
        { now: NOW },
      )
      expectFailure(result, 'endorsements', 'TOO_MANY_ENDORSEMENTS')
    },
  },
  {
    name: 'endorsements of endorsements count against the same budget',
    run: async () => {
      const inner = await Promise.all(range(4).map(() => signedEndorsement()))
      const outer = await Promise.all([
        signedEndorsement({ endorsementJwt: inner.slice(0, 2) }),
        signedEndorsement({ endorsementJwt: inner.slice(2) }),
      ])
      const result = await verifierOn(network(notFound), { maxEndorsements: 5 }).verifyCredential(
        await endorsed(outer),
        { now: NOW },
      )
      expectFailure(result, 'endorsements', 'ENDORSEMENT_INVALID')
      expectFailure(result, 'budget', 'TOO_MANY_ENDORSEMENTS')
      const refused = (result.endorsements ?? []).filter(
        (e) => codeOfCheck(e, 'endorsements') === 'TOO_MANY_ENDORSEMENTS',
      )
      assert.is(refused.length, 1, 'the second pair of inner endorsements is over 5')
    },
  },
  // presentations
  {
    name: 'a presentation of 5,000 credentials (the finding): TOO_MANY_CREDENTIALS, none verified',
    run: async () => {
      const token = await issuer.signCredential(badge(issuer.did))
      const presentation = presentationOf(
        issuer.did,
        range(5_000).map(() => token),
      )
      const result = await verifierOn(network(notFound)).verifyPresentation(presentation, { now: NOW })
      const check = result.checks.find((c) => c.id === 'credentials')
      assert.is(check?.code, 'TOO_MANY_CREDENTIALS')
      assert.is(result.checks.find((c) => c.id === 'budget')?.code, 'TOO_MANY_CREDENTIALS')
      assert.equal(result.credentials, [])
      assert.not.ok(result.verified)
    },
  },
  {
    name: 'a presentation of as many credentials as the budget allows: each verified',
    run: async () => {
      const token = await issuer.signCredential(badge(issuer.did))
      const presentation = presentationOf(issuer.did, [token, token])
      const result = await verifierOn(network(notFound), { maxCredentials: 2 }).verifyPresentation(
        presentation,
        { now: NOW },
      )
      assert.ok(result.checks.find((c) => c.id === 'credentials')?.ok)
      assert.is(result.credentials.length, 2)
      hasNoBudgetLine(result)
    },
  },
  // hosts and fetches
  {
    name: 'endorsements at 200 hosts: TOO_MANY_HOSTS, at most 16 hosts asked',
    run: async () => {
      const net = network(notFound)
      const tokens = range(200).map((i) => endorsementAt(`did:web:e${i}.attacker.example`))
      const result = await verifierOn(net, { maxEndorsements: 500 }).verifyCredential(
        await endorsed(tokens),
        {
          now: NOW,
        },
      )
      expectFailure(result, 'budget', 'TOO_MANY_HOSTS')
      assert.is(new Set(net.requests.map((u) => new URL(u).hostname)).size, 16)
      assert.ok(
        result.endorsements?.some((e) => codeOfCheck(e, 'proof') === 'TOO_MANY_HOSTS'),
        'the endorsements past the limit say why',
      )
    },
  },
  {
    name: 'endorsements at 100 paths of one host: TOO_MANY_FETCHES, 48 requests',
    run: async () => {
      const net = network(notFound)
      const tokens = range(100).map((i) => endorsementAt(`did:web:attacker.example:u${i}`))
      const result = await verifierOn(net, { maxEndorsements: 500 }).verifyCredential(
        await endorsed(tokens),
        {
          now: NOW,
        },
      )
      expectFailure(result, 'budget', 'TOO_MANY_FETCHES')
      assert.is(net.requests.length, 48)
    },
  },
  {
    name: 'as many fetches as the budget allows: no limit reached',
    run: async () => {
      const net = network(notFound)
      const tokens = range(3).map((i) => endorsementAt(`did:web:attacker.example:u${i}`))
      const result = await verifierOn(net, { maxFetches: 3 }).verifyCredential(await endorsed(tokens), {
        now: NOW,
      })
      hasNoBudgetLine(result)
      assert.is(net.requests.length, 3)
      assert.is(codeOfCheck(result.endorsements?.[0] as VerificationResult, 'proof'), 'CANNOT_DEREFERENCE')
    },
  },
  {
    name: 'no fetch at all allowed (maxFetches 0): a did:web issuer is TOO_MANY_FETCHES, unasked',
    run: async () => {
      const net = network(notFound)
      const result = await verifierOn(net, { maxFetches: 0 }).verifyCredential(
        tokenWithKid('did:web:guild.example#key-1'),
        { now: NOW },
      )
      expectFailure(result, 'proof', 'TOO_MANY_FETCHES')
      assert.equal(net.requests, [])
    },
  },
  {
    name: 'each redirect hop is a fetch',
    run: async () => {
      const net = network((url) =>
        url.pathname === '/d/did.json'
          ? notFound()
          : new Response('', {
              status: 302,
              headers: { location: `/${String.fromCharCode(url.pathname.charCodeAt(1) + 1)}/did.json` },
            }),
      )
      const result = await verifierOn(net, { maxFetches: 2 }).verifyCredential(
        tokenWithKid('did:web:attacker.example:a#key-1'),
        { now: NOW },
      )
      expectFailure(result, 'budget', 'TOO_MANY_FETCHES')
      assert.is(net.requests.length, 2)
    },
  },
  {
    name: 'each host a redirect reaches counts',
    run: async () => {
      const hops = ['a', 'b', 'c', 'd']
      const net = network((url) => {
        const next = hops[hops.indexOf(url.hostname.split('.')[0] as string) + 1]
        return next === undefined
          ? notFound()
          : new Response('', { status: 302, headers: { location: `https://${next}.attacker.example/x` } })
      })
      const result = await verifierOn(net, { maxHosts: 2 }).verifyCredential(
        tokenWithKid('did:web:a.attacker.example#key-1'),
        { now: NOW },
      )
      expectFailure(result, 'budget', 'TOO_MANY_HOSTS')
      assert.is(net.requests.length, 2)
    },
  },
  // a failed lookup is remembered
  {
    name: 'an embedded jwk and a DID document of 2,000 entries at one failing URL (the finding): 2 requests',
    run: async () => {
      const { net, result } = await embeddedJwkAgainst((i) => `https://keys.attacker.example/k#${i}`)
      expectFailure(result, 'issuer', 'JWK_NOT_BOUND_TO_ISSUER')
      assert.equal(net.requests, [
        'https://victim.example/.well-known/did.json',
        'https://keys.attacker.example/k',
      ])
      hasNoBudgetLine(result)
    },
  },
  {
    name: 'an embedded jwk and a DID document of 2,000 entries at 2,000 URLs: TOO_MANY_FETCHES, 48 requests',
    run: async () => {
      const { net, result } = await embeddedJwkAgainst((i) => `https://keys.attacker.example/k${i}#1`)
      expectFailure(result, 'budget', 'TOO_MANY_FETCHES')
      assert.is(net.requests.length, 48)
    },
  },
  {
    name: 'an issuer whose DID document fails, endorsing itself 10 times: 1 request',
    run: async () => {
      const net = network(() => new Response('', { status: 500 }))
      const did = 'did:web:flaky.example'
      const token = tokenWithKid(
        `${did}#key-1`,
        badge(did, { endorsementJwt: range(10).map(() => endorsementAt(did)) }),
      )
      const result = await verifierOn(net).verifyCredential(token, { now: NOW })
      expectFailure(result, 'proof', 'CANNOT_DEREFERENCE')
      assert.equal(net.requests, ['https://flaky.example/.well-known/did.json'])
    },
  },
  {
    name: 'one failing status list named by 50 entries and 3 endorsements: 1 request',
    run: async () => {
      const net = network(notFound)
      const url = 'https://status.attacker.example/1'
      const entries = range(50).map((i) => statusEntry(String(i), url))
      const tokens = await Promise.all(
        range(3).map(() => signedEndorsement({ credentialStatus: statusEntry('1', url) })),
      )
      const result = await verifierOn(net).verifyCredential(
        await endorsed(tokens, { credentialStatus: entries }),
        {
          now: NOW,
        },
      )
      expectFailure(result, 'status', 'STATUS_RETRIEVAL_ERROR')
      assert.equal(net.requests, [url])
    },
  },
  {
    name: 'what failed in one verification is asked again in the next',
    run: async () => {
      let up = false
      const net = network(() => (up ? json({ id: 'did:web:later.example' }) : notFound()))
      const verifier = verifierOn(net)
      const token = tokenWithKid('did:web:later.example#key-1')
      expectFailure(await verifier.verifyCredential(token, { now: NOW }), 'proof', 'CANNOT_DEREFERENCE')
      up = true
      expectFailure(await verifier.verifyCredential(token, { now: NOW }), 'proof', 'KEY_NOT_FOUND')
      assert.is(net.requests.length, 2)
    },
  },
  // the deadline
  {
    name: '6 endorsements at a host that accepts and never answers (the finding): DEADLINE_EXCEEDED at 300 ms',
    run: async () => {
      const tokens = range(6).map((i) => endorsementAt(`did:web:h${i}.attacker.example%3A${hangPort}`))
      const result = await hangingVerifier().verifyCredential(await endorsed(tokens), { now: NOW })
      expectFailure(result, 'budget', 'DEADLINE_EXCEEDED')
      expectFailure(result, 'endorsements', 'ENDORSEMENT_INVALID')
      for (const e of result.endorsements ?? []) assert.is(codeOfCheck(e, 'proof'), 'DEADLINE_EXCEEDED')
    },
  },
  {
    name: 'an issuer at a host that never answers: DEADLINE_EXCEEDED, the other checks still reported',
    run: async () => {
      const did = `did:web:slow.attacker.example%3A${hangPort}`
      const result = await hangingVerifier().verifyCredential(tokenWithKid(`${did}#key-1`), { now: NOW })
      expectFailure(result, 'proof', 'DEADLINE_EXCEEDED')
      expectFailure(result, 'budget', 'DEADLINE_EXCEEDED')
      assert.ok(result.checks.find((c) => c.id === 'validity')?.ok)
    },
  },
  {
    name: 'a status list at a host that never answers: STATUS_RETRIEVAL_ERROR, and the deadline said',
    run: async () => {
      const token = await issuer.signCredential(
        badge(issuer.did, {
          credentialStatus: statusEntry('3', `https://list.attacker.example:${hangPort}/1`),
        }),
      )
      const result = await hangingVerifier().verifyCredential(token, { now: NOW })
      const status = expectFailure(result, 'status', 'STATUS_RETRIEVAL_ERROR')
      assert.match(status.message, /deadline of 300 ms/)
      expectFailure(result, 'budget', 'DEADLINE_EXCEEDED')
      assert.ok(result.checks.find((c) => c.id === 'proof')?.ok, 'the signature was checked all the same')
    },
  },
  {
    name: 'a fetch that ignores its abort signal still ends at the deadline',
    run: async () => {
      const net = network(() => 'hang')
      const result = await verifierOn(net, { deadlineMs: 300 }).verifyCredential(
        tokenWithKid('did:web:deaf.attacker.example#key-1'),
        { now: NOW },
      )
      expectFailure(result, 'proof', 'DEADLINE_EXCEEDED')
      assert.is(net.requests.length, 1)
    },
  },
  {
    name: 'fetches waiting for a slot at the deadline end with it, unstarted',
    run: async () => {
      const net = network(() => 'hang')
      const tokens = range(6).map((i) => endorsementAt(`did:web:w${i}.attacker.example`))
      const result = await verifierOn(net, { deadlineMs: 300, maxParallelFetches: 1 }).verifyCredential(
        await endorsed(tokens),
        { now: NOW },
      )
      expectFailure(result, 'budget', 'DEADLINE_EXCEEDED')
      assert.is(net.requests.length, 1)
      for (const e of result.endorsements ?? []) assert.is(codeOfCheck(e, 'proof'), 'DEADLINE_EXCEEDED')
    },
  },
  {
    name: "a presentation whose holder's DID is at a host that never answers: DEADLINE_EXCEEDED",
    run: async () => {
      const holder = `did:web:holder.attacker.example%3A${hangPort}`
      const presentation = presentationOf(holder, [])
      const vp = `${b64({ alg: 'EdDSA', kid: `${holder}#key-1` })}.${b64({ iss: holder, vp: presentation })}.c2ln`
      const result = await hangingVerifier().verifyPresentation(vp)
      assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'DEADLINE_EXCEEDED')
      assert.is(result.checks.find((c) => c.id === 'budget')?.code, 'DEADLINE_EXCEEDED')
    },
  },
  {
    name: 'a status list credential whose issuer is at a host that never answers: DEADLINE_EXCEEDED',
    run: async () => {
      const did = `did:web:lists.attacker.example%3A${hangPort}`
      const result = await hangingVerifier().verifyStatusListCredential(tokenWithKid(`${did}#key-1`), {
        now: NOW,
      })
      expectFailure(result, 'budget', 'DEADLINE_EXCEEDED')
    },
  },
  {
    name: 'a verification that needs no network is not cut short by a short deadline',
    run: async () => {
      const tokens = await Promise.all(range(3).map(() => signedEndorsement()))
      const credential = await endorsed(tokens)
      // The elapsed-time clock the deadline is read from (performance.now), held still while it verifies: a
      // few milliseconds of work, but a loaded machine can pause the process past 300 ms of wall clock.
      const realNow = performance.now
      const at = realNow.call(performance)
      performance.now = () => at
      try {
        const result = await verifierOn(network(notFound), { deadlineMs: 300 }).verifyCredential(credential, {
          now: NOW,
        })
        assert.ok(result.verified, JSON.stringify(result.checks))
        hasNoBudgetLine(result)
      } finally {
        performance.now = realNow
      }
    },
  },
  // fetches in parallel
  {
    name: 'endorsements are fetched in parallel, never more than maxParallelFetches at once',
    run: async () => {
      // each request is held until 3 are in flight: a limit of 1 or 2 would never fill it, 4 would show
      const held: (() => void)[] = []
      const net = network(
        () =>
          new Promise<Response>((resolve) => {
            held.push(() => resolve(notFound()))
            if (held.length === 3) for (const release of held.splice(0)) release()
          }),
      )
      const tokens = range(9).map((i) => endorsementAt(`did:web:p${i}.attacker.example`))
      const result = await verifierOn(net, { maxParallelFetches: 3 }).verifyCredential(
        await endorsed(tokens),
        {
          now: NOW,
        },
      )
      assert.is(net.requests.length, 9)
      assert.is(net.maxInFlight, 3)
      hasNoBudgetLine(result)
    },
  },
  // limits given wrong
  {
    name: 'budget limits that are no whole numbers, or too small, are INVALID_BUDGET',
    run: async () => {
      for (const budget of [
        { deadlineMs: 0 },
        { deadlineMs: Number.NaN },
        { maxFetches: -1 },
        { maxHosts: 1.5 },
        { maxParallelFetches: 0 },
        { maxEndorsements: Number.POSITIVE_INFINITY },
        { maxCredentials: '5' as unknown as number },
      ]) {
        assert.is(await codeOf(() => new Verifier({ budget })), 'INVALID_BUDGET', JSON.stringify(budget))
        assert.is(
          await codeOf(() => new Verifier().verifyCredential(badge(issuer.did), { budget })),
          'INVALID_BUDGET',
        )
      }
    },
  },
]

family('adversarial: the verification budget', cases, {
  setup: async () => {
    issuer = await edIssuer()
    // the smallest token that would make a verifier fetch its issuer's DID document, 12,000 times
    twelveThousand = await endorsed(
      range(12_000).map((i) => {
        const did = `did:web:e${i}.attacker.example`
        return `${b64({ alg: 'EdDSA', kid: `${did}#k` })}.${b64({ iss: did })}.c2ln`
      }),
    )
    // accepts, reads, never answers: what a TLS client sees as a handshake that never ends
    hangServer = createTcpServer((socket) => {
      socket.resume()
      hung.push(socket)
    })
    await new Promise<void>((resolve) => hangServer.listen(0, '127.0.0.1', resolve))
    hangPort = (hangServer.address() as AddressInfo).port
  },
  teardown: async () => {
    for (const socket of hung) socket.destroy()
    await new Promise<void>((resolve) => hangServer.close(() => resolve()))
  },
})
