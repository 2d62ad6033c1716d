/**
 * The association's run, as `pnpm example` starts it: the command line read, then one of
 *
 *   (nothing)              issue what is not issued yet, write its files, mail each member their new
 *                          credentials once, publish the website (status lists, verify page, pages)
 *   --revoke <member-id>   a member leaves: their memberships are revoked, the lists published again
 *   --renew                next term's memberships for the members in good standing, mailed once
 *   --resend [--member ID] mail members again the credentials they hold
 *   --verify               verify everything in out/credentials against the published lists
 *   --remind               the reminders due at the run's clock (60 and 14 days before a membership ends,
 *                          the expiry notice on its last day), each once (remind.ts)
 *
 * Everything is given, nothing global: the clock, the folders, the spreadsheet, the environment
 * (SMTP_URL, TESSERA_SECRET, DATABASE_URL; ASSOCIATION_PAGES_REPO and ASSOCIATION_PAGES_BRANCH, a git
 * repository and branch to commit the website to as well), where lines go and how files are written; main.ts gives the
 * process's. A row's failure is that row's (reported, the run goes on, the exit code is 1, a re-run
 * finishes it); any other failure ends the run with the summary so far.
 */
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type ReferralUse, type Rules, recordReferrals } from '@tessera/awards'
import { PostgresReferralStore } from '@tessera/awards/postgres'
import { SqliteReferralStore } from '@tessera/awards/sqlite'
import type { BatchRow, IssuerStore, LedgerRow } from '@tessera/issuer'
import { initIssuer, type OpenedIssuer, openIssuer, type RowProblem } from '@tessera/issuer/node'
import { isTesseraError, parseJsonObject, type Term } from '@tessera/schema'
import { expiringWithin } from '@tessera/status'
import { Verifier } from '@tessera/verifier'
import {
  association,
  awardKindOf,
  awardsOf,
  credentialIssuer,
  LOGO_FILE,
  type Member,
  membershipAward,
  nextTermAfter,
  recipientOf,
  termOf,
} from './association.js'
import {
  type AwardFiles,
  awardFilesPresent,
  awardsInRows,
  type FileOptions,
  FORMATS,
  type Format,
  inMailOrder,
  ledgerKey,
  linksOf,
  parseLedgerKey,
  type SignedAward,
  signedAward,
  writeAwardFiles,
} from './award-files.js'
import { GUILD_RULES, pathwaysStarted, readRules, ruleAwardKindOf, ruleAwardsOf } from './award-rules.js'
import { renderPng } from './badge-art.js'
import { issueRecords, revokeRecords } from './clr-records.js'
import { fail } from './errors.js'
import { type Folders, moveOldStore } from './folders.js'
import { type Mailer, openMailer } from './mail.js'
import { CREDENTIALS, Mailroom, RESEND } from './mailing.js'
import { readMembers } from './members.js'
import { endsTheRun, folderFailure, Output, type WriteFile } from './output.js'
import { learnReferralCodes } from './referral-codes.js'
import { remindMembers } from './remind.js'
import { publishSite, type SitePublished } from './site.js'
import type { LineWriter } from './terminal.js'
import { openWalletOffers, type WalletOffers } from './wallet-offers.js'

export const STATUS_URL = `${association.url}/status`
export const VERIFY_PAGE = `${association.url}/verify/`

type Env = Readonly<Record<string, string | undefined>>

export interface RunSetup {
  /** The clock: the term, every validity, check and mail date. */
  clock: () => Date
  folders: Folders
  /** The members spreadsheet (CSV, semicolon- or tab-separated text, .xlsx). */
  members: string | URL
  /**
   * Referral codes given out before (member_id,code; referral-codes.ts) that the store learns, so that the
   * sheet's referred_by codes are known: the example's data/referral-codes.csv with its data/members.csv.
   */
  referralCodes?: string | URL
  /**
   * SMTP_URL (mail through SMTP), TESSERA_SECRET, DATABASE_URL; TESSERA_DEBUG prints stacks;
   * ASSOCIATION_PAGES_REPO (and ASSOCIATION_PAGES_BRANCH, default gh-pages): commit the website there too.
   */
  env: Env
  /** Where the lines of the run go (escaped there). */
  print: LineWriter
  /** A progress display: what, how many done, of how many. */
  progress?: (label: string, done: number, total: number) => void
  /** How output files are written. Default writeFileAtomic. */
  writeFile?: WriteFile
  /** Opens the SMTP connection of SMTP_URL. Default nodemailer's. */
  openSmtp?: (url: string) => Mailer
}

