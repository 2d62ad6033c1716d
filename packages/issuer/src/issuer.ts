/**
 * Issuing one credential: validate, record it in the ledger, give it its status entries, sign, check the
 * signed result with @tessera/verifier, and complete the ledger row. Revocation, suspension and the
 * signed status lists to publish go through the same store.
 */
import { join } from 'node:path'
import { type CredentialSigner, signJwt } from '@tessera/proofs'
import { signDataIntegrity } from '@tessera/proofs/sign-data-integrity'
import {
  assertValidCredential,
  credentialFromJwt,
  decodeJwt,
  errorCodeOf,
  isTesseraError,
  type JsonObject,
  type OpenBadgeCredential,
  parseJsonObject,
  readCredential,
  type Term,
  TesseraError,
  validityOf,
} from '@tessera/schema'
import { contextsForStatus, makeStatusEntry, renewCredential, StatusListManager } from '@tessera/status'
import { type CoreVerifier, didWebUrl, Verifier } from '@tessera/verifier'
import { writeFileAtomic } from './atomic-write.js'
import { fail } from './errors.js'
import { type ProofFormat, signChecked } from './sign-checked.js'
import type { IssuerStore, LedgerRow, StoreErrorCode, WriteGroup } from './store.js'
import { STORE_FAILURES } from './store-errors.js'

export type IssueErrorCode = 'NOT_ISSUED_HERE' | 'WRONG_STATE' | 'DUPLICATE_ROW'

export type StatusChoice = 'bitstring' | 'statuslist2021' | 'none'
export type { ProofFormat }

export interface IssueOptions {
  format?: ProofFormat
  /** Default `bitstring`; `statuslist2021` for VCDM 1.1 credentials; `none` for a credential nobody can revoke. */
  status?: StatusChoice
  /** Add a suspension entry beside the revocation entry. */
  suspension?: boolean
  /** A stable key for the row (member + achievement + term): issuing it again returns the first credential. */
  key?: string
  /** How the ledger names the recipient (a member id); default the subject's id or "hashed recipient". */
  recipient?: string
  /**
   * The credential this one copies (a wallet's holder-bound copy of a member's credential): recorded in the
   * ledger, so that revoking, suspending or reinstating that one does the same to this one.
   */
  copyOf?: string
}

export interface Issued {
  credentialId: string
  /** The signed credential: a JSON object (Data Integrity) or a compact JWT. */
  credential: JsonObject | string
  row: LedgerRow
  /** True when the key had been issued before and this is the first credential, returned again. */
  existing: boolean
}

/** One row of a batch: a credential to issue under a stable key. */
export interface BatchRow {
  key: string
  credential: JsonObject | OpenBadgeCredential
  options?: Omit<IssueOptions, 'key'>
}

export type BatchResult =
  | { key: string; ok: true; issued: Issued }
  | { key: string; ok: false; code: string; message: string }

export interface BatchSummary {
  issued: number
  /** Rows whose key had been issued before (a re-run). */
  existing: number
  failed: number
}

/**
 * A batch that a store failure stopped (STORE_FULL, STORE_IN_USE, ...: the failure's own code): `summary`
 * counts the rows reported before it. No other row was reported: what no commit covered is rolled back,
 * rows that were in flight may stay pending (as after a crash), and running the same batch again
 * finishes them and issues the rest.
 */
export class BatchStoppedError extends TesseraError<StoreErrorCode> {
  override readonly name = 'BatchStoppedError'

  constructor(
    failure: TesseraError,
    readonly summary: BatchSummary,
  ) {
    super(
      failure.code as StoreErrorCode,
      `${failure.message}. The batch stopped after issuing ${summary.issued} (already issued ${summary.existing}, failed ${summary.failed}); the rows after those were not issued: run it again to finish`,
      { cause: failure },
    )
  }
}

export interface BatchProgress extends BatchSummary {
  /** Rows finished so far, whatever their outcome. */
  done: number
}

export interface BatchOptions {
  /** Each row's outcome, in the order rows finish. */
  onResult?: (result: BatchResult) => void | Promise<void>
  onProgress?: (progress: BatchProgress) => void
  /** Rows in flight at once (memory stays bounded by it). Default 64. */
  window?: number
}

