/**
 * Issuing a credential that one request makes (a wallet's holder-bound copy) in one commit, where
 * `Issuer.issue` takes three (the pending row, its status indices, the completed row): under load each
 * commit is CPU of the service's one event loop (issue #17). The status indices are picked at random in
 * the open lists, the credential is signed and checked with them, and the signed row and its indices are
 * written in one transaction (`IssuerStore.issueCopy`): a crash leaves nothing of it, and an index
 * another credential took in the meantime means new indices and a new signature. Whatever this path does
 * not cover (a store without `issueCopy`, a key recorded already, no open list yet, a CLR, indices taken
 * again and again as a list fills) goes through `issue`, which handles all of it.
 */
import type { CredentialSigner } from '@tessera/proofs'
import {
  assertValidCredential,
  cloneJson,
  credentialVariant,
  isTesseraError,
  type JsonObject,
} from '@tessera/schema'
import { contextsForStatus, makeStatusEntry, type StatusListRecord } from '@tessera/status'
import type { CoreVerifier } from '@tessera/verifier'
import type { CopyIndices } from './copy-indices.js'
import { ledgerFieldsOf } from './ledger-fields.js'
import { type ProofFormat, signChecked } from './self-check.js'
import type { IssuerStore, LedgerRow, StatusIndex } from './store.js'

/** Random picks that found a taken index before this gives the credential to `issue`. */
const ATTEMPTS = 3

/** What the one-commit path needs of the issuer. */
export interface OneCommitIssuer {
  store: IssuerStore
  signer: CredentialSigner
  verifier: CoreVerifier
  clock: () => Date
  /** The status indices copies are signed with (copy-indices.ts), kept from one copy to the next. */
  indices: CopyIndices
}

/** The options of `Issuer.issue` this path reads. */
export interface OneCommitOptions {
  format?: ProofFormat
  status?: 'bitstring' | 'statuslist2021' | 'none'
  suspension?: boolean
  key?: string
  recipient?: string
  copyOf?: string
}

export interface OneCommitIssued {
  credentialId: string
  credential: JsonObject | string
  row: LedgerRow
  existing: false
}

/** The open lists the credential's entries go to; undefined when one is missing (`issue` makes it). */
async function openLists(
  indices: CopyIndices,
  options: OneCommitOptions,
): Promise<StatusListRecord[] | undefined> {
  const choice = options.status ?? 'bitstring'
  if (choice === 'none') return []
  const type = choice === 'statuslist2021' ? 'StatusList2021' : 'BitstringStatusList'
  const purposes = options.suspension ? (['revocation', 'suspension'] as const) : (['revocation'] as const)
  const lists: StatusListRecord[] = []
  for (const purpose of purposes) {
    const list = await indices.openList({ type, purpose, statusSize: 1 })
    if (list === undefined || list.length > 2 ** 32) return undefined
    lists.push(list)
  }
  return lists
}

/**
 * The credential issued in one commit, or undefined when `issue` is to do it (nothing was written then).
 */
export async function issueInOneCommit(
  issuer: OneCommitIssuer,
  unsigned: JsonObject,
  options: OneCommitOptions,
): Promise<OneCommitIssued | undefined> {
  const issued = await tryOneCommit(issuer, unsigned, options)
  // To `issue`, which may fill a list and open the next one.
  if (issued === undefined) issuer.indices.forgetOpenLists()
  return issued
}

async function tryOneCommit(
  issuer: OneCommitIssuer,
  unsigned: JsonObject,
  options: OneCommitOptions,
): Promise<OneCommitIssued | undefined> {
  const { store } = issuer
  if (store.issueCopy === undefined) return undefined
  // A key recorded already (a request tried again after its copy was written) is not looked up first: the
  // store refuses the row as a duplicate (below), and `issue` finds what it recorded. One read fewer for
  // every copy, one signature more for such a retry.
  const draft = cloneJson(unsigned) as JsonObject
  delete draft.proof
  delete draft.credentialStatus
  if (credentialVariant(draft).kind === 'clr') return undefined
  assertValidCredential(draft as unknown)
  const lists = await openLists(issuer.indices, options)
  if (lists === undefined) return undefined
  const format = options.format ?? 'data-integrity'
  const credentialId = typeof draft.id === 'string' ? draft.id : `urn:uuid:${crypto.randomUUID()}`
  draft.id = credentialId
  // The three fields the ledger row needs, read alone (ledger-fields.ts), for every wallet flow (issue #17).
  const { subjectId, achievementId, validFrom, validUntil } = ledgerFieldsOf(draft)
  const contexts = draft['@context'] as unknown[]
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const claims: StatusIndex[] = []
    for (const list of lists) {
      const index = issuer.indices.pick(list)
      // No free index left in a list, as far as this process knows: `issue` finds one or marks it full.
      if (index === undefined) return undefined
      claims.push({ url: list.url, index })
    }
    const entries = lists.map(
      (list, i) =>
        makeStatusEntry({
          type: list.type,
          purpose: list.purpose,
          index: (claims[i] as StatusIndex).index,
          listUrl: list.url,
          statusSize: list.statusSize,
        }) as unknown as JsonObject,
    )
    const copy: JsonObject = { ...draft }
    if (entries.length > 0) {
      copy.credentialStatus = entries.length === 1 ? (entries[0] as JsonObject) : entries
      copy['@context'] = [
        ...contexts,
        ...contextsForStatus(contexts, entries as { type: string }[]),
      ] as JsonObject[]
    }
    const signed = await signChecked(copy, format, issuer.signer, issuer.verifier, issuer.clock())
    const row: LedgerRow = {
      credentialId,
      ...(options.key === undefined ? {} : { key: options.key }),
      recipient: options.recipient ?? subjectId ?? 'hashed recipient',
      achievementId: achievementId ?? '',
      validFrom,
      ...(validUntil === undefined ? {} : { validUntil }),
      state: 'active',
      format,
      credential: typeof signed === 'string' ? signed : JSON.stringify(signed),
      issuedAt: issuer.clock().toISOString(),
      ...(options.copyOf === undefined ? {} : { copyOf: options.copyOf }),
    }
    try {
      if (await store.issueCopy(row, claims))
        return { credentialId, credential: signed, row, existing: false }
      // An index was taken: the next picks in these lists come from their free indices.
      for (const list of lists) await issuer.indices.taken(list)
    } catch (error) {
      // Another request recorded this key in the meantime: `issue` finds what it recorded.
      if (isTesseraError(error) && error.code === 'DUPLICATE_CREDENTIAL' && options.key !== undefined)
        return undefined
      throw error
    }
  }
  return undefined
}
