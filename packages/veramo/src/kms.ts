/**
 * A Veramo key management system that signs with Node's own crypto (OpenSSL): Ed25519 for EdDSA and
 * Data Integrity, P-256 for ES256, RSA for RS256. Veramo's `kms-local` signs in JavaScript, several
 * times slower, and has no RSA. Private keys live in any `AbstractPrivateKeyStore` (sealed at rest by
 * that store); a key once loaded is kept as a `KeyObject`, so signing does not parse it again.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { IKey, ManagedKeyInfo, MinimalImportableKey, TKeyType } from '@veramo/core-types'
import { AbstractKeyManagementSystem, type AbstractPrivateKeyStore } from '@veramo/key-manager'
import { fail } from './errors.js'
import {
  KEY_ALGORITHMS,
  keyType,
  privateKeyHex,
  privateKeyObject,
  publicKeyHex,
  signWithKey,
  signWithKeyInBackground,
  type TesseraKeyType,
} from './key-objects.js'

export { KEY_ALGORITHMS, publicJwk, type TesseraKeyType } from './key-objects.js'

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
    inBackground = false,
  }: {
    keyRef: Pick<IKey, 'kid'>
    algorithm?: string
    data: Uint8Array
    /** Sign on libuv's thread pool, the calling thread going on meanwhile (a batch's many rows in flight). */
    inBackground?: boolean
  }): Promise<Buffer> {
    const { type, key } = await this.load(keyRef.kid)
    const alg = algorithm ?? (KEY_ALGORITHMS[type][0] as string)
    if (!KEY_ALGORITHMS[type].includes(alg))
      fail('ALGORITHM_NOT_SUPPORTED', `a ${type} key does not sign ${alg}`)
    return inBackground ? signWithKeyInBackground(type, key, data) : signWithKey(type, key, data)
  }

  async sharedSecret(): Promise<string> {
    return fail('ALGORITHM_NOT_SUPPORTED', 'this key management system signs; it does not agree keys')
  }
}
