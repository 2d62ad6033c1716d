/**
 * `tessera issue`: a template filled for each recipient of a CSV (or one recipient given on the command
 * line), issued as a batch on every core, each credential written to `<out>/credentials/<uuid>.json`
 * (Data Integrity) or `.jwt`. Bad rows are reported with line, column and reason; the others go through.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  addDuration,
  assertTemplate,
  type BatchRow,
  fillTemplate,
  type Issued,
  isRealDate,
  type ProofFormat,
  type Recipient,
  type RecipientRow,
  readRecipients,
  rowKey,
  type StatusChoice,
  writeFileAtomic,
} from '@tessera/issuer'
import { isJsonObject, isTesseraError, type JsonObject, parseJson, toDateTime } from '@tessera/schema'
import { EXIT, type Io } from './io.js'
import { usage, withIssuer } from './store-folder.js'

const USAGE =
  'tessera issue --store DIR --template FILE (--recipients members.csv | --member ID (--email E | --did DID)) --out DIR\n' +
  '              [--proof eddsa-rdfc-2022 | jwt] [--status bitstring | statuslist2021 | none] [--suspension]\n' +
  '              [--valid-until DATE | --valid-for P1Y] [--term NAME]'

const PROOFS: Record<string, ProofFormat> = { 'eddsa-rdfc-2022': 'data-integrity', jwt: 'jwt' }
const STATUSES: readonly StatusChoice[] = ['bitstring', 'statuslist2021', 'none']

/** Writes an issued credential as `<out>/credentials/<uuid>.json|.jwt`; returns the file. */
export async function writeCredential(out: string, issued: Issued): Promise<string> {
  const name = issued.credentialId.replace(/^urn:uuid:/, '').replace(/[^A-Za-z0-9._-]/g, '_')
  const file = join(out, 'credentials', `${name}.${typeof issued.credential === 'string' ? 'jwt' : 'json'}`)
  await writeFileAtomic(
    file,
    typeof issued.credential === 'string'
      ? `${issued.credential}\n`
      : `${JSON.stringify(issued.credential, null, 2)}\n`,
  )
  return file
}

/** A date-only `valid_until` means the end of that day (UTC). */
function endOf(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59Z` : toDateTime(date, 'valid until')
}

interface Line {
  line: number
  column?: string
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
      out: { type: 'string' },
      proof: { type: 'string', default: 'eddsa-rdfc-2022' },
      status: { type: 'string', default: 'bitstring' },
      suspension: { type: 'boolean', default: false },
      'valid-until': { type: 'string' },
      'valid-for': { type: 'string' },
      term: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const { store, template: templateFile, out } = values
  if (store === undefined || templateFile === undefined || out === undefined) usage(USAGE)
  if ((values.recipients === undefined) === (values.member === undefined))
    usage(`give --recipients or --member\n${USAGE}`)
  const format = PROOFS[values.proof]
  if (format === undefined) usage(`--proof is eddsa-rdfc-2022 or jwt, not ${values.proof}`)
  const status = values.status as StatusChoice
  if (!STATUSES.includes(status)) usage(`--status is ${STATUSES.join(', ')}, not ${values.status}`)
  if (values['valid-until'] !== undefined && values['valid-for'] !== undefined)
    usage('give --valid-until or --valid-for, not both')
  if (values['valid-until'] !== undefined && !isRealDate(values['valid-until'].slice(0, 10)))
    usage(`--valid-until ${values['valid-until']} is not a date`)

  const template = parseJson(await readFile(resolve(io.cwd, templateFile), 'utf8'))
  if (!isJsonObject(template)) usage(`${templateFile} is not a JSON object`)
  try {
    assertTemplate(template)
  } catch (error) {
    if (!isTesseraError(error)) throw error
    io.stderr(`${templateFile}: not a valid OB 3.0 template: ${error.code}: ${error.message}\n`)
    for (const issue of Array.isArray(error.cause)
      ? (error.cause as { path: string; message: string }[])
      : [])
      io.stderr(`  ${issue.path || '/'}: ${issue.message}\n`)
    return EXIT.negative
  }
  const validFrom = new Date(Math.floor(io.now().getTime() / 1000) * 1000)
  const subject = isJsonObject(template.credentialSubject) ? template.credentialSubject : {}
  const outDir = resolve(io.cwd, out)
  const refused: Line[] = []

  function row(
    issuer: string,
    recipient: Pick<Recipient, 'memberId' | 'email' | 'did' | 'validUntil' | 'line'>,
  ): BatchRow | undefined {
    const until = recipient.validUntil ?? values['valid-until']
    try {
      const credential = fillTemplate(template as JsonObject, {
        issuer,
        recipient: {
          ...(recipient.did ? { did: recipient.did } : {}),
          ...(recipient.email ? { email: recipient.email } : {}),
        },
        validFrom,
        ...(until !== undefined
          ? { validUntil: endOf(until) }
          : values['valid-for'] !== undefined
            ? { validUntil: addDuration(validFrom, values['valid-for']) }
            : {}),
      })
      const term =
        typeof subject.term === 'string'
          ? subject.term
          : (values.term ?? (until === undefined ? 'open' : endOf(until)))
      return {
        key: rowKey(recipient.memberId, credential, term),
        credential,
        options: { format, status, suspension: values.suspension, recipient: recipient.memberId },
      }
    } catch (error) {
      if (!isTesseraError(error)) throw error
      refused.push({ line: recipient.line, reason: `${error.code}: ${error.message}` })
      return undefined
    }
  }

  async function* rows(issuer: string): AsyncIterable<BatchRow> {
    if (values.recipients === undefined) {
      const one = row(issuer, {
        line: 0,
        memberId: values.member as string,
        ...(values.email ? { email: values.email } : {}),
        ...(values.did ? { did: values.did } : {}),
      })
      if (one !== undefined) yield one
      return
    }
    for await (const read of readRecipients(
      resolve(io.cwd, values.recipients),
    ) as AsyncIterable<RecipientRow>) {
      if (!read.ok) {
        refused.push(read.problem)
        continue
      }
      const filled = row(issuer, read.recipient)
      if (filled !== undefined) yield filled
    }
  }

  const tty = process.stderr.isTTY === true && !values.json
  const summary = await withIssuer(store, io, async ({ issuer, profile }) =>
    issuer.issueBatch(rows(profile.did), {
      onResult: async (result) => {
        if (result.ok) {
          const file = await writeCredential(outDir, result.issued)
          if (!values.json && !result.issued.existing) io.stdout(`${result.issued.credentialId} ${file}\n`)
        } else refused.push({ line: 0, reason: `${result.key}: ${result.code}: ${result.message}` })
      },
      onProgress: (p) => {
        if (tty)
          process.stderr.write(`\rissued ${p.issued}, already issued ${p.existing}, failed ${p.failed}`)
      },
    }),
  )
  if (tty) process.stderr.write('\n')
  refused.sort((a, b) => a.line - b.line)
  if (values.json) io.stdout(`${JSON.stringify({ ...summary, refused }, null, 2)}\n`)
  else {
    io.stdout(`issued ${summary.issued}, already issued ${summary.existing}, refused ${refused.length}\n`)
    for (const r of refused)
      io.stdout(`  line ${r.line}${r.column ? `, column ${r.column}` : ''}: ${r.reason}\n`)
  }
  return refused.length === 0 ? EXIT.ok : EXIT.negative
}
