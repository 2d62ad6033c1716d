// `tessera remind` and the notices of `tessera revoke/suspend/reinstate/renew --reason`: a members sheet
// with language and reminders columns, the reminders of a year's steps written as .eml files once each
// (a second run the same day writes nothing), none to a member who said no, none after renewal or
// revocation, notices in the member's language with the reason, --quiet telling nothing; and SIGKILL
// rounds: the command killed at random moments and run again writes one mail per member (by Message-ID:
// a mail written again replaces its own file, as a receiving server drops a repeated Message-ID), misses
// none, and records each sent once.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runAt } from './run.js'

const dir = mkdtempSync(join(tmpdir(), 'tessera-remind-'))
const at = (day: string) => new Date(`${day}T08:00:00Z`)
const run = (day: string, ...argv: string[]) => runAt(at(day), dir, ...argv)
const CHILD = fileURLToPath(new URL('./remind-child.ts', import.meta.url))

const template = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Guild membership',
  issuer: { type: ['Profile'], name: 'Guild of Bookbinders' },
  credentialSubject: {
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://guild.example/achievements/membership',
      type: ['Achievement'],
      achievementType: 'Membership',
      name: 'Guild membership',
      description: 'Membership of the Guild',
      criteria: { narrative: 'Paid the dues' },
    },
  },
}
const MEMBERSHIP = {
  name: 'Guild of Bookbinders',
  email: 'office@guild.example',
  renewal: 'https://guild.example/renew',
  unsubscribe: 'mailto:office@guild.example?subject=no%20reminders',
}

/** A store with the membership settings, and `sheet` issued for 2026. */
async function guild(store: string, sheet: string): Promise<void> {
  const init = await run(
    '2026-01-02',
    'init',
    '--store',
    store,
    '--status-url',
    'https://guild.example/status',
  )
  assert.is(init.code, 0, init.err)
  const profile = JSON.parse(readFileSync(join(dir, store, 'tessera.json'), 'utf8')) as object
  writeFileSync(join(dir, store, 'tessera.json'), JSON.stringify({ ...profile, membership: MEMBERSHIP }))
  writeFileSync(join(dir, 'membership.json'), JSON.stringify(template))
  writeFileSync(join(dir, `${store}.csv`), sheet)
  const issued = await run(
    '2026-01-02',
    ...['issue', '--store', store, '--template', 'membership.json', '--recipients', `${store}.csv`],
    ...['--out', `${store}-out`, '--valid-until', '2026-12-31', '--json'],
  )
  assert.is(issued.code, 0, issued.out + issued.err)
}

/** The .eml files of a folder: name → text. */
function mails(folder: string): Map<string, string> {
  const path = join(dir, folder)
  if (!existsSync(path)) return new Map()
  return new Map(
    readdirSync(path)
      .filter((n) => n.endsWith('.eml'))
      .map((n) => [n, readFileSync(join(path, n), 'utf8')]),
  )
}

const toOf = (eml: string) => /^To: (.*)$/m.exec(eml)?.[1] ?? ''

