// Server-side request forgery: did:web DIDs, verification methods and status lists pointing at
// loopback, private, metadata and every other special-purpose address (IPv4, IPv6, IPv4 inside IPv6),
// at local names, or through a redirect from a local server; did:web paths that climb out of their
// folder. The guard is on in every case; a spy in front of fetch proves nothing forbidden was ever
// asked for. Each refusal has neighbours that pass: the same rule, just outside the refused block.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { checkUrl, createGuardedFetch, didWebUrl, Verifier } from '@tessera/verifier'
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

const didWebCase = (
  name: string,
  did: string,
  message = /not a public host/,
  code = 'CANNOT_DEREFERENCE',
): Case => ({
  name: `did:web at ${name}`,
  run: () =>
    onlyLocal(async () => {
      const check = expectFailure(
        await verifier().verifyCredential(tokenOf(did), { now: NOW }),
        'proof',
        code,
      )
      assert.match(check.message, message)
    }),
})

/** A did:web whose path or host would have the URL parser fetch another document: INVALID_DID, nothing fetched. */
const didWebPathCase = (name: string, did: string): Case => ({
  name: `did:web ${name}`,
  run: () =>
    onlyLocal(async () => {
      const before = asked.length
      expectFailure(await verifier().verifyCredential(tokenOf(did), { now: NOW }), 'proof', 'INVALID_DID')
      assert.is(await codeOf(() => didWebUrl(did)), 'INVALID_DID')
      assert.is(asked.length, before, 'nothing is fetched')
    }),
})

/** The URL did:web defines for a DID that is fine, however close to a refused one. */
const didWebUrlCase = (name: string, did: string, url: string): Case => ({
  name: `did:web ${name} (allowed)`,
  run: () => assert.is(didWebUrl(did), url),
})

/** An address literal, checked as a URL host: refused with the block it is in. */
const literalCase = (address: string, block: RegExp): Case => ({
  name: `the address ${address}`,
  run: async () => {
    const host = address.includes(':') ? `[${address}]` : address
    assert.is(await codeOf(() => checkUrl(`https://${host}/did.json`)), 'URL_NOT_ALLOWED')
    try {
      checkUrl(`https://${host}/did.json`)
    } catch (error) {
      assert.match((error as Error).message, block)
    }
  },
})