export interface IssuerOptions {
  store: IssuerStore
  signer: CredentialSigner
  /** Where the status lists are published, such as `https://guild.example/status`. */
  statusBaseUrl: string
  /** The issuer's DID document when it is not self-describing (did:web): verification never fetches it. */
  didDocument?: JsonObject
  /**
   * Checks every signed credential before it is handed out (proof, issuer, schema, dates). Default: an
   * offline verifier that knows `didDocument`.
   */
  verifier?: CoreVerifier
  /** The issuer's clock: when a credential is recorded, checked, and a status list signed. Default the system clock. */
  clock?: () => Date
}

function issuedAgain(row: LedgerRow): Issued | undefined {
  if (row.state === 'pending' || row.credential === undefined) return undefined
  const credential = row.format === 'jwt' ? row.credential : (JSON.parse(row.credential) as JsonObject)
  return { credentialId: row.credentialId, credential, row, existing: true }
}

/**
 * The term after the credential's: it starts where the old one ends and lasts the old term's length in
 * whole months (a year when the term is named by its year, as "2026"); every year in the term's name
 * moves on as much.
 */
export function nextTerm(current: JsonObject): Term {
  const { from, until } = validityOf(current)
  if (from === undefined || until === undefined)
    fail('WRONG_STATE', 'the credential has no end date: there is no next term to renew it for')
  const term = readCredential(current).subject?.term
  const name = typeof term === 'string' ? term : String(until.getUTCFullYear())
  const months = /^\d{4}$/.test(name)
    ? 12
    : Math.max(1, Math.round((until.getTime() - from.getTime()) / (30.436875 * 86_400_000)))
  const end = new Date(until)
  end.setUTCMonth(end.getUTCMonth() + months)
  // A term that ends at 23:59:59 is followed by one that starts at midnight.
  const start = new Date(until.getTime() + (until.getUTCSeconds() === 59 ? 1000 : 0))
  const renamed =
    months % 12 === 0 ? name.replace(/\b(19|20|21)\d{2}\b/g, (y) => String(Number(y) + months / 12)) : name
  return { name: renamed, start, end }
}

/** A credential ready to sign: its ledger row is pending and its status entries are held. */
interface Reserved {
  draft: JsonObject
  format: ProofFormat
  /** The pending ledger row. */
  pending: LedgerRow
}

/** A batch commits every this many finished rows, or this often, whichever comes first. */
const COMMIT_ROWS = 256
const COMMIT_MS = 250

export class Issuer {
  readonly statuses: StatusListManager
  private readonly store: IssuerStore
  private readonly verifier: CoreVerifier
  private readonly clock: () => Date

  constructor(private readonly options: IssuerOptions) {
    this.store = options.store
    this.clock = options.clock ?? (() => new Date())
    this.statuses = new StatusListManager({
      store: options.store,
      issuer: options.signer.issuer,
      baseUrl: options.statusBaseUrl,
    })
    const documents = new Map(
      options.didDocument === undefined ? [] : [[options.signer.issuer, options.didDocument]],
    )
    this.verifier = options.verifier ?? new Verifier({ offline: true, documents })
  }

  /**
   * Issues one credential. It is validated first (a schema error signs nothing), recorded as pending
   * in the ledger, given its status entries (held by its id, so an index is never anyone else's), signed,
   * verified, and then the ledger row completes. A crash before completion leaves a pending row that
   * a re-run with the same key finishes.
   */
  async issue(unsigned: JsonObject | OpenBadgeCredential, options: IssueOptions = {}): Promise<Issued> {
    const reserved = await this.reserve(unsigned, options)
    if ('existing' in reserved) return reserved
    const { draft, format, pending } = reserved
    const signed = await signChecked(draft, format, this.options.signer, this.verifier, this.clock())
    const text = typeof signed === 'string' ? signed : JSON.stringify(signed)
    try {
      await this.store.completeRow(pending.credentialId, text, format)
    } catch (error) {
      // Another process (a second run of the same batch) finished this row first: its credential stands.
      const done =
        isTesseraError(error) && error.code === 'UNKNOWN_CREDENTIAL'
          ? await this.finished(pending)
          : undefined
      if (done === undefined) throw error
      return done
    }
    const row: LedgerRow = { ...pending, state: 'active', credential: text, format }
    return { credentialId: pending.credentialId, credential: signed, row, existing: false }
  }

