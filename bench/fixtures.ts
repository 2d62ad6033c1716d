/**
 * What the issuing and verifying benchmarks share: one Open Badges 3.0 membership credential, and the
 * keys and agents each contender signs and verifies with. Keys are made fresh for each run.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { documentLoader } from '@tessera/proofs/contexts'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import {
  createAgent,
  type ICredentialPlugin,
  type IDIDManager,
  type IKeyManager,
  type IResolver,
} from '@veramo/core'
import { CredentialProviderJWT } from '@veramo/credential-jwt'
import { CredentialPlugin } from '@veramo/credential-w3c'
import { DIDManager, MemoryDIDStore } from '@veramo/did-manager'
import { getDidKeyResolver, KeyDIDProvider } from '@veramo/did-provider-key'
import { DIDResolverPlugin } from '@veramo/did-resolver'
import { KeyManager, MemoryKeyStore, MemoryPrivateKeyStore } from '@veramo/key-manager'
import { KeyManagementSystem } from '@veramo/kms-local'

/** The credential every contender signs: what an association issues to a member. */
export function membership(issuer: string): JsonObject {
  return buildMembershipCredential({
    issuer: { id: issuer, name: 'Guild of Bookbinders' },
    recipient: { email: 'ada@example.org' },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject
}

/** A moment inside the credential's term, so that every verification judges the same dates. */
export const NOW = new Date('2026-06-01T00:00:00Z')

/** Tessera's issuing setup: an Ed25519 key in its KMS, its did:key, and a signer over it. */
export async function tesseraIssuer() {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key = await kms.createKey({ type: 'Ed25519' })
  const { did, verificationMethod } = didKeyOf(key)
  const signer = kmsSigner(kms, key, { issuer: did, verificationMethod })
  return { kms, key, did, verificationMethod, signer }
}

/** A bare node:crypto Ed25519 key pair: the limit any signer over OpenSSL can reach. */
export function bareKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519')
}

export type VeramoAgent = ReturnType<typeof veramoAgentType>
function veramoAgentType() {
  return createAgent<IKeyManager & IDIDManager & IResolver & ICredentialPlugin>({ plugins: [] })
}

/**
 * A Veramo 7 agent as its documentation sets one up for VC-JWTs: kms-local keys, a did:key identifier,
 * the did:key resolver, and the W3C credential plugin with the JWT provider.
 */
export async function veramoAgent(): Promise<{ agent: VeramoAgent; did: string }> {
  const agent = createAgent<IKeyManager & IDIDManager & IResolver & ICredentialPlugin>({
    plugins: [
      new KeyManager({
        store: new MemoryKeyStore(),
        kms: { local: new KeyManagementSystem(new MemoryPrivateKeyStore()) },
      }),
      new DIDManager({
        store: new MemoryDIDStore(),
        defaultProvider: 'did:key',
        providers: { 'did:key': new KeyDIDProvider({ defaultKms: 'local' }) },
      }),
      new DIDResolverPlugin({ ...getDidKeyResolver() }),
      new CredentialPlugin([new CredentialProviderJWT()]),
    ],
  })
  const identifier = await agent.didManagerCreate({ provider: 'did:key', options: { keyType: 'Ed25519' } })
  return { agent, did: identifier.did }
}

/** Digital Bazaar's issuing setup: an Ed25519 multikey with its did:key, and a loader for its key. */
export async function digitalBazaarIssuer() {
  const keyPair = await Ed25519Multikey.generate()
  const did = `did:key:${keyPair.publicKeyMultibase}`
  keyPair.controller = did
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`
  return { keyPair, did }
}

/**
 * A document loader for @digitalbazaar/vc: the bundled contexts, plus the did:key document and its
 * key (as Digital Bazaar's did:key driver would make them), so that it verifies without a network.
 */
export function loaderWithKey(did: string, methodId: string) {
  const multibase = did.slice('did:key:'.length)
  const key = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: methodId,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: multibase,
  }
  const controller = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [key],
    assertionMethod: [methodId],
    authentication: [methodId],
  }
  return async (url: string) =>
    url === methodId
      ? { documentUrl: url, document: key }
      : url === did
        ? { documentUrl: url, document: controller }
        : documentLoader(url)
}
