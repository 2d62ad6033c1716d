/**
 * Which mails go out, once. Each credential mailed to a member is recorded in the issuer's store (the
 * communications log): a message's rows are recorded `pending` before it goes out, and marked `sent`
 * once it did (the SMTP server accepted it, or, without SMTP, its .eml was written) or `failed`.
 * A credential with a sent row is never mailed again; a pending or failed message is sent again on the
 * next run, whole and with the same Message-ID. That is at-least-once: a crash in the instant between
 * the server's acceptance and the record leaves the message pending, and it goes out a second time
 * (under the same Message-ID, which mail systems that drop copies show once); nothing is ever skipped.
 */
import { relative } from 'node:path'
import type { CommunicationRow, IssuerStore } from '@tessera/issuer'
import { association, type Member } from './association.js'
import type { AwardFiles, SignedAward } from './award-files.js'
import { memberFile } from './folders.js'
import { isConnectionFailure, type Mailer, memberMail, toEml, type WalletOffer } from './mail.js'
import type { Output } from './output.js'

/** The kind of communication a member's new credentials are recorded under. */
export const CREDENTIALS = 'credentials'
/** The kind of a mail staff asked to send again (`--resend`); each resend is a step of its own. */
export const RESEND = 'resend'

/** Where an award's mail stands. */
export type MailState =
  | { state: 'new' }
  | { state: 'sent' | 'cancelled' }
  /** In a message pending or failed: it goes out with that message. */
  | { state: 'open'; messageId: string }

export interface MailTally {
  /** Messages that went out this run. */
  sent: number
  /** Messages that did not (tried again on the next run). */
  failed: number
  /** Messages not tried: the SMTP server could not be reached. */
  notTried: number
  /** Messages that will not go out (the member left). */
  cancelled: number
}

export interface MailroomOptions {
  store: IssuerStore
  out: Output
  clock: () => Date
  /** The SMTP connection; without one the .eml written is the mail sent (staff send it themselves). */
  smtp?: Mailer
  /** The member's wallet offer, when the association runs the wallet service ("Add to your wallet"). */
  walletOffer?: (memberId: string) => Promise<WalletOffer | undefined>
  /** Where the member stands on the pathways they have started (at the time of the mail). */
  progressOf?: (memberId: string) => Promise<readonly string[]>
}

export interface Sending {
  kind: string
  /** `''`, or the resend's step. */
  step: string
  /** What the .eml file is named after (with the member id): the first award's key, say. */
  name: string
  /** The message being sent again (its rows are recorded already). */
  again?: string
}

export class Mailroom {
  readonly tally: MailTally = { sent: 0, failed: 0, notTried: 0, cancelled: 0 }
  /** The SMTP server's failure, once it could not be reached: no more messages are tried. */
  smtpDown: string | undefined
  /** Mail goes through SMTP (else the .eml files are the mail, for staff to send). */
  readonly throughSmtp: boolean
  private readonly domain = new URL(association.url).hostname

  /** The credentials log, by credential id. */
  private readonly log = new Map<string, CommunicationRow>()
  /** Each message's credential ids, in the order recorded. */
  private readonly messages = new Map<string, string[]>()
  /** The messages still to send (pending or failed), by member. */
  private readonly open = new Map<string, Set<string>>()

  private constructor(private readonly options: MailroomOptions) {
    this.throughSmtp = options.smtp !== undefined
  }

  /** Closes the SMTP connection. */
  close(): void {
    this.options.smtp?.close()
  }

  /** Reads the log of credentials mailed. */
  static async open(options: MailroomOptions): Promise<Mailroom> {
    const mailroom = new Mailroom(options)
    for await (const row of options.store.communications({ kind: CREDENTIALS })) mailroom.remember(row)
    return mailroom
  }

  private remember(row: CommunicationRow): void {
    this.log.set(row.subject, row)
    this.messages.set(row.messageId, [...(this.messages.get(row.messageId) ?? []), row.subject])
    if (row.state === 'pending' || row.state === 'failed')
      this.open.set(row.recipient, (this.open.get(row.recipient) ?? new Set()).add(row.messageId))
  }