  /** The row as another process completed it, if it did. */
  private async finished(pending: LedgerRow): Promise<Issued | undefined> {
    const row = await this.store.row(pending.credentialId)
    return row === undefined ? undefined : issuedAgain(row)
  }

  /** Validates, records the pending row and holds the status entries; or finds the key issued already. */
  private async reserve(
    unsigned: JsonObject | OpenBadgeCredential,
    options: IssueOptions,
    retried = false,
  ): Promise<Reserved | Issued> {
    const format = options.format ?? 'data-integrity'
    const known = options.key === undefined ? undefined : await this.store.rowByKey(options.key)
    const again = known === undefined ? undefined : issuedAgain(known)
    if (again !== undefined) return again
    const draft = structuredClone(unsigned) as JsonObject
    delete draft.proof
    delete draft.credentialStatus
    assertValidCredential(draft as unknown)
    const credentialId =
      known?.credentialId ?? (typeof draft.id === 'string' ? draft.id : `urn:uuid:${crypto.randomUUID()}`)
    draft.id = credentialId
    let pending = known
    if (pending === undefined) {
      const { subjectId, achievementId, validity } = readCredential(draft)
      pending = {
        credentialId,
        ...(options.key === undefined ? {} : { key: options.key }),
        recipient: options.recipient ?? subjectId ?? 'hashed recipient',
        achievementId: achievementId ?? '',
        validFrom: String(validity.validFrom),
        ...(validity.validUntil === undefined ? {} : { validUntil: validity.validUntil }),
        state: 'pending',
        format,
        issuedAt: this.clock().toISOString(),
        ...(options.copyOf === undefined ? {} : { copyOf: options.copyOf }),
      }
      try {
        await this.store.addRow(pending)
      } catch (error) {
        // Another process recorded this key in the meantime: take its row (issued, or pending: finished here).
        const taken = isTesseraError(error) && error.code === 'DUPLICATE_CREDENTIAL'
        if (!taken || retried || options.key === undefined) throw error
        return this.reserve(unsigned, options, true)
      }
    }
    // A row recorded just now holds no entries yet; one left pending by a crash may.
    const entries = await this.statusEntries(credentialId, options, known !== undefined)
    if (entries.length > 0) {
      draft.credentialStatus = entries.length === 1 ? entries[0] : entries
      draft['@context'] = [
        ...(draft['@context'] as unknown[]),
        ...contextsForStatus(draft['@context'] as unknown[], entries as { type: string }[]),
      ]
    }
    // The signed result goes through the verifier's schema check: no second validation here.
    return { draft, format, pending }
  }

  /** The credential's status entries: the ones a pending row already holds, or new ones. */
  private async statusEntries(
    credentialId: string,
    options: IssueOptions,
    mayHold: boolean,
  ): Promise<JsonObject[]> {
    const choice = options.status ?? 'bitstring'
    if (choice === 'none') return []
    const type = choice === 'statuslist2021' ? 'StatusList2021' : 'BitstringStatusList'
    const held = mayHold ? await this.store.entriesOf(credentialId) : []
    const purposes: ('revocation' | 'suspension')[] = options.suspension
      ? ['revocation', 'suspension']
      : ['revocation']
    const entries: JsonObject[] = []
    for (const purpose of purposes) {
      // A row left pending by a crash keeps the indices it had: they are found again, never re-allocated.
      const existing = held.find((h) => h.purpose === purpose)
      const list = existing === undefined ? undefined : await this.store.getList(existing.url)
      const entry =
        existing === undefined || list === undefined
          ? await this.allocate(credentialId, type, purpose)
          : makeStatusEntry({
              type: list.type,
              purpose,
              index: existing.index,
              listUrl: existing.url,
              statusSize: list.statusSize,
            })
      entries.push(entry as unknown as JsonObject)
    }
    return entries
  }