/** An address or name next to a refused block, which the guard lets through (no fetch is made). */
const neighbourCase = (host: string, why: string): Case => ({
  name: `${host} passes: ${why}`,
  run: () => assert.is(checkUrl(`https://${host}/did.json`).protocol, 'https:'),
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
      assert.match(check.message, /not a public host|only https/)
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

const PRIVATE = /not a public host/

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
  didWebCase('a percent-encoding that is not UTF-8', 'did:web:%E0%A4', /malformed/, 'INVALID_DID'),
  {
    name: 'didWebUrl on a percent-encoding that is not UTF-8',
    run: async () => assert.is(await codeOf(() => didWebUrl('did:web:guild.example:%E0%A4')), 'INVALID_DID'),
  },
  // names without a dot, and local names: vm (a cloud VM's own name), metadata, ip6-localhost
  didWebCase('vm', 'did:web:vm', /vm is a name without a dot/),
  didWebCase('vm with a port (the port probe of the issue)', 'did:web:vm%3A8080', /without a dot/),
  didWebCase('metadata', 'did:web:metadata', /without a dot/),
  didWebCase('ip6-localhost', 'did:web:ip6-localhost', /without a dot/),
  didWebCase('localhost. (a trailing dot)', 'did:web:localhost.', /without a dot/),
  didWebCase('LOCALHOST', 'did:web:LOCALHOST', /without a dot/),
  didWebCase('a.localhost', 'did:web:a.localhost', /local name \(\.localhost\)/),
  didWebCase('printer.local (mDNS)', 'did:web:printer.local', /local name \(\.local\)/),
  didWebCase('router.home.arpa', 'did:web:router.home.arpa', /local name \(\.home\.arpa\)/),
  didWebCase('localhost.localdomain', 'did:web:localhost.localdomain', /local name/),
  // special-purpose addresses of the findings, through did:web
  didWebCase('NAT64 64:ff9b::a9fe:a9fe', 'did:web:%5B64%3Aff9b%3A%3Aa9fe%3Aa9fe%5D', /link local.*NAT64/),
  didWebCase('IPv4-compatible ::7f00:1', 'did:web:%5B%3A%3A7f00%3A1%5D', /IPv4-compatible/),
  didWebCase('6to4 2002:7f00:1::', 'did:web:%5B2002%3A7f00%3A1%3A%3A%5D', /6to4/),
  didWebCase('site-local fec0::1', 'did:web:%5Bfec0%3A%3A1%5D', /site-local/),
  didWebCase('192.0.0.192', 'did:web:192.0.0.192', /IETF protocol assignments/),
  // every other kind of block, as a URL host
  literalCase('0.0.0.0', /this network/),
  literalCase('100.64.0.1', /shared address space/),
  literalCase('100.127.255.255', /shared address space/),
  literalCase('169.254.0.1', /link local/),
  literalCase('192.0.0.170', /NAT64\/DNS64 discovery/),
  literalCase('192.0.2.1', /TEST-NET-1/),
  literalCase('192.31.196.1', /AS112/),
  literalCase('192.52.193.1', /AMT/),
  literalCase('192.88.99.1', /6to4 relay/),
  literalCase('192.175.48.1', /AS112/),
  literalCase('198.18.0.1', /benchmarking/),
  literalCase('198.19.255.255', /benchmarking/),
  literalCase('198.51.100.7', /TEST-NET-2/),
  literalCase('203.0.113.7', /TEST-NET-3/),
  literalCase('224.0.0.1', /multicast/),
  literalCase('239.255.255.250', /multicast/),
  literalCase('240.0.0.1', /reserved/),
  literalCase('255.255.255.255', /limited broadcast/),
  literalCase('::', /unspecified/),
  literalCase('::ffff:10.0.0.1', /private use.*in IPv4-mapped form/),
  literalCase('::ffff:0:7f00:1', /outside global unicast/),
  literalCase('64:ff9b::127.0.0.1', /loopback.*NAT64/),
  literalCase('64:ff9b:1::1', /local-use IPv4-IPv6 translation/),
  literalCase('100::1', /discard-only/),
  literalCase('100:0:0:1::1', /dummy IPv6 prefix/),
  literalCase('2001::1', /Teredo/),
  literalCase('2001:2::1', /benchmarking/),
  literalCase('2001:20::1', /ORCHIDv2/),
  literalCase('2001:db8::1', /documentation/),
  literalCase('2620:4f:8000::1', /AS112/),
  literalCase('3fff::1', /documentation/),
  literalCase('5f00::1', /segment routing/),
  literalCase('fd00::1', /unique local/),
  literalCase('ff02::1', /multicast/),
  literalCase('4000::1', /outside global unicast/),
  // neighbours: just outside a refused block, or a name that only looks local
  neighbourCase('100.63.255.255', 'just below 100.64.0.0/10'),
  neighbourCase('100.128.0.0', 'just above 100.64.0.0/10'),
  neighbourCase('172.32.0.1', 'just above 172.16.0.0/12'),
  neighbourCase('192.0.1.1', 'between 192.0.0.0/24 and 192.0.2.0/24'),
  neighbourCase('198.20.0.1', 'just above 198.18.0.0/15'),
  neighbourCase('223.255.255.255', 'just below multicast'),
  neighbourCase('[64:ff9b::808:808]', 'NAT64 of a public address (8.8.8.8), as DNS64 networks hand out'),
  neighbourCase('[::ffff:8.8.8.8]', 'a public IPv4 address in IPv4-mapped form'),
  neighbourCase('[2606:4700:4700::1111]', 'global unicast'),
  neighbourCase('[2001:200::1]', 'just above 2001::/23'),
  neighbourCase('vm.example', 'a name with a dot'),
  neighbourCase('local.example', 'local only as a label, not as the suffix'),
  neighbourCase('localhost.example', 'localhost only as a label'),
  // did:web paths: ., .. and encoded slashes would fetch another folder's did.json
  didWebPathCase('climbing with .. (the finding)', 'did:web:guild.example:registrar:..:..:mallory'),
  didWebPathCase('with a . segment', 'did:web:guild.example:.:mallory'),
  didWebPathCase('with %2E%2E', 'did:web:guild.example:registrar:%2E%2E:mallory'),
  didWebPathCase('with an encoded slash', 'did:web:guild.example:registrar%2F..%2Fmallory'),
  didWebPathCase('with an encoded backslash', 'did:web:guild.example:a%5C..%5Cmallory'),
  didWebPathCase('with an empty segment', 'did:web:guild.example::mallory'),
  didWebPathCase('with a slash in its host', 'did:web:guild.example%2Fmallory'),
  didWebPathCase('with userinfo in its host', 'did:web:guild.example%40evil.example'),
  didWebPathCase('with a query in its host', 'did:web:guild.example%3Fx'),
  didWebPathCase('with no host', 'did:web:'),
  didWebUrlCase(
    'with a path',
    'did:web:guild.example:registrar:mallory',
    'https://guild.example/registrar/mallory/did.json',
  ),
  didWebUrlCase(
    'with a port',
    'did:web:guild.example%3A8443',
    'https://guild.example:8443/.well-known/did.json',
  ),
  didWebUrlCase(
    'with a double-encoded .. (stays a name, never a step up)',
    'did:web:guild.example:%252E%252E',
    'https://guild.example/%252E%252E/did.json',
  ),
  didWebUrlCase(
    'with dots inside a segment',
    'did:web:guild.example:a..b',
    'https://guild.example/a..b/did.json',
  ),
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
  statusCase('the local server, redirecting to vm', () => `http://${local}/to?vm`, PRIVATE),
  statusCase(
    'the local server, redirecting to NAT64 metadata',
    () => `http://${local}/to?[64:ff9b::a9fe:a9fe]`,
    PRIVATE,
  ),
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