  /** Where the mail of an award stands (both its credentials go in one message). */
  stateOf(award: SignedAward): MailState {
    const row = this.log.get(award.jwt.credentialId) ?? this.log.get(award.json.credentialId)
    if (row === undefined) return { state: 'new' }
    if (row.state === 'pending' || row.state === 'failed') return { state: 'open', messageId: row.messageId }
    return { state: row.state }
  }

  /** The member's messages still to send (pending or failed): message id → its credential ids. */
  openMessagesOf(memberId: string): Map<string, string[]> {
    return new Map([...(this.open.get(memberId) ?? [])].map((id) => [id, this.messages.get(id) ?? []]))
  }

  /** A message that will not go out (the member left, a credential in it was revoked). */
  async cancel(messageId: string, why: string): Promise<void> {
    await this.options.store.markCommunications(messageId, {
      state: 'cancelled',
      at: this.options.clock().toISOString(),
      detail: why,
    })
    this.mark(messageId, 'cancelled')
    this.tally.cancelled++
  }

  /**
   * Sends one message to the member with these awards: records it (unless it is sent again), writes its
   * .eml, sends it through SMTP when there is a server, and records the outcome. A failure of the output
   * folder propagates and leaves the message pending, for the next run.
   */
  async send(
    member: Member,
    awards: AwardFiles[],
    sending: Sending,
  ): Promise<'sent' | 'failed' | 'not tried'> {
    if (this.smtpDown !== undefined) {
      this.tally.notTried++
      return 'not tried'
    }
    const { store, out, clock, smtp } = this.options
    const messageId = sending.again ?? crypto.randomUUID()
    if (sending.again === undefined) {
      const at = clock().toISOString()
      const keys = awards.flatMap(({ award }) =>
        [award.jwt.credentialId, award.json.credentialId].map((subject) => ({
          kind: sending.kind,
          recipient: member.memberId,
          subject,
          step: sending.step,
        })),
      )
      await store.addCommunications(messageId, keys, at)
      if (sending.kind === CREDENTIALS) {
        for (const key of keys)
          this.remember({ ...key, messageId, state: 'pending', createdAt: at, updatedAt: at, attempts: 0 })
      }
    }
    const wallet = await this.options.walletOffer?.(member.memberId)
    const progress = (await this.options.progressOf?.(member.memberId)) ?? []
    const message = memberMail({
      from: { name: association.name, address: association.email },
      to: { name: member.name, address: member.email },
      association,
      awards: awards.map((a) => a.mail),
      date: clock(),
      messageId: `<${messageId}@${this.domain}>`,
      ...(wallet === undefined ? {} : { wallet }),
      ...(progress.length === 0 ? {} : { progress }),
    })
    const eml = await out.write(
      memberFile(out.dir, 'mail', member.memberId, sending.name, 'eml'),
      await toEml(message),
    )
    let state: 'sent' | 'failed' = 'sent'
    let detail = `eml ${relative(out.dir, eml)}`
    if (smtp !== undefined) {
      try {
        detail = `smtp ${(await smtp.send(message)).response}`
      } catch (error) {
        state = 'failed'
        detail = `smtp ${(error as Error).message}`
        if (isConnectionFailure(error)) this.smtpDown = (error as Error).message
      }
    }
    await store.markCommunications(messageId, { state, at: clock().toISOString(), detail })
    this.mark(messageId, state)
    this.tally[state]++
    return state
  }

  private mark(messageId: string, state: CommunicationRow['state']): void {
    for (const subject of this.messages.get(messageId) ?? []) {
      const row = this.log.get(subject)
      if (row === undefined) continue
      this.log.set(subject, { ...row, state })
      if (state === 'sent' || state === 'cancelled') this.open.get(row.recipient)?.delete(messageId)
    }
  }
}
