/**
 * The issuer's Veramo agent on its store folder: keys and DIDs in `<dir>/tessera.db` through
 * `@veramo/data-store` (private keys sealed with Veramo's SecretBox), signing through the Tessera KMS,
 * and the status lists and ledger in the same database.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { CredentialSigner } from '@tessera/proofs'
import { type JsonObject, TesseraError } from '@tessera/schema'
import { createAgent, type IDIDManager, type IIdentifier, type IKeyManager, type TAgent } from '@veramo/core'
import { DIDStore, Entities, KeyStore, migrations, PrivateKey, PrivateKeyStore } from '@veramo/data-store'
import { DIDManager } from '@veramo/did-manager'
import { WebDIDProvider } from '@veramo/did-provider-web'
import { KeyManager } from '@veramo/key-manager'
import { SecretBox } from '@veramo/kms-local'
import { DataSource } from 'typeorm'
import { didKeyOf, didWebDocument, TesseraKeyDIDProvider, webKeyFragment, webKeysInOrder } from './dids.js'
import { fail } from './errors.js'
import { TesseraKeyManagementSystem, type TesseraKeyType } from './kms.js'
import { kmsSigner } from './kms-signer.js'
import { PostgresIssuerStore } from './postgres-store.js'
import { assertPrivate } from './private-files.js'
import { SqliteIssuerStore } from './sqlite-store.js'
import type { IssuerStore, StoreErrorCode } from './store.js'
import { sqliteStoreError } from './store-errors.js'

export type AgentErrorCode =
  | 'INVALID_SECRET'
  | 'WRONG_SECRET'
  | 'SECRET_REQUIRED'
  | 'NO_ISSUER_DID'
  | 'INVALID_DID_CHOICE'
  | 'ROTATION_NEEDS_DID_WEB'
  | 'UNKNOWN_KEY'
  | 'KEY_IN_USE'

export const KMS_NAME = 'tessera'
const SECRET_FILE = 'secret.key'

function needsDidWeb(identifier: IIdentifier): void {
  if (!identifier.did.startsWith('did:web:'))
    fail('ROTATION_NEEDS_DID_WEB', `${identifier.did} is its key: only a did:web identifier changes keys`)
}

/**
 * The secret that seals private keys: `TESSERA_SECRET`, or `<dir>/secret.key` (made on first use, mode
 * 0600, unless `create` is false: a store that holds sealed keys already gets no new secret, which could
 * not open them, but SECRET_REQUIRED). It is never printed, logged or put in an error.
 */
export async function loadSecret(
  dir: string,
  env: Record<string, string | undefined> = process.env,
  { create = true }: { create?: boolean } = {},
): Promise<string> {
  const given = env.TESSERA_SECRET
  const file = join(dir, SECRET_FILE)
  let secret: string
  if (given !== undefined && given !== '') secret = given.trim()
  else if (existsSync(file)) secret = readFileSync(file, 'utf8').trim()
  else if (!create)
    fail(
      'SECRET_REQUIRED',
      `the keys of ${dir} are sealed with a secret that is not here: set TESSERA_SECRET to the secret the store was made with, or put its secret.key back from the backup (a new secret would not open them)`,
    )
  else {
    secret = await SecretBox.createSecretKey()
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  }
  if (!/^[0-9a-fA-F]{64}$/.test(secret)) {
    fail('INVALID_SECRET', `the secret (${given ? 'TESSERA_SECRET' : file}) is not 64 hexadecimal characters`)
  }
  return secret
}

/** `key` (did:key) or `web:<domain>[:path]` (did:web, served from that domain). */
export type DidChoice = 'key' | `web:${string}`

export interface IssuerAgent {
  agent: TAgent<IKeyManager & IDIDManager>
  kms: TesseraKeyManagementSystem
  store: IssuerStore
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

const DOMAIN =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(%3A[0-9]+)?(:[A-Za-z0-9._~-]+)*$/

/**
 * Opens (or creates, mode 0700) the issuer's store folder. WRONG_SECRET when the secret does not open its
 * keys, SECRET_REQUIRED when none is given for a store with keys, STORE_PERMISSIONS_TOO_OPEN when group or
 * others can read its secret or database (or write the folder): the message says the chmod.
 */
export async function openIssuerAgent(
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Promise<IssuerAgent> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const url = env.DATABASE_URL
  const database = join(dir, 'tessera.db')
  // The database's own files are checked as the SQLite store opens them; the secret and the folder here.
  assertPrivate(
    url === undefined || url === '' ? [join(dir, SECRET_FILE), database] : [join(dir, SECRET_FILE)],
    dir,
  )
  // One database for keys, DIDs, status lists and ledger: PostgreSQL when DATABASE_URL is set.
  const store: IssuerStore =
    url === undefined || url === '' ? new SqliteIssuerStore(database) : await PostgresIssuerStore.open(url)
  const veramo = { entities: Entities, migrations, migrationsRun: true, synchronize: false, logging: false }
  let db: DataSource
  try {
    db = await new DataSource(
      url === undefined || url === ''
        ? { type: 'better-sqlite3', database, ...veramo }
        : { type: 'postgres', url, ...veramo, migrationsTransactionMode: 'each' },
    ).initialize()
  } catch (error) {
    await store.close()
    // SQLite: a full disk, a damaged file, ... as the store names them.
    const known = url === undefined || url === '' ? sqliteStoreError(error, database) : undefined
    if (known !== undefined) throw known
    const password = url ? decodeURIComponent(new URL(url).password) : ''
    const why = String((error as Error).message)
    throw new TesseraError<StoreErrorCode>(
      'STORE_UNREACHABLE',
      `cannot open the key store: ${password === '' ? why : why.replaceAll(password, '***')}`,
    )
  }
  let secret: string
  try {
    // Only a store without keys gets a new secret.key.
    const sealedBefore = await db.getRepository(PrivateKey).count()
    secret = await loadSecret(dir, env, { create: sealedBefore === 0 })
  } catch (error) {
    await db.destroy()
    await store.close()
    throw error
  }
  const privateKeys = new PrivateKeyStore(db, new SecretBox(secret))
  // Veramo's SecretBox opens a key sealed under another secret as an empty string.
  const sealed = await privateKeys.listKeys().catch(() => undefined)
  if (sealed === undefined || sealed.some((k) => k.privateKeyHex === '')) {
    await db.destroy()
    await store.close()
    fail(
      'WRONG_SECRET',
      `the secret does not open the keys of ${dir}: give the TESSERA_SECRET (or secret.key) this store was made with`,
    )
  }
  const kms = new TesseraKeyManagementSystem(privateKeys)
  const agent = createAgent<IKeyManager & IDIDManager>({
    plugins: [
      new KeyManager({ store: new KeyStore(db), kms: { [KMS_NAME]: kms } }),
      new DIDManager({
        store: new DIDStore(db),
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
    store,
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
      await store.close()
      await db.destroy()
    },
  }
}
