// Server-side request forgery: did:web DIDs, verification methods and status lists pointing at
// loopback, private and metadata addresses, directly or through a redirect from a local server. The
// guard is on in every case; a spy in front of fetch proves nothing forbidden was ever asked for.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGuardedFetch, didWebUrl, Verifier } from '@tessera/verifier'
import * as assert from 'uvu/assert'
import { badge, edIssuer, type JwtIssuer, jwtPayload, NOW, statusEntry } from './fixtures.js'
import { b64, type Case, codeOf, expectFailure, family } from './harness.js'

let server: Server
/** `127.0.0.1:<port>` of the local server: the one host the guard is told to allow. */
let local = ''
let issuer: JwtIssuer
/** Every URL handed to fetch. */
const asked: string[] = []

const spy: typeof fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input)
  asked.push(url)
  if (!url.startsWith(`http://${local}/`)) throw new Error(`the spy refuses ${url}: the guard should have`)
  return fetch(input, init)
}

const guard = () => ({ fetch: spy, allowHttp: true, allowedHosts: [local], timeoutMs: 1_000 })
const verifier = () => new Verifier({ fetch: guard() })

/** A VC-JWT "issued" by `did`, its kid a key of that DID: resolving it is what the guard must stop. */
function tokenOf(did: string): string {
  return `${b64({ alg: 'EdDSA', kid: `${did}#key-1` })}.${b64(jwtPayload(badge(did)))}.c2ln`
}

/** Nothing but the local server was asked for, during `run`. */
async function onlyLocal(run: () => Promise<void>): Promise<void> {
  const before = asked.length
  await run()
  const strays = asked.slice(before).filter((url) => !url.startsWith(`http://${local}/`))
  assert.equal(strays, [], 'fetched past the guard')
}

const didWebCase = (name: string, did: string, message = /private, loopback|not a URL|malformed/): Case => ({
  name: `did:web at ${name}`,
  run: () =>
    onlyLocal(async () => {
      const check = expectFailure(
        await verifier().verifyCredential(tokenOf(did), { now: NOW }),
        'proof',
        'CANNOT_DEREFERENCE',
      )
      assert.match(check.message, message)
    }),
})

const methodCase = (name: string, method: string): Case => ({
  name: `a verification method at ${name}`,
  run: () =>
    onlyLocal(async () => {
      const token = `${b64({ alg: 'EdDSA', kid: method })}.${b64(jwtPayload(badge(method.split('#')[0] as string)))}.c2ln`
      const check = expectFailure(
        await verifier().verifyCredential(token, { now: NOW }),
        'proof',
        'CANNOT_DEREFERENCE',
      )
      assert.match(check.message, /private, loopback|only https/)
    }),
})

const statusCase = (name: string, url: () => string, message: RegExp): Case => ({
  name: `a status list at ${name}`,
  run: () =>
    onlyLocal(async () => {
      const token = await issuer.signCredential(
        badge(issuer.did, { credentialStatus: statusEntry('7', url()) }),
      )
      const check = expectFailure(
        await verifier().verifyCredential(token, { now: NOW }),
        'status',
        'STATUS_RETRIEVAL_ERROR',
      )
      assert.match(check.message, message)
    }),
})

const PRIVATE = /private, loopback/

