/**
 * A Veramo key management system that signs with Node's own crypto (OpenSSL): Ed25519 for EdDSA and
 * Data Integrity, P-256 for ES256, RSA for RS256. Veramo's `kms-local` signs in JavaScript, several
 * times slower, and has no RSA. Private keys live in any `AbstractPrivateKeyStore` (sealed at rest by
 * that store); a key once loaded is kept as a `KeyObject`, so signing does not parse it again.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import type { PublicJwk } from '@tessera/proofs'
import { TesseraError } from '@tessera/schema'
import type { IKey, ManagedKeyInfo, MinimalImportableKey, TKeyType } from '@veramo/core-types'
import { AbstractKeyManagementSystem, type AbstractPrivateKeyStore } from '@veramo/key-manager'
import { fail } from './errors.js'

/** Key types this KMS makes: Veramo's names, plus RSA (for which Veramo has none). */
export type TesseraKeyType = 'Ed25519' | 'Secp256r1' | 'RSA'

/** The JOSE algorithms each key type signs with; the first is the default. */
export const KEY_ALGORITHMS: Record<TesseraKeyType, readonly string[]> = {
  Ed25519: ['EdDSA', 'Ed25519'],
  Secp256r1: ['ES256'],
  RSA: ['RS256'],
}

function keyType(type: TKeyType): TesseraKeyType {
  if (type === 'Ed25519' || type === 'Secp256r1' || type === 'RSA') return type as TesseraKeyType
  return fail('UNSUPPORTED_KEY_TYPE', `key type ${type} is not supported (Ed25519, Secp256r1 and RSA are)`)
}

// DER prefixes that wrap a raw private key into a structure OpenSSL reads.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')
const P256_SEC1 = [
  Buffer.from('30310201010420', 'hex'),
  Buffer.from('a00a06082a8648ce3d030107', 'hex'),
] as const

/**
 * Veramo's hex form of private keys: Ed25519 as its 32-byte seed (kms-local appends the public key:
 * accepted), P-256 as its 32-byte scalar, RSA as PKCS#8 DER.
 */
function privateKeyObject(type: TesseraKeyType, privateKeyHex: string): KeyObject {
  const bytes = Buffer.from(privateKeyHex, 'hex')
  try {
    switch (type) {
      case 'Ed25519':
        if (bytes.length !== 32 && bytes.length !== 64)
          fail('INVALID_KEY', 'an Ed25519 private key is 32 bytes')
        return createPrivateKey({
          key: Buffer.concat([ED25519_PKCS8, bytes.subarray(0, 32)]),
          format: 'der',
          type: 'pkcs8',
        })
      case 'Secp256r1':
        if (bytes.length !== 32) fail('INVALID_KEY', 'a P-256 private key is 32 bytes')
        return createPrivateKey({
          key: Buffer.concat([P256_SEC1[0], bytes, P256_SEC1[1]]),
          format: 'der',
          type: 'sec1',
        })
      case 'RSA':
        return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
    }
  } catch (error) {
    if (error instanceof TesseraError) throw error
    return fail('INVALID_KEY', `the ${type} private key cannot be read`)
  }
}

function privateKeyHex(type: TesseraKeyType, key: KeyObject): string {
  if (type === 'RSA') return key.export({ format: 'der', type: 'pkcs8' }).toString('hex')
  return Buffer.from(key.export({ format: 'jwk' }).d as string, 'base64url').toString('hex')
}

/**
 * Veramo's hex form of public keys: Ed25519 raw (32 bytes), P-256 compressed (33 bytes, as kms-local),
 * RSA as SPKI DER.
 */
function publicKeyHex(type: TesseraKeyType, key: KeyObject): string {
  const publicKey = createPublicKey(key)
  if (type === 'RSA') return publicKey.export({ format: 'der', type: 'spki' }).toString('hex')
  const jwk = publicKey.export({ format: 'jwk' })
  const x = Buffer.from(jwk.x as string, 'base64url')
  if (type === 'Ed25519') return x.toString('hex')
  const y = Buffer.from(jwk.y as string, 'base64url')
  return Buffer.concat([Buffer.from([0x02 | ((y[31] as number) & 1)]), x]).toString('hex')
}

