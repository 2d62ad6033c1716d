// The guarded fetch: what it refuses, against a real server on 127.0.0.1 and against injected responses.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { TesseraError } from '@tessera/schema'
import { thrownCode, thrownCodeAsync } from '@tessera/testkit'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { checkUrl, createGuardedFetch, createJsonFetcher, isPrivateHost, Verifier } from '../src/index.js'

test('private, loopback, link-local and metadata hosts are recognised in every spelling', () => {
  for (const host of [
    'localhost',
    'a.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '[::1]',
    '[::]',
    '[fc00::1]',
    '[fd12::1]',
    '[fe80::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    'metadata.google.internal',
  ]) {
    assert.ok(isPrivateHost(host), host)
  }
  for (const host of ['example.com', '8.8.8.8', '172.32.0.1', '[2606:4700:4700::1111]', '1edtech.org']) {
    assert.not.ok(isPrivateHost(host), host)
  }
  // the URL parser normalises decimal, hex and short forms before the check
  for (const url of [
    'https://2130706433/',
    'https://0x7f.1/',
    'https://127.1/',
    'https://[0:0:0:0:0:0:0:1]/',
  ]) {
    assert.is(
      thrownCode(() => checkUrl(url)),
      'URL_NOT_ALLOWED',
      url,
    )
  }
})

test('only https, no credentials in URLs, nothing that is not a URL', () => {
  for (const url of [
    'http://example.com/did.json',
    'file:///etc/passwd',
    'ftp://example.com/',
    'https://user:pw@example.com/',
    'not a url',
  ]) {
    assert.is(
      thrownCode(() => checkUrl(url)),
      'URL_NOT_ALLOWED',
      url,
    )
  }
  assert.is(checkUrl('https://example.com/x').host, 'example.com')
})

let server: Server
/**
 * The time limit of fetches whose answer comes (from the local server, or a refusal): far above how long any
 * answer takes on a loaded machine, so that only a hang would reach it. The timeout itself is tested with its own short
 * limit, on a server that answers much later than it.
 */
const ANSWERED_MS = 60_000
let base = ''

test.before(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? '/'
    if (url === '/doc')
      return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}')
    if (url === '/to-metadata')
      return void response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (url === '/to-doc') return void response.writeHead(301, { location: '/doc' }).end()
    if (url === '/loop') return void response.writeHead(302, { location: '/loop' }).end()
    if (url === '/big') return void response.writeHead(200).end('x'.repeat(2 * 1024 * 1024))
    if (url === '/big-chunked') {
      response.writeHead(200)
      for (let i = 0; i < 64; i++) response.write('x'.repeat(64 * 1024))
      return void response.end()
    }
    if (url === '/slow') return void setTimeout(() => response.writeHead(200).end('{}'), 3_000)
    if (url === '/text') return void response.writeHead(200).end('not json')
    if (url === '/empty') return void response.writeHead(204).end()
    if (url === '/odd-status') return void response.writeHead(999).end('{}')
    if (url === '/headers')
      return void response
        .writeHead(200)
        .end(JSON.stringify({ accept: request.headers.accept, encoding: request.headers['accept-encoding'] }))
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

test.after(() => {
  server.closeAllConnections()
  server.close()
})

test('a local server is refused unless allowed by name', async () => {
  assert.is(
    await thrownCodeAsync(() => createJsonFetcher({ allowHttp: true })(`${base}/doc`)),
    'URL_NOT_ALLOWED',
  )
  const allowed = createJsonFetcher({
    allowHttp: true,
    allowedHosts: [new URL(base).host],
    timeoutMs: ANSWERED_MS,
  })
  assert.equal(await allowed(`${base}/doc`), { id: 'x' })
})

test('redirects are followed hop by hop, checked like the first URL, and bounded', async () => {
  const fetchJson = createJsonFetcher({
    allowHttp: true,
    allowedHosts: [new URL(base).host],
    timeoutMs: ANSWERED_MS,
  })
  assert.equal(await fetchJson(`${base}/to-doc`), { id: 'x' })
  assert.is(await thrownCodeAsync(() => fetchJson(`${base}/to-metadata`)), 'URL_NOT_ALLOWED')
  assert.is(await thrownCodeAsync(() => fetchJson(`${base}/loop`)), 'FETCH_REDIRECT')
})

test('size cap (declared and streamed), timeout, HTTP errors, non-JSON', async () => {
  const options = {
    allowHttp: true,
    allowedHosts: [new URL(base).host],
    maxBytes: 1024 * 1024,
    timeoutMs: ANSWERED_MS,
  }
  const fetchBytes = createGuardedFetch(options)
  assert.is(await thrownCodeAsync(() => fetchBytes(`${base}/big`)), 'FETCH_TOO_LARGE')
  assert.is(await thrownCodeAsync(() => fetchBytes(`${base}/big-chunked`)), 'FETCH_TOO_LARGE')
  // 500 ms, armed before the request leaves, always ends before the server's 3 s timer (set on arrival).
  const impatient = createGuardedFetch({ ...options, timeoutMs: 500 })
  assert.is(await thrownCodeAsync(() => impatient(`${base}/slow`)), 'FETCH_TIMEOUT')
  assert.is(await thrownCodeAsync(() => fetchBytes(`${base}/missing`)), 'FETCH_HTTP_STATUS')
  assert.is(await thrownCodeAsync(() => createJsonFetcher(options)(`${base}/text`)), 'FETCH_NOT_JSON')
  assert.is(
    await thrownCodeAsync(() =>
      createGuardedFetch({ fetch: async () => Promise.reject(new TypeError('refused')) })(
        'https://example.com/',
      ),
    ),
    'FETCH_FAILED',
  )
})