/**
 * Exit codes: 0 done (refused rows are the spreadsheet's to fix, and listed); 1 something is left that a
 * re-run finishes (a row failed, a mail did not go, the disk filled); 2 the command line or the setup.
 */
export const EXIT = { done: 0, unfinished: 1, usage: 2 } as const

const USAGE_CODES = new Set(['BAD_ARGUMENTS', 'INVALID_NOW', 'STORE_INSIDE_OUTPUT'])

/** Runs one command; resolves with the exit code. Errors are printed with their code, without a stack. */
export async function runExample(argv: readonly string[], setup: RunSetup): Promise<number> {
  const summary = new Summary()
  try {
    const command = commandOf(argv)
    const run = new Run(setup, summary)
    if (command.name === 'revoke') await run.revoke(command.memberId)
    else if (command.name === 'renew') await run.renew()
    else if (command.name === 'resend') await run.resend(command.memberId)
    else if (command.name === 'verify') await run.verify()
    else if (command.name === 'remind') await run.remind()
    else await run.issue()
  } catch (error) {
    summary.stopped = error instanceof Error ? error : new Error(String(error))
    if (setup.env.TESSERA_DEBUG) setup.print(String(summary.stopped.stack))
  }
  summary.print(setup.print)
  return summary.exitCode()
}

type Command =
  | { name: 'issue' | 'renew' | 'verify' | 'remind' }
  | { name: 'revoke'; memberId: string }
  | { name: 'resend'; memberId?: string }

/** The command line (`pnpm example -- --renew` hands the `--` on: options come after it). */
export function commandOf(argv: readonly string[]): Command {
  let values: {
    revoke?: string
    renew?: boolean
    verify?: boolean
    resend?: boolean
    remind?: boolean
    member?: string
  }
  try {
    ;({ values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      options: {
        revoke: { type: 'string' },
        renew: { type: 'boolean' },
        verify: { type: 'boolean' },
        resend: { type: 'boolean' },
        remind: { type: 'boolean' },
        member: { type: 'string' },
      },
      strict: true,
    }))
  } catch (error) {
    fail(
      'BAD_ARGUMENTS',
      `${(error as Error).message}; the commands: (nothing), --revoke <member-id>, --renew, --resend [--member <member-id>], --verify, --remind`,
    )
  }
  const chosen = (['revoke', 'renew', 'verify', 'resend', 'remind'] as const).filter(
    (c) => values[c] !== undefined,
  )
  if (chosen.length > 1) fail('BAD_ARGUMENTS', `one command at a time, not --${chosen.join(' and --')}`)
  if (values.member !== undefined && values.resend !== true)
    fail('BAD_ARGUMENTS', '--member goes with --resend')
  if (values.revoke !== undefined) return { name: 'revoke', memberId: values.revoke }
  if (values.resend === true)
    return { name: 'resend', ...(values.member === undefined ? {} : { memberId: values.member }) }
  if (values.renew === true) return { name: 'renew' }
  if (values.verify === true) return { name: 'verify' }
  if (values.remind === true) return { name: 'remind' }
  return { name: 'issue' }
}

/** What a run did, printed at its end, whatever the end. */
class Summary {
  /** What was done, first. */
  readonly lines: string[] = []
  /** What to do next, last (expiring memberships, what to publish). */
  readonly tail: string[] = []
  readonly refused: RowProblem[] = []
  /** Rows that could not be finished: whose, and why. */
  readonly failures: string[] = []
  mailroom: Mailroom | undefined
  stopped: Error | undefined

  exitCode(): number {
    if (isTesseraError(this.stopped) && USAGE_CODES.has(this.stopped.code)) return EXIT.usage
    const mail = this.mailroom?.tally
    const mailLeft = mail !== undefined && mail.failed + mail.notTried > 0
    return this.failures.length > 0 || this.stopped !== undefined || mailLeft ? EXIT.unfinished : EXIT.done
  }

