/**
 * A change to a member's credential (revoked, suspended, reinstated, renewed), told: staff's reason
 * recorded in the ledger's notes (private: never in a status list nor a credential), and a notice mailed
 * to the member in their language, recorded in the communications log (kind `notice`) before it goes and
 * marked after, as reminders are. `quiet` (a staff correction) records the reason and mails nothing.
 * Notices go to members who asked for no reminders too: a member must learn that their credential
 * stopped verifying, or verifies again.
 */
import {
  type ChangeAction,
  changeMail,
  deliver,
  envelopeFor,
  type MailSender,
  type MembershipSettings,
} from './membership-mail.js'
import type { IssuerStore } from './store.js'

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
