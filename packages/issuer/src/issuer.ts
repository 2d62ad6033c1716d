/**
 * The issuer: one credential at a time (validated once, recorded as pending in the ledger, given its
 * status entries, signed, checked by @tessera/verifier, and completed in the ledger), batches of them
 * (batch.ts), revocation, suspension and renewal, and the signed status lists (and did:web document) to
 * publish. It runs anywhere: no file system, no database driver, no Veramo; the store and the signer are
 * given.
 */
import { backgroundCrypto, type CredentialSigner, type CryptoProvider } from '@tessera/proofs'
import {
  assertValidCredential,
  cloneJson,
  credentialFromJwt,
  credentialVariant,
  decodeJwt,
  isTesseraError,
  type JsonObject,
  type OpenBadgeCredential,
  parseJsonObject,
  type Term,
} from '@tessera/schema'
import { contextsForStatus, makeStatusEntry, renewCredential, StatusListManager } from '@tessera/status'
import { type CoreVerifier, didWebUrl, Verifier } from '@tessera/verifier'
import { BackgroundLimit } from './background-limit.js'
import { type BatchOptions, type BatchRow, type BatchSummary, issueRows } from './batch.js'
import {
  assertValidClrDraft,
  CLR_ACHIEVEMENT_ID,
  type ClrOptions,
  type IssuedClr,
  issueClrFor,
} from './clr.js'
import { CopyIndices } from './copy-indices.js'
import { fail } from './errors.js'
import { ledgerFieldsOf } from './ledger-fields.js'
import { issueInOneCommit } from './one-commit.js'
import { nextTerm } from './renewal.js'
import { type ProofFormat, sign, signChecked } from './self-check.js'
import type { IssuerStore, LedgerRow } from './store.js'

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

/** The dates and time to live of the status list credentials signed for publishing. */
export interface ListCredentialOptions {
  /** Default: now (the issuer's clock), to the second. */
  validFrom?: string
  validUntil?: string
  /** Bitstring Status List `ttl`, in milliseconds: how long a verifier may cache the list. */
  ttl?: number
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
 * A batch's signatures running on libuv's thread pool at once, the others queued in the batch rather than
 * in the pool's own queue (where the process's file and DNS work would wait behind them). At 100,000 rows
 * on a quiet 2-core machine four measured fastest of 1, 2, 4 and no limit (bench/README.md; then with the
 * checks in the limit too: they now go to a worker of their own, `backgroundCrypto`).
 */
const BACKGROUND_JOBS = 4

/** What signs a credential and checks it before it is handed out. */
interface Signing {
  signer: CredentialSigner
  verifier: CoreVerifier
}

/** A credential ready to sign: its ledger row is pending and its status entries are held. */
interface Reserved {
  draft: JsonObject
  format: ProofFormat
  /** The pending ledger row. */
  pending: LedgerRow
}

export class Issuer {
  readonly statuses: StatusListManager
  private readonly store: IssuerStore
  private readonly verifier: CoreVerifier
  private readonly clock: () => Date
  /** The status indices `issueCopy` signs copies with, kept from one copy to the next. */
  private readonly copyIndices: CopyIndices
  /** A batch's signer and checker, made with the first batch (see `issueBatch`). */
  private batchSigning: Signing | undefined

  constructor(private readonly options: IssuerOptions) {
    this.store = options.store
    this.clock = options.clock ?? (() => new Date())
    this.copyIndices = new CopyIndices(options.store)
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
    return this.issueWith({ signer: this.options.signer, verifier: this.verifier }, unsigned, options)
  }

