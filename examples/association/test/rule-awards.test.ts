// The example's run (`pnpm example`) awards the milestones and pathway completions of data/rules.yaml
// after its usual awards, with files and mail like the others: the Master Binder pathway the year its
// steps are held, the Stalwart Volunteer milestone in the third year of volunteering; a re-run on the
// same day issues and mails nothing new; a new member's referred_by code earns its holder the Guild
// Ambassador tier, once. A member part-way on the pathway reads what is next in their mail.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createReferralCode } from '@tessera/awards'
import { SqliteReferralStore } from '@tessera/awards/sqlite'
import { openIssuer } from '@tessera/issuer/node'
import { collect } from '@tessera/testkit'
import { simpleParser } from 'mailparser'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { runAt, sheetFile, tempFolders } from './run-helpers.js'

const folders = tempFolders('rule-awards')
test.after(() => folders.remove())

// Vera volunteers every year; Ada is certified, at the conference and on a project (the pathway's steps).
const sheet = sheetFile(folders.root, [
  'V-1,Vera Vale,vera@example.org,2024-02-01,Full member,,,,welcome desk,,',
  'V-2,Ada Binder,ada@example.org,2022-02-01,Full member,,yes,yes,,Open Bindery Handbook,',
  'V-3,Cy Conf,cy@example.org,2024-02-01,Full member,,,yes,,,',
])

async function ledgerKeys(): Promise<string[]> {
  const opened = await openIssuer(folders.store, { DATABASE_URL: '' })
  try {
    return (await collect(opened.store.rows())).map((r) => r.key ?? '').sort()
  } finally {
    await opened.close()
  }
}

const mails = () => readdirSync(join(folders.out, 'mail')).filter((f) => f.endsWith('.eml'))

test('the first year: the Master Binder pathway by the rules, in its member’s mail', async () => {
  const ran = await runAt('2027-03-15T10:00:00Z', [], { folders, members: sheet })
  assert.is(ran.code, 0, ran.text)
  assert.match(ran.text, /by the rules \(data\/rules\.yaml\): 1 issued now, 0 before/)
  const keys = await ledgerKeys()
  assert.ok(keys.includes('V-2/master-binder/jwt') && keys.includes('V-2/master-binder/data-integrity'))
  assert.ok(!keys.some((k) => k.startsWith('V-1/master-binder')))
  const mail = await simpleParser(readFileSync(join(folders.out, 'mail', 'V-2-membership-2027.eml')))
  assert.ok(mail.attachments.some((a) => a.filename === 'V-2-master-binder.png'))
  const credential = JSON.parse(
    readFileSync(join(folders.out, 'credentials', 'V-2-master-binder.json'), 'utf8'),
  ) as { evidence?: unknown[]; credentialSubject: { achievement: { id: string } } }
  assert.is(
    credential.credentialSubject.achievement.id,
    'https://bookbinders.example/achievements/master-binder',
  )
  assert.is(credential.evidence?.length, 3)
  assert.not.match(mail.text ?? '', /What is next/, 'the pathway is complete')
})

test('the award mail of a member part-way on the pathway says what is next', async () => {
  const mail = await simpleParser(readFileSync(join(folders.out, 'mail', 'V-3-membership-2027.eml')))
  assert.match(
    mail.text ?? '',
    /What is next on your pathway:\n\* 1 of 3 steps toward Master Binder; next: Certified Practitioner\n/,
  )
  const vera = await simpleParser(readFileSync(join(folders.out, 'mail', 'V-1-membership-2027.eml')))
  assert.not.match(vera.text ?? '', /What is next/, 'an optional step alone does not start it')
})

test('the third year of volunteering earns the Stalwart Volunteer milestone, once; a re-run awards nothing new', async () => {
  assert.is((await runAt('2028-03-15T10:00:00Z', [], { folders, members: sheet })).code, 0)
  assert.ok(!(await ledgerKeys()).some((k) => k.includes('three-volunteering')))
  const third = await runAt('2029-03-15T10:00:00Z', [], { folders, members: sheet })
  assert.is(third.code, 0, third.text)
  assert.match(third.text, /by the rules \(data\/rules\.yaml\): 1 issued now, 0 before/)
  const keys = await ledgerKeys()
  assert.ok(keys.includes('V-1/three-volunteering/jwt'))
  const mail = await simpleParser(readFileSync(join(folders.out, 'mail', 'V-1-membership-2029.eml')))
  assert.ok(mail.attachments.some((a) => a.filename === 'V-1-three-volunteering.png'))

  const mailed = mails()
  const again = await runAt('2029-03-15T11:00:00Z', [], { folders, members: sheet })
  assert.is(again.code, 0, again.text)
  assert.not.match(again.text, /by the rules/)
  assert.match(again.text, /awards: 0 issued now/)
  assert.equal(await ledgerKeys(), keys)
  assert.equal(mails(), mailed)
})

test('a new member joins with a member’s referral code (referred_by): the Guild Ambassador tier, once', async () => {
  const codes = new SqliteReferralStore(join(folders.store, 'tessera.db'))
  const now = new Date('2029-06-01T10:00:00Z')
  const { code } = await createReferralCode(codes, 'V-2', now)
  codes.close()
  const header = readFileSync(sheet, 'utf8').split('\n')[0]
  const withReferral = join(folders.root, 'referred.csv')
  writeFileSync(
    withReferral,
    `${header}\nV-2,Ada Binder,ada@example.org,2022-02-01,Full member,,yes,yes,,Open Bindery Handbook,\nN-1,Nina New,nina@example.org,2029-05-20,Associate,,,,,,${code.toLowerCase()}\n`,
  )
  const ran = await runAt(now.toISOString(), [], { folders, members: withReferral })
  assert.is(ran.code, 0, ran.text)
  assert.match(ran.text, /by the rules \(data\/rules\.yaml\): 1 issued now, 0 before/)
  const keys = await ledgerKeys()
  assert.ok(keys.includes('V-2/ambassador-1/jwt'))
  const credential = readFileSync(join(folders.out, 'credentials', 'V-2-ambassador-1.json'), 'utf8')
  assert.not.match(credential, /Nina|N-1|nina@/, 'nothing of the new member in the referrer’s credential')
  const again = await runAt('2029-06-01T11:00:00Z', [], { folders, members: withReferral })
  assert.is(again.code, 0, again.text)
  assert.not.match(again.text, /by the rules|referral code of/)
  assert.equal(await ledgerKeys(), keys)
})

test.run()
