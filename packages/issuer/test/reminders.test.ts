// Reminders across a simulated year, the clock injected: exactly the expected mails at each step (60 and
// 14 days before the end, the expiry notice on the end day), none after renewal, revocation or
// suspension, none for a member who asked for none, one per member whatever the number of credentials
// of the term, in the member's language; a run that dies between sending and recording sends the same
// Message-ID again, and nothing recorded as sent goes twice; a member who opts out has their pending and
// failed reminders cancelled (kept in the log). Notices of changes carry the reason.
import { collect } from '@tessera/testkit'
import { issuerOn, kmsIssuer, membership } from '@tessera/testkit/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  type IssuerStore,
  type MailSender,
  type MemberMail,
  type MembershipSettings,
  MemoryIssuerStore,
  membershipSettings,
  parseSchedule,
  recordChange,
  sendReminders,
  stepAt,
} from '../src/index.js'

const { did, signer } = await kmsIssuer()
const DAY = 86_400_000
const SETTINGS: MembershipSettings = {
  name: 'Guild of Bookbinders',
  email: 'office@guild.example',
  renewal: 'https://guild.example/renew',
  unsubscribe: 'https://guild.example/no-reminders',
}
const day = (iso: string) => new Date(`${iso}T09:00:00Z`)
const isoDay = (date: Date) => date.toISOString().slice(0, 10)

interface Outbox extends MailSender {
  mails: { at: string; mail: MemberMail }[]
}

function outbox(clock: () => Date): Outbox {
  const mails: Outbox['mails'] = []
  return {
    mails,
    async send(mail) {
      mails.push({ at: isoDay(clock()), mail })
      return `test ${mails.length}`
    },
  }
}

async function guild(store: IssuerStore, clock: () => Date) {
  const issuer = issuerOn(store, signer, { clock })
  const ids: Record<string, string[]> = {}
  for (let i = 0; i <= 6; i++) {
    const member = `M-${i}`
    const issued = await issuer.issue(membership(did, i), {
      format: 'jwt',
      recipient: member,
      suspension: true,
      key: `${member} jwt`,
    })
    ids[member] = [issued.credentialId]
    if (i === 5) {
      // The same term in a second format: one mail per step all the same.
      const json = await issuer.issue(
        { ...membership(did, i), id: `urn:uuid:${crypto.randomUUID()}` },
        { recipient: member, key: `${member} json` },
      )
      ids[member]?.push(json.credentialId)
    }
    if (i !== 6)
      await store.putMember({
        memberId: member,
        email: `m${i}@example.org`,
        name: `Member ${i}`,
        ...(i === 5 ? { language: 'fr' } : {}),
        reminders: i !== 3,
        updatedAt: clock().toISOString(),
      })
  }
  return { issuer, ids }
}

test('schedules and settings are read strictly', () => {
  assert.equal(parseSchedule('0d, 60d,14d'), [60, 14, 0])
  for (const bad of ['60', '60d,60d', 'sixty', '', '-1d', '60d;14d'])
    assert.throws(
      () => parseSchedule(bad),
      (e: Error & { code?: string }) => e.code === 'INVALID_SCHEDULE',
    )
  assert.throws(
    () => membershipSettings({ name: 'Guild', email: 'not an address', renewal: 'x' }),
    (e: Error & { code?: string }) => e.code === 'INVALID_MEMBERSHIP_SETTINGS',
  )
  assert.throws(
    () => membershipSettings({ name: 'Guild', email: 'a@b.example' }),
    (e: Error & { code?: string }) => e.code === 'INVALID_MEMBERSHIP_SETTINGS' && /renewal/.test(e.message),
  )
  const end = '2026-12-31T23:59:59Z'
  const schedule = [60, 14, 0]
  assert.is(stepAt(end, new Date('2026-11-01T00:00:00Z'), schedule), 60)
  assert.is(stepAt(end, new Date('2026-10-31T23:59:59Z'), schedule), undefined)
  assert.is(stepAt(end, new Date('2026-12-30T23:59:59Z'), schedule), 14)
  assert.is(stepAt(end, new Date('2026-12-31T00:00:00Z'), schedule), 0)
  assert.is(stepAt(end, new Date('2027-01-01T23:59:59Z'), schedule), 0)
  assert.is(stepAt(end, new Date('2027-01-02T00:00:00Z'), schedule), undefined)
})

