/**
 * An issuer's Veramo agent on a database it is given (a SQLite file, or PostgreSQL): keys and DIDs through
 * `@veramo/data-store`, private keys sealed with Veramo's SecretBox, signing through the Tessera KMS, and
 * what an issuer does with its DIDs (did:key or did:web, the did:web document, rotating and removing keys).
 * `@tessera/issuer/node`'s store folder opens one beside its ledger, on the same database. The database
 * layer (typeorm and the data store) loads when an agent opens, not when this package is imported.
 */
import type { CredentialSigner } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import type { IDIDManager, IIdentifier, IKeyManager, TAgent } from '@veramo/core'
import { KeyManager } from '@veramo/key-manager'
import { TesseraKeyDIDProvider } from './did-key-provider.js'
import { didKeyOf, didWebDocument, webKeyFragment, webKeysInOrder } from './dids.js'
import { fail, veramoError } from './errors.js'
import { TesseraKeyManagementSystem, type TesseraKeyType } from './kms.js'
import { kmsSigner } from './kms-signer.js'

/** An issuer's DID with its keys, as Veramo's DID manager keeps it. */
export type IssuerIdentifier = IIdentifier

/** `key` (did:key) or `web:<domain>[:path]` (did:web, served from that domain). */
export type DidChoice = 'key' | `web:${string}`

/** Where the agent keeps its keys and DIDs: a SQLite file (better-sqlite3), or PostgreSQL (pg). */
export type AgentDatabase = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string }

export interface IssuerAgentOptions {
  database: AgentDatabase
  /**
   * The secret that seals the private keys (64 hexadecimal characters), or a function that gives it,
   * told whether the database holds sealed keys already (a new secret could never open those).
   */
  secret: string | ((sealedKeys: boolean) => string | Promise<string>)
}

export interface IssuerAgent {
  agent: TAgent<IKeyManager & IDIDManager>
  kms: TesseraKeyManagementSystem
  /** Creates a DID: did:key (Ed25519 default, or P-256) or did:web (any key type, RSA included). */
  createIdentifier(choice: DidChoice, keyType?: TesseraKeyType): Promise<IIdentifier>
  /** The signer of an identifier: its newest key (did:web) or its only one (did:key). */
  signerFor(identifier: IIdentifier): CredentialSigner
  /** The did:web document of the identifier (every key, old ones too); undefined for did:key. */
  didDocument(identifier: IIdentifier): JsonObject | undefined
  /** did:web: adds a new key that signs from now on; the old keys stay in the document for verification. */
  rotateKey(identifier: IIdentifier, keyType?: TesseraKeyType): Promise<IIdentifier>
  /**
   * did:web: takes a key (`key-1`, ...) out of the document and destroys its private key, as after a leak:
   * every credential it signed then fails to verify once the new did.json is published. The key that
   * signs now cannot be removed (KEY_IN_USE): rotate first.
   */
  removeKey(identifier: IIdentifier, fragment: string): Promise<IIdentifier>
  close(): Promise<void>
}

/** The name the agent's key manager knows the Tessera KMS by. */
const KMS_NAME = 'tessera'

const SECRET = /^[0-9a-fA-F]{64}$/

const DOMAIN =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(%3A[0-9]+)?(:[A-Za-z0-9._~-]+)*$/

function needsDidWeb(identifier: IIdentifier): void {
  if (!identifier.did.startsWith('did:web:'))
    fail('ROTATION_NEEDS_DID_WEB', `${identifier.did} is its key: only a did:web identifier changes keys`)
}

/** The message of a database error, without the password of a PostgreSQL URL. */
function withoutPassword(error: unknown, database: AgentDatabase): string {
  const why = error instanceof Error ? error.message : String(error)
  if (database.type !== 'postgres') return why
  let password = ''
  try {
    password = decodeURIComponent(new URL(database.url).password)
  } catch {}
  return password === '' ? why : why.replaceAll(password, '***')
}

/**
 * Opens the agent on `database` (creating Veramo's tables when missing). KEY_DATABASE_UNAVAILABLE when the
 * database cannot be opened (for SQLite, the driver's error is its `cause`), INVALID_SECRET for a secret
 * that is not 64 hexadecimal characters, WRONG_SECRET when it does not open the keys sealed there.
 */
