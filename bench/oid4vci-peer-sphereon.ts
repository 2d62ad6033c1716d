/**
 * The second peer issuer of bench/oid4vci.ts: Sphereon's issuer server, `@sphereon/oid4vci-issuer-server`
 * 0.20.1 (the peer issue #17 names first), run as its README and sources show: `OID4VCIServer` over
 * `ExpressSupport` (`ExpressBuilder`: express 4, body-parser, http-terminator), the issuer a
 * `VcIssuerBuilder` with its default in-memory states (`MemoryStates`: offers, c_nonces, offer URIs), its
 * own token, nonce and credential endpoints. Where bench/oid4vci-peer.ts is the leanest peer there can be
 * (Animo's library on bare node:http), this is a complete service, as `tessera serve` is. It is set up
 * for the same credential: the same OB 3.0 membership (`buildMembershipCredential`) as `jwt_vc_json`,
 * signed EdDSA with jose in its credential signer callback; the pre-authorized code flow without a
 * transaction code, each offer made with `createCredentialOfferURI` before the bench starts; its access
 * token an EdDSA JWT signed with jose in its access token signer callback and verified with jose (its
 * signature, `exp`) in the access token verification callback; `jwt` key proofs (the holder key as
 * `jwk`) verified with jose (signature, `typ`, `aud`) in its JWT verify callback, after which the library
 * checks the nonce is one it gave out, the audience is its `credential_issuer` and `iat` is not ahead of
 * the nonce, and deletes the nonce (single use).
 *
 * What Tessera checks and this server (as its sources show) skips, each favouring the peer:
 * - a pre-authorized code is not single use: the token endpoint answers a replayed code again (its
 *   session is only marked); Tessera refuses the replay (one database transaction).
 * - access tokens are not single use (any number of credential requests while unexpired).
 * - a nonce's expiry is never checked (`MemoryStates.get` ignores `expiresAt`; no clean-up runs unless
 *   started), nor a stale `iat` (only an `iat` ahead of the nonce is refused).
 * - its state is in memory, not in a database, and nothing is recorded (no ledger, no status index: the
 *   credential has no `credentialStatus`).
 * Its pre-authorized codes' lifetime is widened to an hour (default 300 s from the offer's making) so
 * that offers made at start outlive a full run; the check itself stays. Run as its own process:
 * `tsx bench/oid4vci-peer-sphereon.ts <port> <codes>`; it prints `listening` when ready. Codes are
 * `code-0` .. `code-<n-1>`.
 */
import {
  type CredentialDataSupplier,
  type CredentialSignerCallback,
  type ITokenEndpointOpts,
  type VcIssuer,
  VcIssuerBuilder,
} from '@sphereon/oid4vci-issuer'
import { OID4VCIServer } from '@sphereon/oid4vci-issuer-server'
import { ExpressBuilder } from '@sphereon/ssi-express-support'
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from 'jose'
import { didJwk, peerMembership, signedMembership } from './oid4vci-peer-credential.js'

const port = Number(process.argv[2])
const codes = Number(process.argv[3])
const base = `http://127.0.0.1:${port}`
const CONFIGURATION = 'membership_jwt_vc_json'
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

type JwtVerifyCallback = NonNullable<VcIssuer['jwtVerifyCallback']>
type Jwt = Awaited<ReturnType<JwtVerifyCallback>>['jwt']
type AccessTokenSigner = NonNullable<ITokenEndpointOpts['accessTokenSignerCallback']>

const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
const issuerDid = didJwk(await exportJWK(publicKey))

/** A verified JWT in the shape Sphereon's callbacks answer with. */
function verifiedJwt(protectedHeader: object, payload: object): Jwt {
  return { header: protectedHeader, payload } as Jwt
}

/** The wallet's key proof: the holder key from the header's `jwk`, checked with jose. */
const verifyProof: JwtVerifyCallback = async ({ jwt }) => {
  const header = decodeProtectedHeader(jwt)
  if (header.jwk === undefined) throw new Error('the proof names no jwk')
  const { payload, protectedHeader } = await jwtVerify(jwt, await importJWK(header.jwk, header.alg), {
    typ: 'openid4vci-proof+jwt',
    audience: base,
    algorithms: ['EdDSA', 'ES256'],
  })
  return {
    jwt: verifiedJwt(protectedHeader, payload),
    alg: protectedHeader.alg,
    jwk: header.jwk as NonNullable<Awaited<ReturnType<JwtVerifyCallback>>['jwk']>,
  }
}