test('reminders across the year: each step once, none after renewal or revocation, none to who said no', async () => {
  await guild(
    'store',
    [
      'member_id,name,email,language,reminders',
      'M-1,Ann Archer,ann@example.org,en,yes',
      'M-2,Bea Binder,bea@example.org,fr,',
      'M-3,Cy Cutter,cy@example.org,de,no',
      'M-4,Dee Dyer,dee@example.org,es,yes',
      'M-5,Eve Etcher,eve@example.org,,',
    ].join('\n'),
  )
  const ledger = JSON.parse((await run('2026-01-02', 'ledger', '--store', 'store', '--json')).out) as {
    credentialId: string
    recipient: string
  }[]
  const idOf = (m: string) => ledger.find((r) => r.recipient === m)?.credentialId as string
  const remind = (day: string) => run(day, 'remind', '--store', 'store', '--out', `mail/${day}`)
  // Nothing before the first step.
  assert.match((await remind('2026-10-31')).out, /^reminders due 0: sent 0/)
  const first = await remind('2026-11-01')
  assert.is(first.code, 0, first.err)
  assert.match(first.out, /reminders due 5: sent 4, failed 0, cancelled 0, skipped 1/)
  assert.match(first.out, /skipped M-3: no reminders/)
  const nov = [...mails('mail/2026-11-01').values()]
  assert.equal(nov.map(toOf).sort(), [
    'Ann Archer <ann@example.org>',
    'Bea Binder <bea@example.org>',
    'Dee Dyer <dee@example.org>',
    'Eve Etcher <eve@example.org>',
  ])
  const bea = nov.find((m) => m.includes('bea@example.org')) as string
  assert.match(bea, /Content-Language: fr/)
  assert.match(bea, /^Subject: =\?UTF-8\?/m)
  assert.match(bea, /List-Unsubscribe: <mailto:office@guild\.example\?subject=no%20reminders>/)
  // Run again the same day (cron hourly): nothing more.
  assert.match((await remind('2026-11-01')).out, /sent 0/)
  assert.is(mails('mail/2026-11-01').size, 4)

  // M-1 renews (with a notice in their language), M-4 is revoked with a reason; M-5 suspended quietly.
  const renew = await run(
    '2026-11-20',
    ...['renew', '--store', 'store', idOf('M-1'), '--notices', 'notices', '--reason', 'paid at the fair'],
  )
  assert.is(renew.code, 0, renew.err)
  assert.match(renew.out, /notice: sent/)
  const revoke = await run(
    '2026-11-21',
    'revoke',
    '--store',
    'store',
    idOf('M-4'),
    '--out',
    'notices',
    '--reason',
    'expulsada',
  )
  assert.is(revoke.code, 0, revoke.err)
  const notices = [...mails('notices').values()]
  assert.is(notices.length, 2)
  const dee = notices.find((m) => m.includes('dee@example.org')) as string
  assert.match(dee, /Content-Language: es/)
  assert.match(dee, /Motivo: expulsada/)
  assert.match(dee, /recordatorios/)
  const quiet = await run(
    '2026-11-22',
    'revoke',
    '--store',
    'store',
    idOf('M-5'),
    '--out',
    'notices',
    '--reason',
    'typo',
    '--quiet',
  )
  assert.is(quiet.code, 0, quiet.err)
  assert.match(quiet.out, /notice: quiet/)
  assert.is(mails('notices').size, 2)
  // The reasons are nowhere in the published status lists.
  const published = await run('2026-11-22', 'publish', '--store', 'store', '--out', 'public')
  assert.is(published.code, 0, published.err)
  for (const file of readdirSync(join(dir, 'public', 'status')))
    assert.not.match(readFileSync(join(dir, 'public', 'status', file), 'utf8'), /expulsada|typo/)

  // 14 days before: only M-2 is left (M-1 renewed, M-3 said no, M-4 and M-5 revoked).
  const dec = await remind('2026-12-17')
  assert.match(dec.out, /sent 1/)
  assert.equal([...mails('mail/2026-12-17').values()].map(toOf), ['Bea Binder <bea@example.org>'])
  const last = await remind('2026-12-31')
  assert.match(last.out, /sent 1/)
  const expiry = [...mails('mail/2026-12-31').values()][0] as string
  assert.match(expiry, /aujourd'hui|aujourd=E2=80=99hui|aujourd/)
  // Lapsed: nothing more, ever.
  assert.match((await remind('2027-01-05')).out, /reminders due 0: sent 0/)
})

test('expiring lists each standing membership once: not the renewed, not the revoked', async () => {
  const listed = JSON.parse(
    (await run('2026-12-01', 'expiring', '--store', 'store', '--within', '60d', '--json')).out,
  ) as { recipient: string }[]
  assert.equal(listed.map((m) => m.recipient).sort(), ['M-2', 'M-3'])
})

test('refusals: a bad schedule, no --out nor SMTP_URL, no membership settings, a bad reminders column', async () => {
  const bad = await run('2026-11-01', 'remind', '--store', 'store', '--out', 'x', '--schedule', '60,14')
  assert.is(bad.code, 2)
  assert.match(bad.err, /INVALID_SCHEDULE/)
  const nowhere = await run('2026-11-01', 'remind', '--store', 'store')
  assert.is(nowhere.code, 2)
  assert.match(nowhere.err, /USAGE/)
  const init = await run(
    '2026-01-02',
    'init',
    '--store',
    'bare',
    '--status-url',
    'https://guild.example/status',
  )
  assert.is(init.code, 0, init.err)
  const unset = await run('2026-11-01', 'remind', '--store', 'bare', '--out', 'x')
  assert.is(unset.code, 2)
  assert.match(unset.err, /INVALID_MEMBERSHIP_SETTINGS: .*tessera\.json/)
  writeFileSync(join(dir, 'bad.csv'), 'member_id,name,email,reminders\nM-1,Ann,ann@example.org,maybe\n')
  const sheet = await run(
    '2026-01-02',
    ...['issue', '--store', 'bare', '--template', 'membership.json', '--recipients', 'bad.csv', '--out', 'o'],
  )
  assert.is(sheet.code, 1)
  assert.match(sheet.out, /line 2, column reminders: INVALID_VALUE/)
  const reason = await run('2026-11-01', 'revoke', '--store', 'store', 'urn:x', '--reason', 'a\u001bb')
  assert.is(reason.code, 2)
  assert.match(reason.err, /USAGE/)
})

test('SIGKILL rounds: killed at random moments and run again, each member mailed once, none missed', async () => {
  const count = 30
  await guild(
    'crash',
    [
      'member_id,name,email',
      ...Array.from({ length: count }, (_, i) => `C-${i},Member ${i},c${i}@example.org`),
    ].join('\n'),
  )
  /** One run of `tessera remind`; with `kill`, the process kills itself at that moment of its work. */
  const remind = (kill: { at: number; phase: 'before' | 'after' } | undefined) =>
    new Promise<string | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), CHILD, 'remind', '--store', 'crash', '--out', 'crash-mail'],
        {
          cwd: dir,
          env: {
            ...process.env,
            REMIND_NOW: '2026-11-01T08:00:00Z',
            DATABASE_URL: '',
            KILL_AT: kill === undefined ? '' : `${kill.at}:${kill.phase}`,
          },
          stdio: 'ignore',
        },
      )
      child.on('exit', (_code, signal) => resolve(signal))
    })
  // Each round dies at a random moment of its own work, chosen by the test (not by a timer, so that a
  // round is mid-work on a machine of any speed): as it writes a random one of the mails still to go,
  // before that mail's file is written or after it is written and before it is recorded sent.
  const rounds: string[] = []
  for (let round = 0; round < 6; round++) {
    const left = Math.max(1, count - mails('crash-mail').size)
    const kill = {
      at: 1 + Math.floor(Math.random() * left),
      phase: Math.random() < 0.5 ? 'before' : 'after',
    } as const
    const signal = await remind(kill)
    if (signal === 'SIGKILL') rounds.push(`${kill.at}:${kill.phase} -> ${mails('crash-mail').size}`)
  }
  const killed = rounds.length
  // The first round has all its mails to go, so it dies mid-work whatever the machine's speed.
  assert.ok(killed > 0, 'some rounds were killed')
  assert.is(await remind(undefined), null)
  const written = [...mails('crash-mail').values()]
  const recipients = written.map(toOf)
  // One Message-ID per member (a mail written again replaced its own file), every member mailed.
  assert.is(
    written.length,
    count,
    `after ${killed} kills (at, phase -> mails written by then): ${rounds.join(', ')}`,
  )
  assert.is(new Set(recipients).size, count)
  const log = JSON.parse(
    (await run('2026-11-01', 'remind', '--store', 'crash', '--out', 'crash-mail', '--json')).out,
  ) as { due: number; sent: number }
  assert.is(log.due, count)
  assert.is(log.sent, 0, 'everything was recorded sent')
})

test.after(() => rmSync(dir, { recursive: true, force: true }))

test.run()
