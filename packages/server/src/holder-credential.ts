/**
 * The credential a wallet receives: a copy of the member's credential from the ledger (same issuer,
 * achievement, dates, recipient's identifiers), bound to the wallet's key by `credentialSubject.id` = the
 * holder's DID, with a new id and, once issued, status entries of its own. What the ledger's credential
 * proves about the member stays true of the copy; only the subject's id is the wallet's. Whether a
 * member still stands (active, not past `validUntil`) is decided here too: a revoked, suspended or
 * lapsed credential is never copied.
 */
import type { LedgerRow, LedgerStanding } from '@tessera/issuer'
import { credentialFromJwt, decodeJwt, isJsonObject, type JsonObject, parseJsonObject } from '@tessera/schema'
import { timeOrderedCredentialId } from './time-ordered-ids.js'

/** Ledger keys of wallet copies start with this: they are never offered again as a member's own. */
export const WALLET_KEY_PREFIX = 'oid4vci:'

/**
 * Whether the ledger row is a credential the member stands in at `now`, that an offer may carry; from the
 * row, or from its standing alone (`IssuerStore.standingOf`, read without the signed credential).
 */
export function isStanding(row: LedgerRow | LedgerStanding, now: number): boolean {
  const signed = 'signed' in row ? row.signed : row.credential !== undefined
  if (row.state !== 'active' || !signed) return false
  if (row.key?.startsWith(WALLET_KEY_PREFIX)) return false
  return row.validUntil === undefined || Date.parse(row.validUntil) > now
}

/** The ledger row's credential as signed (a VC-JWT's credential claims). */
function signedCredential(row: LedgerRow): JsonObject {
  const text = row.credential ?? ''
  return row.format === 'jwt' ? credentialFromJwt(decodeJwt(text)).credential : parseJsonObject(text)
}

/** The ledger row's credential, unsigned (without its proof, JWT claims or status). */
export function unsignedCredential(row: LedgerRow): JsonObject {
  const draft: JsonObject = { ...signedCredential(row) }
  delete draft.proof
  delete draft.credentialStatus
  return draft
}

/** The status a copy gets: the kind of list its original is on (Bitstring by default), and a suspension entry if it has one. */
export interface CopyStatus {
  status: 'bitstring' | 'statuslist2021'
  suspension: boolean
}

/**
 * The copy for the holder, issued at `now` (ms): a new id (time-ordered, time-ordered-ids.ts), the
 * holder's DID as subject; and its status, read from the status entries the original carries (the
 * entries the ledger recorded for it when it was signed), so that the store is not asked again (issue
 * #17). (Issued again under the same ledger key after a failure, the issuer keeps the id it recorded first.)
 */
export function holderBoundDraft(
  source: LedgerRow,
  holderDid: string,
  now: number,
): { draft: JsonObject; status: CopyStatus } {
  const draft: JsonObject = { ...signedCredential(source) }
  const held = draft.credentialStatus
  const entries = (Array.isArray(held) ? held : held === undefined ? [] : [held]).filter(isJsonObject)
  const status: CopyStatus = {
    status: entries[0]?.type === 'StatusList2021Entry' ? 'statuslist2021' : 'bitstring',
    suspension: entries.some((entry) => entry.statusPurpose === 'suspension'),
  }
  delete draft.proof
  delete draft.credentialStatus
  draft.id = timeOrderedCredentialId(now)
  const subject = isJsonObject(draft.credentialSubject) ? draft.credentialSubject : {}
  draft.credentialSubject = { ...subject, id: holderDid }
  return { draft, status }
}
