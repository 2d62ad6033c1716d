/**
 * `tessera report --store DIR [--since DATE] [--format text|json|html] [--out FILE]`: how many people look
 * (the published site's count-only events, counted by `tessera serve`) and what the ledger says (issued,
 * renewed, revoked, suspended, expiring), per achievement and per month. Reads the store folder's database
 * (or DATABASE_URL's); writes nothing to it but the counters' tables when they are missing.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { LedgerRow } from '@tessera/issuer'
import { writeFileAtomic } from '@tessera/issuer/node'
import { achievementOf, credentialFromJwt, decodeJwt, displayText, parseJsonObject } from '@tessera/schema'
import { openEngagementStore } from '@tessera/server'
import { fail } from './errors.js'
import { EXIT, type Io } from './io.js'
import { gatherReport } from './report-data.js'
import { reportHtml, reportJson, reportText } from './report-format.js'
import { usage, withIssuer } from './store-folder.js'

const FORMATS = ['text', 'json', 'html'] as const
type Format = (typeof FORMATS)[number]

/** `YYYY-MM-DD` or `YYYY-MM` (its first day), a real date; else INVALID_DATE. */
export function sinceDay(text: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text)
  const day = match === null ? undefined : `${match[1]}-${match[2]}-${match[3] ?? '01'}`
  const parsed = day === undefined ? Number.NaN : Date.parse(`${day}T00:00:00Z`)
  if (day === undefined || Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== day)
    fail(
      'INVALID_DATE',
      `--since takes a date such as 2027-01-31 or a month such as 2027-01, not ${text.slice(0, 40)}`,
    )
  return day
}

/** The achievement's name in a ledger row's credential, shown safely. */
function nameOf(row: LedgerRow): string | undefined {
  if (row.credential === undefined) return undefined
  try {
    const text = row.credential.trim()
    const credential = text.startsWith('{')
      ? parseJsonObject(text)
      : credentialFromJwt(decodeJwt(text)).credential
    const name = displayText(achievementOf(credential)?.name, { maxLength: 200 }).text
    return name === '' ? undefined : name
  } catch {
    return undefined
  }
}

export async function reportCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
    },
  })
  if (values.store === undefined) usage('give --store')
  const format = values.format as Format
  if (!FORMATS.includes(format)) usage(`--format is text, json or html, not ${values.format}`)
  const since = values.since === undefined ? undefined : sinceDay(values.since)
  const dir = resolve(io.cwd, values.store)
  const report = await withIssuer(values.store, io, async ({ store }) => {
    const counters = await openEngagementStore(dir, process.env)
    try {
      const counts = await counters.counts(since === undefined ? {} : { since })
      const named = new Set<string>()
      return await gatherReport({
        now: io.now(),
        ...(since === undefined ? {} : { since }),
        counts,
        rows: store.rows(),
        // One credential per achievement is read for its name.
        nameOf: (row) => {
          if (named.has(row.achievementId)) return undefined
          named.add(row.achievementId)
          return nameOf(row)
        },
      })
    } finally {
      await counters.close()
    }
  })
  const text =
    format === 'json' ? reportJson(report) : format === 'html' ? reportHtml(report) : reportText(report)
  if (values.out === undefined) io.stdout(text)
  else {
    const path = resolve(io.cwd, values.out)
    await (io.writeFile ?? writeFileAtomic)(path, text)
    io.stdout(`report written to ${path}\n`)
  }
  return EXIT.ok
}