export async function openIssuerAgent(options: IssuerAgentOptions): Promise<IssuerAgent> {
  const { database } = options
  const [{ DataSource }, store, { createAgent }, { DIDManager }, { WebDIDProvider }, { SecretBox }] =
    await Promise.all([
      import('typeorm'),
      import('@veramo/data-store'),
      import('@veramo/core'),
      import('@veramo/did-manager'),
      import('@veramo/did-provider-web'),
      import('@veramo/kms-local'),
    ])
  const veramo = {
    entities: store.Entities,
    migrations: store.migrations,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  }
  let db: InstanceType<typeof DataSource>
  try {
    db = await new DataSource(
      database.type === 'sqlite'
        ? { type: 'better-sqlite3', database: database.path, ...veramo }
        : { type: 'postgres', url: database.url, ...veramo, migrationsTransactionMode: 'each' },
    ).initialize()
  } catch (error) {
    // A PostgreSQL driver's error may quote the URL: it is not kept. SQLite's says what failed (a full disk, ...).
    fail(
      'KEY_DATABASE_UNAVAILABLE',
      `cannot open the key database: ${withoutPassword(error, database)}`,
      database.type === 'sqlite' ? error : undefined,
    )
  }
  const closing = async (error: unknown): Promise<never> => {
    await db.destroy()
    throw error
  }
  let secret: string
  try {
    const sealed = (await db.getRepository(store.PrivateKey).count()) > 0
    secret = typeof options.secret === 'string' ? options.secret : await options.secret(sealed)
  } catch (error) {
    return closing(error)
  }
  if (!SECRET.test(secret))
    await closing(veramoError('INVALID_SECRET', 'the secret is not 64 hexadecimal characters'))
  const privateKeys = new store.PrivateKeyStore(db, new SecretBox(secret))
  // Veramo's SecretBox opens a key sealed under another secret as an empty string.
  const opened = await privateKeys.listKeys().catch(() => undefined)
  if (opened === undefined || opened.some((k) => k.privateKeyHex === ''))
    await closing(
      veramoError(
        'WRONG_SECRET',
        'the secret does not open the keys sealed in this database: give the secret they were sealed with',
      ),
    )
  const kms = new TesseraKeyManagementSystem(privateKeys)
  const agent = createAgent<IKeyManager & IDIDManager>({
    plugins: [
      new KeyManager({ store: new store.KeyStore(db), kms: { [KMS_NAME]: kms } }),
      new DIDManager({
        store: new store.DIDStore(db),
        defaultProvider: 'did:key',
        providers: {
          'did:key': new TesseraKeyDIDProvider(KMS_NAME),
          'did:web': new WebDIDProvider({ defaultKms: KMS_NAME }),
        },
      }),
    ],
  })
  return {
    agent,
    kms,
    async createIdentifier(choice, keyType = 'Ed25519') {
      if (choice === 'key') {
        if (keyType === 'RSA')
          fail('INVALID_DID_CHOICE', 'did:key is made for Ed25519 and P-256 keys: use did:web for RSA')
        return agent.didManagerCreate({ provider: 'did:key', kms: KMS_NAME, options: { keyType } })
      }
      const domain = choice.slice('web:'.length)
      if (!choice.startsWith('web:') || !DOMAIN.test(domain))
        fail('INVALID_DID_CHOICE', `${JSON.stringify(choice)} is neither "key" nor "web:<domain>"`)
      return agent.didManagerCreate({
        provider: 'did:web',
        alias: domain,
        kms: KMS_NAME,
        options: { keyType },
      })
    },
    signerFor(identifier) {
      const key = webKeysInOrder(identifier.keys).at(-1)
      if (key === undefined) fail('NO_ISSUER_DID', `${identifier.did} has no key`)
      const verificationMethod = identifier.did.startsWith('did:web:')
        ? `${identifier.did}#${webKeyFragment(key)}`
        : didKeyOf(key).verificationMethod
      return kmsSigner(kms, key, { issuer: identifier.did, verificationMethod })
    },
    didDocument(identifier) {
      return identifier.did.startsWith('did:web:')
        ? didWebDocument(identifier.did, identifier.keys)
        : undefined
    },
    async rotateKey(identifier, keyType = 'Ed25519') {
      needsDidWeb(identifier)
      // Past the highest number in use: a removed key's fragment is never given to another key.
      const numbers = identifier.keys.map((k) => Number(webKeyFragment(k).slice('key-'.length)))
      const fragment = `key-${Math.max(0, ...numbers) + 1}`
      const key = await agent.keyManagerCreate({ kms: KMS_NAME, type: keyType, meta: { fragment } })
      await agent.didManagerAddKey({ did: identifier.did, key })
      return agent.didManagerGet({ did: identifier.did })
    },
    async removeKey(identifier, fragment) {
      needsDidWeb(identifier)
      const ordered = webKeysInOrder(identifier.keys)
      const key = ordered.find((k) => webKeyFragment(k) === fragment)
      if (key === undefined)
        fail(
          'UNKNOWN_KEY',
          `${identifier.did} has no key ${JSON.stringify(fragment)} (it has ${ordered.map(webKeyFragment).join(', ')})`,
        )
      if (key === ordered.at(-1))
        fail('KEY_IN_USE', `${fragment} is the key ${identifier.did} signs with: rotate to a new key first`)
      await agent.didManagerRemoveKey({ did: identifier.did, kid: key.kid })
      await agent.keyManagerDelete({ kid: key.kid })
      return agent.didManagerGet({ did: identifier.did })
    },
    async close() {
      await db.destroy()
    },
  }
}
