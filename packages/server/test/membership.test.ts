// The membership's mails from the service: the admin API's revoke, suspend, reinstate and renew take a
// reason (recorded in the ledger's private notes) and quiet, and mail the member a notice through the
// service's sender; a member's choice of reminders is set through the API; and the reminders' timer runs
// the schedule on the service's (injected) clock, one mail per member per step however often it ticks.
import type { MailSender, MemberMail, MembershipSettings, RemindReport } from '@tessera/issuer'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createAdminToken, ReminderTimer } from '../src/index.js'
import { type Guild, startGuild } from './guild.js'

const SETTINGS: MembershipSettings = {
  name: 'Guild of Bookbinders',
  email: 'office@guild.example',
  renewal: 'https://guild.example/renew',
}
const DAY = 86_400_000
const mails: MemberMail[] = []
const outbox: MailSender = {
  async send(mail) {
    mails.push(mail)
    return `test ${mails.length}`
  },
}

let guild: Guild
let token: string

test.before(async () => {
  guild = await startGuild({ service: { membership: { settings: SETTINGS, sender: outbox } } })
  token = (
    await createAdminToken(guild.opened.store, {
      scopes: ['credentials:issue', 'credentials:revoke'],
      now: guild.clock(),
    })
  ).token
  for (const [member, language] of [
    ['M-1', 'de'],
    ['M-2', 'en'],
    ['M-3', 'es'],
  ] as const)
    await guild.opened.issuer.store.putMember({
      memberId: member,
      email: `${member.toLowerCase()}@example.org`,
      language,
      reminders: true,
      updatedAt: guild.clock().toISOString(),
    })
})
test.after(async () => {
  await guild?.close()
})

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${guild.base}/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

test('revoke with a reason: recorded privately, the member told in their language; quiet tells nothing', async () => {
  const one = await guild.issueMembership('M-1', { suspension: true })
  const id = encodeURIComponent(one.credentialId)
  const suspended = await call('POST', `/credentials/${id}/suspend`, { reason: 'Beitrag offen' })
  assert.is(suspended.status, 200)
  assert.is(suspended.body.notice, 'sent')
  assert.is(mails.length, 1)
  assert.is(mails[0]?.language, 'de')
  assert.match(mails[0]?.text ?? '', 'Grund: Beitrag offen')
  const quiet = await call('POST', `/credentials/${id}/reinstate`, { reason: 'paid', quiet: true })
  assert.is(quiet.body.notice, 'quiet')
  assert.is(mails.length, 1)
  // No body: a notice without a reason.
  const revoked = await call('POST', `/credentials/${id}/revoke`)
  assert.is(revoked.status, 200)
  assert.is(revoked.body.notice, 'sent')
  assert.equal(
    (await guild.opened.issuer.store.ledgerNotes(one.credentialId)).map((n) => `${n.action} ${n.reason}`),
    ['suspend Beitrag offen', 'reinstate paid'],
  )
  const bad = await call('POST', `/credentials/${id}/revoke`, { reason: 'x', why: 'y' })
  assert.is(bad.status, 400)
  const long = await call('POST', `/credentials/${id}/revoke`, { reason: 'x'.repeat(501) })
  assert.is(long.status, 400)
})

test('a member chooses no reminders through the API', async () => {
  const set = await call('PUT', '/members/M-3/reminders', { reminders: false })
  assert.is(set.status, 200)
  assert.equal(set.body, { member: 'M-3', reminders: false })
  const stored = await guild.opened.issuer.store.member('M-3')
  assert.is(stored?.reminders, false)
  assert.is(stored?.email, 'm-3@example.org', 'the rest of the record is kept')
  assert.is((await call('PUT', '/members/M-3/reminders', { reminders: 'no' })).status, 400)
  assert.is((await call('PUT', '/members/..%2Fx/reminders', { reminders: true })).status, 400)
})

test('the timer runs the schedule on the service clock: each member once per step, however often it ticks', async () => {
  await guild.issueMembership('M-2')
  await guild.issueMembership('M-3')
  const end = Date.parse((await guild.opened.issuer.store.rowByKey('M-2|membership'))?.validUntil as string)
  guild.now.value = new Date(end - 59 * DAY)
  mails.length = 0
  const reports: RemindReport[] = []
  let ticked: () => void = () => undefined
  const timer = new ReminderTimer({
    store: guild.opened.issuer.store,
    clock: guild.clock,
    schedule: [60, 14, 0],
    settings: SETTINGS,
    sender: outbox,
    everyMs: 5,
    onReport: (report) => {
      reports.push(report)
      ticked()
    },
    onError: (error) => {
      throw error
    },
  })
  const ticks = (n: number) =>
    new Promise<void>((resolve) => {
      const target = reports.length + n
      ticked = () => {
        if (reports.length >= target) resolve()
      }
    })
  const three = ticks(3)
  timer.start()
  try {
    await three
    // M-2 reminded once; M-3 chose none; M-1 was revoked.
    assert.equal(
      mails.map((m) => m.to.address),
      ['m-2@example.org'],
    )
    guild.now.value = new Date(end - 13 * DAY)
    await ticks(2)
  } finally {
    await timer.stop()
  }
  assert.equal(
    mails.map((m) => m.to.address),
    ['m-2@example.org', 'm-2@example.org'],
  )
  assert.is(new Set(mails.map((m) => m.messageId)).size, 2)
})

test.run()
