/**
 * Where the members' mails of `tessera remind` and the change notices go: an SMTP server (`SMTP_URL`,
 * nodemailer's transport, as the association example sends), or `.eml` files in a folder for staff to
 * send (nodemailer's MailComposer: RFC 5322, MIME, quoted-printable text). A file is named after its
 * Message-ID: a mail written again after a crash replaces its copy, as a receiving server that drops a
 * second copy of a Message-ID does.
 */
import { join, relative } from 'node:path'
import { type MailSender, type MemberMail, mailMessage } from '@tessera/issuer'
import { writeFileAtomic } from '@tessera/issuer/node'
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
import type { Options } from 'nodemailer/lib/mailer'

/** The mail as nodemailer's options (@tessera/issuer's `mailMessage`). */
export function mailOptions(mail: MemberMail): Options {
  return mailMessage(mail)
}

/** The mail as an .eml file's bytes. */
export function toEml(mail: MemberMail): Promise<Buffer> {
  return new MailComposer(mailOptions(mail)).compile().build()
}

/** A file name for a Message-ID: what a file name may hold of it. */
const fileNameOf = (messageId: string) => `${messageId.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`

/** Writes each mail to `<dir>/<Message-ID>.eml`, whole or not at all. */
export function emlSender(
  dir: string,
  /** What the outcome's path is relative to (the command's folder). */
  base: string,
  write: (path: string, data: string) => Promise<unknown> = writeFileAtomic,
): MailSender {
  return {
    async send(mail) {
      const file = join(dir, fileNameOf(mail.messageId))
      // 7-bit text: the headers are encoded words and the body quoted-printable.
      await write(file, (await toEml(mail)).toString('utf8'))
      return `eml ${relative(base, file)}`
    },
  }
}

/** Sends each mail through the SMTP server of `url` (smtp:// or smtps://, credentials in the URL). */
export function smtpSender(url: string): MailSender & { close(): void } {
  const transport = nodemailer.createTransport(url)
  return {
    async send(mail) {
      const info = (await transport.sendMail(mailOptions(mail))) as { response?: string }
      return `smtp ${info.response ?? 'accepted'}`
    },
    close: () => transport.close(),
  }
}