test('a simulated year: each step once, none after renewal, revocation or suspension, none when asked', async () => {
  let now = day('2026-06-01')
  const clock = () => now
  const store = new MemoryIssuerStore()
  const { issuer, ids } = await guild(store, clock)
  const sent = outbox(clock)
  const schedule = parseSchedule('60d,14d,0d')
  const reports = []
  for (let t = day('2026-06-01').getTime(); t <= day('2027-03-01').getTime(); t += DAY) {
    now = new Date(t)
    const today = isoDay(now)
    if (today === '2026-06-02') await issuer.suspend(ids['M-4']?.[0] as string)
    if (today === '2026-11-15') await issuer.renew(ids['M-1']?.[0] as string)
    if (today === '2026-12-01') await issuer.revoke(ids['M-2']?.[0] as string)
    reports.push(await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: sent }))
    // Twice the same day (cron hourly): nothing more.
    const again = await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: sent })
    assert.is(again.sent, 0)
  }
  const got = sent.mails.map(({ at, mail }) => `${at} ${mail.to.address} ${mail.subject}`)
  assert.equal(got, [
    '2026-11-01 m0@example.org Your membership of Guild of Bookbinders ends on December 31, 2026',
    '2026-11-01 m1@example.org Your membership of Guild of Bookbinders ends on December 31, 2026',
    '2026-11-01 m2@example.org Your membership of Guild of Bookbinders ends on December 31, 2026',
    '2026-11-01 m5@example.org Votre adhésion à Guild of Bookbinders se termine le 31 décembre 2026',
    '2026-12-17 m0@example.org Your membership of Guild of Bookbinders ends on December 31, 2026',
    '2026-12-17 m5@example.org Votre adhésion à Guild of Bookbinders se termine le 31 décembre 2026',
    '2026-12-31 m0@example.org Your membership of Guild of Bookbinders ends today',
    "2026-12-31 m5@example.org Votre adhésion à Guild of Bookbinders se termine aujourd'hui",
  ])
  // Every mail says how to renew and how to stop reminders, and has a List-Unsubscribe header.
  for (const { mail } of sent.mails) {
    assert.match(mail.text, 'https://guild.example/renew')
    assert.match(mail.text, 'https://guild.example/no-reminders')
    assert.is(mail.listUnsubscribe, 'https://guild.example/no-reminders')
  }
  // Distinct Message-IDs, each recorded sent once.
  assert.is(new Set(sent.mails.map((m) => m.mail.messageId)).size, sent.mails.length)
  const log = await collect(store.communications({ kind: 'reminder' }))
  assert.is(log.length, 8)
  assert.ok(log.every((r) => r.state === 'sent' && r.attempts === 1))
  // M-3 asked for none, M-6 has no address: said so on the step days.
  const first = reports.find((r) => r.due > 0)
  assert.equal(
    first?.skipped.map((s) => `${s.memberId} ${s.why}`),
    ['M-3 no reminders', 'M-6 no email'],
  )
})

test('a run that dies after sending sends the same Message-ID again; a renewal cancels what is pending', async () => {
  let now = day('2026-11-02')
  const clock = () => now
  const store = new MemoryIssuerStore()
  const { issuer, ids } = await guild(store, clock)
  const sent = outbox(clock)
  const schedule = [60, 14, 0]
  // The process dies right after the first mail went out, before it is recorded sent.
  let die = true
  const dying = Object.create(store) as IssuerStore
  dying.markCommunications = async (messageId, outcome) => {
    if (die) {
      die = false
      throw new Error('killed')
    }
    return store.markCommunications(messageId, outcome)
  }
  const died = await sendReminders({ store: dying, clock, schedule, settings: SETTINGS, sender: sent }).then(
    () => 'finished',
    (error: Error) => error.message,
  )
  assert.is(died, 'killed')
  assert.is(sent.mails.length, 1)
  const pending = await collect(store.communications({ state: 'pending' }))
  assert.is(pending.length, 1)
  const report = await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: sent })
  // The first member's mail again (same Message-ID), then the others.
  assert.is(sent.mails[1]?.mail.messageId, sent.mails[0]?.mail.messageId)
  // M-0 again, then M-1, M-2, M-4 and M-5 (M-3 asked for none, M-6 has no address).
  assert.is(report.sent, 5)
  assert.is(new Set(sent.mails.map((m) => `${m.mail.to.address}`)).size, 5)

  // A mail left pending for M-1, then M-1 renews: the pending mail is cancelled, not sent.
  now = day('2026-12-17')
  let failOnce = true
  const flaky: MailSender = {
    async send(mail) {
      if (failOnce && mail.to.address === 'm1@example.org') {
        failOnce = false
        throw new Error('421 try later')
      }
      return sent.send(mail)
    },
  }
  const failed = await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: flaky })
  assert.is(failed.failed, 1)
  await issuer.renew(ids['M-1']?.[0] as string)
  const after = await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: sent })
  assert.is(after.cancelled, 1)
  assert.is(after.sent, 0)
  const m1 = await collect(store.communications({ recipient: 'M-1' }))
  assert.equal(
    m1.map((r) => `${r.step} ${r.state}`),
    ['60d sent', '14d cancelled'],
  )
})

