/**
 * An issuer's signer read straight from the agent's database, without the Veramo agent: the DID's keys
 * from Veramo's `key` table, the newest one's private key from `private-key`, opened with the secret
 * (Veramo's SecretBox is NaCl's secretbox, XSalsa20-Poly1305: a 24-byte nonce, then the box). What a
 * process that only signs needs (`tessera serve`): loading typeorm, Veramo's data store and agent took
 * about 2 s of its start. Read once, then the connection is closed; the key stays a `KeyObject`.
 * Imported as `@tessera/veramo/signer`, so that nothing of Veramo's runtime comes with it.
 */
import { xsalsa20poly1305 } from '@noble/ciphers/salsa'
import type { CredentialSigner } from '@tessera/proofs'
import type { JsonObject } from '@tessera/schema'
import type { IKey } from '@veramo/core-types'
import type { AgentDatabase } from './agent.js'
import { didKeyOf, didWebDocument, webKeyFragment, webKeysInOrder } from './dids.js'
import { fail, veramoError } from './errors.js'
import {
  KEY_ALGORITHMS,
  keyType,
  privateKeyObject,
  signWithKey,
  signWithKeyInBackground,
} from './key-objects.js'

export interface SealedSignerOptions {
  database: AgentDatabase
  /** The secret the private keys are sealed with (64 hexadecimal characters). */
  secret: string
  /** The issuer's DID, as the agent created it. */
  did: string
}

export interface SealedSigner {
  /** The signer of the DID's newest key, as `IssuerAgent.signerFor` gives it. */
  signer: CredentialSigner
  /** The did:web document of every key of the DID (old ones too); undefined for did:key. */
  didDocument: JsonObject | undefined
}

const NONCE_BYTES = 24
const SECRET = /^[0-9a-fA-F]{64}$/

interface KeyRow {
  kid: string
  kms: string
  type: string
  publicKeyHex: string
  meta: string | null
}

interface Rows {
  keys: KeyRow[]
  sealed: string | undefined
}

const KEYS_SQL = 'select "kid", "kms", "type", "publicKeyHex", "meta" from "key" where "identifierDid" = $did'
const PRIVATE_SQL = 'select "privateKeyHex" from "private-key" where "alias" = $alias'

/** The DID's key rows, and the sealed private key of the newest, from a SQLite file. */
async function sqliteRows(path: string, did: string): Promise<Rows> {
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    const keys = db.prepare(KEYS_SQL).all({ did }) as KeyRow[]
    const newest = webKeysInOrder(keys.map(asKey)).at(-1)
    const sealed =
      newest === undefined
        ? undefined
        : (db.prepare(PRIVATE_SQL).get({ alias: newest.kid }) as { privateKeyHex: string } | undefined)
            ?.privateKeyHex
    return { keys, sealed }
  } finally {
    db.close()
  }
}

/** The same from PostgreSQL, on one connection closed after. */
async function postgresRows(url: string, did: string): Promise<Rows> {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const keys = (await client.query<KeyRow>(KEYS_SQL.replace('$did', '$1'), [did])).rows
    const newest = webKeysInOrder(keys.map(asKey)).at(-1)
    const sealed =
      newest === undefined
        ? undefined
        : (await client.query<{ privateKeyHex: string }>(PRIVATE_SQL.replace('$alias', '$1'), [newest.kid]))
            .rows[0]?.privateKeyHex
    return { keys, sealed }
  } finally {
    await client.end()
  }
}

function asKey(row: KeyRow): IKey {
  return {
    kid: row.kid,
    kms: row.kms,
    type: row.type as IKey['type'],
    publicKeyHex: row.publicKeyHex,
    meta: row.meta === null ? null : (JSON.parse(row.meta) as IKey['meta']),
  }
}

/** Opens a key sealed by Veramo's SecretBox: hex of nonce and box; the plaintext is the key's hex. */
export function openSealedKey(sealedHex: string, secret: string): string {
  const bytes = Buffer.from(sealedHex, 'hex')
  let opened: Uint8Array
  try {
    opened = xsalsa20poly1305(Buffer.from(secret, 'hex'), bytes.subarray(0, NONCE_BYTES)).decrypt(
      bytes.subarray(NONCE_BYTES),
    )
  } catch {
    return fail(
      'WRONG_SECRET',
      'the secret does not open the keys sealed in this database: give the secret they were sealed with',
    )
  }
  return Buffer.from(opened).toString('utf8')
}

/**
 * Reads the signer of `did` from the agent's database. INVALID_SECRET for a secret that is not 64
 * hexadecimal characters, KEY_DATABASE_UNAVAILABLE when the database cannot be read (for SQLite, the
 * driver's error is its `cause`), NO_ISSUER_DID when the DID has no key there, WRONG_SECRET when the
 * secret does not open its private key.
 */
export async function openSealedSigner(options: SealedSignerOptions): Promise<SealedSigner> {
  const { database, secret, did } = options
  if (!SECRET.test(secret)) throw veramoError('INVALID_SECRET', 'the secret is not 64 hexadecimal characters')
  let rows: Rows
  try {
    rows =
      database.type === 'sqlite'
        ? await sqliteRows(database.path, did)
        : await postgresRows(database.url, did)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    // A PostgreSQL driver's error may quote the URL: neither it nor the error is kept.
    return fail(
      'KEY_DATABASE_UNAVAILABLE',
      database.type === 'sqlite'
        ? `cannot open the key database: ${why}`
        : 'cannot read the keys from PostgreSQL',
      database.type === 'sqlite' ? error : undefined,
    )
  }
  const keys = rows.keys.map(asKey)
  const key = webKeysInOrder(keys).at(-1)
  if (key === undefined || rows.sealed === undefined) return fail('NO_ISSUER_DID', `${did} has no key here`)
  const type = keyType(key.type)
  const privateKey = privateKeyObject(type, openSealedKey(rows.sealed, secret))
  const alg = KEY_ALGORITHMS[type][0] as CredentialSigner['alg']
  const web = did.startsWith('did:web:')
  return {
    signer: {
      issuer: did,
      verificationMethod: web ? `${did}#${webKeyFragment(key)}` : didKeyOf(key).verificationMethod,
      alg,
      sign: async (data) => signWithKey(type, privateKey, data),
      signInBackground: (data) => signWithKeyInBackground(type, privateKey, data),
    },
    didDocument: web ? didWebDocument(did, keys) : undefined,
  }
}