test('the Node transport: empty and odd answers, what it asks for', async () => {
  const options = { allowHttp: true, allowLoopback: true, timeoutMs: ANSWERED_MS }
  assert.equal(await createGuardedFetch(options)(`${base}/empty`), new Uint8Array(0))
  assert.is(await thrownCodeAsync(() => createJsonFetcher(options)(`${base}/empty`)), 'FETCH_NOT_JSON')
  assert.is(
    await thrownCodeAsync(() => createGuardedFetch(options)(`${base}/odd-status`)),
    'FETCH_HTTP_STATUS',
  )
  const asked = await createJsonFetcher(options)(`${base}/headers`)
  assert.match(String(asked.accept), /application\/did\+json/)
  assert.is(asked.encoding, 'identity', 'no compressed body to inflate past the size cap')
})

test("a fetch's context: each request announced (redirects too), a refusal stops it, its signal ends it with its reason", async () => {
  const options = { allowHttp: true, allowLoopback: true, timeoutMs: ANSWERED_MS }
  const seen: string[] = []
  await createJsonFetcher(options)(`${base}/to-doc`, { beforeRequest: (url) => void seen.push(url.pathname) })
  assert.equal(seen, ['/to-doc', '/doc'])
  const refusing = {
    beforeRequest: () => {
      throw new TesseraError('TOO_MANY_FETCHES', 'no more')
    },
  }
  assert.is(
    await thrownCodeAsync(() => createJsonFetcher(options)(`${base}/doc`, refusing)),
    'TOO_MANY_FETCHES',
  )
  const controller = new AbortController()
  const pending = createGuardedFetch(options)(`${base}/slow`, { signal: controller.signal })
  controller.abort(new TesseraError('DEADLINE_EXCEEDED', 'out of time'))
  assert.is(await thrownCodeAsync(() => pending), 'DEADLINE_EXCEEDED')
})

test('a fetch that ignores its signal still times out; a refused connection says no more than that', async () => {
  const deaf = createGuardedFetch({ fetch: () => new Promise<Response>(() => undefined), timeoutMs: 50 })
  assert.is(await thrownCodeAsync(() => deaf('https://example.com/')), 'FETCH_TIMEOUT')
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const closed = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  try {
    await createGuardedFetch({ allowHttp: true, allowLoopback: true, timeoutMs: ANSWERED_MS })(
      `http://127.0.0.1:${closed}/`,
    )
    assert.unreachable('a closed port answered')
  } catch (error) {
    assert.is((error as TesseraError).code, 'FETCH_FAILED')
    assert.is(
      (error as Error).message,
      `http://127.0.0.1:${closed}/ could not be fetched (no connection, or no answer)`,
    )
  }
})

test('where the platform hides redirects (browsers), a redirect is refused', async () => {
  const opaque = createGuardedFetch({
    fetch: async () => ({ type: 'opaqueredirect', status: 0 }) as Response,
  })
  assert.is(await thrownCodeAsync(() => opaque('https://example.com/did.json')), 'FETCH_REDIRECT')
})

test("React Native's fetch (no body stream, whatwg-fetch over XMLHttpRequest): read whole, still capped", async () => {
  const bodyless = (bytes: Uint8Array) =>
    (async () =>
      ({
        type: 'default',
        status: 200,
        ok: true,
        headers: { get: () => null },
        arrayBuffer: async () => bytes.slice().buffer,
      }) as unknown as Response) as typeof fetch
  const small = Uint8Array.of(1, 2, 3)
  assert.equal(await createGuardedFetch({ fetch: bodyless(small) })('https://guild.example/list'), small)
  assert.is(
    await thrownCodeAsync(() =>
      createGuardedFetch({ fetch: bodyless(new Uint8Array(2048)), maxBytes: 1024 })(
        'https://guild.example/list',
      ),
    ),
    'FETCH_TOO_LARGE',
  )
})

test('did:web resolves through the guarded fetch, at the URL the method defines', async () => {
  const asked: string[] = []
  const did = 'did:web:guild.example:members'
  // A verification's deadline far above its time on a loaded machine: what is asked of the network is tested.
  const budget = { deadlineMs: ANSWERED_MS }
  const verifier = new Verifier({
    budget,
    fetch: {
      fetch: async (url) => {
        asked.push(String(url))
        return new Response(JSON.stringify({ id: 'did:web:guild.example:members', verificationMethod: [] }))
      },
    },
  })
  const result = await verifier.verifyCredential({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    issuer: did,
    proof: {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${did}#key-1`,
    },
  })
  assert.equal(asked, ['https://guild.example/members/did.json'])
  assert.is(result.checks.find((c) => c.id === 'proof')?.code, 'KEY_NOT_FOUND')
  const metadata = await new Verifier({ budget }).verifyCredential({
    issuer: 'did:web:169.254.169.254',
    proof: {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: 'did:web:169.254.169.254#k',
    },
  })
  assert.is(metadata.checks.find((c) => c.id === 'proof')?.code, 'CANNOT_DEREFERENCE')
  assert.match(
    metadata.checks.find((c) => c.id === 'proof')?.message ?? '',
    /169\.254\.169\.254 is link local.*not a public host/,
  )
})

test.run()
