/**
 * The issuer tests' usual setup, written once: a key in the Tessera KMS and its did:key, an `Issuer` of
 * that DID on a store at a fixed clock, and membership rows to issue in a batch.
 */
import {
  type BatchRow,
  type CredentialSigner,
  Issuer,
  type IssuerOptions,
  type IssuerStore,
} from '@tessera/issuer'
import { buildMembershipCredential, type JsonObject } from '@tessera/schema'
import { didKeyOf, kmsSigner, TesseraKeyManagementSystem } from '@tessera/veramo'
import { MemoryPrivateKeyStore } from '@veramo/key-manager'

/** The clock issuer tests run at, whatever today's date. */
export const NOW = new Date('2026-06-01T00:00:00Z')

/** Where the tests' status lists are published. */
export const STATUS_BASE_URL = 'https://guild.example/status'

export interface KmsIssuer {
  kms: TesseraKeyManagementSystem
  did: string
  verificationMethod: string
  signer: CredentialSigner
}

/**
 * An Ed25519 key in a memory KMS (imported from `privateKeyHex`, for a child process that must sign as
 * its parent; else new), its did:key and a signer over it.
 */
export async function kmsIssuer(privateKeyHex?: string): Promise<KmsIssuer> {
  const kms = new TesseraKeyManagementSystem(new MemoryPrivateKeyStore())
  const key =
    privateKeyHex === undefined
      ? await kms.createKey({ type: 'Ed25519' })
      : await kms.importKey({ type: 'Ed25519', privateKeyHex })
  const { did, verificationMethod } = didKeyOf(key)
  return { kms, did, verificationMethod, signer: kmsSigner(kms, key, { issuer: did, verificationMethod }) }
}

/** An Issuer signing with `signer` on `store`, at NOW, publishing its lists at STATUS_BASE_URL. */
export function issuerOn(
  store: IssuerStore,
  signer: CredentialSigner,
  options: Partial<Omit<IssuerOptions, 'store' | 'signer'>> = {},
): Issuer {
  return new Issuer({ store, signer, clock: () => NOW, statusBaseUrl: STATUS_BASE_URL, ...options })
}

/** The 2026 membership of `did:example:member-<i>`, issued by `issuer`. */
export function membership(issuer: string, i: number): JsonObject {
  return buildMembershipCredential({
    issuer: { id: issuer, name: 'Guild of Bookbinders' },
    recipient: { did: `did:example:member-${i}` },
    achievement: { id: 'https://guild.example/membership' },
    term: { name: '2026', start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  }) as unknown as JsonObject
}

/**
 * `count` membership rows of a batch (`M-<i>|membership|2026`, recipient `M-<i>`), VC-JWTs unless
 * `options` say otherwise: the same keys in every run, as a re-run of one members sheet has.
 */
export function* membershipRows(
  issuer: string,
  count: number,
  options: BatchRow['options'] = {},
): Iterable<BatchRow> {
  for (let i = 0; i < count; i++)
    yield {
      key: `M-${i}|membership|2026`,
      credential: membership(issuer, i),
      options: { format: 'jwt', recipient: `M-${i}`, ...options },
    }
}

/** How many rows a store's ledger holds (every row, read through `rows()`). */
export async function ledgerRowCount(store: Pick<IssuerStore, 'rows'>): Promise<number> {
  let n = 0
  for await (const _ of store.rows()) n++
  return n
}