  /**
   * A new entry of `purpose` for the credential; or, when another process gave it one in the meantime (the
   * store holds each credential to one per purpose: STATUS_ENTRY_HELD), that one.
   */
  private async allocate(
    credentialId: string,
    type: 'StatusList2021' | 'BitstringStatusList',
    purpose: 'revocation' | 'suspension',
  ): Promise<ReturnType<typeof makeStatusEntry>> {
    try {
      return (await this.statuses.allocate({ holder: credentialId, type, purpose })).credentialStatus
    } catch (error) {
      if (!isTesseraError(error) || error.code !== 'STATUS_ENTRY_HELD') throw error
      const held = (await this.store.entriesOf(credentialId)).find((h) => h.purpose === purpose)
      const list = held === undefined ? undefined : await this.store.getList(held.url)
      if (held === undefined || list === undefined) throw error
      return makeStatusEntry({
        type: list.type,
        purpose,
        index: held.index,
        listUrl: held.url,
        statusSize: list.statusSize,
      })
    }
  }

  private async entries(
    credentialId: string,
  ): Promise<{ url: string; index: number; purpose: string; status: number }[]> {
    if ((await this.store.row(credentialId)) === undefined)
      fail('NOT_ISSUED_HERE', `${credentialId} was not issued by this issuer`)
    return this.store.entriesOf(credentialId)
  }

  /**
   * Revokes a credential (final), and the copies made of it (`IssueOptions.copyOf`: its wallet copies).
   * Publish the lists afterwards. Returns the ids revoked: the credential's, then its copies'.
   */
  async revoke(credentialId: string): Promise<string[]> {
    const revocation = (await this.entries(credentialId)).find((e) => e.purpose === 'revocation')
    if (revocation === undefined)
      fail('WRONG_STATE', `${credentialId} has no revocation entry: it was issued without status`)
    await this.statuses.revoke(revocation.url, revocation.index)
    await this.store.setState(credentialId, 'revoked')
    return [credentialId, ...(await this.copiesFollow(credentialId, 'revoke'))]
  }

  /**
   * Does to the copies of a credential what was done to it: revokes those not revoked, suspends those
   * active, reinstates those suspended (a copy without the entry it needs is left as it is). The ids changed.
   */
  private async copiesFollow(
    credentialId: string,
    action: 'revoke' | 'suspend' | 'reinstate',
  ): Promise<string[]> {
    const from = {
      revoke: ['pending', 'active', 'suspended'],
      suspend: ['active'],
      reinstate: ['suspended'],
    }[action]
    const purpose = action === 'revoke' ? 'revocation' : 'suspension'
    const copies: string[] = []
    for await (const copy of this.store.rows({ copyOf: credentialId }))
      if (from.includes(copy.state)) copies.push(copy.credentialId)
    const changed: string[] = []
    for (const id of copies) {
      if (!(await this.store.entriesOf(id)).some((e) => e.purpose === purpose)) continue
      changed.push(...(await this[action](id)))
    }
    return changed
  }

  /** Suspends a credential issued with a suspension entry, and its copies. Returns the ids suspended. */
  async suspend(credentialId: string): Promise<string[]> {
    const entry = (await this.entries(credentialId)).find((e) => e.purpose === 'suspension')
    if (entry === undefined)
      fail(
        'WRONG_STATE',
        `${credentialId} has no suspension entry: issue with { suspension: true } to allow it`,
      )
    const row = (await this.store.row(credentialId)) as LedgerRow
    if (row.state === 'revoked') fail('WRONG_STATE', `${credentialId} is revoked`)
    await this.statuses.suspend(entry.url, entry.index)
    await this.store.setState(credentialId, 'suspended')
    return [credentialId, ...(await this.copiesFollow(credentialId, 'suspend'))]
  }

  /** Lifts a suspension, of the credential and of its suspended copies. Returns the ids reinstated. */
  async reinstate(credentialId: string): Promise<string[]> {
    const entry = (await this.entries(credentialId)).find((e) => e.purpose === 'suspension')
    if (entry === undefined) fail('WRONG_STATE', `${credentialId} has no suspension entry`)
    const row = (await this.store.row(credentialId)) as LedgerRow
    if (row.state === 'revoked') fail('WRONG_STATE', `${credentialId} is revoked, and revocation is final`)
    await this.statuses.reinstate(entry.url, entry.index)
    await this.store.setState(credentialId, 'active')
    return [credentialId, ...(await this.copiesFollow(credentialId, 'reinstate'))]
  }

