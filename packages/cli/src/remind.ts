/**
 * `tessera remind`: the reminders due at the command's clock (60 and 14 days before a membership ends,
 * and the expiry notice on its last day, by default), sent once each through SMTP (`SMTP_URL`) or
 * written as .eml files to `--out` for staff to send. Run it from cron as often as you like: the store's
 * communications log makes every run send only what is due and not sent yet, and a run killed at any
 * moment leaves nothing skipped (`sendReminders` of @tessera/issuer, which the service calls too). The
 * association's name, address and renewal instructions are the `membership` of the store's tessera.json.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import {
  DEFAULT_SCHEDULE,
  type MailSender,
  type MembershipSettings,
  membershipSettings,
  parseSchedule,
  type ReminderErrorCode,
  sendReminders,
} from '@tessera/issuer'
import type { IssuerProfile } from '@tessera/issuer/node'
import { jsonText, TesseraError, terminalText } from '@tessera/schema'
import { EXIT, type Io } from './io.js'
import { emlSender, smtpSender } from './mail-out.js'
import { usage, withIssuer } from './store-folder.js'

/** The membership settings of a store's profile (INVALID_MEMBERSHIP_SETTINGS saying where to put them). */
export function settingsOf(profile: IssuerProfile, store: string): MembershipSettings {
  if (profile.membership === undefined)
    throw new TesseraError<ReminderErrorCode>(
      'INVALID_MEMBERSHIP_SETTINGS',
      `no membership settings: add "membership": { "name", "email", "renewal" } to ${store}/tessera.json`,
    )
  return membershipSettings(profile.membership)
}

/** Where mails go: SMTP when SMTP_URL is set, else .eml files in `out`; undefined when neither. */
export function mailSender(
  out: string | undefined,
  io: Io,
  env: Record<string, string | undefined> = process.env,
): (MailSender & { close?(): void }) | undefined {
  const smtp = env.SMTP_URL
  if (smtp !== undefined && smtp !== '') return smtpSender(smtp)
  if (out === undefined) return undefined
  return emlSender(resolve(io.cwd, out), io.cwd, io.writeFile)
}

/** `tessera remind --store DIR [--schedule 60d,14d,0d] [--out DIR] [--json]` */
export async function remindCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      schedule: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined) usage('give --store')
  const schedule = values.schedule === undefined ? [...DEFAULT_SCHEDULE] : parseSchedule(values.schedule)
  const sender = mailSender(values.out, io)
  if (sender === undefined) usage('give --out DIR (the mails as .eml files), or set SMTP_URL')
  try {
    const report = await withIssuer(values.store, io, async ({ store, profile }) =>
      sendReminders({
        store,
        clock: io.now,
        schedule,
        settings: settingsOf(profile, values.store as string),
        sender,
      }),
    )
    if (values.json) io.stdout(`${jsonText(report, 2)}\n`)
    else {
      io.stdout(
        `reminders due ${report.due}: sent ${report.sent}, failed ${report.failed}, cancelled ${report.cancelled}, skipped ${report.skipped.length}\n`,
      )
      for (const mail of report.mails)
        io.stdout(`  ${mail.state} ${terminalText(mail.memberId)} ${mail.step} <${mail.messageId}>\n`)
      for (const skip of report.skipped) io.stdout(`  skipped ${terminalText(skip.memberId)}: ${skip.why}\n`)
      const { notices } = report
      if (notices.sent + notices.failed > 0)
        io.stdout(`change notices left unsent before: sent ${notices.sent}, failed ${notices.failed}\n`)
    }
    return report.failed === 0 && report.notices.failed === 0 ? EXIT.ok : EXIT.negative
  } finally {
    sender.close?.()
  }
}
