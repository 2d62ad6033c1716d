/**
 * Signing for tests, with the libraries a peer issuer would use: Digital Bazaar's stack for Data
 * Integrity, jose for JWTs. Keys are made fresh for each run and never written anywhere.
 */

import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list'
import { documentLoader } from '@tessera/proofs/contexts'
import { type JsonObject, jwtClaimsOf, OB_CONTEXT } from '@tessera/schema'
import { CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose'

export interface DidKeyIssuer {
  /** The controller: the did:key, or the URL given. */
  did: string
  methodId: string
  publicKeyMultibase: string
  sign(credential: JsonObject): Promise<JsonObject>
  /** Signs a presentation as its holder (proof purpose authentication). */
  present(credentials: JsonObject[], challenge: string, domain?: string): Promise<JsonObject>
}

/**
 * An issuer signing eddsa-rdfc-2022 with @digitalbazaar/vc: a did:key, or the key `methodId` of an
 * https `controller` (whose controller document the test then serves).
 */
export async function didKeyIssuer(at?: { controller: string; methodId: string }): Promise<DidKeyIssuer> {
  const keyPair = await Ed25519Multikey.generate()
  const did = at?.controller ?? `did:key:${keyPair.publicKeyMultibase}`
  keyPair.controller = did
  keyPair.id = at?.methodId ?? `${did}#${keyPair.publicKeyMultibase}`
  return {
    did,
    methodId: keyPair.id,
    publicKeyMultibase: keyPair.publicKeyMultibase,
    async sign(credential) {
      const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 })
      return vc.issue({ credential: structuredClone(credential), suite, documentLoader })
    },
    async present(credentials, challenge, domain) {
      const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 })
      const presentation = vc.createPresentation({
        verifiableCredential: credentials,
        holder: did,
        version: 2.0,
      })
      return vc.signPresentation({
        presentation,
        suite,
        challenge,
        ...(domain === undefined ? {} : { domain }),
        documentLoader,
      })
    },
  }
}

/** A did:web issuer signing eddsa-rdfc-2022 with its `key-1`, and the DID document a verifier is handed for it. */
export async function didWebIssuer(did: string): Promise<{ issuer: DidKeyIssuer; document: JsonObject }> {
  const issuer = await didKeyIssuer({ controller: did, methodId: `${did}#key-1` })
  const document = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [
      {
        id: `${did}#key-1`,
        type: 'Multikey',
        controller: did,
        publicKeyMultibase: issuer.publicKeyMultibase,
      },
    ],
    assertionMethod: [`${did}#key-1`],
  }
  return { issuer, document }
}

export type JwsAlg = 'EdDSA' | 'ES256' | 'RS256'

export interface JwtIssuer {
  did: string
  kid: string
  alg: JwsAlg
  publicJwk: JWK
  /** Signs any payload with any header additions (tests forge headers with it). */
  signPayload(payload: JsonObject, header?: JsonObject): Promise<string>
  /** Signs a credential as OB 3.0 describes a VC-JWT: the credential is the payload, with its claims. */
  signCredential(credential: JsonObject): Promise<string>
}

/** A did:jwk issuer signing with jose. */
export async function didJwkIssuer(alg: JwsAlg): Promise<JwtIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  })
  const publicJwk = await exportJWK(publicKey)
  const did = `did:jwk:${Buffer.from(JSON.stringify(publicJwk)).toString('base64url')}`
  const kid = `${did}#0`
  const signPayload = async (payload: JsonObject, header: JsonObject = {}) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg, kid, typ: 'vc+jwt', ...header })
      .sign(privateKey)
  return {
    did,
    kid,
    alg,
    publicJwk,
    signPayload,
    signCredential: (credential) => signPayload(jwtPayload(credential)),
  }
}

/** The VC-JWT payload of a credential: itself, with iss, jti, sub, nbf and exp mapped. */
export function jwtPayload(credential: JsonObject): JsonObject {
  return { ...credential, ...jwtClaimsOf(credential) }
}

/** A minimal OB 3.0 credential of `issuer`, unsigned. */
export function badge(issuer: string, extra: JsonObject = {}): JsonObject {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', OB_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Guild of Bookbinders' },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Member',
    credentialSubject: {
      id: 'did:example:ada',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://guild.example/achievements/member',
        type: ['Achievement'],
        name: 'Member',
        description: 'A member of the guild.',
        criteria: { narrative: 'Pay the fee.' },
      },
    },
    ...extra,
  }
}

/**
 * A revocation list made by @digitalbazaar/vc-bitstring-status-list with `revoked` set, signed by
 * `signer`; and the entry a credential carries for an index of it.
 */
export async function bitstringRevocationList(signer: DidKeyIssuer, url: string, revoked: number[]) {
  const list = await createList({ length: 131_072 })
  for (const index of revoked) list.setStatus(index, true)
  const credential = await signer.sign({
    ...(await createCredential({ id: url, list, statusPurpose: 'revocation' })),
    issuer: signer.did,
    validFrom: '2026-01-01T00:00:00Z',
  })
  const entry = (index: number): JsonObject => ({
    id: `${url}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential: url,
  })
  return { credential, entry }
}
