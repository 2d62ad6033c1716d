/**
 * An issuer's folder, as the CLI and the association example use it: `tessera.json` (its DID and where
 * its status lists are published), the secret, and the database. `initIssuer` makes it once;
 * `openIssuer` gives a ready `Issuer` on it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isJsonObject } from '@tessera/schema'
import { didWebUrl } from '@tessera/verifier'
import type { IIdentifier } from '@veramo/core'
import { type DidChoice, type IssuerAgent, openIssuerAgent } from './agent.js'
import { fail } from './errors.js'
import { Issuer } from './issuer.js'
import type { TesseraKeyType } from './kms.js'

export type FolderErrorCode = 'ALREADY_INITIALISED' | 'NOT_INITIALISED' | 'STATUS_URL_NEEDED'

const PROFILE = 'tessera.json'

export interface IssuerProfile {
  did: string
  /** Where the status lists are published: `<statusBaseUrl>/revocation-1.json`, ... */
  statusBaseUrl: string
}

export interface InitOptions {
  /** Default `key`. */
  did?: DidChoice
  /** Default Ed25519; Secp256r1 (P-256) signs ES256, RSA (did:web only) RS256. */
  keyType?: TesseraKeyType
  /** Default `https://<domain>/status` for did:web; needed for did:key. */
  statusBaseUrl?: string
}

type Env = Record<string, string | undefined>

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
  const opened = await openIssuerAgent(dir, env)
  try {
    const identifier = await opened.createIdentifier(choice, options.keyType)
    const profile: IssuerProfile = { did: identifier.did, statusBaseUrl: statusBaseUrl.replace(/\/+$/, '') }
    await writeFile(join(dir, `${PROFILE}.tmp`), `${JSON.stringify(profile, null, 2)}\n`)
    await rename(join(dir, `${PROFILE}.tmp`), join(dir, PROFILE))
    return profile
  } finally {
    await opened.close()
  }
}

export interface OpenedIssuer {
  issuer: Issuer
  agent: IssuerAgent
  identifier: IIdentifier
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
  return { did: profile.did, statusBaseUrl: profile.statusBaseUrl }
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
  const agent = await openIssuerAgent(dir, env)
  const identifier = await agent.agent.didManagerGet({ did: profile.did })
  const didDocument = agent.didDocument(identifier)
  const issuer = new Issuer({
    store: agent.store,
    signer: agent.signerFor(identifier),
    statusBaseUrl: profile.statusBaseUrl,
    ...(didDocument === undefined ? {} : { didDocument }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  })
  return { issuer, agent, identifier, profile, close: () => agent.close() }
}