/** The public key of a Veramo key as a JWK, for DID documents and verifiers. */
export function publicJwk(key: Pick<IKey, 'type' | 'publicKeyHex'>): PublicJwk {
  const bytes = Buffer.from(key.publicKeyHex, 'hex')
  switch (keyType(key.type)) {
    case 'Ed25519':
      return { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }
    case 'RSA': {
      const jwk = createPublicKey({ key: bytes, format: 'der', type: 'spki' }).export({ format: 'jwk' })
      return { kty: 'RSA', n: jwk.n as string, e: jwk.e as string }
    }
    case 'Secp256r1': {
      const spki = Buffer.concat([
        Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'),
        bytes,
      ])
      const jwk = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' })
      return { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string }
    }
  }
}

export class TesseraKeyManagementSystem extends AbstractKeyManagementSystem {
  private readonly loaded = new Map<string, { type: TesseraKeyType; key: KeyObject }>()

  constructor(private readonly store: AbstractPrivateKeyStore) {
    super()
  }

  private info(kid: string, type: TesseraKeyType, key: KeyObject): ManagedKeyInfo {
    return {
      kid,
      kms: '',
      type,
      publicKeyHex: publicKeyHex(type, key),
      meta: { algorithms: [...KEY_ALGORITHMS[type]] },
    }
  }

  async createKey({ type, kid }: { type: TKeyType; kid?: string }): Promise<ManagedKeyInfo> {
    const kind = keyType(type)
    const { privateKey } =
      kind === 'Ed25519'
        ? generateKeyPairSync('ed25519')
        : kind === 'Secp256r1'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : generateKeyPairSync('rsa', { modulusLength: 2048 })
    return this.importKey({
      type: kind,
      privateKeyHex: privateKeyHex(kind, privateKey),
      ...(kid === undefined ? {} : { kid }),
    })
  }

  async importKey(args: Omit<MinimalImportableKey, 'kms'>): Promise<ManagedKeyInfo> {
    const kind = keyType(args.type)
    const key = privateKeyObject(kind, args.privateKeyHex)
    const kid = args.kid ?? publicKeyHex(kind, key)
    await this.store.importKey({ alias: kid, type: kind, privateKeyHex: args.privateKeyHex })
    this.loaded.set(kid, { type: kind, key })
    return this.info(kid, kind, key)
  }

  async listKeys(): Promise<ManagedKeyInfo[]> {
    const keys = await this.store.listKeys({})
    return keys.map((k) => {
      const kind = keyType(k.type)
      return this.info(k.alias, kind, privateKeyObject(kind, k.privateKeyHex))
    })
  }

  async deleteKey({ kid }: { kid: string }): Promise<boolean> {
    this.loaded.delete(kid)
    return this.store.deleteKey({ alias: kid })
  }

  private async load(kid: string): Promise<{ type: TesseraKeyType; key: KeyObject }> {
    const cached = this.loaded.get(kid)
    if (cached !== undefined) return cached
    let stored: Awaited<ReturnType<AbstractPrivateKeyStore['getKey']>>
    try {
      stored = await this.store.getKey({ alias: kid })
    } catch {
      return fail('KEY_NOT_FOUND', `no key ${kid} in this key store`)
    }
    const type = keyType(stored.type)
    const entry = { type, key: privateKeyObject(type, stored.privateKeyHex) }
    this.loaded.set(kid, entry)
    return entry
  }

  /** Signs `data`; returns the signature in base64url, as Veramo's key managers do (JOSE form for ES256). */
  async sign({
    keyRef,
    algorithm,
    data,
  }: {
    keyRef: Pick<IKey, 'kid'>
    algorithm?: string
    data: Uint8Array
  }): Promise<string> {
    return (
      await this.signBytes({ keyRef, ...(algorithm === undefined ? {} : { algorithm }), data })
    ).toString('base64url')
  }

  /** Signs `data` and returns the signature's bytes (JOSE form for ES256): `sign` without the base64url round trip. */
  async signBytes({
    keyRef,
    algorithm,
    data,
  }: {
    keyRef: Pick<IKey, 'kid'>
    algorithm?: string
    data: Uint8Array
  }): Promise<Buffer> {
    const { type, key } = await this.load(keyRef.kid)
    const alg = algorithm ?? (KEY_ALGORITHMS[type][0] as string)
    if (!KEY_ALGORITHMS[type].includes(alg))
      fail('ALGORITHM_NOT_SUPPORTED', `a ${type} key does not sign ${alg}`)
    return type === 'Ed25519'
      ? sign(null, data, key)
      : type === 'Secp256r1'
        ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
        : sign('sha256', data, key)
  }

  async sharedSecret(): Promise<string> {
    return fail('ALGORITHM_NOT_SUPPORTED', 'this key management system signs; it does not agree keys')
  }
}
