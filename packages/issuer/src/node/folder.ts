/**
 * An issuer's folder, as the CLI, the service and the association example use it: `tessera.json` (its DID
 * and where its status lists are published), the secret, and one database for the ledger, the status lists
 * and the keys: `<dir>/tessera.db` (SQLite), or PostgreSQL when `DATABASE_URL` says so. The store adapter
 * and the keys' Veramo agent (@tessera/veramo) load when a folder opens, the one driver it needs only:
 * installing for PostgreSQL never needs SQLite. `initIssuer` makes a folder once; `openIssuer` gives a
 * ready `Issuer` on it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CredentialSigner } from '@tessera/proofs'
import { errorCodeOf, isJsonObject, type JsonObject, TesseraError } from '@tessera/schema'
import type { DidChoice, IssuerAgent, IssuerIdentifier, TesseraKeyType } from '@tessera/veramo'
import { didWebUrl } from '@tessera/verifier'
import { fail, issuerError } from '../errors.js'
import { Issuer } from '../issuer.js'
import type { IssuerStore, StoreErrorCode } from '../store.js'
import { sqliteStoreError } from '../stores/sqlite-errors.js'
import { assertPrivate } from './private-files.js'
import { loadSecret, SECRET_FILE } from './secret.js'

const PROFILE = 'tessera.json'
const DATABASE = 'tessera.db'

export interface IssuerProfile {
  did: string
  /** Where the status lists are published: `<statusBaseUrl>/revocation-1.json`, ... */
  statusBaseUrl: string
  /**
   * The association's side of reminders and notices (`MembershipSettings`: name, email, renewal, and
   * optionally unsubscribe and language), as staff wrote it in tessera.json; checked where it is used.
   */
  membership?: JsonObject
}

export interface InitOptions {
  /** Default `key`. */
  did?: DidChoice
  /** Default Ed25519; Secp256r1 (P-256) signs ES256, RSA (did:web only) RS256. */
  keyType?: TesseraKeyType
  /** Default `https://<domain>/status` for did:web; needed for did:key. */
  statusBaseUrl?: string
}

export type Env = Record<string, string | undefined>

/** What to install for each module a folder loads when it opens. */
const INSTALL: Record<string, string> = {
  'better-sqlite3': 'the SQLite store (the default) needs better-sqlite3: npm install better-sqlite3',
  pg: 'a PostgreSQL store (DATABASE_URL) needs pg: npm install pg',
  '@tessera/veramo': 'a store folder keeps its keys with @tessera/veramo: npm install @tessera/veramo',
}

/** `load()`, with MODULE_NOT_INSTALLED when a module of INSTALL it needs is not installed. */
export async function loaded<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const missing = errorCodeOf(error) === 'ERR_MODULE_NOT_FOUND' ? /'([^']+)'/.exec(String(error)) : null
    const module = Object.keys(INSTALL).find((m) => missing?.[1] === m)
    if (module !== undefined) fail('MODULE_NOT_INSTALLED', INSTALL[module] as string, error)
    throw error
  }
}

/** The folder's store: SQLite in `<dir>/tessera.db`, or PostgreSQL when `DATABASE_URL` is set. */
async function openStore(dir: string, url: string | undefined): Promise<IssuerStore> {
  if (url === undefined) {
    const { SqliteIssuerStore } = await loaded(() => import('../stores/sqlite-store.js'))
    return new SqliteIssuerStore(join(dir, DATABASE))
  }
  const { PostgresIssuerStore } = await loaded(() => import('../stores/postgres-store.js'))
  return PostgresIssuerStore.open(url)
}

/** The agent's refusal as the folder's: where the database is, which secret, and the fix. */
function folderError(error: unknown, dir: string, url: string | undefined): unknown {
  const code = errorCodeOf(error)
  if (code === 'WRONG_SECRET')
    return issuerError(
      'WRONG_SECRET',
      `the secret does not open the keys of ${dir}: give the TESSERA_SECRET (or secret.key) this store was made with`,
    )
  if (code !== 'KEY_DATABASE_UNAVAILABLE' || !(error instanceof TesseraError)) return error
  // SQLite: a full disk, a damaged file, ... as the store names them.
  const known = url === undefined ? sqliteStoreError(error.cause, join(dir, DATABASE)) : undefined
  return known ?? new TesseraError<StoreErrorCode>('STORE_UNREACHABLE', error.message)
}

export interface Folder {
  store: IssuerStore
  agent: IssuerAgent
  close(): Promise<void>
}

/**
 * Opens (or creates, mode 0700) the folder's store and agent. WRONG_SECRET when the secret does not open
 * its keys, SECRET_REQUIRED when none is given for a store with keys, STORE_PERMISSIONS_TOO_OPEN when group
 * or others can read its secret or database (or write the folder): the message says the chmod.
 */
export async function openFolder(dir: string, env: Env): Promise<Folder> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const url = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL
  const database = join(dir, DATABASE)
  // The database's own files are checked as the SQLite store opens them; the secret and the folder here.
  assertPrivate(url === undefined ? [join(dir, SECRET_FILE), database] : [join(dir, SECRET_FILE)], dir)
  const { openIssuerAgent } = await loaded(() => import('@tessera/veramo'))
  const store = await openStore(dir, url)
  let agent: IssuerAgent
  try {
    agent = await openIssuerAgent({
      database: url === undefined ? { type: 'sqlite', path: database } : { type: 'postgres', url },
      // Only a store without keys gets a new secret.key.
      secret: (sealed) => loadSecret(dir, env, { create: !sealed }),
    })
  } catch (error) {
    await store.close()
    throw folderError(error, dir, url)
  }
  return {
    store,
    agent,
    async close() {
      await store.close()
      await agent.close()
    },
  }
}

