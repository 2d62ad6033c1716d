// Names that resolve to this machine or its network (localtest.me, a DNS server that answers with
// 127.0.0.1 or 169.254.169.254, or rebinds between two lookups), and port probing. These go through the
// verifier's own Node transport, not an injected fetch: the names are resolved by an injected lookup
// (no DNS query leaves the machine), and the only connections made are to servers on 127.0.0.1.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net'
import { createJsonFetcher, type GuardedFetchOptions, type HostLookup, Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { badge, edIssuer, type JwtIssuer, jwtPayload, NOW, statusEntry } from './fixtures.js'
import { b64, type Case, codeOf, expectFailure, family } from './harness.js'

let server: Server
let garbage: TcpServer
/** Ports: the HTTP server's, one that answers with garbage, and one that nothing listens on. */
let port = 0
let garbagePort = 0
let closedPort = 0
/** Requests the HTTP server received. */
let served = 0
let issuer: JwtIssuer

/** A lookup that answers from a table, and records what it was asked. */
function lookupOf(table: Record<string, string[]>): HostLookup & { asked: string[] } {
  const asked: string[] = []
  const lookup = async (hostname: string) => {
    asked.push(hostname)
    const answers = table[hostname]
    if (answers === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return Object.assign(lookup, { asked })
}

const options = (lookup: HostLookup, extra: GuardedFetchOptions = {}): GuardedFetchOptions => ({
  allowHttp: true,
  lookup,
  timeoutMs: 1_000,
  ...extra,
})

/** The error a fetch of `url` rejects with (a TesseraError), and that the server was not reached. */
async function refused(
  url: string,
  guard: GuardedFetchOptions,
  code: string,
  message: RegExp,
): Promise<void> {
  const before = served
  assert.is(await codeOf(() => createJsonFetcher(guard)(url)), code)
  try {
    await createJsonFetcher(guard)(url)
  } catch (error) {
    assert.match((error as Error).message, message)
  }
  assert.is(served, before, 'the server was reached')
}

const resolvesTo = (name: string, answers: string[], message: RegExp): Case => ({
  name: `a name resolving to ${answers.join(' and ')}`,
  run: () =>
    refused(`http://${name}:${port}/doc`, options(lookupOf({ [name]: answers })), 'URL_NOT_ALLOWED', message),
})

/** The message of a fetch's error, with the port numbers taken out. */
async function messageOf(url: string, guard: GuardedFetchOptions): Promise<string> {
  try {
    await createJsonFetcher(guard)(url)
  } catch (error) {
    return (error as Error).message.replace(/:\d+/g, ':PORT')
  }
  throw new Error(`${url} was fetched`)
}

const cases: Case[] = [
  {
    name: 'localtest.me, which public DNS answers with 127.0.0.1 (the finding)',
    run: () =>
      refused(
        `http://localtest.me:${port}/doc`,
        options(lookupOf({ 'localtest.me': ['127.0.0.1'] })),
        'URL_NOT_ALLOWED',
        /localtest\.me:\d+: it resolves to 127\.0\.0\.1 is loopback/,
      ),
  },
  resolvesTo('meta.attacker.example', ['169.254.169.254'], /link local/),
  resolvesTo('mixed.attacker.example', ['93.184.215.14', '10.0.0.1'], /10\.0\.0\.1 is private use/),
  resolvesTo('mixed6.attacker.example', ['2606:4700::1', 'fd00::1'], /unique local/),
  resolvesTo('mapped.attacker.example', ['::ffff:127.0.0.1'], /loopback.*IPv4-mapped/),
  resolvesTo('nat64.attacker.example', ['64:ff9b::a9fe:a9fe'], /link local.*NAT64/),
  resolvesTo('compat.attacker.example', ['::7f00:1'], /IPv4-compatible/),
  resolvesTo('sitelocal.attacker.example', ['fec0::1'], /site-local/),
  resolvesTo('oracle.attacker.example', ['192.0.0.192'], /IETF protocol assignments/),
  resolvesTo('zero.attacker.example', ['0.0.0.0'], /this network/),
  resolvesTo('junk.attacker.example', ['not-an-address'], /is no IP address/),
  {
    name: 'a name that does not resolve is FETCH_FAILED',
    run: () =>
      refused(
        `http://nowhere.example:${port}/doc`,
        options(lookupOf({})),
        'FETCH_FAILED',
        /does not resolve/,
      ),
  },
  {
    name: 'a name that resolves to nothing is FETCH_FAILED',
    run: () =>
      refused(
        `http://empty.example:${port}/doc`,
        options(lookupOf({ 'empty.example': [] })),
        'FETCH_FAILED',
        /does not resolve/,
      ),
  },
  {
    name: 'allowLoopback lets a name that resolves to 127.0.0.1 through, connected to the address checked',
    run: async () => {
      // the system resolver knows no docs.guild.example: the connection can only have used the lookup's answer
      const lookup = lookupOf({ 'docs.guild.example': ['127.0.0.1'] })
      const before = served
      const document = await createJsonFetcher(options(lookup, { allowLoopback: true }))(
        `http://docs.guild.example:${port}/doc`,
      )
      assert.equal(document, { id: 'x' })
      assert.equal(lookup.asked, ['docs.guild.example'], 'one lookup for one connection')
      assert.is(served, before + 1)
    },
  },
  {
    name: 'allowLoopback lets no other special-purpose address through',
    run: () =>
      refused(
        `http://docs.guild.example:${port}/doc`,
        options(lookupOf({ 'docs.guild.example': ['127.0.0.1', '10.0.0.1'] }), { allowLoopback: true }),
        'URL_NOT_ALLOWED',
        /10\.0\.0\.1 is private use/,
      ),
  },
  {
    name: 'a rebinding DNS server: each connection uses the answer it checked, the next answer is checked again',
    run: async () => {
      const answers = [['127.0.0.1'], ['169.254.169.254']]
      const asked: string[] = []
      const rebinding: HostLookup = async (hostname) => {
        asked.push(hostname)
        const next = answers.shift() ?? ['169.254.169.254']
        return next.map((address) => ({ address, family: 4 }))
      }
      const fetchJson = createJsonFetcher(options(rebinding, { allowLoopback: true }))
      const before = served
      assert.equal(await fetchJson(`http://rebind.attacker.example:${port}/doc`), { id: 'x' })
      assert.is(asked.length, 1, 'the connection did not resolve the name a second time')
      assert.is(
        await codeOf(() => fetchJson(`http://rebind.attacker.example:${port}/doc`)),
        'URL_NOT_ALLOWED',
      )
      assert.is(served, before + 1, 'the rebound answer was never connected to')
    },
  },
  {
    name: 'allowedHosts names an intranet host whatever it resolves to',
    run: async () => {
      const lookup = lookupOf({ 'intranet.guild.example': ['127.0.0.1'] })
      const guard = options(lookup, { allowedHosts: [`intranet.guild.example:${port}`] })
      assert.equal(await createJsonFetcher(guard)(`http://intranet.guild.example:${port}/doc`), { id: 'x' })
    },
  },
  {
    name: 'did:web:vm%3APORT is refused the same way whether the port is open or closed',
    run: async () => {
      const verifier = new Verifier({ fetch: options(lookupOf({})) })
      const before = served
      const messages = await Promise.all(
        [port, closedPort].map(async (p) => {
          const did = `did:web:vm%3A${p}`
          const token = `${b64({ alg: 'EdDSA', kid: `${did}#key-1` })}.${b64(jwtPayload(badge(did)))}.c2ln`
          const check = expectFailure(
            await verifier.verifyCredential(token, { now: NOW }),
            'proof',
            'CANNOT_DEREFERENCE',
          )
          return check.message.replace(/(%3A|:)\d+/g, ':PORT')
        }),
      )
      assert.is(messages[0], messages[1])
      assert.match(messages[0] as string, /name without a dot/)
      assert.is(served, before)
    },
  },
  {
    name: 'a closed port and a port that answers garbage fail with one message',
    run: async () => {
      const guard = options(lookupOf({}), { allowLoopback: true })
      const closed = await messageOf(`http://127.0.0.1:${closedPort}/doc`, guard)
      const answering = await messageOf(`http://127.0.0.1:${garbagePort}/doc`, guard)
      assert.is(closed, answering)
      assert.match(closed, /could not be fetched \(no connection, or no answer\)$/)
    },
  },
  {
    name: 'a status list at a name that resolves to 127.0.0.1, through the verifier',
    run: async () => {
      const before = served
      const lookup = lookupOf({ 'status.attacker.example': ['127.0.0.1'] })
      const token = await issuer.signCredential(
        badge(issuer.did, {
          credentialStatus: statusEntry('7', `http://status.attacker.example:${port}/doc`),
        }),
      )
      const check = expectFailure(
        await new Verifier({ fetch: options(lookup) }).verifyCredential(token, { now: NOW }),
        'status',
        'STATUS_RETRIEVAL_ERROR',
      )
      assert.match(check.message, /resolves to 127\.0\.0\.1 is loopback/)
      assert.is(served, before)
    },
  },
]

family('adversarial: what names resolve to (Node transport)', cases, {
  setup: async () => {
    issuer = await edIssuer()
    server = createServer((request, response) => {
      served++
      if (request.url === '/doc')
        return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}')
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
    garbage = createTcpServer((socket) => {
      // reads what it is sent (so that it sees the client close), answers what no HTTP client can read
      socket.resume()
      socket.end('garbage\r\n\r\n')
    })
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve))
    garbagePort = (garbage.address() as AddressInfo).port
    // a port something listened on a moment ago: closed now
    const probe = createTcpServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    closedPort = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => probe.close(() => resolve()))
  },
  teardown: async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await new Promise<void>((resolve) => garbage.close(() => resolve()))
  },
})
