// `pnpm example -- --remind` across the membership year, at the example's clock: the 60-day and 14-day
// reminders and the end day's expiry notice, each once per member (a second run the same day sends
// nothing), none to a member who left (--revoke), written as .eml files in out/mail/reminders/.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runAt, sheetFile, THREE_MEMBERS, tempFolders } from './run-helpers.js'

test('--remind: each step once per member, none after the member left', async () => {
  const folders = tempFolders('association-remind')
  try {
    const members = sheetFile(folders.root, THREE_MEMBERS)
    const issued = await runAt('2027-03-15T10:00:00Z', [], { folders, members })
    assert.is(issued.code, 0, issued.text)
    const dir = join(folders.out, 'mail', 'reminders')
    const mails = () => {
      try {
        return readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'))
      } catch {
        return []
      }
    }
    const remind = (now: string) => runAt(now, ['--', '--remind'], { folders, members })
    const early = await remind('2027-10-31T10:00:00Z')
    assert.match(early.text, /reminders on 2027-10-31: 0 due, 0 sent/)
    const first = await remind('2027-11-01T10:00:00Z')
    assert.is(first.code, 0, first.text)
    assert.match(first.text, /3 due, 3 sent \(as \.eml files in mail\/reminders\/\)/, first.text)
    assert.is(mails().length, 3)
    assert.ok(
      mails().every((m) => /^Subject: Your membership of Guild of Independent Bookbinders ends on/m.test(m)),
    )
    assert.ok(mails().every((m) => m.includes('https://bookbinders.example/renew')))
    assert.match((await remind('2027-11-01T18:00:00Z')).text, /3 due, 0 sent/)
    const left = await runAt('2027-11-20T10:00:00Z', ['--', '--revoke', 'A-2'], { folders, members })
    assert.is(left.code, 0, left.text)
    assert.match((await remind('2027-12-17T10:00:00Z')).text, /2 due, 2 sent/)
    const last = await remind('2027-12-31T10:00:00Z')
    assert.match(last.text, /2 due, 2 sent/)
    const expiry = mails().filter((m) => /ends today/.test(m))
    assert.equal(expiry.map((m) => /^To: (.*)$/m.exec(m)?.[1]).sort(), [
      'Ann Archer <ann@example.org>',
      'Cy Cole <cy@example.org>',
    ])
    assert.is(mails().length, 7)
    assert.match((await remind('2028-01-05T10:00:00Z')).text, /0 due, 0 sent/)
  } finally {
    folders.remove()
  }
})

test('the sheet says who wants no reminders and in which language: the store keeps it', async () => {
  const folders = tempFolders('association-remind-choice')
  try {
    const header =
      'member_id,name,email,join_date,tier,did,certified,conference,volunteering,contribution,referred_by,reminders,language'
    const rows = [
      'A-1,Ann Archer,ann@example.org,2015-02-01,Full member,,,yes,,,,,fr',
      'A-2,Bea Baker,bea@example.org,2021-05-05,Full member,,,,,,,no,',
      'A-3,Cy Cole,cy@example.org,2021-05-05,Full member,,,,,,,yes,',
    ]
    const members = join(folders.root, 'members-choice.csv')
    writeFileSync(members, `${header}\n${rows.join('\n')}\n`)
    const issued = await runAt('2027-03-15T10:00:00Z', [], { folders, members })
    assert.is(issued.code, 0, issued.text)
    const reminded = await runAt('2027-11-01T10:00:00Z', ['--', '--remind'], { folders, members })
    assert.match(reminded.text, /3 due, 2 sent/)
    const dir = join(folders.out, 'mail', 'reminders')
    const mails = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'))
    assert.equal(mails.map((m) => /^To: .*<(.*)>$/m.exec(m)?.[1]).sort(), [
      'ann@example.org',
      'cy@example.org',
    ])
    const ann = mails.find((m) => m.includes('ann@example.org')) ?? ''
    assert.match(ann, /^Content-Language: fr$/m)
    // A bad cell is refused with its column, and the rest of the sheet goes on.
    writeFileSync(
      members,
      `${header}\n${rows.join('\n')}\nA-4,Di Dean,di@example.org,2021-05-05,Full member,,,,,,,maybe,\n`,
    )
    const refused = await runAt('2027-11-02T10:00:00Z', ['--', '--remind'], { folders, members })
    assert.match(refused.text, /reminders "maybe" is not "yes", "no" or empty/)
  } finally {
    folders.remove()
  }
})

test.run()