/** Makes the issuer's DID in a new folder and records its profile. ALREADY_INITIALISED when there is one. */
export async function initIssuer(
  dir: string,
  options: InitOptions = {},
  env: Env = process.env,
): Promise<IssuerProfile> {
  if (existsSync(join(dir, PROFILE))) fail('ALREADY_INITIALISED', `${dir} holds an issuer already`)
  const choice = options.did ?? 'key'
  const statusBaseUrl =
    options.statusBaseUrl ??
    (choice.startsWith('web:')
      ? `${didWebUrl(`did:${choice}`).replace(/\/(\.well-known\/)?did\.json$/, '')}/status`
      : fail('STATUS_URL_NEEDED', 'a did:key issuer needs the URL its status lists will be published at'))
  const folder = await openFolder(dir, env)
  try {
    const identifier = await folder.agent.createIdentifier(choice, options.keyType)
    const profile: IssuerProfile = { did: identifier.did, statusBaseUrl: statusBaseUrl.replace(/\/+$/, '') }
    await writeFile(join(dir, `${PROFILE}.tmp`), `${JSON.stringify(profile, null, 2)}\n`)
    await rename(join(dir, `${PROFILE}.tmp`), join(dir, PROFILE))
    return profile
  } finally {
    await folder.close()
  }
}

export interface OpenedIssuer {
  issuer: Issuer
  /** The folder's store: ledger, status lists, communications. */
  store: IssuerStore
  /** The keys and DIDs (@tessera/veramo): rotate or remove a did:web key, the did:web document. */
  agent: IssuerAgent
  identifier: IssuerIdentifier
  profile: IssuerProfile
  close(): Promise<void>
}

/** The folder's profile; NOT_INITIALISED when `initIssuer` has not made one. */
export function readProfile(dir: string): IssuerProfile {
  const file = join(dir, PROFILE)
  if (!existsSync(file)) fail('NOT_INITIALISED', `${dir} holds no issuer: run tessera init --store ${dir}`)
  const profile = JSON.parse(readFileSync(file, 'utf8')) as unknown
  if (!isJsonObject(profile) || typeof profile.did !== 'string' || typeof profile.statusBaseUrl !== 'string')
    fail('NOT_INITIALISED', `${file} is not an issuer profile`)
  return {
    did: profile.did,
    statusBaseUrl: profile.statusBaseUrl,
    ...(isJsonObject(profile.membership) ? { membership: profile.membership } : {}),
  }
}

export interface OpenIssuerOptions {
  /** The issuer's clock (see `IssuerOptions.clock`). Default the system clock. */
  clock?: () => Date
}

/** Opens the folder's issuer, signing with its newest key. */
export async function openIssuer(
  dir: string,
  env: Env = process.env,
  options: OpenIssuerOptions = {},
): Promise<OpenedIssuer> {
  const profile = readProfile(dir)
  const folder = await openFolder(dir, env)
  try {
    const identifier = await folder.agent.agent.didManagerGet({ did: profile.did })
    const didDocument = folder.agent.didDocument(identifier)
    const issuer = new Issuer({
      store: folder.store,
      signer: folder.agent.signerFor(identifier),
      statusBaseUrl: profile.statusBaseUrl,
      ...(didDocument === undefined ? {} : { didDocument }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    })
    return { issuer, store: folder.store, agent: folder.agent, identifier, profile, close: folder.close }
  } catch (error) {
    await folder.close()
    throw error
  }
}

export interface SigningIssuer {
  issuer: Issuer
  /** The folder's store: ledger, status lists, communications. */
  store: IssuerStore
  profile: IssuerProfile
  /** The alg the issuer signs with (its newest key's). */
  signerAlg: CredentialSigner['alg']
  /** The did:web document of every key of the issuer; undefined for did:key. */
  didDocument: JsonObject | undefined
  close(): Promise<void>
}

/**
 * The folder's issuer for a process that only signs (`tessera serve`, `tessera offer`): its newest key is
 * read from the database and opened with the secret (`@tessera/veramo/signer`), without the Veramo agent,
 * typeorm and Veramo's data store, which `openIssuer` loads (about 2 s of a start). No key is made or
 * changed. The same codes as `openIssuer`: NOT_INITIALISED, SECRET_REQUIRED, WRONG_SECRET,
 * STORE_PERMISSIONS_TOO_OPEN, STORE_UNREACHABLE, MODULE_NOT_INSTALLED.
 */
export async function openSigningIssuer(
  dir: string,
  env: Env = process.env,
  options: OpenIssuerOptions = {},
): Promise<SigningIssuer> {
  const profile = readProfile(dir)
  const url = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL
  const database = join(dir, DATABASE)
  assertPrivate(url === undefined ? [join(dir, SECRET_FILE), database] : [join(dir, SECRET_FILE)], dir)
  const { openSealedSigner } = await loaded(() => import('@tessera/veramo/signer'))
  const store = await openStore(dir, url)
  try {
    const { signer, didDocument } = await openSealedSigner({
      database: url === undefined ? { type: 'sqlite', path: database } : { type: 'postgres', url },
      secret: loadSecret(dir, env, { create: false }),
      did: profile.did,
    }).catch((error: unknown) => {
      throw folderError(error, dir, url)
    })
    const issuer = new Issuer({
      store,
      signer,
      statusBaseUrl: profile.statusBaseUrl,
      ...(didDocument === undefined ? {} : { didDocument }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    })
    return { issuer, store, profile, signerAlg: signer.alg, didDocument, close: () => store.close() }
  } catch (error) {
    await store.close()
    throw error
  }
}
