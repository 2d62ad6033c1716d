/**
 * One email per member: a friendly message listing what they received, each baked badge attached (the
 * picture is the credential), certificates attached as PDF, and the share links. Written as an `.eml`
 * file (nodemailer's MailComposer: RFC 5322, MIME, quoted-printable text), and sent through SMTP when
 * the association gives an `SMTP_URL` (nodemailer's SMTP transport). When the association runs the
 * wallet service (`ASSOCIATION_WALLET_URL`), the mail also says "Add to your wallet", with the offer's
 * link and its QR code inline (a `cid:` attachment, which mail clients show without loading anything).
 * Which mails go out, once, is mailing.ts's business.
 */

import { errorCodeOf } from '@tessera/schema'
import nodemailer from 'nodemailer'
import MailComposer from 'nodemailer/lib/mail-composer'
import type { Attachment, Options } from 'nodemailer/lib/mailer'
import type { ShareLinks } from './share-links.js'

export interface MailAward {
  /** The achievement's name, as the member reads it. */
  title: string
  /** What it is, in a few words ("your membership card for 2026"). */
  description?: string
  links: ShareLinks
  /** The baked badge: its file name (ends in .png or .svg) and bytes. */
  badge: { filename: string; content: Uint8Array }
  /** The printable certificate, if the award has one. */
  certificate?: { filename: string; content: Uint8Array }
}

/** A one-time wallet offer of the member's credentials (OpenID4VCI, made by @tessera/server). */
export interface WalletOffer {
  /** `openid-credential-offer://...`: opens the wallet on the phone that has it. */
  link: string
  /** The link's QR code, a PNG, for scanning from another screen. */
  qrPng: Uint8Array
  /** Until when the offer can be taken. */
  expiresAt: Date
}

/** The Content-ID of the inline QR code. */
export const WALLET_QR_CID = 'wallet-offer-qr@tessera'

export interface MemberMailInput {
  from: { name: string; address: string }
  to: { name: string; address: string }
  association: { name: string; url?: string }
  awards: MailAward[]
  /** The Date header, from the run's clock. Default: now. */
  date?: Date
  /**
   * The Message-ID header (`<id@domain>`). A message sent again after a crash keeps its Message-ID, so
   * that mail systems that drop a second copy of a message (Gmail does) show it once.
   */
  messageId?: string
  /** "Add to your wallet", when the association runs the wallet service. */
  wallet?: WalletOffer
  /** Where the member stands on the pathways they have started: "2 of 3 steps toward ...; next: ...". */
  progress?: readonly string[]
}