test('a member who opts out: their pending and failed reminders are cancelled, kept in the log, never sent', async () => {
  let now = day('2026-11-02')
  const clock = () => now
  const store = new MemoryIssuerStore()
  await guild(store, clock)
  const sent = outbox(clock)
  const schedule = [60, 14, 0]
  // M-0's mail fails (the server says later); M-1's goes out and the run dies before recording it sent.
  const dying = Object.create(store) as IssuerStore
  dying.markCommunications = async (messageId, outcome) => {
    const [row] = await collect(store.communications({ messageId }))
    if (row?.recipient === 'M-1') throw new Error('killed')
    return store.markCommunications(messageId, outcome)
  }
  const flaky: MailSender = {
    async send(mail) {
      if (mail.to.address === 'm0@example.org') throw new Error('421 try later')
      return sent.send(mail)
    },
  }
  const died = await sendReminders({ store: dying, clock, schedule, settings: SETTINGS, sender: flaky }).then(
    () => 'finished',
    (error: Error) => error.message,
  )
  assert.is(died, 'killed')
  const states = async () =>
    (await collect(store.communications({ kind: 'reminder' }))).map((r) => `${r.recipient} ${r.state}`)
  assert.equal(await states(), ['M-0 failed', 'M-1 pending'])

  // Both ask for no reminders.
  for (const memberId of ['M-0', 'M-1']) {
    const member = await store.member(memberId)
    assert.ok(member)
    await store.putMember({ ...member, reminders: false, updatedAt: clock().toISOString() })
  }
  const mailedBefore = sent.mails.length
  const report = await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: sent })
  assert.is(report.cancelled, 2)
  assert.equal(
    report.skipped.map((s) => `${s.memberId} ${s.why}`),
    ['M-0 no reminders', 'M-1 no reminders', 'M-3 no reminders', 'M-6 no email'],
  )
  const to = sent.mails.slice(mailedBefore).map((m) => m.mail.to.address)
  assert.equal(to, ['m2@example.org', 'm4@example.org', 'm5@example.org'])
  // Recorded, not deleted: each row is there, cancelled, saying why.
  for (const memberId of ['M-0', 'M-1'])
    assert.equal(
      (await collect(store.communications({ recipient: memberId }))).map(
        (r) => `${r.step} ${r.state} ${r.detail}`,
      ),
      ['60d cancelled the member asked for no reminders'],
      memberId,
    )

  // Later runs leave them so (cancelled is final) and record nothing new for them.
  now = day('2026-12-17')
  const later = await sendReminders({ store, clock, schedule, settings: SETTINGS, sender: sent })
  assert.is(later.cancelled, 0)
  assert.is((await collect(store.communications({ recipient: 'M-0' }))).length, 1)
  assert.is((await collect(store.communications({ recipient: 'M-1' }))).length, 1)
})

test('notices: the reason recorded privately, told in the member language; quiet tells nothing', async () => {
  const now = day('2026-07-01')
  const clock = () => now
  const store = new MemoryIssuerStore()
  const { issuer, ids } = await guild(store, clock)
  const sent = outbox(clock)
  const id = ids['M-5']?.[0] as string
  await issuer.suspend(id)
  assert.is(
    await recordChange({
      store,
      clock,
      action: 'suspend',
      credentialId: id,
      reason: 'cotisation impayée',
      settings: SETTINGS,
      sender: sent,
    }),
    'sent',
  )
  const mail = sent.mails[0]?.mail as MemberMail
  assert.is(mail.language, 'fr')
  assert.match(mail.subject, 'suspendue')
  assert.match(mail.text, 'Motif : cotisation impayée')
  assert.match(mail.text, 'https://guild.example/no-reminders')
  assert.equal(await store.ledgerNotes(id), [
    { credentialId: id, action: 'suspend', reason: 'cotisation impayée', at: now.toISOString() },
  ])
  // M-3 asked for no reminders: notices still go.
  const other = ids['M-3']?.[0] as string
  await issuer.revoke(other)
  assert.is(
    await recordChange({
      store,
      clock,
      action: 'revoke',
      credentialId: other,
      reason: 'expelled',
      settings: SETTINGS,
      sender: sent,
    }),
    'sent',
  )
  assert.match(sent.mails[1]?.mail.text ?? '', 'Reason: expelled')
  // Quiet: recorded, not mailed.
  await issuer.reinstate(id)
  assert.is(
    await recordChange({
      store,
      clock,
      action: 'reinstate',
      credentialId: id,
      reason: 'paid after all',
      quiet: true,
      settings: SETTINGS,
      sender: sent,
    }),
    'quiet',
  )
  assert.is(sent.mails.length, 2)
  assert.is((await store.ledgerNotes(id)).length, 2)
  const notices = await collect(store.communications({ kind: 'notice' }))
  assert.ok(notices.length === 2 && notices.every((n) => n.state === 'sent'))
})