  /**
   * Renews a credential for the next term: the same recipient, achievement, format and status kinds, new
   * dates (by default the old term moved on by its own length in months, such as 2026 to 2027), a new id
   * and new status entries. The old credential simply expires. Renewing twice gives the same renewal.
   */
  async renew(credentialId: string, next?: Term): Promise<Issued> {
    const row = await this.store.row(credentialId)
    if (row === undefined) fail('NOT_ISSUED_HERE', `${credentialId} was not issued by this issuer`)
    if (row.state === 'pending' || row.credential === undefined)
      fail('WRONG_STATE', `${credentialId} is still being issued`)
    if (row.state === 'revoked') fail('WRONG_STATE', `${credentialId} is revoked: it is not renewed`)
    const current =
      row.format === 'jwt'
        ? credentialFromJwt(decodeJwt(row.credential)).credential
        : parseJsonObject(row.credential)
    const term = next ?? nextTerm(current)
    const renewed = renewCredential(current, term) as unknown as JsonObject
    const held = await this.store.entriesOf(credentialId)
    const list = held[0] === undefined ? undefined : await this.store.getList(held[0].url)
    return this.issue(renewed, {
      format: row.format,
      status: list === undefined ? 'none' : list.type === 'StatusList2021' ? 'statuslist2021' : 'bitstring',
      suspension: held.some((h) => h.purpose === 'suspension'),
      // One renewal per credential: renewing again returns it.
      key: `renewal of ${credentialId}`,
      recipient: row.recipient,
    })
  }

  /** The standing credentials (active or suspended) of a member, as the ledger names them. */
  async standing(recipient: string): Promise<LedgerRow[]> {
    const rows: LedgerRow[] = []
    for await (const row of this.store.rows({ recipient }))
      if (row.state === 'active' || row.state === 'suspended') rows.push(row)
    return rows
  }

