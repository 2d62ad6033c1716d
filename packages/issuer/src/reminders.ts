/**
 * Reminders before a membership ends, and the expiry notice on its last day: the one function the CLI
 * (`tessera remind`, from cron) and the service (`tessera serve --remind-schedule`) both call, on their
 * own clock. Each member's standing membership is the newest term of each achievement they hold; a
 * member gets one mail per step of the schedule per term, never once renewed (a newer term), revoked,
 * suspended, or lapsed more than a day. Each mail is recorded in the communications log (kind
 * `reminder`) before it goes out and marked sent after: a run killed at any moment and run again sends
 * what is pending again under the same Message-ID (at-least-once; receiving mail systems drop the copy),
 * and nothing recorded as sent goes twice. A pending mail whose membership no longer calls for it (renewed
 * since, or a later step due), or whose member has asked for no reminders since, is cancelled (recorded
 * so in the log), not sent.
 */
import { isTesseraError } from '@tessera/schema'
import { CLR_ACHIEVEMENT_ID } from './clr.js'
import { fail } from './errors.js'
import {
  deliver,
  envelopeFor,
  type MailSender,
  type MemberMail,
  type MembershipSettings,
  reminderMail,
} from './membership-mail.js'
import { resendNotices } from './notices.js'
import type { CommunicationRow, IssuerStore, LedgerRow } from './store.js'

/** The kind of communication reminders and expiry notices are recorded under. */
export const REMINDER = 'reminder'
/** The default schedule: 60 and 14 days before the end, and the end day. */
export const DEFAULT_SCHEDULE: readonly number[] = [60, 14, 0]

const DAY = 86_400_000

/** A schedule (`60d,14d,0d`) as days, latest step first. INVALID_SCHEDULE for anything else. */
export function parseSchedule(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim())
  if (parts.length > 16) fail('INVALID_SCHEDULE', 'a schedule has at most 16 steps')
  const days = parts.map((part) => {
    const match = /^(\d{1,4})d$/.exec(part)
    if (match === null)
      fail(
        'INVALID_SCHEDULE',
        `a schedule is days before the end, such as 60d,14d,0d, not ${JSON.stringify(text.slice(0, 80))}`,
      )
    return Number(match[1])
  })
  if (new Set(days).size !== days.length) fail('INVALID_SCHEDULE', `a step appears twice in ${text}`)
  return days.sort((a, b) => b - a)
}

/** Checks membership settings read from a file: INVALID_MEMBERSHIP_SETTINGS naming the field at fault. */
export function membershipSettings(value: unknown): MembershipSettings {
  const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  const text = (field: string, required: boolean): string | undefined => {
    const v = object[field]
    if (v === undefined && !required) return undefined
    if (typeof v !== 'string' || v.trim() === '' || v.length > 500)
      fail(
        'INVALID_MEMBERSHIP_SETTINGS',
        `the membership settings need "${field}": text of 1 to 500 characters`,
      )
    return v.trim()
  }
  const name = text('name', true) as string
  const email = text('email', true) as string
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email))
    fail('INVALID_MEMBERSHIP_SETTINGS', `the membership settings' "email" is not an address: ${email}`)
  const renewal = text('renewal', true) as string
  const unsubscribe = text('unsubscribe', false)
  const language = text('language', false)
  return {
    name,
    email,
    renewal,
    ...(unsubscribe === undefined ? {} : { unsubscribe }),
    ...(language === undefined ? {} : { language }),
  }
}

/** A member's standing term of one achievement, with the reminder it calls for now. */
export interface DueReminder {
  memberId: string
  achievementId: string
  /** The credentials of the term (a member may hold it in two formats). */
  credentialIds: string[]
  validUntil: string
  /** The step, in days before the end; 0 is the expiry notice. */
  step: number
}

interface Term {
  memberId: string
  achievementId: string
  validUntil: string
  rows: LedgerRow[]
}

/**
 * The newest term of each member's achievements, from the ledger: copies, pending rows and learner
 * records (a CLR ends with what it gathers: its member is reminded of those, not of it) left out.
 */
async function newestTerms(store: IssuerStore): Promise<Term[]> {
  const terms = new Map<string, Term>()
  for await (const row of store.rows()) {
    if (row.copyOf !== undefined || row.state === 'pending' || row.validUntil === undefined) continue
    if (row.achievementId === CLR_ACHIEVEMENT_ID) continue
    const key = JSON.stringify([row.recipient, row.achievementId])
    const term = terms.get(key)
    const until = Date.parse(row.validUntil)
    if (term === undefined || until > Date.parse(term.validUntil))
      terms.set(key, {
        memberId: row.recipient,
        achievementId: row.achievementId,
        validUntil: row.validUntil,
        rows: [row],
      })
    else if (until === Date.parse(term.validUntil)) term.rows.push(row)
  }
  return [...terms.values()]
}

/** The step a term ending at `validUntil` is at, at `now`: the last one begun, or none. */
export function stepAt(validUntil: string, now: Date, schedule: readonly number[]): number | undefined {
  const end = Date.parse(validUntil)
  // Lapsed more than a day ago: nothing more is sent.
  if (now.getTime() > end + DAY) return undefined
  const endDay = Math.floor(end / DAY) * DAY
  let step: number | undefined
  for (const days of schedule)
    if (now.getTime() >= endDay - days * DAY) step = step === undefined ? days : Math.min(step, days)
  return step
}

