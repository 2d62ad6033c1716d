/**
 * `tessera issue`: a template filled for each recipient of a spreadsheet (or one recipient given on the
 * command line), issued as a batch, each credential written to `<out>/credentials/` under a name staff
 * can read (credential-file.ts). A bad row is reported with line, column and code and the others go
 * through. A full output disk stops the run with OUTPUT_FULL and the summary so far: every file written
 * is whole, and a re-run writes what is missing and issues the rest.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  addDuration,
  assertTemplate,
  type BatchRow,
  type BatchSummary,
  fillTemplate,
  type IssuerStore,
  type ProofFormat,
  rowKey,
  type StatusChoice,
} from '@tessera/issuer'
import { type ColumnProblem, isRealDate, type Recipient, readRecipients } from '@tessera/issuer/node'
import {
  errorCodeOf,
  isJsonObject,
  isTesseraError,
  type JsonObject,
  jsonText,
  parseJson,
  readCredential,
  terminalText,
  toDateTime,
} from '@tessera/schema'
import { writeCredential } from './credential-file.js'
import { EXIT, type Io } from './io.js'
import { usage, withIssuer } from './store-folder.js'

const PROOFS: Record<string, ProofFormat> = { 'eddsa-rdfc-2022': 'data-integrity', jwt: 'jwt' }
const STATUSES: readonly StatusChoice[] = ['bitstring', 'statuslist2021', 'none']

/** Write errors that no later file can escape: the run stops. */
const FATAL_WRITE: Record<string, string> = {
  ENOSPC: 'OUTPUT_FULL',
  EDQUOT: 'OUTPUT_FULL',
  EROFS: 'OUTPUT_NOT_WRITABLE',
  EACCES: 'OUTPUT_NOT_WRITABLE',
  EPERM: 'OUTPUT_NOT_WRITABLE',
}

/** A recipient given on the command line. */
type RecipientOnLine = Pick<Recipient, 'memberId' | 'email' | 'did' | 'validUntil' | 'line'> & {
  name?: string
}

/** What a `reminders` column says for "no reminders, please". */
const NO = new Set(['no', 'n', 'false', '0', 'non', 'nein'])
const YES = new Set(['yes', 'y', 'true', '1', 'oui', 'si', 'sí', 'ja'])

/** The optional `language` and `reminders` columns: a language tag, and yes or no. */
function memberColumns(fields: Readonly<Record<string, string>>): ColumnProblem[] {
  const problems: ColumnProblem[] = []
  const reminders = fields.reminders?.trim().toLowerCase()
  if (reminders !== undefined && reminders !== '' && !NO.has(reminders) && !YES.has(reminders))
    problems.push({ column: 'reminders', code: 'INVALID_VALUE', reason: 'reminders is yes or no' })
  const language = fields.language?.trim()
  if (language !== undefined && language !== '' && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language))
    problems.push({
      column: 'language',
      code: 'INVALID_VALUE',
      reason: 'language is a tag such as en, fr, es, de',
    })
  return problems
}