  print(print: LineWriter): void {
    for (const line of this.lines) print(line)
    for (const row of this.refused)
      print(`  refused: line ${row.line}${row.memberId ? ` (${row.memberId})` : ''}: ${row.reason}`)
    if (this.mailroom !== undefined) {
      const { sent, failed, notTried, cancelled } = this.mailroom.tally
      const how = this.mailroom.throughSmtp ? 'through SMTP' : 'as .eml files in mail/'
      print(
        `  emails: ${sent} sent (${how}), ${failed} failed, ${notTried} not tried, ${cancelled} cancelled`,
      )
      if (this.mailroom.smtpDown !== undefined)
        print(
          `  the SMTP server could not be reached (${this.mailroom.smtpDown}): run again to send the rest`,
        )
    }
    for (const failure of this.failures) print(`  not finished: ${failure}`)
    for (const line of this.tail) print(line)
    if (this.stopped !== undefined) {
      const code = isTesseraError(this.stopped) ? ` ${this.stopped.code}` : ''
      print(`error${code}: ${this.stopped.message}`)
    }
  }
}

/** Each member's issued awards: member id → award key → its ledger rows by format. */
type Issued = Map<string, Map<string, Partial<Record<Format, LedgerRow>>>>

const day = (date: Date) => date.toISOString().slice(0, 10)

/** What a credential is when only these checks fail: not a fault of it (--verify). */
const STANDING: Readonly<Record<string, string>> = {
  REVOKED: 'revoked',
  EXPIRED: 'expired',
  NOT_YET_VALID: 'not valid yet',
}

function describe(error: unknown): string {
  return isTesseraError(error) ? `${error.code} ${error.message}` : String((error as Error).message ?? error)
}

class Run {
  private readonly out: Output
  private readonly now: Date
  private readonly term: Term
  /** The store's issuer while a command runs, and the wallet offers made on it (ASSOCIATION_WALLET_URL). */
  private opened: OpenedIssuer | undefined
  private wallet: WalletOffers | undefined

  constructor(
    private readonly setup: RunSetup,
    private readonly summary: Summary,
  ) {
    this.out = new Output(setup.folders.out, setup.writeFile)
    this.now = setup.clock()
    this.term = termOf(this.now)
  }

  private guildRules: Rules | undefined

  /** data/rules.yaml, read once per run. */
  private rules(): Rules {
    this.guildRules ??= readRules(GUILD_RULES)
    return this.guildRules
  }

  // --- The commands

  async issue(): Promise<void> {
    const sheet = await this.readSheet()
    await this.withStore(async (opened) => {
      const { staying, left } = await this.partition(opened.store, sheet.members)
      const issuer = credentialIssuer(opened.profile.did)
      const rows: BatchRow[] = []
      for (const member of staying)
        for (const award of awardsOf(member, { issuer, term: this.term }))
          rows.push(...this.batchRows(member, award))
      this.summary.lines.push(
        `${association.name}, term ${this.term.name} (${day(this.now)}): ${sheet.members.length} members on the spreadsheet, ${sheet.refused.length} rows refused`,
      )
      const issued = await this.issueRows(opened, rows)
      await this.issueByRules(opened, staying, issued)
      if (left.length > 0)
        this.summary.lines.push(
          `  left (membership revoked): nothing issued or mailed; take them off the spreadsheet: ${left.map((m) => m.memberId).join(', ')}`,
        )
      const mailroom = await this.openMailroom(opened.store)
      for (const member of left)
        for (const messageId of mailroom.openMessagesOf(member.memberId).keys())
          await mailroom.cancel(messageId, 'the member left')
      await this.deliverAll(staying, issued, opened.store, mailroom)
      const records = await issueRecords(opened, staying, this.out, this.now)
      this.summary.lines.push(
        `  learner records (CLR 2.0, out/records): ${records.issued} issued, ${records.unchanged} unchanged`,
      )
      await this.expiring(opened.store)
      await this.publish(opened)
    })
  }