function contentType(filename: string): string {
  if (filename.endsWith('.png')) return 'image/png'
  if (filename.endsWith('.svg')) return 'image/svg+xml'
  if (filename.endsWith('.pdf')) return 'application/pdf'
  return 'application/octet-stream'
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The message, as nodemailer's options: plain text and HTML alternatives, the attachments. */
export function memberMail(input: MemberMailInput): Options {
  const firstName = input.to.name.split(/\s+/)[0] ?? input.to.name
  const { awards, association } = input
  const plural = awards.length === 1 ? '' : 's'
  const textAwards = awards
    .map((a) =>
      [
        `* ${a.title}${a.description === undefined ? '' : ` (${a.description})`}`,
        `  See and check it: ${a.links.verify}`,
        `  Add it to your LinkedIn profile: ${a.links.linkedInAddToProfile}`,
        `  Share it on LinkedIn: ${a.links.linkedInShare}`,
      ].join('\n'),
    )
    .join('\n\n')
  const { wallet } = input
  const until = wallet?.expiresAt.toISOString().slice(0, 10)
  const textWallet =
    wallet === undefined
      ? ''
      : `
Add to your wallet: scan the QR code in this message with your wallet app, or open this link on the
phone that has it (it works once, until ${until}):
${wallet.link}
`
  const progress = input.progress ?? []
  const textProgress =
    progress.length === 0
      ? ''
      : `\nWhat is next on your pathway${progress.length === 1 ? '' : 's'}:\n${progress.map((p) => `* ${p}`).join('\n')}\n`
  const text = `Dear ${firstName},

${association.name} is delighted to send you your digital credential${plural}:

${textAwards}
${textProgress}${textWallet}
The badge picture${plural} attached to this message are the credential${plural} themselves: each one carries
a digitally signed Open Badge that anyone can check, without asking us. Keep them, put them on your
website, or import them into a digital wallet.${awards.some((a) => a.certificate !== undefined) ? '\nYour certificate is attached as a PDF, ready to print; its QR code opens the proof online.' : ''}

With our warm regards,
${input.from.name}
${association.name}${association.url === undefined ? '' : `\n${association.url}`}
`
  const htmlAwards = awards
    .map(
      (
        a,
      ) => `<li><strong>${escapeHtml(a.title)}</strong>${a.description === undefined ? '' : ` (${escapeHtml(a.description)})`}<br>
<a href="${escapeHtml(a.links.verify)}">See and check it</a> ·
<a href="${escapeHtml(a.links.linkedInAddToProfile)}">Add it to your LinkedIn profile</a> ·
<a href="${escapeHtml(a.links.linkedInShare)}">Share it</a></li>`,
    )
    .join('\n')
  // <bdi>: a right-to-left name (محمد) does not carry the comma after it to its other side.
  const html = `<p>Dear <bdi>${escapeHtml(firstName)}</bdi>,</p>
<p>${escapeHtml(association.name)} is delighted to send you your digital credential${plural}:</p>
<ul>
${htmlAwards}
</ul>
${
  progress.length === 0
    ? ''
    : `<h3>What is next on your pathway${progress.length === 1 ? '' : 's'}</h3>
<ul>
${progress.map((p) => `<li>${escapeHtml(p)}</li>`).join('\n')}
</ul>
`
}${
  wallet === undefined
    ? ''
    : `<h3>Add to your wallet</h3>
<p>Scan this code with your wallet app, or <a href="${escapeHtml(wallet.link)}">open it on the phone that has your wallet</a> (it works once, until ${escapeHtml(until ?? '')}).</p>
<p><img src="cid:${WALLET_QR_CID}" alt="QR code: add your credential${plural} to your wallet" width="240" height="240"></p>
`
}<p>The badge picture${plural} attached to this message are the credential${plural} themselves: each one carries a
digitally signed Open Badge that anyone can check, without asking us.</p>
<p>With our warm regards,<br>${escapeHtml(input.from.name)}<br>${escapeHtml(association.name)}</p>
`
  const attachments: Attachment[] = []
  for (const award of awards) {
    for (const file of [award.badge, award.certificate]) {
      if (file === undefined) continue
      attachments.push({
        filename: file.filename,
        content: Buffer.from(file.content),
        contentType: contentType(file.filename),
      })
    }
  }
  if (wallet !== undefined)
    attachments.push({
      filename: 'add-to-your-wallet.png',
      content: Buffer.from(wallet.qrPng),
      contentType: 'image/png',
      cid: WALLET_QR_CID,
      contentDisposition: 'inline',
    })
  return {
    from: input.from,
    to: input.to,
    subject: `Your ${association.name} credential${plural}: ${awards.map((a) => a.title).join(', ')}`,
    text,
    html,
    attachments,
    ...(input.date === undefined ? {} : { date: input.date }),
    ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
  }
}

/** The message as an RFC 5322 `.eml` file. */
export function toEml(message: Options): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    new MailComposer(message).compile().build((error, eml) => {
      if (error) reject(error)
      else resolve(Uint8Array.from(eml))
    })
  })
}

export interface SentMail {
  messageId: string
  accepted: string[]
  rejected: string[]
  /** The server's last reply, such as `250 2.0.0 Ok: queued as 4F2`. */
  response: string
}

/** An open SMTP connection: messages go out one after another, then `close()`. */
export interface Mailer {
  /** Resolves once the server accepted the message; rejects when it refused it or could not be reached. */
  send(message: Options): Promise<SentMail>
  close(): void
}

/**
 * A mailer on the SMTP server of `smtpUrl` (`smtp://user:pass@host:587`, `smtps://...:465`): one pooled
 * connection, and one login, for all the messages of a run.
 */
export function openMailer(smtpUrl: string): Mailer {
  const url = new URL(smtpUrl)
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true')
  const transport = nodemailer.createTransport(url.href)
  return {
    async send(message) {
      const info = await transport.sendMail(message)
      return {
        messageId: String(info.messageId),
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
        response: String(info.response ?? ''),
      }
    },
    close: () => transport.close(),
  }
}

/** nodemailer's codes for a connection that failed, as opposed to a message refused (EENVELOPE, EMESSAGE). */
const CONNECTION_FAILURES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EAUTH',
  'ENOAUTH',
  'ETLS',
  'EDNS',
  'EPROXY',
  'EPROTOCOL',
  'ECONFIG',
])

/**
 * Whether an SMTP failure is the server's or the connection's (unreachable, login refused, timed out):
 * then the next messages would fail as well. Otherwise it refused this message only (a bad address).
 */
export function isConnectionFailure(error: unknown): boolean {
  const code = errorCodeOf(error)
  return code !== undefined && CONNECTION_FAILURES.has(code)
}

/** Sends the messages through the SMTP server of `smtpUrl`, one connection for all; each one's outcome, in order. */
export async function sendMails(smtpUrl: string, messages: Options[]): Promise<SentMail[]> {
  const mailer = openMailer(smtpUrl)
  try {
    const sent: SentMail[] = []
    for (const message of messages) sent.push(await mailer.send(message))
    return sent
  } finally {
    mailer.close()
  }
}
