/**
 * Issuing one credential: validate, record it in the ledger, give it its status entries, sign, check the
 * signed result with @tessera/verifier, and complete the ledger row. Revocation, suspension and the
 * signed status lists to publish go through the same store.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  assertValidCredential,
  isJsonObject,
  type JsonObject,
  type OpenBadgeCredential,
  TesseraError,
} from '@tessera/schema'
import { contextsForStatus, makeStatusEntry, StatusListManager } from '@tessera/status'
import type { Verifier } from '@tessera/verifier'
import { type CredentialSigner, signDataIntegrity, signJwt } from './sign.js'
import type { LedgerRow, SqliteIssuerStore } from './sqlite-store.js'

export type IssueErrorCode = 'SIGNED_CREDENTIAL_REJECTED' | 'NOT_ISSUED_HERE' | 'WRONG_STATE'

export type ProofFormat = 'jwt' | 'data-integrity'
export type StatusChoice = 'bitstring' | 'statuslist2021' | 'none'

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

export interface IssuerOptions {
  store: SqliteIssuerStore
  signer: CredentialSigner
  /** Where the status lists are published, such as `https://guild.example/status`. */
  statusBaseUrl: string
  /** Checks every signed credential before it is handed out (proof, issuer, schema, dates). */
  verifier: Verifier
}

function fail(code: IssueErrorCode, message: string): never {
  throw new TesseraError<IssueErrorCode>(code, message)
}

function achievementIdOf(credential: JsonObject): string {
  const subject = credential.credentialSubject
  const achievement = isJsonObject(subject) ? subject.achievement : undefined
  return isJsonObject(achievement) && typeof achievement.id === 'string' ? achievement.id : ''
}

export class Issuer {
  readonly statuses: StatusListManager

  constructor(private readonly options: IssuerOptions) {
    this.statuses = new StatusListManager({
      store: options.store,
      issuer: options.signer.issuer,
      baseUrl: options.statusBaseUrl,
    })
  }

  /**
   * Issues one credential. It is validated first (a schema error signs nothing), recorded as pending
   * in the ledger, given its status entries (held by its id, so an index is never anyone else's), signed,
   * verified, and then the ledger row completes. A crash before completion leaves a pending row that
   * a re-run with the same key finishes.
   */
  async issue(unsigned: JsonObject | OpenBadgeCredential, options: IssueOptions = {}): Promise<Issued> {
    const format = options.format ?? 'data-integrity'
    const store = this.options.store
    if (options.key !== undefined) {
      const done = await store.rowByKey(options.key)
      if (done?.state !== undefined && done.state !== 'pending' && done.credential !== undefined) {
        return {
          credentialId: done.credentialId,
          credential: done.format === 'jwt' ? done.credential : JSON.parse(done.credential),
          row: done,
          existing: true,
        }
      }
    }
    const draft = structuredClone(unsigned) as JsonObject
    delete draft.proof
    delete draft.credentialStatus
    assertValidCredential(draft as unknown)
    const pending = options.key === undefined ? undefined : await store.rowByKey(options.key)
    const credentialId =
      pending?.credentialId ?? (typeof draft.id === 'string' ? draft.id : `urn:uuid:${crypto.randomUUID()}`)
    draft.id = credentialId
    if (pending === undefined) {
      const subject = isJsonObject(draft.credentialSubject) ? draft.credentialSubject : {}
      await store.addRow({
        credentialId,
        ...(options.key === undefined ? {} : { key: options.key }),
        recipient: options.recipient ?? (typeof subject.id === 'string' ? subject.id : 'hashed recipient'),
        achievementId: achievementIdOf(draft),
        validFrom: String(draft.validFrom ?? draft.issuanceDate),
        ...(typeof (draft.validUntil ?? draft.expirationDate) === 'string'
          ? { validUntil: String(draft.validUntil ?? draft.expirationDate) }
          : {}),
        state: 'pending',
        format,
        issuedAt: new Date().toISOString(),
      })
    }
    const entries = await this.statusEntries(credentialId, options)
    if (entries.length > 0) {
      draft.credentialStatus = entries.length === 1 ? entries[0] : entries
      draft['@context'] = [
        ...(draft['@context'] as unknown[]),
        ...contextsForStatus(draft['@context'] as unknown[], entries as { type: string }[]),
      ]
    }
    assertValidCredential(draft as unknown)
    const signed =
      format === 'jwt'
        ? await signJwt(draft, this.options.signer)
        : await signDataIntegrity(draft, this.options.signer)
    const check = await this.options.verifier.verifyCredential(signed, { status: false })
    if (!check.verified) {
      const failure = check.checks.find((c) => !c.ok)
      fail(
        'SIGNED_CREDENTIAL_REJECTED',
        `the signed credential does not verify (${failure?.id} ${failure?.code}: ${failure?.message})`,
      )
    }
    await store.completeRow(
      credentialId,
      typeof signed === 'string' ? signed : JSON.stringify(signed),
      format,
    )
    return {
      credentialId,
      credential: signed,
      row: (await store.row(credentialId)) as LedgerRow,
      existing: false,
    }
  }

