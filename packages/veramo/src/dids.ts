/**
 * The DIDs of a Veramo key: did:key (Ed25519, P-256), did:jwk (any key, RSA included) and did:web, whose
 * document this module writes from the identifier's keys (oldest first: the last one signs).
 */
import { base58 } from '@scure/base'
import type { JsonObject } from '@tessera/schema'
import type { IKey } from '@veramo/core-types'
import { publicJwk, type TesseraKeyType } from './key-objects.js'

export const MULTICODEC: Partial<Record<TesseraKeyType, number[]>> = {
  Ed25519: [0xed, 0x01],
  Secp256r1: [0x80, 0x24],
}

export interface KeyDid {
  did: string
  /** The verification method a proof names. */
  verificationMethod: string
}

/** The key's `publicKeyMultibase` (Ed25519 or compressed P-256), or undefined for RSA. */
export function multikeyOf(key: Pick<IKey, 'type' | 'publicKeyHex'>): string | undefined {
  const prefix = MULTICODEC[key.type as TesseraKeyType]
  if (prefix === undefined) return undefined
  return `z${base58.encode(Uint8Array.from([...prefix, ...Buffer.from(key.publicKeyHex, 'hex')]))}`
}

/** `did:key:z...` of an Ed25519 or P-256 key; its verification method is `<did>#<multibase>`. */
export function didKeyOf(key: Pick<IKey, 'type' | 'publicKeyHex'>): KeyDid {
  const multibase = multikeyOf(key)
  if (multibase === undefined)
    throw new TypeError(`did:key is made for Ed25519 and P-256 keys, not ${key.type}: use did:jwk or did:web`)
  return { did: `did:key:${multibase}`, verificationMethod: `did:key:${multibase}#${multibase}` }
}

/** `did:jwk:...` of any key; its verification method is `<did>#0`. */
export function didJwkOf(key: Pick<IKey, 'type' | 'publicKeyHex'>): KeyDid {
  const did = `did:jwk:${Buffer.from(JSON.stringify(publicJwk(key))).toString('base64url')}`
  return { did, verificationMethod: `${did}#0` }
}

/** A did:web key's fragment (`key-1`, `key-2`, ...), kept in the key's metadata; `key-1` when it has none. */
export function webKeyFragment(key: Pick<IKey, 'meta'>): string {
  const fragment = (key.meta as { fragment?: unknown } | null | undefined)?.fragment
  return typeof fragment === 'string' ? fragment : 'key-1'
}

/** The keys of a did:web identifier, oldest first: the last one signs. */
export function webKeysInOrder<K extends Pick<IKey, 'meta'>>(keys: readonly K[]): K[] {
  const rank = (key: K) => Number(webKeyFragment(key).slice('key-'.length))
  return [...keys].sort((a, b) => rank(a) - rank(b))
}

/**
 * The did:web document to serve at `https://<domain>/.well-known/did.json`: every key of the identifier,
 * old ones included (credentials they signed still verify), as Multikey (Ed25519, P-256) or JsonWebKey
 * (RSA), for assertion (credentials) and authentication.
 */
export function didWebDocument(
  did: string,
  keys: readonly Pick<IKey, 'type' | 'publicKeyHex' | 'meta'>[],
): JsonObject {
  const methods = webKeysInOrder(keys).map((key) => {
    const id = `${did}#${webKeyFragment(key)}`
    const multibase = multikeyOf(key)
    return multibase === undefined
      ? { id, type: 'JsonWebKey', controller: did, publicKeyJwk: { ...publicJwk(key) } }
      : { id, type: 'Multikey', controller: did, publicKeyMultibase: multibase }
  })
  const ids = methods.map((m) => m.id)
  return {
    '@context': [
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1',
      'https://w3id.org/security/jwk/v1',
    ],
    id: did,
    verificationMethod: methods,
    assertionMethod: ids,
    authentication: ids,
  }
}