  /**
   * Issues a stream of rows (a members spreadsheet), each under its own stable key: a re-run after a
   * crash issues only what was not issued yet, and a key seen twice in one run is DUPLICATE_ROW. Rows are
   * signed and checked on this thread: worker threads, measured, did not make batches faster on two cores
   * (V8's garbage collector already works on the other one) and took 100 MB more. A row that fails
   * (invalid data, say) is reported and the rest goes on. Rows are read as they come, at most `window` in
   * flight, and results are handed to `onResult`: memory stays bounded whatever the length of the stream.
   */
  async issueBatch(
    rows: AsyncIterable<BatchRow> | Iterable<BatchRow>,
    options: BatchOptions = {},
  ): Promise<BatchSummary> {
    const { onResult = () => undefined, onProgress = () => undefined } = options
    const progress: BatchProgress = { issued: 0, existing: 0, failed: 0, done: 0 }
    const deliver = async (results: BatchResult[]) => {
      for (const result of results) {
        progress.done++
        if (!result.ok) progress.failed++
        else progress[result.issued.existing ? 'existing' : 'issued']++
        await onResult(result)
        onProgress({ ...progress })
      }
    }
    const summaryOf = (): BatchSummary => {
      const { done: _done, ...summary } = progress
      return summary
    }
    // A store failure (a full disk, say) stops the batch: no row gets past it, and rows not reported are
    // left for a re-run.
    let stopped: TesseraError | undefined
    const stops = (error: unknown): boolean => {
      if (!isTesseraError(error) || !STORE_FAILURES.has(error.code)) return false
      stopped ??= error
      return true
    }
    // On an embedded store, results wait for the commit that covers them: nothing is handed out
    // (written to a file, say) that a crash could take back from the ledger.
    let group: WriteGroup | undefined
    try {
      group = await this.store.writeGroup?.()
    } catch (error) {
      if (stops(error)) throw new BatchStoppedError(stopped as TesseraError, summaryOf())
      throw error
    }
    let held: BatchResult[] = []
    let committed = Date.now()
    const finish = async (result: BatchResult) => {
      if (group === undefined) return deliver([result])
      held.push(result)
      // After a failure nothing more is committed: what is held is rolled back, and never reported.
      if (stopped !== undefined) return
      if (held.length < COMMIT_ROWS && Date.now() - committed < COMMIT_MS) return
      const ready = held
      held = []
      committed = Date.now()
      try {
        await group.commit()
      } catch (error) {
        if (stops(error)) return
        throw error
      }
      await deliver(ready)
    }
    const seen = new Set<string>()
    const inFlight = new Set<Promise<void>>()
    const windowSize = Math.max(1, options.window ?? 64)
    const one = async (row: BatchRow): Promise<void> => {
      let result: BatchResult
      try {
        if (seen.has(row.key)) fail('DUPLICATE_ROW', `the key ${row.key} comes twice in this batch`)
        seen.add(row.key)
        const issued = await this.issue(row.credential, { ...row.options, key: row.key })
        result = { key: row.key, ok: true, issued }
      } catch (error) {
        if (stops(error)) return
        const code = errorCodeOf(error) ?? 'ISSUE_FAILED'
        result = {
          key: row.key,
          ok: false,
          code,
          message: error instanceof Error ? error.message : String(error),
        }
      }
      await finish(result)
    }
    try {
      for await (const row of rows) {
        if (stopped !== undefined) break
        const task = one(row).finally(() => inFlight.delete(task))
        inFlight.add(task)
        if (inFlight.size >= windowSize) await Promise.race(inFlight)
      }
      await Promise.all(inFlight)
    } catch (error) {
      // The rows' source or onResult failed: what is done stays done, as far as it was reported.
      if (stopped === undefined) await group?.close().catch(() => group?.rollback())
      else await group?.rollback()
      throw error
    }
    if (group !== undefined && stopped === undefined) {
      try {
        await group.close()
      } catch (error) {
        if (!stops(error)) throw error
      }
    }
    if (stopped !== undefined) {
      await group?.rollback()
      throw new BatchStoppedError(stopped, summaryOf())
    }
    await deliver(held)
    return summaryOf()
  }

  /**
   * Writes every signed status list to `<dir>/status/<last segment of its URL>`, and with did:web the DID
   * document to the path its DID names (`<dir>/.well-known/did.json`): serve `dir` at the domain's root.
   * Each file is written whole, then renamed into place: a reader never sees half a list.
   */
  async publish(
    dir: string,
    options: { validFrom?: string; validUntil?: string; ttl?: number } = {},
  ): Promise<string[]> {
    const files: [string, string][] = []
    for (const [url, list] of await this.signedStatusLists(options)) {
      const name = url.slice(url.lastIndexOf('/') + 1)
      files.push([
        join(dir, 'status', name),
        typeof list === 'string' ? list : `${JSON.stringify(list, null, 2)}\n`,
      ])
    }
    const { didDocument, signer } = this.options
    if (didDocument !== undefined) {
      const path = new URL(didWebUrl(signer.issuer)).pathname
      files.push([join(dir, ...path.split('/')), `${JSON.stringify(didDocument, null, 2)}\n`])
    }
    for (const [file, text] of files) await writeFileAtomic(file, text)
    return files.map(([file]) => file)
  }

  /** Every status list credential, signed (Data Integrity for Ed25519 keys, VC-JWT otherwise), by URL. */
  async signedStatusLists(
    options: { validFrom?: string; validUntil?: string; ttl?: number } = {},
  ): Promise<Map<string, JsonObject | string>> {
    const signed = new Map<string, JsonObject | string>()
    for (const list of await this.statuses.lists()) {
      const unsigned = await this.statuses.listCredential(list.url, {
        validFrom: new Date(Math.floor(this.clock().getTime() / 1000) * 1000),
        ...options,
      })
      signed.set(
        list.url,
        this.options.signer.alg === 'EdDSA'
          ? await signDataIntegrity(unsigned, this.options.signer)
          : await signJwt(unsigned, this.options.signer),
      )
    }
    return signed
  }
}