  async renew(): Promise<void> {
    const next = nextTermAfter(this.term)
    const sheet = await this.readSheet()
    await this.withStore(async (opened) => {
      const store = opened.store
      const issuer = credentialIssuer(opened.profile.did)
      // Those on the spreadsheet (who paid for the next term) whose membership of this term stands.
      const eligible: Member[] = []
      for (const member of sheet.members) {
        const held = await Promise.all(
          FORMATS.map((f) => store.rowByKey(ledgerKey(member.memberId, `membership-${this.term.name}`, f))),
        )
        if (held.every((row) => row?.state === 'active')) eligible.push(member)
      }
      const rows = eligible.flatMap((member) =>
        this.batchRows(member, membershipAward(member, { issuer, term: next })),
      )
      this.summary.lines.push(
        `${association.name}: memberships of ${next.name} for the ${eligible.length} members on the spreadsheet whose membership of ${this.term.name} stands (${sheet.members.length - eligible.length} others, ${sheet.refused.length} rows refused)`,
      )
      const issued = await this.issueRows(opened, rows)
      await this.deliverAll(eligible, issued, store, await this.openMailroom(store))
      await this.publish(opened)
    })
  }

  /** The membership year's reminders at the run's clock (remind.ts), each once. */
  async remind(): Promise<void> {
    const sheet = await this.readSheet()
    const smtpUrl = this.setup.env.SMTP_URL
    const smtp =
      smtpUrl === undefined || smtpUrl === '' ? undefined : (this.setup.openSmtp ?? openMailer)(smtpUrl)
    try {
      await this.withStore(async (opened) => {
        const report = await remindMembers({
          store: opened.store,
          members: sheet.members,
          clock: () => this.now,
          out: this.out,
          ...(smtp === undefined ? {} : { smtp }),
        })
        this.summary.lines.push(
          `${association.name}: reminders on ${day(this.now)}: ${report.due} due, ${report.sent} sent (${smtp === undefined ? 'as .eml files in mail/reminders/' : 'through SMTP'}), ${report.failed} failed, ${report.cancelled} cancelled`,
        )
        for (const skip of report.skipped)
          this.summary.lines.push(`  not reminded: ${skip.memberId} (${skip.why})`)
        for (let i = 0; i < report.failed; i++)
          this.summary.failures.push('a reminder failed: run again to send it')
      })
    } finally {
      smtp?.close()
    }
  }

  async revoke(memberId: string): Promise<void> {
    await this.withStore(async (opened) => {
      const memberships = (await opened.issuer.standing(memberId)).filter((row) =>
        row.achievementId.includes('/membership-'),
      )
      if (memberships.length === 0) fail('NO_STANDING_MEMBERSHIP', `${memberId} holds no standing membership`)
      for (const row of memberships) await opened.issuer.revoke(row.credentialId)
      this.summary.lines.push(`revoked ${memberships.length} membership credential(s) of ${memberId}`)
      const records = await revokeRecords(opened, memberId)
      if (records > 0) this.summary.lines.push(`revoked ${memberId}'s learner record (CLR 2.0)`)
      // A mail still to send to them will not go.
      const mailroom = await this.openMailroom(opened.store)
      for (const messageId of mailroom.openMessagesOf(memberId).keys())
        await mailroom.cancel(messageId, 'the member left')
      await this.publish(opened)
    })
  }

  async resend(memberId?: string): Promise<void> {
    const sheet = await this.readSheet()
    await this.withStore(async (opened) => {
      const store = opened.store
      const { staying, left } = await this.partition(store, sheet.members)
      const chosen = memberId === undefined ? staying : staying.filter((m) => m.memberId === memberId)
      if (memberId !== undefined && chosen.length === 0)
        fail(
          'NOT_A_MEMBER',
          left.some((m) => m.memberId === memberId)
            ? `${memberId} left (their membership is revoked): nothing is sent to them`
            : `${memberId} is not on the spreadsheet`,
        )
      this.summary.lines.push(`${association.name}: mailing ${chosen.length} member(s) again what they hold`)
      const mailroom = await this.openMailroom(store)
      const fileOptions = await this.fileOptions()
      // Each resend is a step of its own: when, and which one (two on one day are two).
      const resendStep = `${this.now.toISOString()} ${crypto.randomUUID().slice(0, 8)}`
      for (const member of chosen) {
        const rows: LedgerRow[] = []
        for await (const row of store.rows({ recipient: member.memberId, state: 'active' })) rows.push(row)
        // What they hold now: not what has expired.
        const held = awardsInRows(
          member,
          rows,
          (row) => row.validUntil === undefined || Date.parse(row.validUntil) >= this.now.getTime(),
        )
        if (held.length === 0) continue
        await this.forMember(member, async () => {
          const files = await this.writeFiles(member, held, fileOptions)
          if (files.size === 0) return
          await mailroom.send(member, [...files.values()], {
            kind: RESEND,
            step: resendStep,
            name: `resend-${day(this.now)}`,
          })
        })
      }
    })
  }