test('a notice that failed, or whose run stopped before marking it, goes on the next run: same Message-ID, same reason', async () => {
  const now = day('2026-07-01')
  const clock = () => now
  const store = new MemoryIssuerStore()
  const { issuer, ids } = await guild(store, clock)
  const id = ids['M-3']?.[0] as string
  await issuer.revoke(id)
  const down: MailSender = {
    async send() {
      throw new Error('421 try later')
    },
  }
  const outcome = await recordChange({
    store,
    clock,
    action: 'revoke',
    credentialId: id,
    reason: 'left the guild',
    settings: SETTINGS,
    sender: down,
  })
  assert.is(outcome, 'failed')
  // A second notice whose run stopped between recording it and sending it: pending.
  const other = ids['M-4']?.[0] as string
  await issuer.suspend(other)
  const stopped = await recordChange({
    store: {
      ...store,
      communications: store.communications.bind(store),
      addCommunications: store.addCommunications.bind(store),
      addLedgerNote: store.addLedgerNote.bind(store),
      row: store.row.bind(store),
      member: store.member.bind(store),
      markCommunications: async () => {
        throw new Error('killed')
      },
    } as unknown as IssuerStore,
    clock,
    action: 'suspend',
    credentialId: other,
    reason: 'unpaid',
    settings: SETTINGS,
    sender: outbox(clock),
  }).then(
    () => 'finished',
    (error: Error) => error.message,
  )
  assert.is(stopped, 'killed')
  const before = await collect(store.communications({ kind: 'notice' }))
  assert.equal(
    before.map((r) => r.state),
    ['failed', 'pending'],
  )
  const sent = outbox(clock)
  const report = await sendReminders({
    store,
    clock,
    schedule: [60, 14, 0],
    settings: SETTINGS,
    sender: sent,
  })
  assert.equal(report.notices, { sent: 2, failed: 0 })
  assert.equal(
    sent.mails.map((m) => m.mail.messageId.split('@')[0]),
    before.map((r) => r.messageId),
  )
  assert.match(sent.mails[0]?.mail.text ?? '', 'Reason: left the guild')
  assert.match(sent.mails[1]?.mail.text ?? '', 'Reason: unpaid')
  const after = await collect(store.communications({ kind: 'notice' }))
  assert.ok(after.every((r) => r.state === 'sent'))
  // Nothing is owed any more: the next run sends no notice.
  const again = await sendReminders({ store, clock, schedule: [60, 14, 0], settings: SETTINGS, sender: sent })
  assert.equal(again.notices, { sent: 0, failed: 0 })
})

test('every language says what changed and how to stop reminders', async () => {
  const { changeMail, reminderMail, MAIL_LANGUAGES } = await import('../src/index.js')
  for (const language of MAIL_LANGUAGES) {
    const envelope = {
      messageId: 'x@guild.example',
      to: { address: 'a@example.org', language },
      settings: { ...SETTINGS, unsubscribe: undefined as unknown as string },
      date: day('2026-07-01'),
    }
    delete (envelope.settings as { unsubscribe?: string }).unsubscribe
    const reminder = reminderMail(envelope, '2026-12-31T23:59:59Z', false)
    assert.match(reminder.text, '2026')
    assert.match(reminder.listUnsubscribe ?? '', /^mailto:office@guild\.example\?subject=/)
    for (const action of ['revoke', 'suspend', 'reinstate', 'renew'] as const) {
      const notice = changeMail(envelope, action, { reason: 'R-42', validUntil: '2027-12-31T23:59:59Z' })
      assert.match(notice.text, 'R-42')
      assert.not.equal(notice.subject, reminder.subject)
    }
  }
})

test.run()