/**
 * What the schedule calls for at `now`: one reminder per member's standing term whose step has begun;
 * none for a term renewed (a newer one exists: it is the one looked at), revoked, suspended or lapsed.
 */
export async function dueReminders(
  store: IssuerStore,
  now: Date,
  schedule: readonly number[],
): Promise<DueReminder[]> {
  const due: DueReminder[] = []
  for (const term of await newestTerms(store)) {
    if (term.rows.some((r) => r.state !== 'active')) continue
    const step = stepAt(term.validUntil, now, schedule)
    if (step === undefined) continue
    due.push({
      memberId: term.memberId,
      achievementId: term.achievementId,
      credentialIds: term.rows.map((r) => r.credentialId),
      validUntil: term.validUntil,
      step,
    })
  }
  return due
}

/** The communication key of a reminder: one per member, term and step. */
export function reminderKey(due: Pick<DueReminder, 'memberId' | 'achievementId' | 'validUntil' | 'step'>) {
  return {
    kind: REMINDER,
    recipient: due.memberId,
    subject: `${due.achievementId} until ${due.validUntil}`,
    step: `${due.step}d`,
  }
}

export interface RemindOptions {
  store: IssuerStore
  /** The run's clock: what is due, and the dates recorded. */
  clock: () => Date
  /** Days before the end, latest first (`parseSchedule`). */
  schedule: readonly number[]
  settings: MembershipSettings
  sender: MailSender
}

export interface RemindReport {
  /** Reminders the schedule calls for now (sent before or not). */
  due: number
  /** Mails that went out this run (sent again after a crash included). */
  sent: number
  /** Mails that failed this run (tried again on the next). */
  failed: number
  /** Pending or failed mails dropped: their membership was renewed, ended or moved to a later step, or their member asked for no reminders. */
  cancelled: number
  /** Members left out, and why: they asked for no reminders, or no address is recorded. */
  skipped: { memberId: string; why: 'no reminders' | 'no email' }[]
  /** What went out, in order. */
  mails: { memberId: string; step: string; messageId: string; state: 'sent' | 'failed' }[]
  /** Change notices an earlier run left pending or failed, sent again now (notices.ts). */
  notices: { sent: number; failed: number }
}

/**
 * Sends the reminders due at the clock's now, once each (see the file's comment), then the change notices
 * an earlier run left pending or failed. A failed mail is marked failed and the run goes on; a store
 * failure stops it (the next run picks up where it stopped).
 */
export async function sendReminders(options: RemindOptions): Promise<RemindReport> {
  const { store, clock, schedule, settings, sender } = options
  const report: RemindReport = {
    due: 0,
    sent: 0,
    failed: 0,
    cancelled: 0,
    skipped: [],
    mails: [],
    notices: { sent: 0, failed: 0 },
  }
  const logged = new Map<string, CommunicationRow>()
  for await (const row of store.communications({ kind: REMINDER }))
    logged.set(JSON.stringify([row.recipient, row.subject, row.step]), row)
  const due = await dueReminders(store, clock(), schedule)
  report.due = due.length
  const wanted = new Set<string>()
  for (const reminder of due) {
    const key = reminderKey(reminder)
    wanted.add(JSON.stringify([key.recipient, key.subject, key.step]))
  }
  // A pending or failed mail nothing calls for any more is dropped (renewed, revoked, a later step due).
  for (const [id, row] of logged) {
    if (wanted.has(id) || (row.state !== 'pending' && row.state !== 'failed')) continue
    await store.markCommunications(row.messageId, {
      state: 'cancelled',
      at: clock().toISOString(),
      detail: 'no longer due: the membership was renewed or ended, or a later step is due',
    })
    report.cancelled++
  }
  for (const reminder of due) {
    const key = reminderKey(reminder)
    const before = logged.get(JSON.stringify([key.recipient, key.subject, key.step]))
    if (before?.state === 'sent' || before?.state === 'cancelled') continue
    const member = await store.member(reminder.memberId)
    if (member !== undefined && !member.reminders) {
      // Recorded before the member opted out, and not known to have gone: cancelled, never sent.
      if (before !== undefined) {
        await store.markCommunications(before.messageId, {
          state: 'cancelled',
          at: clock().toISOString(),
          detail: 'the member asked for no reminders',
        })
        report.cancelled++
      }
      report.skipped.push({ memberId: reminder.memberId, why: 'no reminders' })
      continue
    }
    if (member?.email === undefined) {
      report.skipped.push({ memberId: reminder.memberId, why: 'no email' })
      continue
    }
    let messageId = before?.messageId
    if (messageId === undefined) {
      messageId = crypto.randomUUID()
      try {
        await store.addCommunications(messageId, [key], clock().toISOString())
      } catch (error) {
        // Another run recorded it in the meantime: that run sends it.
        if (isTesseraError(error) && error.code === 'DUPLICATE_COMMUNICATION') continue
        throw error
      }
    }
    const mail: MemberMail = reminderMail(
      envelopeFor({ ...member, email: member.email }, messageId, settings, clock()),
      reminder.validUntil,
      reminder.step === 0,
    )
    const state = await deliver(store, sender, mail, messageId, clock)
    report[state]++
    report.mails.push({ memberId: reminder.memberId, step: key.step, messageId, state })
  }
  report.notices = await resendNotices({ store, clock, settings, sender })
  return report
}