  async verify(): Promise<void> {
    const statusDir = join(this.setup.folders.out, 'site', 'current', 'status')
    const credentialsDir = join(this.setup.folders.out, 'credentials')
    if (!existsSync(statusDir) || !existsSync(credentialsDir))
      fail('NOTHING_PUBLISHED', `nothing to verify in ${this.setup.folders.out}: run the example first`)
    const documents = new Map<string, unknown>()
    for (const name of readdirSync(statusDir)) {
      const list = (await readFile(join(statusDir, name), 'utf8')).trim()
      documents.set(`${STATUS_URL}/${name}`, list.startsWith('{') ? parseJsonObject(list) : list)
    }
    const verifier = new Verifier({ documents, offline: true })
    const tally = new Map<string, number>()
    for (const name of readdirSync(credentialsDir).sort()) {
      const raw = (await readFile(join(credentialsDir, name), 'utf8')).trim()
      let verdict: string
      let why = ''
      try {
        const result = await verifier.verifyCredential(name.endsWith('.jwt') ? raw : parseJsonObject(raw), {
          now: this.now,
        })
        // Revoked, expired or not valid yet is what the credential is, not a fault of it.
        const failed = result.checks.filter((c) => !c.ok)
        const fault = failed.find((c) => c.code === undefined || !Object.hasOwn(STANDING, c.code))
        const state = failed[0]?.code === undefined ? undefined : STANDING[failed[0].code]
        verdict = result.verified
          ? 'verified'
          : fault === undefined && state !== undefined
            ? state
            : `not verified (${fault?.code})`
        why = (fault ?? failed[0])?.message ?? ''
      } catch (error) {
        verdict = 'not verified (unreadable)'
        why = describe(error)
      }
      tally.set(verdict, (tally.get(verdict) ?? 0) + 1)
      if (verdict === 'revoked' || verdict.startsWith('not verified'))
        this.summary.lines.push(`  ${name}: ${verdict}: ${why}`)
    }
    for (const [verdict, count] of tally) this.summary.lines.push(`${verdict}: ${count}`)
    if ([...tally.keys()].some((v) => v.startsWith('not verified')))
      this.summary.failures.push('some credentials do not verify')
  }

  // --- Steps

  private readSheet() {
    return readMembers(this.setup.members, { today: day(this.now), term: this.term.name }).then((sheet) => {
      this.summary.refused.push(...sheet.refused)
      return sheet
    })
  }

  /** Opens the store (moved from out/store, or made, first), runs `work`, closes it. */
  private async withStore(work: (opened: OpenedIssuer) => Promise<void>): Promise<void> {
    const { store, out } = this.setup.folders
    const moved = await moveOldStore(this.setup.folders)
    if (moved !== undefined)
      this.setup.print(
        `moved the association's store (its signing key) from ${moved} to ${store}: back it up`,
      )
    if (!existsSync(join(store, 'tessera.json'))) {
      const credentials = join(out, 'credentials')
      if (existsSync(credentials) && readdirSync(credentials).length > 0)
        fail(
          'STORE_MISSING',
          `there is no store at ${store}, but ${credentials} holds credentials: restore the store from its backup (or set ASSOCIATION_STORE to where it is); to start over under a new identity, delete ${out} first`,
        )
      const profile = await initIssuer(store, { did: 'key', statusBaseUrl: STATUS_URL }, this.setup.env)
      this.setup.print(`created the association's identity ${profile.did} in ${store}: back this folder up`)
    }
    const opened = await openIssuer(store, this.setup.env, { clock: this.setup.clock })
    this.opened = opened
    try {
      await work(opened)
    } finally {
      this.summary.mailroom?.close()
      await this.wallet?.close()
      this.wallet = undefined
      this.opened = undefined
      await opened.close()
    }
  }

