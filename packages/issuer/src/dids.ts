/** DIDs that carry their key: did:key (Ed25519, P-256) and did:jwk (any key, RSA included). */
import { base58 } from '@scure/base'
import type { IKey } from '@veramo/core-types'
import { publicJwk, type TesseraKeyType } from './kms.js'

const MULTICODEC: Partial<Record<TesseraKeyType, number[]>> = {
  Ed25519: [0xed, 0x01],
  Secp256r1: [0x80, 0x24],
}

export interface KeyDid {
  did: string
  /** The verification method a proof names. */
  verificationMethod: string
}

/** `did:key:z...` of an Ed25519 or P-256 key; its verification method is `<did>#<multibase>`. */
export function didKeyOf(key: Pick<IKey, 'type' | 'publicKeyHex'>): KeyDid {
  const prefix = MULTICODEC[key.type as TesseraKeyType]
  if (prefix === undefined)
    throw new TypeError(`did:key is made for Ed25519 and P-256 keys, not ${key.type}: use did:jwk`)
  const multibase = `z${base58.encode(Uint8Array.from([...prefix, ...Buffer.from(key.publicKeyHex, 'hex')]))}`
  return { did: `did:key:${multibase}`, verificationMethod: `did:key:${multibase}#${multibase}` }
}

/** `did:jwk:...` of any key; its verification method is `<did>#0`. */
export function didJwkOf(key: Pick<IKey, 'type' | 'publicKeyHex'>): KeyDid {
  const did = `did:jwk:${Buffer.from(JSON.stringify(publicJwk(key))).toString('base64url')}`
  return { did, verificationMethod: `${did}#0` }
}
