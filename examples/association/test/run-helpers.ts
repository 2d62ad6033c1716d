// Running the example in this process, as `pnpm example` would, at a chosen moment and in temporary
// folders; a local SMTP server (smtp-server on 127.0.0.1) that keeps every message it accepts; small
// spreadsheets; and reading the store's communications log.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommunicationRow } from '@tessera/issuer'
import { openIssuer } from '@tessera/issuer/node'
import { terminalText } from '@tessera/schema'
import { collect } from '@tessera/testkit'
import { SMTPServer } from 'smtp-server'
import type { Folders } from '../src/folders.js'
import type { WriteFile } from '../src/output.js'
import { REFERRAL_CODES_FILE } from '../src/referral-codes.js'
import { type RunSetup, runExample } from '../src/run.js'

/** A temporary root with `out/` and `store/` apart inside; `remove()` deletes it. */
export function tempFolders(prefix: string): Folders & { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), `tessera-${prefix}-`))
  return {
    root,
    out: join(root, 'out'),
    store: join(root, 'store'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

export interface RunOptions {
  folders: Folders
  members?: string | URL
  /** Referral codes for the store to learn; default data/referral-codes.csv with the default sheet. */
  referralCodes?: string | URL
  env?: Record<string, string | undefined>
  writeFile?: WriteFile
}

export interface Ran {
  code: number
  /** Every line printed, as printed (escaped). */
  lines: string[]
  text: string
}

/** Runs the example with `argv` at `now`; resolves with its exit code and lines. */
export async function runAt(now: string, argv: string[], options: RunOptions): Promise<Ran> {
  const lines: string[] = []
  const setup: RunSetup = {
    clock: () => new Date(now),
    folders: options.folders,
    members: options.members ?? new URL('../data/members.csv', import.meta.url),
    ...(options.referralCodes !== undefined
      ? { referralCodes: options.referralCodes }
      : options.members === undefined
        ? { referralCodes: REFERRAL_CODES_FILE }
        : {}),
    env: { SMTP_URL: '', DATABASE_URL: '', ...options.env },
    print: (line) => lines.push(terminalText(line)),
    ...(options.writeFile === undefined ? {} : { writeFile: options.writeFile }),
  }
  const code = await runExample(argv, setup)
  return { code, lines, text: lines.join('\n') }
}

/** Three members (mail to ann@, bea@, cy@example.org, in that order), for runs that need a few. */
export const THREE_MEMBERS = [
  'A-1,Ann Archer,ann@example.org,2015-02-01,Full member,,,yes,,,',
  'A-2,Bea Baker,bea@example.org,2021-05-05,Full member,,,,,,',
  'A-3,Cy Cole,cy@example.org,2021-05-05,Full member,,,,,,',
]

/** A spreadsheet of the example's columns in `dir`, from its rows (header added). */
export function sheetFile(dir: string, rows: string[]): string {
  const file = join(dir, `members-${crypto.randomUUID().slice(0, 8)}.csv`)
  writeFileSync(
    file,
    `member_id,name,email,join_date,tier,did,certified,conference,volunteering,contribution,referred_by\n${rows.join('\n')}\n`,
  )
  return file
}

export interface Received {
  to: string[]
  messageId: string
  raw: Buffer
}

export interface LocalSmtp {
  url: string
  /** The messages accepted, in order. */
  received: Received[]
  /**
   * Called with each message before it is accepted; returning false leaves it unanswered (the client
   * waits), as a server does that is cut off mid-delivery.
   */
  onMessage?: (message: Received) => boolean
  close(): Promise<void>
}

/** An SMTP server on 127.0.0.1 that accepts everything (no TLS, no login). */
export async function localSmtp(): Promise<LocalSmtp> {
  const smtp: LocalSmtp = {
    url: '',
    received: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
        const message = {
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString('latin1'))?.[1] ?? '',
          raw,
        }
        if (smtp.onMessage?.(message) === false) return
        smtp.received.push(message)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  smtp.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
  return smtp
}

/** The store's communications log. */
export async function communications(store: string): Promise<CommunicationRow[]> {
  const opened = await openIssuer(store, { DATABASE_URL: '' })
  try {
    return await collect(opened.store.communications())
  } finally {
    await opened.close()
  }
}

/** Every file under `dir`, as paths relative to it. */
export function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  )
}