  /** The credential's status entries: the ones a pending row already holds, or new ones. */
  private async statusEntries(credentialId: string, options: IssueOptions): Promise<JsonObject[]> {
    const choice = options.status ?? 'bitstring'
    if (choice === 'none') return []
    const type = choice === 'statuslist2021' ? 'StatusList2021' : 'BitstringStatusList'
    const held = await this.options.store.entriesOf(credentialId)
    const purposes: ('revocation' | 'suspension')[] = options.suspension
      ? ['revocation', 'suspension']
      : ['revocation']
    const entries: JsonObject[] = []
    for (const purpose of purposes) {
      // A row left pending by a crash keeps the indices it had: they are found again, never re-allocated.
      const existing = held.find((h) => h.purpose === purpose)
      const list = existing === undefined ? undefined : await this.options.store.getList(existing.url)
      const entry =
        existing === undefined || list === undefined
          ? (await this.statuses.allocate({ holder: credentialId, type, purpose })).credentialStatus
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

  private async entries(
    credentialId: string,
  ): Promise<{ url: string; index: number; purpose: string; status: number }[]> {
    if ((await this.options.store.row(credentialId)) === undefined)
      fail('NOT_ISSUED_HERE', `${credentialId} was not issued by this issuer`)
    return this.options.store.entriesOf(credentialId)
  }

  /** Revokes a credential (final). Publish the lists afterwards. */
  async revoke(credentialId: string): Promise<void> {
    const revocation = (await this.entries(credentialId)).find((e) => e.purpose === 'revocation')
    if (revocation === undefined)
      fail('WRONG_STATE', `${credentialId} has no revocation entry: it was issued without status`)
    await this.statuses.revoke(revocation.url, revocation.index)
    await this.options.store.setState(credentialId, 'revoked')
  }

  /** Suspends a credential issued with a suspension entry. */
  async suspend(credentialId: string): Promise<void> {
    const entry = (await this.entries(credentialId)).find((e) => e.purpose === 'suspension')
    if (entry === undefined)
      fail(
        'WRONG_STATE',
        `${credentialId} has no suspension entry: issue with { suspension: true } to allow it`,
      )
    const row = (await this.options.store.row(credentialId)) as LedgerRow
    if (row.state === 'revoked') fail('WRONG_STATE', `${credentialId} is revoked`)
    await this.statuses.suspend(entry.url, entry.index)
    await this.options.store.setState(credentialId, 'suspended')
  }

  /** Lifts a suspension. */
  async reinstate(credentialId: string): Promise<void> {
    const entry = (await this.entries(credentialId)).find((e) => e.purpose === 'suspension')
    if (entry === undefined) fail('WRONG_STATE', `${credentialId} has no suspension entry`)
    const row = (await this.options.store.row(credentialId)) as LedgerRow
    if (row.state === 'revoked') fail('WRONG_STATE', `${credentialId} is revoked, and revocation is final`)
    await this.statuses.reinstate(entry.url, entry.index)
    await this.options.store.setState(credentialId, 'active')
  }

  /**
   * Issues a stream of credentials one after another: each row with its own key, so a re-run after a
   * crash issues only what was not issued yet. A row that fails (invalid data, say) is reported and the
   * rest goes on. Memory stays bounded: rows are read as they come, results handed to `onResult`.
   */
  async issueBatch(
    rows: AsyncIterable<BatchRow> | Iterable<BatchRow>,
    onResult: (result: BatchResult) => void | Promise<void> = () => undefined,
  ): Promise<BatchSummary> {
    const summary: BatchSummary = { issued: 0, existing: 0, failed: 0 }
    for await (const row of rows) {
      try {
        const issued = await this.issue(row.credential, { ...row.options, key: row.key })
        summary[issued.existing ? 'existing' : 'issued']++
        await onResult({ key: row.key, ok: true, issued })
      } catch (error) {
        summary.failed++
        const code = (error as { code?: string }).code ?? 'ISSUE_FAILED'
        await onResult({ key: row.key, ok: false, code, message: (error as Error).message })
      }
    }
    return summary
  }

  /**
   * Writes every signed status list to `<dir>/status/<last segment of its URL>`, so that the folder
   * served at the parent of `statusBaseUrl` answers each list's URL. Each file is written whole, then
   * renamed into place: a reader never sees half a list.
   */
  async publish(
    dir: string,
    options: { validFrom?: string; validUntil?: string; ttl?: number } = {},
  ): Promise<string[]> {
    const folder = join(dir, 'status')
    await mkdir(folder, { recursive: true })
    const written: string[] = []
    for (const [url, list] of await this.signedStatusLists(options)) {
      const name = url.slice(url.lastIndexOf('/') + 1)
      const file = join(folder, name)
      await writeFile(`${file}.tmp`, typeof list === 'string' ? list : `${JSON.stringify(list, null, 2)}\n`)
      await rename(`${file}.tmp`, file)
      written.push(file)
    }
    return written
  }

  /** Every status list credential, signed (Data Integrity for Ed25519 keys, VC-JWT otherwise), by URL. */
  async signedStatusLists(
    options: { validFrom?: string; validUntil?: string; ttl?: number } = {},
  ): Promise<Map<string, JsonObject | string>> {
    const signed = new Map<string, JsonObject | string>()
    for (const list of await this.statuses.lists()) {
      const unsigned = await this.statuses.listCredential(list.url, options)
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
