/**
 * The peer issuer of bench/oid4vci.ts: the issuer side of Animo's `@openid4vc/openid4vci` 0.4.6 and
 * `@openid4vc/oauth2` (the libraries Credo's issuer module runs on; chosen over
 * `@sphereon/oid4vci-issuer-server` because they are already the wallet library of the service's tests,
 * at the same version, and are framework-free, so the peer runs on bare node:http as lean as it can be),
 * set up for the same credential: the same OB 3.0 membership as a VC-JWT (EdDSA), pre-authorized code
 * flow, a nonce endpoint, jwt key proofs. Its state (codes, nonces) is in memory, not in a database: that
 * favours the peer. Run as its own process: `tsx bench/oid4vci-peer.ts <port> <codes>`; it prints
 * `listening` when ready. Codes are `code-0` .. `code-<n-1>`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import {
  type CallbackContext,
  clientAuthenticationAnonymous,
  type Jwk,
  Oauth2AuthorizationServer,
  Oauth2ResourceServer,
  setGlobalConfig,
} from '@openid4vc/oauth2'
import { Openid4vciIssuer } from '@openid4vc/openid4vci'
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from 'jose'
import { didJwk, peerMembership, signedMembership } from './oid4vci-peer-credential.js'

// The bench runs on 127.0.0.1 over http, as the service's own run does.
setGlobalConfig({ allowInsecureUrls: true })

const port = Number(process.argv[2])
const codes = Number(process.argv[3])
const base = `http://127.0.0.1:${port}`
const CONFIGURATION = 'membership_jwt_vc_json'

const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
const issuerJwk = { ...(await exportJWK(publicKey)), kid: 'issuer-key' } as Jwk
const issuerDid = didJwk(await exportJWK(publicKey))

const callbacks: Omit<CallbackContext, 'decryptJwe' | 'encryptJwe'> = {
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (bytes) => randomBytes(bytes),
  clientAuthentication: clientAuthenticationAnonymous(),
  // The resource server reads the authorization server's keys at jwks_uri: answered from memory (a
  // deployment would cache them), so the peer pays no HTTP round trip per credential request.
  fetch: async (input, init) =>
    String(input) === `${base}/jwks` ? Response.json({ keys: [issuerJwk] }) : fetch(input, init),
  signJwt: async (_signer, { header, payload }) => ({
    jwt: await new SignJWT(payload).setProtectedHeader({ ...header, alg: 'EdDSA' }).sign(privateKey),
    signerJwk: issuerJwk,
  }),
  verifyJwt: async (signer, { compact }) => {
    const jwk = signer.method === 'jwk' ? signer.publicJwk : issuerJwk
    try {
      await jwtVerify(compact, await importJWK(jwk as never, signer.alg), { currentDate: new Date() })
      return { verified: true, signerJwk: jwk }
    } catch {
      return { verified: false }
    }
  },
}

const authorizationServerMetadata = {
  issuer: base,
  token_endpoint: `${base}/token`,
  jwks_uri: `${base}/jwks`,
  'pre-authorized_grant_anonymous_access_supported': true,
}
const credentialIssuerMetadata = {
  credential_issuer: base,
  credential_endpoint: `${base}/credential`,
  nonce_endpoint: `${base}/nonce`,
  credential_configurations_supported: {
    [CONFIGURATION]: {
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
      cryptographic_binding_methods_supported: ['did:key', 'did:jwk', 'jwk'],
    },
  },
}
const authorizationServer = new Oauth2AuthorizationServer({ callbacks })
const resourceServer = new Oauth2ResourceServer({ callbacks })
const issuer = new Openid4vciIssuer({ callbacks })
const credentialIssuer = issuer.createCredentialIssuerMetadata(credentialIssuerMetadata as never)
const issuerMetadata = {
  originalDraftVersion: 'v1',
  credentialIssuer,
  knownCredentialConfigurations: issuer.getKnownCredentialConfigurationsSupported(credentialIssuer),
  authorizationServers: [authorizationServer.createAuthorizationServerMetadata(authorizationServerMetadata)],
} as never

const openCodes = new Set(Array.from({ length: codes }, (_, i) => `code-${i}`))
const nonces = new Map<string, number>()

async function body(request: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text
}

const requestLike = (request: IncomingMessage) => ({
  method: request.method as 'POST',
  url: `${base}${request.url}`,
  headers: new Headers(request.headers as Record<string, string>),
})

async function token(request: IncomingMessage): Promise<[number, unknown]> {
  const form = Object.fromEntries(new URLSearchParams(await body(request)))
  const parsed = authorizationServer.parseAccessTokenRequest({
    request: requestLike(request),
    accessTokenRequest: form,
  })
  if (parsed.grant.grantType !== 'urn:ietf:params:oauth:grant-type:pre-authorized_code')
    return [400, { error: 'unsupported_grant_type' }]
  const code = parsed.grant.preAuthorizedCode
  if (!openCodes.delete(code)) return [400, { error: 'invalid_grant' }]
  await authorizationServer.verifyPreAuthorizedCodeAccessTokenRequest({
    authorizationServerMetadata,
    grant: parsed.grant,
    accessTokenRequest: parsed.accessTokenRequest,
    request: requestLike(request),
    expectedPreAuthorizedCode: code,
  })
  const response = await authorizationServer.createAccessTokenResponse({
    audience: base,
    authorizationServer: base,
    expiresInSeconds: 600,
    subject: code,
    signer: { method: 'jwk', alg: 'EdDSA', publicJwk: issuerJwk },
  })
  return [200, response]
}

function nonce(): [number, unknown] {
  const cNonce = randomUUID()
  nonces.set(cNonce, Date.now() + 300_000)
  return [200, issuer.createNonceResponse({ cNonce, cNonceExpiresIn: 300 })]
}

async function credential(request: IncomingMessage): Promise<[number, unknown]> {
  const text = await body(request)
  await resourceServer.verifyResourceRequest({
    request: requestLike(request),
    resourceServer: base,
    authorizationServers: [authorizationServerMetadata],
  })
  const credentialRequest = issuer.parseCredentialRequest({
    issuerMetadata,
    credentialRequest: JSON.parse(text),
  })
  const jwt = credentialRequest.proofs?.jwt?.[0]
  if (jwt === undefined) return [400, { error: 'invalid_proof' }]
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as {
    nonce: string
  }
  const expiresAt = nonces.get(payload.nonce)
  if (expiresAt === undefined) return [400, { error: 'invalid_nonce' }]
  const verified = await issuer.verifyCredentialRequestJwtProof({
    issuerMetadata,
    jwt,
    expectedNonce: payload.nonce,
    nonceExpiresAt: new Date(expiresAt),
  })
  const holder =
    verified.signer.method === 'did'
      ? (verified.signer.didUrl.split('#')[0] as string)
      : didJwk(verified.header.jwk as JWK)
  const now = new Date()
  const signed = await signedMembership(
    peerMembership(issuerDid, holder, now),
    issuerDid,
    holder,
    privateKey,
    now,
  )
  return [200, issuer.createCredentialResponse({ credentialRequest, credentials: [{ credential: signed }] })]
}

const server = createServer(async (request, response) => {
  let answer: [number, unknown]
  try {
    if (request.method === 'POST' && request.url === '/token') answer = await token(request)
    else if (request.method === 'POST' && request.url === '/nonce') answer = nonce()
    else if (request.method === 'POST' && request.url === '/credential') answer = await credential(request)
    else answer = [404, { error: 'not_found' }]
  } catch (error) {
    answer = [400, { error: 'invalid_request', error_description: String(error).slice(0, 300) }]
  }
  response.writeHead(answer[0], { 'content-type': 'application/json', 'cache-control': 'no-store' })
  response.end(JSON.stringify(answer[1]))
})
server.keepAliveTimeout = 30_000
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