/** Its own access tokens: signed by the issuer key, unexpired. */
const verifyAccessToken: JwtVerifyCallback = async ({ jwt }) => {
  const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, {
    issuer: base,
    algorithms: ['EdDSA'],
  })
  return { jwt: verifiedJwt(protectedHeader, payload), alg: protectedHeader.alg }
}

/** Its access tokens: the library's claims, signed EdDSA by the issuer key. */
const signAccessToken: AccessTokenSigner = async ({ header, payload }) =>
  new SignJWT(payload as Record<string, unknown>)
    .setProtectedHeader({ ...(header as Record<string, unknown>), alg: 'EdDSA' })
    .sign(privateKey)

/** The holder of a (verified) credential request: its proof's key as a did:jwk. */
function holderOf(request: Parameters<CredentialDataSupplier>[0]['credentialRequest']): string {
  const proofs = (request as { proofs?: { jwt?: unknown[] } }).proofs
  const jwt = proofs?.jwt?.[0]
  if (typeof jwt !== 'string') throw new Error('no jwt proof')
  const { jwk } = decodeProtectedHeader(jwt)
  if (jwk === undefined) throw new Error('the proof names no jwk')
  return didJwk(jwk)
}

type IssuanceInput = Awaited<ReturnType<CredentialDataSupplier>>['credential']
type Membership = ReturnType<typeof peerMembership>

const supplyMembership: CredentialDataSupplier = async ({ credentialRequest }) => ({
  credential: peerMembership(issuerDid, holderOf(credentialRequest), new Date()) as unknown as IssuanceInput,
  format: 'jwt_vc_json',
})

const signMembership: CredentialSignerCallback = async ({ credential }) => {
  const vc = credential as unknown as Membership & { credentialSubject: { id: string } }
  return signedMembership(vc, issuerDid, vc.credentialSubject.id, privateKey, new Date())
}

const issuer = new VcIssuerBuilder()
  .withCredentialIssuer(base)
  .withCredentialEndpoint(`${base}/credential`)
  .withNonceEndpoint(`${base}/nonce`)
  .withIssuerDisplay({ name: 'Guild of Bookbinders', locale: 'en' })
  .withCredentialConfigurationsSupported({
    [CONFIGURATION]: {
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
      cryptographic_binding_methods_supported: ['did:key', 'did:jwk', 'jwk'],
    },
  })
  .withAuthorizationMetadata({
    issuer: base,
    token_endpoint: `${base}/token`,
    response_types_supported: ['token'],
    'pre-authorized_grant_anonymous_access_supported': true,
  })
  .withInMemoryCredentialOfferState()
  .withInMemoryCNonceState()
  .withJWTVerifyCallback(verifyProof)
  .withCredentialDataSupplier(supplyMembership)
  .withCredentialSignerCallback(signMembership)
  .build()

// The offers, made before the bench starts: one pre-authorized code each, no transaction code.
for (let i = 0; i < codes; i++)
  await issuer.createCredentialOfferURI({
    credential_configuration_ids: [CONFIGURATION],
    grants: { [PRE_AUTHORIZED]: { 'pre-authorized_code': `code-${i}` } },
    sessionLifeTimeInSec: 3600,
  })

const expressSupport = ExpressBuilder.fromServerOpts({ port, hostname: '127.0.0.1' }).build({
  startListening: false,
})
new OID4VCIServer(expressSupport, {
  issuer,
  baseUrl: base,
  endpointOpts: {
    tokenEndpointOpts: {
      tokenPath: '/token',
      preAuthorizedCodeExpirationDuration: 3600,
      accessTokenIssuer: base,
      accessTokenSignerCallback: signAccessToken,
      accessTokenVerificationCallback: verifyAccessToken,
    },
  },
})
const { server } = expressSupport.start()
// As the other services: wallets keep their connections between levels.
server.keepAliveTimeout = 30_000
server.once('listening', () => process.stdout.write('listening\n'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
