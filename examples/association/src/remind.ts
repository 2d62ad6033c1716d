/**
 * `pnpm example -- --remind`: the membership year's reminders at the run's clock (ASSOCIATION_NOW), with
 * @tessera/issuer's `sendReminders`, the function `tessera remind` and `tessera serve --remind-schedule`
 * call: 60 and 14 days before a membership ends, and the expiry notice on its last day, each once per
 * member and term, none to a member renewed or revoked, or who asked for none (the sheet's reminders
 * column, `tessera issue`'s, or the admin API). The members' addresses, names, languages and choices are
 * recorded in the store from the spreadsheet first; an empty reminders cell keeps the choice recorded before.
 * The mails go through SMTP_URL, or into out/mail/reminders/ as .eml files named after their Message-ID
 * (a mail written again after a crash replaces its own file).
 */
import { join } from 'node:path'
import {
  DEFAULT_SCHEDULE,
  type IssuerStore,
  type MailSender,
  type MembershipSettings,
  mailMessage,
  type RemindReport,
  sendReminders,
} from '@tessera/issuer'
import { pathInside } from '@tessera/issuer/node'
import { association, type Member } from './association.js'
import { type Mailer, toEml } from './mail.js'
import type { Output } from './output.js'

/** The association's side of the reminders: where members renew, how they stop reminders. */
export const MEMBERSHIP: MembershipSettings = {
  name: association.name,
  email: association.email,
  renewal: `${association.url}/renew`,
  unsubscribe: `mailto:${association.email}?subject=no%20reminders`,
  language: 'en',
}

/** Through the run's SMTP connection, or as .eml files in out/mail/reminders/. */
function senderOf(out: Output, smtp: Mailer | undefined): MailSender {
  return {
    async send(mail) {
      const message = mailMessage(mail)
      if (smtp !== undefined) return `smtp ${(await smtp.send(message)).response}`
      const file = pathInside(
        join(out.dir, 'mail', 'reminders'),
        `${mail.messageId.replace(/[^\w@.-]/g, '_')}.eml`,
      )
      await out.write(file, await toEml(message))
      return `eml ${file}`
    },
  }
}

export interface RemindInput {
  store: IssuerStore
  members: readonly Member[]
  clock: () => Date
  out: Output
  smtp?: Mailer
}

/** Records the sheet's members (address, name) and sends what the schedule calls for. */
export async function remindMembers(input: RemindInput): Promise<RemindReport> {
  const { store, clock } = input
  for (const member of input.members) {
    const before = await store.member(member.memberId)
    await store.putMember({
      ...before,
      memberId: member.memberId,
      email: member.email,
      name: member.name,
      reminders: member.reminders ?? before?.reminders ?? true,
      ...(member.language === undefined ? {} : { language: member.language }),
      updatedAt: clock().toISOString(),
    })
  }
  return sendReminders({
    store,
    clock,
    schedule: DEFAULT_SCHEDULE,
    settings: MEMBERSHIP,
    sender: senderOf(input.out, input.smtp),
  })
}