  /**
   * The spreadsheet's members, less those who left: their latest membership is revoked. Revocation is
   * final for a member id: nothing is issued or mailed to it again (a member who comes back rejoins under
   * a new id).
   */
  private async partition(
    store: IssuerStore,
    members: Member[],
  ): Promise<{ staying: Member[]; left: Member[] }> {
    const staying: Member[] = []
    const left: Member[] = []
    for (const member of members) {
      let latest: LedgerRow | undefined
      for await (const row of store.rows({ recipient: member.memberId }))
        if (awardKindOf(parseLedgerKey(row.key ?? '')?.awardKey ?? '') === 'membership') latest = row
      ;(latest?.state === 'revoked' ? left : staying).push(member)
    }
    return { staying, left }
  }

  /** An award's batch rows: one per format, each its own credential (id, status entry). */
  private batchRows(member: Member, award: { key: string; credential: object }): BatchRow[] {
    return FORMATS.map((format) => ({
      key: ledgerKey(member.memberId, award.key, format),
      credential: { ...(award.credential as BatchRow['credential']), id: `urn:uuid:${crypto.randomUUID()}` },
      options: { format, recipient: member.memberId },
    }))
  }

  /**
   * The milestones, pathway completions and referral tiers of data/rules.yaml the staying members newly earn against the
   * ledger (this run's awards issued first), issued like the others (both formats) and added to `issued`
   * for their files and mail.
   */
  private async issueByRules(opened: OpenedIssuer, staying: Member[], issued: Issued): Promise<void> {
    const byId = new Map(staying.map((m) => [m.memberId, m]))
    // The referral codes new members' rows carry (referred_by), recorded once each beside the ledger.
    const url = this.setup.env.DATABASE_URL ?? ''
    const codes =
      url === ''
        ? new SqliteReferralStore(join(this.setup.folders.store, 'tessera.db'))
        : await PostgresReferralStore.open(url)
    let referrals: ReferralUse[]
    try {
      const given = this.setup.referralCodes
      if (given !== undefined)
        for (const problem of await learnReferralCodes(codes, given, this.now))
          this.summary.lines.push(`  ${problem}`)
      const recorded = await recordReferrals(
        codes,
        staying.map((m) => ({ memberId: m.memberId, fields: { referred_by: m.referredBy ?? '' } })),
        { now: this.now },
      )
      referrals = recorded.uses
      for (const r of recorded.refused)
        this.summary.lines.push(`  referral code of ${r.memberId} refused: ${r.reason}`)
    } finally {
      await codes.close()
    }
    const earned = await ruleAwardsOf({
      rules: this.rules(),
      memberIds: [...byId.keys()],
      store: opened.store,
      issuer: credentialIssuer(opened.profile.did),
      recipientOf: (memberId) => recipientOf(byId.get(memberId) as Member),
      now: this.now,
      referrals,
    })
    if (earned.length > 0) {
      const rows = earned.flatMap((award) => this.batchRows(byId.get(award.memberId) as Member, award))
      await this.issueRows(opened, rows, 'by the rules (data/rules.yaml)')
    }
    // Those of earlier runs too, as the batch gives back the other awards: their files are made again
    // when missing, and a mail left open goes.
    for await (const row of opened.store.rows()) {
      const key = parseLedgerKey(row.key ?? '')
      if (key === undefined || !byId.has(key.memberId) || ruleAwardKindOf(key.awardKey) === undefined)
        continue
      const mine = issued.get(key.memberId) ?? new Map()
      mine.set(key.awardKey, { ...mine.get(key.awardKey), [key.format]: row })
      issued.set(key.memberId, mine)
    }
  }