const cases: Case[] = [
  didWebCase('127.0.0.1', 'did:web:127.0.0.1'),
  didWebCase('169.254.169.254 (cloud metadata)', 'did:web:169.254.169.254:latest:meta-data'),
  didWebCase('10.0.0.1', 'did:web:10.0.0.1'),
  didWebCase('10.255.255.254 with a port', 'did:web:10.255.255.254%3A8443'),
  didWebCase('172.16.0.1', 'did:web:172.16.0.1'),
  didWebCase('192.168.1.1', 'did:web:192.168.1.1'),
  didWebCase('::1', 'did:web:%5B%3A%3A1%5D'),
  didWebCase('::ffff:127.0.0.1', 'did:web:%5B%3A%3Affff%3A127.0.0.1%5D'),
  didWebCase('fe80::1 (link-local)', 'did:web:%5Bfe80%3A%3A1%5D'),
  didWebCase('localhost', 'did:web:localhost'),
  didWebCase('127.0.0.1 in hex (0x7f.1)', 'did:web:0x7f.1'),
  didWebCase('127.0.0.1 as one decimal (2130706433)', 'did:web:2130706433'),
  didWebCase('127.0.0.1 percent-encoded', 'did:web:%31%32%37.0.0.1'),
  didWebCase('metadata.google.internal', 'did:web:metadata.google.internal'),
  didWebCase('a percent-encoding that is not UTF-8', 'did:web:%E0%A4'),
  {
    name: 'didWebUrl on a percent-encoding that is not UTF-8',
    run: async () =>
      assert.is(await codeOf(() => didWebUrl('did:web:guild.example:%E0%A4')), 'CANNOT_DEREFERENCE'),
  },
  methodCase('https://169.254.169.254', 'https://169.254.169.254/keys#key-1'),
  methodCase('https://[::1]', 'https://[::1]/keys#key-1'),
  statusCase('https://127.0.0.1', () => 'https://127.0.0.1/status/1', PRIVATE),
  statusCase('http://169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', PRIVATE),
  statusCase('https://10.1.2.3', () => 'https://10.1.2.3/status/1', PRIVATE),
  statusCase('https://[::1]', () => 'https://[::1]/status/1', PRIVATE),
  statusCase('https://[::ffff:7f00:1]', () => 'https://[::ffff:7f00:1]/status/1', PRIVATE),
  statusCase('file:///etc/passwd', () => 'file:///etc/passwd', /only https/),
  statusCase('ftp://guild.example', () => 'ftp://guild.example/status/1', /only https/),
  statusCase('https://user:pw@guild.example', () => 'https://user:pw@guild.example/status/1', /credentials/),
  statusCase(
    'the local server, redirecting to 169.254.169.254',
    () => `http://${local}/to?169.254.169.254`,
    PRIVATE,
  ),
  statusCase('the local server, redirecting to 10.0.0.1', () => `http://${local}/to?10.0.0.1`, PRIVATE),
  statusCase('the local server, redirecting to [::1]', () => `http://${local}/to?[::1]`, PRIVATE),
  statusCase(
    'the local server, redirecting to 127.0.0.1 on another port',
    () => `http://${local}/to?127.0.0.1:1`,
    PRIVATE,
  ),
  statusCase('the local server, redirecting to localhost', () => `http://${local}/to?localhost`, PRIVATE),
  statusCase('the local server, redirecting to file:', () => `http://${local}/file`, /only https/),
  statusCase('the local server, redirecting in a loop', () => `http://${local}/loop`, /redirects more than/),
  statusCase('the local server, answering 5 MiB', () => `http://${local}/big`, /over the/),
  statusCase(
    'the local server, never answering',
    () => `http://${local}/slow`,
    /did not answer|did not finish/,
  ),
  {
    name: 'the guarded fetch itself: a body declaring 1 TB',
    run: async () => {
      assert.is(
        await codeOf(() => createGuardedFetch(guard())(`http://${local}/declared`)),
        'FETCH_TOO_LARGE',
      )
    },
  },
]

family('adversarial: fetching (SSRF)', cases, {
  setup: async () => {
    issuer = await edIssuer()
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x')
      if (url.pathname === '/to') {
        const host = decodeURIComponent(url.search.slice(1))
        return void response.writeHead(302, { location: `http://${host}/latest/meta-data/` }).end()
      }
      if (url.pathname === '/file')
        return void response.writeHead(302, { location: 'file:///etc/passwd' }).end()
      if (url.pathname === '/loop') return void response.writeHead(302, { location: '/loop' }).end()
      if (url.pathname === '/big') return void response.writeHead(200).end('x'.repeat(5 * 1024 * 1024))
      if (url.pathname === '/declared') {
        response.writeHead(200, { 'content-length': String(1e12) })
        return void response.write('{')
      }
      if (url.pathname === '/slow') return // never answers; the guard's timeout ends it
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    local = `127.0.0.1:${(server.address() as AddressInfo).port}`
  },
  teardown: async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  },
})
