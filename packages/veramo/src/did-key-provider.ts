/**
 * did:key identifiers for Veramo's DID manager, Ed25519 and P-256: Veramo's own did:key provider knows no
 * P-256 and silently makes an Ed25519 key instead.
 */
import type { IAgentContext, IIdentifier, IKeyManager } from '@veramo/core-types'
import { AbstractIdentifierProvider } from '@veramo/did-manager'
import { didKeyOf, MULTICODEC } from './dids.js'
import type { TesseraKeyType } from './kms.js'

/** `new DIDManager({ providers: { 'did:key': new TesseraKeyDIDProvider('tessera') }, ... })` */
export class TesseraKeyDIDProvider extends AbstractIdentifierProvider {
  constructor(private readonly defaultKms: string) {
    super()
  }

  async createIdentifier(
    { kms, options }: { kms?: string; options?: { keyType?: TesseraKeyType } },
    context: IAgentContext<IKeyManager>,
  ): Promise<Omit<IIdentifier, 'provider'>> {
    const type = options?.keyType ?? 'Ed25519'
    if (MULTICODEC[type] === undefined)
      throw new TypeError(`did:key is made for Ed25519 and P-256 keys, not ${type}`)
    const key = await context.agent.keyManagerCreate({ kms: kms ?? this.defaultKms, type })
    return { did: didKeyOf(key).did, controllerKeyId: key.kid, keys: [key], services: [] }
  }

  async deleteIdentifier(identifier: IIdentifier, context: IAgentContext<IKeyManager>): Promise<boolean> {
    for (const { kid } of identifier.keys) await context.agent.keyManagerDelete({ kid })
    return true
  }

  updateIdentifier(): Promise<never> {
    return Promise.reject(new TypeError('a did:key cannot change'))
  }

  addKey(): Promise<never> {
    return Promise.reject(new TypeError('a did:key is its key: it takes no other'))
  }

  removeKey(): Promise<never> {
    return this.addKey()
  }

  addService(): Promise<never> {
    return Promise.reject(new TypeError('a did:key has no services'))
  }

  removeService(): Promise<never> {
    return this.addService()
  }
}