/** A date-only `valid_until` means the end of that day (UTC). */
function endOf(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59Z` : toDateTime(date, 'valid until')
}

/** A refused row: its line (0 for a recipient given on the command line), column, code and reason. */
interface Refused {
  line: number
  memberId?: string
  column?: string
  code: string
  reason: string
}

export async function issueCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      template: { type: 'string' },
      recipients: { type: 'string' },
      member: { type: 'string' },
      email: { type: 'string' },
      did: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      proof: { type: 'string', default: 'eddsa-rdfc-2022' },
      status: { type: 'string', default: 'bitstring' },
      suspension: { type: 'boolean', default: false },
      'valid-until': { type: 'string' },
      'valid-for': { type: 'string' },
      term: { type: 'string' },
      'without-names': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  const { store, template: templateFile, out } = values
  if (store === undefined || templateFile === undefined || out === undefined)
    usage('give --store, --template and --out')
  if ((values.recipients === undefined) === (values.member === undefined))
    usage('give --recipients or --member')
  if (values.member !== undefined && values.email === undefined && values.did === undefined)
    usage('--member needs --email or --did')
  const format = PROOFS[values.proof]
  if (format === undefined) usage(`--proof is eddsa-rdfc-2022 or jwt, not ${values.proof}`)
  const status = values.status as StatusChoice
  if (!STATUSES.includes(status)) usage(`--status is ${STATUSES.join(', ')}, not ${values.status}`)
  if (values['valid-until'] !== undefined && values['valid-for'] !== undefined)
    usage('give --valid-until or --valid-for, not both')
  if (values['valid-until'] !== undefined && !isRealDate(values['valid-until'].slice(0, 10)))
    usage(`--valid-until ${values['valid-until']} is not a date`)
  const withNames = !values['without-names']

  const template = parseJson(await readFile(resolve(io.cwd, templateFile), 'utf8'))
  if (!isJsonObject(template)) usage(`${templateFile} is not a JSON object`)
  const validFrom = new Date(Math.floor(io.now().getTime() / 1000) * 1000)
  try {
    assertTemplate(template, validFrom)
  } catch (error) {
    if (!isTesseraError(error)) throw error
    io.stderr(
      `${terminalText(templateFile)}: not a valid OB 3.0 template: ${error.code}: ${terminalText(error.message)}\n`,
    )
    for (const issue of Array.isArray(error.cause)
      ? (error.cause as { path: string; message: string }[])
      : [])
      io.stderr(`  ${terminalText(issue.path || '/')}: ${terminalText(issue.message)}\n`)
    return EXIT.negative
  }
  const templateTerm = readCredential(template).subject?.term
  const outDir = resolve(io.cwd, out)
  const refused: Refused[] = []
  /** The line of each row's key, to report a row that fails after it was read. */
  const lines = new Map<string, { line: number; memberId: string }>()
  let stopped: { code: string; message: string } | undefined
  let written = 0
  let unwritten = 0

  function row(
    issuer: string,
    recipient: Pick<Recipient, 'memberId' | 'email' | 'did' | 'validUntil' | 'line'> & { name?: string },
  ): BatchRow | undefined {
    const until = recipient.validUntil ?? values['valid-until']
    try {
      const credential = fillTemplate(template as JsonObject, {
        issuer,
        recipient: {
          ...(recipient.did ? { did: recipient.did } : {}),
          ...(recipient.email ? { email: recipient.email } : {}),
          ...(withNames && recipient.name ? { name: recipient.name } : {}),
        },
        validFrom,
        ...(until !== undefined
          ? { validUntil: endOf(until) }
          : values['valid-for'] !== undefined
            ? { validUntil: addDuration(validFrom, values['valid-for']) }
            : {}),
      })
      const term =
        typeof templateTerm === 'string'
          ? templateTerm
          : (values.term ?? (until === undefined ? 'open' : endOf(until)))
      const key = rowKey(recipient.memberId, credential, term)
      lines.set(key, { line: recipient.line, memberId: recipient.memberId })
      return {
        key,
        credential,
        options: { format, status, suspension: values.suspension, recipient: recipient.memberId },
      }
    } catch (error) {
      if (!isTesseraError(error)) throw error
      refused.push({
        line: recipient.line,
        memberId: recipient.memberId,
        code: error.code,
        reason: error.message,
      })
      return undefined
    }
  }

  /**
   * The member's contact record (reminders and notices go to it): the sheet's email, name, language and
   * reminders columns; a sheet without a language or reminders column keeps what was recorded.
   */
  async function recordMember(store: IssuerStore, recipient: Recipient | RecipientOnLine): Promise<void> {
    const before = await store.member(recipient.memberId)
    const fields = 'fields' in recipient ? recipient.fields : {}
    const language = fields.language?.trim() || before?.language
    const reminders =
      fields.reminders === undefined || fields.reminders.trim() === ''
        ? (before?.reminders ?? true)
        : !NO.has(fields.reminders.trim().toLowerCase())
    const email = recipient.email ?? before?.email
    const name = recipient.name ?? before?.name
    await store.putMember({
      memberId: recipient.memberId,
      ...(email === undefined ? {} : { email }),
      ...(name === undefined || name === '' ? {} : { name }),
      ...(language === undefined ? {} : { language }),
      reminders,
      updatedAt: io.now().toISOString(),
    })
  }

  async function* rows(issuer: string, store: IssuerStore): AsyncIterable<BatchRow> {
    if (values.recipients === undefined) {
      const recipient: RecipientOnLine = {
        line: 0,
        memberId: values.member as string,
        ...(values.email ? { email: values.email } : {}),
        ...(values.did ? { did: values.did } : {}),
        ...(values.name ? { name: values.name } : {}),
      }
      const one = row(issuer, recipient)
      if (one !== undefined) {
        await recordMember(store, recipient)
        yield one
      }
      return
    }
    for await (const read of readRecipients(resolve(io.cwd, values.recipients), { check: memberColumns })) {
      // A full disk: no more rows are issued; those in flight finish in the ledger.
      if (stopped !== undefined) return
      if (!read.ok) {
        refused.push(read.problem)
        continue
      }
      const filled = row(issuer, read.recipient)
      if (filled !== undefined) {
        await recordMember(store, read.recipient)
        yield filled
      }
    }
  }

  const tty = process.stderr.isTTY === true && !values.json
  let summary: BatchSummary
  let storeFailure: { code: string; message: string } | undefined
  try {
    summary = await withIssuer(store, io, async ({ issuer, profile, store }) =>
      issuer.issueBatch(rows(profile.did, store), {
        onResult: async (result) => {
          const at = lines.get(result.key) ?? { line: 0, memberId: '' }
          if (!result.ok) {
            refused.push({ ...at, code: result.code, reason: result.message })
            return
          }
          if (stopped !== undefined) {
            unwritten++
            return
          }
          try {
            const file = await writeCredential(outDir, result.issued, io.writeFile)
            written++
            if (!values.json && !result.issued.existing)
              io.stdout(`${result.issued.credentialId} ${terminalText(file)}\n`)
          } catch (error) {
            const errno = String(errorCodeOf(error))
            const message = `cannot write ${result.issued.credentialId}: ${(error as Error).message}`
            const fatal = FATAL_WRITE[errno]
            if (fatal !== undefined) {
              stopped = { code: fatal, message }
              unwritten++
            } else
              refused.push({
                ...at,
                code: isTesseraError(error) ? error.code : 'OUTPUT_WRITE_FAILED',
                reason: message,
              })
          }
        },
        onProgress: (p) => {
          if (tty)
            process.stderr.write(`\rissued ${p.issued}, already issued ${p.existing}, failed ${p.failed}`)
        },
      }),
    )
  } catch (error) {
    // A store failure (STORE_FULL, ...) stops the batch with the summary of what was reported so far.
    const partial = (error as { summary?: BatchSummary }).summary
    if (!isTesseraError(error) || partial === undefined) throw error
    summary = partial
    storeFailure = { code: error.code, message: error.message }
  }
  if (tty) process.stderr.write('\n')
  refused.sort((a, b) => a.line - b.line)
  const failure = stopped ?? storeFailure
  if (values.json)
    io.stdout(
      `${jsonText({ ...summary, written, ...(failure === undefined ? {} : { unwritten, stopped: failure }), refused }, 2)}\n`,
    )
  else {
    io.stdout(
      `issued ${summary.issued}, already issued ${summary.existing}, refused ${refused.length}, files written ${written}\n`,
    )
    for (const r of refused) {
      const where = r.line === 0 ? `member ${r.memberId ?? ''}` : `line ${r.line}`
      io.stdout(
        `  ${terminalText(where)}${r.column ? `, column ${terminalText(r.column)}` : ''}: ${r.code}: ${terminalText(r.reason)}\n`,
      )
    }
  }
  if (failure !== undefined) {
    io.stderr(
      `tessera issue: ${failure.code}: ${terminalText(failure.message)}\n` +
        (stopped === undefined
          ? ''
          : `the run stopped: ${unwritten} credential(s) issued but not written; every file written is whole.\n` +
            'Free space (or fix the folder) and run the same command again: it writes those and issues the rest.\n'),
    )
    return EXIT.unusable
  }
  return refused.length === 0 ? EXIT.ok : EXIT.negative
}
