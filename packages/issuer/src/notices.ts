/**
 * A change to a member's credential (revoked, suspended, reinstated, renewed), told: staff's reason
 * recorded in the ledger's notes (private: never in a status list nor a credential), and a notice mailed
 * to the member in their language, recorded in the communications log (kind `notice`) before it goes and
 * marked after, as reminders are. `quiet` (a staff correction) records the reason and mails nothing.
 * A notice left pending (the process stopped mid-send) or failed is sent again, under its own Message-ID
 * and with the reason read back from the ledger's notes, by `resendNotices` (each reminders run calls it).
 * Notices go to members who asked for no reminders too: a member must learn that their credential
 * stopped verifying, or verifies again.
 */
import {
  CHANGE_ACTIONS,
  type ChangeAction,
  changeMail,
  deliver,
  envelopeFor,
  type MailSender,
  type MembershipSettings,
} from './membership-mail.js'
import type { CommunicationRow, IssuerStore } from './store.js'

/** The kind of communication change notices are recorded under. */
export const NOTICE = 'notice'

export interface ChangeOptions {
  store: IssuerStore
  clock: () => Date
  action: ChangeAction
  credentialId: string
  /** Staff's reason, recorded privately and told to the member. */
  reason?: string
  /** Record only: no notice (a staff correction). */
  quiet?: boolean
  /** The renewed term's end (renew). */
  validUntil?: string
  /** Without settings and a sender, nothing is mailed (the reason is still recorded). */
  settings?: MembershipSettings
  sender?: MailSender
}

export type NoticeOutcome = 'sent' | 'failed' | 'quiet' | 'no email' | 'no sender'

/** Records the change's reason and sends the member its notice; says what became of the notice. */
export async function recordChange(options: ChangeOptions): Promise<NoticeOutcome> {
  const { store, clock, action, credentialId, reason, settings, sender } = options
  const at = clock().toISOString()
  if (reason !== undefined) await store.addLedgerNote({ credentialId, action, reason, at })
  if (options.quiet === true) return 'quiet'
  if (settings === undefined || sender === undefined) return 'no sender'
  const row = await store.row(credentialId)
  const member = row === undefined ? undefined : await store.member(row.recipient)
  if (row === undefined || member?.email === undefined) return 'no email'
  const messageId = crypto.randomUUID()
  await store.addCommunications(
    messageId,
    [{ kind: NOTICE, recipient: row.recipient, subject: credentialId, step: `${action} ${at}` }],
    at,
  )
  const mail = changeMail(
    envelopeFor({ ...member, email: member.email }, messageId, settings, clock()),
    action,
    {
      ...(reason === undefined ? {} : { reason }),
      ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }),
    },
  )
  return deliver(store, sender, mail, messageId, clock)
}

export interface ResendOptions {
  store: IssuerStore
  clock: () => Date
  settings: MembershipSettings
  sender: MailSender
}

/** The action and moment of a notice's log row (its step is `<action> <ISO moment>`). */
function noticeOf(row: CommunicationRow): { action: ChangeAction; at: string } | undefined {
  const space = row.step.indexOf(' ')
  const action = CHANGE_ACTIONS.find((a) => a === row.step.slice(0, space))
  return action === undefined ? undefined : { action, at: row.step.slice(space + 1) }
}

/**
 * Sends again the notices recorded but not sent: pending (a run stopped between recording and marking)
 * or failed (the mail server refused). The same Message-ID as the first try, so a mail that did go out
 * is recognised as the same by the member's mail service; the reason is the one the ledger's notes hold.
 */
export async function resendNotices(options: ResendOptions): Promise<{ sent: number; failed: number }> {
  const { store, clock, settings, sender } = options
  const owed: CommunicationRow[] = []
  for await (const row of store.communications({ kind: NOTICE }))
    if (row.state === 'pending' || row.state === 'failed') owed.push(row)
  const outcome = { sent: 0, failed: 0 }
  for (const row of owed) {
    const notice = noticeOf(row)
    const member = await store.member(row.recipient)
    const credential = await store.row(row.subject)
    if (notice === undefined || member?.email === undefined || credential === undefined) continue
    const reason = (await store.ledgerNotes(row.subject)).find(
      (n) => n.action === notice.action && n.at === notice.at,
    )?.reason
    const validUntil = notice.action === 'renew' ? credential.validUntil : undefined
    const mail = changeMail(
      envelopeFor({ ...member, email: member.email }, row.messageId, settings, clock()),
      notice.action,
      {
        ...(reason === undefined ? {} : { reason }),
        ...(validUntil === undefined ? {} : { validUntil }),
      },
    )
    outcome[await deliver(store, sender, mail, row.messageId, clock)]++
  }
  return outcome
}
