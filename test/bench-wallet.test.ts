// The OpenID4VCI bench's wallets (bench/oid4vci-wallet.ts) run a complete, checked flow: against a small
// local issuer they send the code, use the token and the fresh nonce, sign a proof the wallet's key
// verifies, and fail the flow on any answer that is not a credential; their HTTP client
// (bench/oid4vci-http.ts) reads chunked answers and opens a new connection after one the server closes; and the bench flags a level whose load generator had no headroom, or that
// failed, or ran beside other work on the machine, as not valid.
import { createPublicKey, verify } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { type LevelResult, validity } from '../bench/oid4vci.js'
import { WalletClient } from '../bench/oid4vci-http.js'
import { flow, makeWallet, PRE_AUTHORIZED } from '../bench/oid4vci-wallet.js'

const wallet = makeWallet()
const CREDENTIAL = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'

interface Seen {
  form?: URLSearchParams
  authorization?: string
  proof?: string
}

/** A fake issuer: the token, nonce and credential answers can be spoiled one at a time. */
async function issuer(
  answers: {
    token?: unknown
    credential?: unknown
    credentialStatus?: number
    chunked?: boolean
    close?: boolean
  },
  seen: Seen,
): Promise<{ server: Server; base: string }> {
  const read = async (request: IncomingMessage) => {
    let text = ''
    for await (const chunk of request) text += chunk
    return text
  }
  const server = createServer(async (request, response) => {
    const body = await read(request)
    let status = 200
    let answer: unknown
    if (request.url === '/token') {
      seen.form = new URLSearchParams(body)
      answer = answers.token ?? { access_token: 'token-1', token_type: 'Bearer' }
    } else if (request.url === '/nonce') answer = { c_nonce: 'nonce-1' }
    else {
      seen.authorization = request.headers.authorization
      seen.proof = (JSON.parse(body) as { proofs: { jwt: string[] } }).proofs.jwt[0]
      status = answers.credentialStatus ?? 200
      answer = answers.credential ?? { credentials: [{ credential: CREDENTIAL }] }
    }
    const text = JSON.stringify(answer)
    response.writeHead(status, {
      'content-type': 'application/json',
      ...(answers.close === true ? { connection: 'close' } : {}),
    })
    if (answers.chunked === true) {
      // Without a length node:http frames the body in chunks, one a write.
      response.write(text.slice(0, 7))
      response.write(text.slice(7))
      response.end()
    } else response.end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` }
}

async function run(answers: Parameters<typeof issuer>[0], seen: Seen = {}) {
  const { server, base } = await issuer(answers, seen)
  const client = new WalletClient(base)
  try {
    const offer = { code: 'code+1/=', configurationId: 'membership_jwt_vc_json' }
    const timing = await flow(client.connection(0), base, offer, wallet)
    // The connection is kept alive (or opened again after a close) for the wallet's next flow.
    await flow(client.connection(0), base, offer, wallet)
    return timing
  } finally {
    client.close()
    server.close()
  }
}

test('a flow redeems the code, uses the token and the nonce, and signs a proof the wallet key verifies', async () => {
  const seen: Seen = {}
  const timing = await run({}, seen)
  assert.is(seen.form?.get('grant_type'), PRE_AUTHORIZED)
  assert.is(seen.form?.get('pre-authorized_code'), 'code+1/=')
  assert.is(seen.authorization, 'Bearer token-1')
  const [header, payload, signature] = (seen.proof as string).split('.') as [string, string, string]
  const decoded = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString())
  assert.equal(decoded(header).typ, 'openid4vci-proof+jwt')
  assert.is(decoded(payload).nonce, 'nonce-1')
  const key = createPublicKey({ key: decoded(header).jwk, format: 'jwk' })
  assert.ok(verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')))
  assert.ok(timing.flowMs >= timing.tokenMs + timing.nonceMs + timing.credentialMs - 1e-9)
})

test('a flow reads chunked answers, and answers that close their connection', async () => {
  for (const answers of [{ chunked: true }, { close: true }, { chunked: true, close: true }]) {
    const seen: Seen = {}
    await run(answers, seen)
    assert.is(seen.authorization, 'Bearer token-1', JSON.stringify(answers))
  }
})

test('a request fails, not hangs, when the service drops the connection before answering', async () => {
  const server = createTcpServer((socket) => socket.once('data', () => socket.destroy()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const client = new WalletClient(`http://127.0.0.1:${(server.address() as { port: number }).port}`)
  try {
    await client
      .connection(0)
      .post('/nonce', '', {})
      .then(
        () => assert.unreachable('a dropped connection answered'),
        (error: Error & { code?: unknown }) => assert.is(error.code, 'UND_ERR_SOCKET'),
      )
  } finally {
    client.close()
    server.close()
  }
})

test('a flow fails on a refused credential request', async () => {
  await run({ credentialStatus: 400, credential: { error: 'invalid_proof' } }).then(
    () => assert.unreachable('a refused credential request passed'),
    (error: Error) => assert.match(error.message, /^credential 400/),
  )
})

test('a flow fails on an answer that is not a credential', async () => {
  for (const credential of [{ credentials: [] }, { credentials: [{ credential: 'not-a-jws' }] }, {}])
    await run({ credential }).then(
      () => assert.unreachable(`${JSON.stringify(credential)} passed`),
      (error: Error) => assert.match(error.message, /without a compact JWS/),
    )
})

test('a flow fails on a token answer without an access token', async () => {
  await run({ token: { token_type: 'Bearer' } }).then(
    () => assert.unreachable('a token answer without access_token passed'),
    (error: Error) => assert.match(error.message, /without access_token/),
  )
})

const figures = {
  flows: 100,
  p50Ms: 1,
  p99Ms: 1,
  meanMs: 1,
  requests: {
    token: { p50Ms: 1, p99Ms: 1 },
    nonce: { p50Ms: 1, p99Ms: 1 },
    credential: { p50Ms: 1, p99Ms: 1 },
  },
}

const level = (over: Partial<LevelResult>): LevelResult => ({
  ...figures,
  wallets: 64,
  failed: 0,
  littleMs: 1,
  flowsPerSecond: 1,
  steadyFlows: 90,
  warmUp: { ...figures, flows: 10, ms: 5 },
  whole: { ...figures, flowsPerSecond: 1 },
  loadGeneratorBusy: 0.3,
  loadGeneratorLagP99Ms: 0,
  ...over,
})

test('a level is valid only with no failure, headroom in the load generator and a machine otherwise quiet', () => {
  assert.is(validity('Tessera', level({})), undefined)
  assert.match(validity('Tessera', level({ loadGeneratorBusy: 0.85 })) ?? '', /NOT VALID/)
  assert.match(validity('peer', level({ failed: 2 })) ?? '', /FAILED \(2 flows failed\)/)
  // Other work on the machine beyond a quarter of a core: the wall-time figures are the machine's.
  assert.is(validity('Tessera', level({ othersBusy: 0.1 })), undefined)
  assert.match(
    validity('Tessera', level({ othersBusy: 0.3 })) ?? '',
    /NOT VALID, other work on the machine took 30%/,
  )
})

test.run()