  /** `issue`, signing and checking with `signing`. */
  private async issueWith(
    signing: Signing,
    unsigned: JsonObject | OpenBadgeCredential,
    options: IssueOptions,
  ): Promise<Issued> {
    const reserved = await this.reserve(unsigned, options)
    if ('existing' in reserved) return reserved
    const { draft, format, pending } = reserved
    const signed = await signChecked(draft, format, signing.signer, signing.verifier, this.clock())
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

  /**
   * Issues one credential as `issue` does, in one commit of the store where `issue` takes three: for a
   * credential that one request makes and waits for (a wallet's copy). See one-commit.ts.
   */
  async issueCopy(unsigned: JsonObject, options: IssueOptions = {}): Promise<Issued> {
    const parts = {
      store: this.store,
      signer: this.options.signer,
      verifier: this.verifier,
      clock: this.clock,
      indices: this.copyIndices,
    }
    return (await issueInOneCommit(parts, unsigned, options)) ?? this.issue(unsigned, options)
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
    const draft = cloneJson(unsigned) as JsonObject
    delete draft.proof
    delete draft.credentialStatus
    // a CLR (a wallet's copy of a member's CLR) is judged by the CLR schema, loaded with the first one
    const clr = credentialVariant(draft).kind === 'clr'
    if (clr) await assertValidClrDraft(draft)
    else assertValidCredential(draft as unknown)
    const credentialId =
      known?.credentialId ?? (typeof draft.id === 'string' ? draft.id : `urn:uuid:${crypto.randomUUID()}`)
    draft.id = credentialId
    let pending = known
    if (pending === undefined) {
      const { subjectId, achievementId, validFrom, validUntil } = ledgerFieldsOf(draft)
      pending = {
        credentialId,
        ...(options.key === undefined ? {} : { key: options.key }),
        recipient: options.recipient ?? subjectId ?? 'hashed recipient',
        achievementId: clr ? CLR_ACHIEVEMENT_ID : (achievementId ?? ''),
        validFrom,
        ...(validUntil === undefined ? {} : { validUntil }),
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
    if (row.achievementId === CLR_ACHIEVEMENT_ID)
      fail(
        'WRONG_STATE',
        `${credentialId} is a CLR: issue the member's CLR again (issueClr), from what they hold now`,
      )
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

  /**
   * Issues the member's Comprehensive Learner Record (CLR 2.0): their standing credentials gathered into one
   * ClrCredential, signed, checked and recorded; it supersedes (revokes) their earlier CLRs. See clr.ts
   * (the CLR schema is loaded with the first CLR).
   */
  async issueClr(member: string, options: ClrOptions = {}): Promise<IssuedClr> {
    const { store, verifier, clock, statuses } = this
    const issuing = { store, signer: this.options.signer, statuses, verifier, clock }
    return issueClrFor({ ...issuing, revoke: (id) => this.revoke(id) }, member, options)
  }

  /** The standing credentials (active or suspended) of a member, as the ledger names them. */
  async standing(recipient: string): Promise<LedgerRow[]> {
    const rows: LedgerRow[] = []
    for await (const row of this.store.rows({ recipient }))
      if (row.state === 'active' || row.state === 'suspended') rows.push(row)
    return rows
  }

  /**
   * Issues a stream of rows (a members spreadsheet), each under its own stable key (batch.ts): a re-run
   * after a crash issues only what was not issued yet, and a key seen twice in one run is DUPLICATE_ROW.
   * Each row's signature is handed to libuv's thread pool (the signer's `signInBackground`) and its check
   * to a worker thread that takes the checks of a turn of the event loop in one message (the verifier's
   * `backgroundCrypto`; both node:crypto; an issuer given its own verifier keeps it) while this thread goes
   * on with the other rows in flight: on two cores the signature work (about a third of a VC-JWT row) runs
   * on the core this thread leaves idle. Worker threads given whole rows, measured, did not make batches
   * faster (each row's objects copied over, 100 MB more per worker); the checking worker is sent only the
   * signing input, signature and key. A row that fails (invalid data, say)
   * is reported and the rest goes on; a store failure stops the batch (BatchStoppedError). At most
   * `window` rows are in flight: memory stays bounded whatever the length.
   */
  issueBatch(
    rows: AsyncIterable<BatchRow> | Iterable<BatchRow>,
    options: BatchOptions = {},
  ): Promise<BatchSummary> {
    const signing = this.backgroundSigning()
    return issueRows(
      this.store,
      (credential, issueOptions) => this.issueWith(signing, credential, issueOptions),
      rows,
      options,
    )
  }

  /**
   * The signer and checker of batches: signatures made and checked off this thread where they can be, at
   * most BACKGROUND_JOBS signatures at a time (background-limit.ts), the others queued.
   */
  private backgroundSigning(): Signing {
    if (this.batchSigning !== undefined) return this.batchSigning
    const { signer, didDocument } = this.options
    const inBackground = signer.signInBackground
    const documents = new Map(didDocument === undefined ? [] : [[signer.issuer, didDocument]])
    const limit = new BackgroundLimit(BACKGROUND_JOBS)
    // The checks go to backgroundCrypto's worker, those of a turn of the event loop in one message (on
    // Node: crypto-node-worker.ts of @tessera/proofs), not through the limit: the pool is the signatures'.
    const crypto: CryptoProvider = backgroundCrypto
    this.batchSigning = {
      signer:
        inBackground === undefined
          ? signer
          : {
              issuer: signer.issuer,
              verificationMethod: signer.verificationMethod,
              alg: signer.alg,
              sign: (data) => limit.run(() => inBackground.call(signer, data)),
            },
      verifier: this.options.verifier ?? new Verifier({ offline: true, documents, crypto }),
    }
    return this.batchSigning
  }

  /**
   * What to publish, as files by path: every signed status list at `status/<last segment of its URL>`, and
   * with did:web the DID document at the path its DID names (`.well-known/did.json`), for the domain's
   * root. `publish` of `@tessera/issuer/node` writes them to a folder; a service can serve them as they are.
   */
  async publicFiles(options: ListCredentialOptions = {}): Promise<Map<string, string>> {
    const files = new Map<string, string>()
    for (const [url, list] of await this.signedStatusLists(options)) {
      const name = url.slice(url.lastIndexOf('/') + 1)
      files.set(`status/${name}`, typeof list === 'string' ? list : `${JSON.stringify(list, null, 2)}\n`)
    }
    const { didDocument, signer } = this.options
    if (didDocument !== undefined) {
      const path = new URL(didWebUrl(signer.issuer)).pathname
      files.set(path.replace(/^\/+/, ''), `${JSON.stringify(didDocument, null, 2)}\n`)
    }
    return files
  }

  /** Every status list credential, signed (Data Integrity for Ed25519 keys, VC-JWT otherwise), by URL. */
  async signedStatusLists(options: ListCredentialOptions = {}): Promise<Map<string, JsonObject | string>> {
    const signed = new Map<string, JsonObject | string>()
    for (const list of await this.statuses.lists()) {
      const unsigned = await this.statuses.listCredential(list.url, {
        validFrom: new Date(Math.floor(this.clock().getTime() / 1000) * 1000),
        ...options,
      })
      const format = this.options.signer.alg === 'EdDSA' ? 'data-integrity' : 'jwt'
      signed.set(list.url, await sign(unsigned, format, this.options.signer, this.clock()))
    }
    return signed
  }
}