  /** Issues the rows (what was issued before comes back as it was); reports each award's count. */
  private async issueRows(opened: OpenedIssuer, rows: BatchRow[], what = 'awards'): Promise<Issued> {
    const issued: Issued = new Map()
    const count = new Map<string, { now: number; before: number }>()
    await opened.issuer.issueBatch(rows, {
      onResult: (result) => {
        const key = parseLedgerKey(result.key)
        if (key === undefined) return
        if (!result.ok) {
          this.summary.failures.push(
            `${key.memberId} ${key.awardKey} (${key.format}): ${result.code} ${result.message}`,
          )
          return
        }
        const member = issued.get(key.memberId) ?? new Map()
        member.set(key.awardKey, { ...member.get(key.awardKey), [key.format]: result.issued.row })
        issued.set(key.memberId, member)
        // Counted once per award, by its JWT.
        const tally = count.get(key.awardKey) ?? { now: 0, before: 0 }
        if (key.format === 'jwt') tally[result.issued.existing ? 'before' : 'now']++
        count.set(key.awardKey, tally)
      },
      onProgress: (progress) => this.setup.progress?.('issuing', progress.done, rows.length),
    })
    const total = [...count.values()].reduce(
      (sum, c) => ({ now: sum.now + c.now, before: sum.before + c.before }),
      {
        now: 0,
        before: 0,
      },
    )
    this.summary.lines.push(
      `  ${what}: ${total.now} issued now, ${total.before} before (each as Data Integrity and as VC-JWT)`,
    )
    for (const [kind, c] of [...count].sort())
      this.summary.lines.push(
        `    ${kind.padEnd(28)} ${String(c.now).padStart(4)} now ${String(c.before).padStart(4)} before`,
      )
    return issued
  }

  private async openMailroom(store: IssuerStore): Promise<Mailroom> {
    const url = this.setup.env.SMTP_URL
    const smtp = url === undefined || url === '' ? undefined : (this.setup.openSmtp ?? openMailer)(url)
    const walletUrl = this.setup.env.ASSOCIATION_WALLET_URL
    if (walletUrl !== undefined && walletUrl !== '' && this.opened !== undefined && this.wallet === undefined)
      this.wallet = await openWalletOffers(
        this.opened,
        this.setup.folders.store,
        walletUrl,
        this.setup.env,
        this.setup.clock,
      )
    const wallet = this.wallet
    const mailroom = await Mailroom.open({
      store,
      out: this.out,
      clock: this.setup.clock,
      ...(smtp === undefined ? {} : { smtp }),
      ...(wallet === undefined ? {} : { walletOffer: (memberId: string) => wallet.offerFor(memberId) }),
      progressOf: (memberId: string) => pathwaysStarted(this.rules(), memberId, store),
    })
    this.summary.mailroom = mailroom
    return mailroom
  }

  private async fileOptions(): Promise<FileOptions> {
    return {
      out: this.out,
      verifyPage: VERIFY_PAGE,
      siteUrl: `${association.url}/`,
      logoPng: renderPng(await readFile(LOGO_FILE, 'utf8'), { width: 256 }),
    }
  }

  /**
   * The files of each award; an award whose files cannot be made (its certificate's QR code cannot hold
   * it, say) is reported and left out, and the member's other awards go on.
   */
  private async writeFiles(
    member: Member,
    awards: readonly SignedAward[],
    options: FileOptions,
  ): Promise<Map<string, AwardFiles>> {
    const files = new Map<string, AwardFiles>()
    for (const award of awards) {
      try {
        files.set(award.key, await writeAwardFiles(award, options))
      } catch (error) {
        if (endsTheRun(error)) throw error
        this.summary.failures.push(`${member.memberId} ${award.key}: ${describe(error)}`)
      }
    }
    return files
  }

