/**
 * The credential both peers of bench/oid4vci.ts issue, the same as Tessera's: the OB 3.0 membership of
 * `buildMembershipCredential` for the holder's DID, as a VC-JWT signed EdDSA with jose. One place, so
 * that the peers (bench/oid4vci-peer.ts, bench/oid4vci-peer-sphereon.ts) cannot drift apart.
 */
import { randomUUID } from 'node:crypto'
import { buildMembershipCredential } from '@tessera/schema'
import { type CryptoKey, type JWK, SignJWT } from 'jose'

/** A public key as a did:jwk. */
export const didJwk = (jwk: JWK): string =>
  `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString('base64url')}`

/** The membership for `holder` (a DID) from the issuer `issuerDid`, its term around `now`, with an id of its own. */
export function peerMembership(
  issuerDid: string,
  holder: string,
  now: Date,
): Record<string, unknown> & { id: string } {
  const vc = buildMembershipCredential({
    issuer: { id: issuerDid, name: 'Guild of Bookbinders' },
    recipient: { did: holder },
    achievement: { id: 'https://guild.example/achievements/membership', name: 'Guild membership' },
    term: {
      name: 'this year',
      start: new Date(now.getTime() - 30 * 86_400_000),
      end: new Date(now.getTime() + 335 * 86_400_000),
    },
  }) as unknown as Record<string, unknown>
  return { ...vc, id: `urn:uuid:${randomUUID()}` }
}

/** The membership as a VC-JWT (`vc+jwt`, EdDSA), signed by the issuer's key. */
export function signedMembership(
  vc: Record<string, unknown> & { id: string },
  issuerDid: string,
  holder: string,
  key: CryptoKey,
  now: Date,
): Promise<string> {
  return new SignJWT({
    ...vc,
    iss: issuerDid,
    sub: holder,
    jti: vc.id,
    nbf: Math.floor(now.getTime() / 1000),
  })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: `${issuerDid}#0` })
    .sign(key)
}
