/**
 * The credential a wallet receives: a copy of the member's credential from the ledger (same issuer,
 * achievement, dates, recipient's identifiers), bound to the wallet's key by `credentialSubject.id` = the
 * holder's DID, with a new id and, once issued, status entries of its own. What the ledger's credential
 * proves about the member stays true of the copy; only the subject's id is the wallet's. Whether a
 * member still stands (active, not past `validUntil`) is decided here too: a revoked, suspended or
 * lapsed credential is never copied.
 */
import type { LedgerRow } from '@tessera/issuer'
import { credentialFromJwt, decodeJwt, isJsonObject, type JsonObject, parseJsonObject } from '@tessera/schema'

/** Ledger keys of wallet copies start with this: they are never offered again as a member's own. */
export const WALLET_KEY_PREFIX = 'oid4vci:'

/** Whether the ledger row is a credential the member stands in at `now`, that an offer may carry. */
export function isStanding(row: LedgerRow, now: number): boolean {
  if (row.state !== 'active' || row.credential === undefined) return false
  if (row.key?.startsWith(WALLET_KEY_PREFIX)) return false
  return row.validUntil === undefined || Date.parse(row.validUntil) > now
}

/** The ledger row's credential, unsigned (without its proof, JWT claims or status). */
export function unsignedCredential(row: LedgerRow): JsonObject {
  const text = row.credential ?? ''
  const credential =
    row.format === 'jwt' ? credentialFromJwt(decodeJwt(text)).credential : parseJsonObject(text)
  const draft: JsonObject = { ...credential }
  delete draft.proof
  delete draft.credentialStatus
  return draft
}

/**
 * The copy for the holder: a new id, the holder's DID as subject. (Issued again under the same ledger key
 * after a failure, the issuer keeps the id it recorded first.)
 */
export function holderBoundDraft(source: LedgerRow, holderDid: string): JsonObject {
  const draft = unsignedCredential(source)
  draft.id = `urn:uuid:${crypto.randomUUID()}`
  const subject = isJsonObject(draft.credentialSubject) ? draft.credentialSubject : {}
  draft.credentialSubject = { ...subject, id: holderDid }
  return draft
}