  /** Runs a member's part; a failure is that member's (reported), unless the output folder failed. */
  private async forMember(member: Member, work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      if (endsTheRun(error)) throw error
      this.summary.failures.push(`${member.memberId}: ${describe(error)}`)
    }
  }

  /**
   * Each member's files, then their mail: a message left open by an earlier run (pending or failed) goes
   * again as it was; then one message with every standing award never mailed.
   */
  private async deliverAll(
    members: Member[],
    issued: Issued,
    store: IssuerStore,
    mailroom: Mailroom,
  ): Promise<void> {
    const fileOptions = await this.fileOptions()
    for (const [n, member] of members.entries()) {
      this.setup.progress?.('files and mail', n + 1, members.length)
      await this.forMember(member, async () => {
        const awards = inMailOrder(
          [...(issued.get(member.memberId) ?? [])].flatMap(
            ([key, rows]) => signedAward(member, key, rows) ?? [],
          ),
        )
        // Files an earlier run made are kept, unless the award is to be mailed (the mail carries them).
        const toMail = (award: SignedAward) =>
          award.standing && ['new', 'open'].includes(mailroom.stateOf(award).state)
        const toMake = awards.filter(
          (award) => toMail(award) || !awardFilesPresent(award, this.out.dir, linksOf(award, fileOptions)),
        )
        const files = await this.writeFiles(member, toMake, fileOptions)
        for (const [messageId, credentialIds] of mailroom.openMessagesOf(member.memberId)) {
          const again = awardsInRows(member, await Promise.all(credentialIds.map((id) => store.row(id))))
          if (again.length === 0 || again.some((award) => !award.standing)) {
            await mailroom.cancel(messageId, 'a credential in it no longer stands')
            continue
          }
          const missing = again.filter((award) => !files.has(award.key))
          for (const [key, made] of await this.writeFiles(member, missing, fileOptions)) files.set(key, made)
          // Sent again whole, or not at all (a file that failed is reported; the next run tries again).
          if (again.some((award) => !files.has(award.key))) continue
          await mailroom.send(
            member,
            again.map((award) => files.get(award.key) as AwardFiles),
            { kind: CREDENTIALS, step: '', name: (again[0] as SignedAward).key, again: messageId },
          )
        }
        const fresh = awards.filter(
          (award) => award.standing && files.has(award.key) && mailroom.stateOf(award).state === 'new',
        )
        if (fresh.length > 0)
          await mailroom.send(
            member,
            fresh.map((award) => files.get(award.key) as AwardFiles),
            { kind: CREDENTIALS, step: '', name: (fresh[0] as SignedAward).key },
          )
      })
    }
  }

  /** How many members' memberships lapse in the next 60 days, not revoked and not renewed yet. */
  private async expiring(store: IssuerStore): Promise<void> {
    const next = `membership-${nextTermAfter(this.term).name}`
    const lapsing = new Set<string>()
    for (const credential of await expiringWithin(store, { days: 60, now: this.now })) {
      if (!credential.achievementId.includes('/membership-') || credential.state === 'revoked') continue
      const renewed = await store.rowByKey(ledgerKey(credential.recipient, next, 'jwt'))
      if (renewed?.state !== 'active') lapsing.add(credential.recipient)
    }
    this.summary.tail.push(`  memberships lapsing in the next 60 days (not renewed yet): ${lapsing.size}`)
  }

  /**
   * What the association puts on the web, in one place: its website (@tessera/site) into out/site, the
   * one published output: the status lists, the verify page (with its trust.json naming this issuer), the
   * profile, the achievements, the public pages of the members who chose one (the spreadsheet says who),
   * and did.json for a did:web. Atomic: out/site/current is a whole site, the old one or the new.
   */
  private async publish(opened: OpenedIssuer): Promise<void> {
    const sheet = await readMembers(this.setup.members, { today: day(this.now), term: this.term.name }).catch(
      () => undefined,
    )
    const dir = join(this.setup.folders.out, 'site')
    const env = this.setup.env
    const repository = env.ASSOCIATION_PAGES_REPO
    const pages =
      repository === undefined || repository === ''
        ? undefined
        : { repository, branch: env.ASSOCIATION_PAGES_BRANCH || 'gh-pages' }
    let published: SitePublished
    try {
      published = await publishSite({
        opened,
        members: sheet?.members,
        out: this.setup.folders.out,
        now: this.now,
        ...(pages === undefined ? {} : { pages }),
      })
    } catch (error) {
      throw folderFailure(error, dir) ?? error
    }
    const report = published.folder
    this.summary.tail.push(
      `  website: ${join(dir, 'current')} (${report.written.length} file(s) written, ${report.kept.length} kept, ${report.removed.length} removed): the status lists, the verify page (verify/index.html, its trust.json naming this issuer) and the pages; serve it, or upload it, at ${association.url}/`,
    )
    const branch = published.branch
    if (branch !== undefined)
      this.summary.tail.push(
        `  pages branch: ${branch.ref} of ${pages?.repository} at ${branch.commit} (${branch.commit === branch.previous ? 'unchanged' : `${branch.written.length} file(s) written, ${branch.removed.length} removed`}); push it to publish it`,
      )
    this.summary.tail.push(`written to ${this.setup.folders.out}`)
  }
}
