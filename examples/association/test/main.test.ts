// The main job, as an association runs it, at 15 March 2027: `pnpm example` (the real process, with its
// clock set by ASSOCIATION_NOW, mailing through a local SMTP server), every output checked (credentials
// verify, baked images unbake to the same credential, the certificate prints the signed name and a QR code
// of the verification URL, the mails parse); then, in this process, what comes after: a re-run mails
// nobody, a member leaves and is mailed nothing again, --resend, --verify, --renew into 2028 and the
// first run of 2028, and `rm -rf out`, which keeps the association's identity.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFragment } from '@tessera/example-verify-page/input'
import { parseJsonObject, recipientNameOf } from '@tessera/schema'
import { extractFromPng, extractFromSvg, Verifier } from '@tessera/verifier'
import jsqr from 'jsqr'
import { simpleParser } from 'mailparser'
import { PDFDocument } from 'pdf-lib'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { images, pageText } from './pdf.js'
import { communications, type LocalSmtp, localSmtp, runAt, tempFolders } from './run-helpers.js'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const NOW = '2027-03-15T10:00:00Z'
const STATUS_URL = 'https://bookbinders.example/status'
const folders = tempFolders('association')
const { out } = folders
const csv = readFileSync(new URL('../data/members.csv', import.meta.url), 'utf8')
/** The spreadsheet's name and email of a member. */
const row = (memberId: string) => {
  const [, name = '', email = ''] =
    csv
      .split('\n')
      .find((l) => l.startsWith(`${memberId},`))
      ?.split(',') ?? []
  return { name, email }
}
let smtp: LocalSmtp

const files = (folder: string) => readdirSync(join(out, folder)).sort()
const read = (folder: string, name: string) => readFileSync(join(out, folder, name))

function publishedVerifier(): Verifier {
  const documents = new Map<string, unknown>()
  for (const name of files('site/current/status'))
    documents.set(`${STATUS_URL}/${name}`, parseJsonObject(read('site/current/status', name).toString()))
  return new Verifier({ documents, offline: true })
}

/** Who was mailed since `from`, one entry per message. */
const mailedSince = (from: number) => smtp.received.slice(from).map((m) => m.to.join(','))

test.before(async () => {
  smtp = await localSmtp()
})

/** Runs `pnpm example`'s script in a process of its own (this one keeps serving SMTP meanwhile). */
function example(
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN], {
    env: { ...process.env, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
  })
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })))
}

test('pnpm example at 2027-03-15: every award issued both ways, the bad rows refused, one mail per member', async () => {
  const run = await example({
    ...process.env,
    ASSOCIATION_OUT: out,
    ASSOCIATION_STORE: folders.store,
    ASSOCIATION_NOW: NOW,
    SMTP_URL: smtp.url,
    DATABASE_URL: '',
  })
  assert.is(run.status, 0, run.stdout + run.stderr)
  assert.is(run.stderr, '', 'no stack trace, no warning')
  assert.match(
    run.stdout,
    /created the association's identity did:key:z6Mk\S+ in \S+store: back this folder up/,
  )
  assert.match(run.stdout, /term 2027 \(2027-03-15\): 58 members on the spreadsheet, 3 rows refused/)
  assert.match(run.stdout, /membership-2027 +58 now +0 before/)
  assert.match(run.stdout, /conference-2027 +\d+ now/)
  assert.match(run.stdout, /refused: line 18 \(M-0017\): no email/)
  assert.match(run.stdout, /refused: line 30 \(M-0029\): join date "2025-02-30" is not a date/)
  assert.match(run.stdout, /refused: line 56 \(M-0050\): member id M-0050 is already on line 51/)
  assert.match(run.stdout, /emails: 58 sent \(through SMTP\), 0 failed, 0 not tried, 0 cancelled/)
  // one message per member, to their address, each with its own Message-ID
  assert.is(smtp.received.length, 58)
  assert.is(new Set(mailedSince(0)).size, 58)
  assert.ok(mailedSince(0).includes(row('M-0001').email))
  assert.is(new Set(smtp.received.map((m) => m.messageId)).size, 58)
  const credentials = files('credentials')
  assert.ok(credentials.includes('M-0001-membership-2027.jwt'))
  assert.ok(credentials.every((f) => !f.includes('M-0017') && !f.includes('M-0029')))
  assert.not.ok(credentials.some((f) => f.endsWith('.tmp')))
  // the store is apart from the output
  assert.not.ok(existsSync(join(out, 'store')))
  assert.ok(existsSync(join(folders.store, 'secret.key')))
})

test('every credential verifies at that date, carries the member’s name, never their email', async () => {
  const verifier = publishedVerifier()
  for (const name of files('credentials')) {
    const text = read('credentials', name).toString().trim()
    assert.not.match(text, /@example\.(org|net|de)/)
    const result = await verifier.verifyCredential(name.endsWith('.jwt') ? text : parseJsonObject(text), {
      now: new Date(NOW),
    })
    assert.ok(result.verified, `${name}: ${JSON.stringify(result.checks.filter((c) => !c.ok))}`)
    if (name.endsWith('.json'))
      assert.is(recipientNameOf(parseJsonObject(text)), row(name.slice(0, 'M-0000'.length)).name, name)
  }
  const membership = parseJsonObject(read('credentials', 'M-0002-membership-2027.json').toString())
  assert.is(membership.validFrom, '2027-01-01T00:00:00Z')
  assert.is(membership.validUntil, '2027-12-31T23:59:59Z')
})

test('baked badges: the PNG and the SVG unbake to the credential issued', () => {
  const badges = files('badges')
  assert.is(badges.length, files('credentials').length)
  for (const name of badges.filter((b) => b.startsWith('M-0001-'))) {
    const jwt = read('credentials', name.replace(/\.(png|svg)$/, '.jwt'))
      .toString()
      .trim()
    const baked = read('badges', name)
    const found = name.endsWith('.png') ? extractFromPng(baked) : extractFromSvg(baked.toString())
    assert.is(found, jwt, name)
  }
})

test('certificates: the name the credential signs, and a QR code that opens the verification page', async () => {
  const [pdfName] = files('certificates')
  assert.ok(pdfName)
  const pdf = new Uint8Array(read('certificates', pdfName as string))
  assert.is((await PDFDocument.load(pdf)).getPageCount(), 1)
  const json = parseJsonObject(read('credentials', (pdfName as string).replace('.pdf', '.json')).toString())
  const signedName = recipientNameOf(json) as string
  assert.is(signedName, row((pdfName as string).slice(0, 'M-0000'.length)).name)
  const [text = ''] = await pageText(pdf)
  assert.ok(text.includes(signedName), `${signedName} not in ${text}`)
  const jwt = read('credentials', (pdfName as string).replace('.pdf', '.jwt'))
    .toString()
    .trim()
  const decoded = (await images(pdf))
    .map((image) => jsqr.default(image.rgba, image.width, image.height)?.data)
    .find((data) => data !== undefined)
  assert.is(decoded, `https://bookbinders.example/verify/#${jwt}`)
  assert.equal(readFragment(new URL(decoded as string).hash), { kind: 'jwt', text: jwt })
})

test('share links and mail: LinkedIn and verification links; each member’s mail parses, dated by the clock', async () => {
  const links = JSON.parse(read('links', 'M-0001-membership-2027.json').toString()) as Record<string, string>
  assert.match(
    links.linkedInAddToProfile ?? '',
    /^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME/,
  )
  assert.match(links.verify ?? '', /^https:\/\/bookbinders\.example\/verify\/#ey/)
  assert.is(files('mail').length, 58)
  const mail = await simpleParser(read('mail', 'M-0001-membership-2027.eml'))
  assert.is(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '', row('M-0001').email)
  assert.is(mail.date?.toISOString(), '2027-03-15T10:00:00.000Z')
  assert.ok(mail.attachments.some((a) => a.filename === 'M-0001-membership-2027.png'))
  assert.ok(mail.text?.includes(links.verify ?? 'missing'))
  // the .eml is the message the server received
  const sent = smtp.received.find((m) => m.to.includes(row('M-0001').email))
  assert.is(sent?.messageId, mail.messageId)
})

test('a re-run issues nothing and mails nobody', async () => {
  const before = files('credentials')
  const mailed = smtp.received.length
  const again = await runAt(NOW, [], { folders, env: { SMTP_URL: smtp.url } })
  assert.is(again.code, 0, again.text)
  assert.match(again.text, /membership-2027 +0 now +58 before/)
  assert.match(again.text, /emails: 0 sent/)
  assert.is(smtp.received.length, mailed)
  assert.equal(files('credentials'), before)
  const log = await communications(folders.store)
  assert.is(log.length, files('credentials').length, 'each credential recorded once')
  assert.ok(
    log.every((r) => r.state === 'sent' && r.kind === 'credentials' && r.detail?.startsWith('smtp 250')),
  )
})

test('a member leaves: --revoke; then no run mails them, --resend mails the others, --verify says revoked', async () => {
  const revoked = await runAt(NOW, ['--revoke', 'M-0001'], { folders })
  assert.is(revoked.code, 0, revoked.text)
  assert.match(revoked.text, /revoked 2 membership credential\(s\) of M-0001/)
  const mailed = smtp.received.length
  const again = await runAt(NOW, [], { folders, env: { SMTP_URL: smtp.url } })
  assert.is(again.code, 0, again.text)
  assert.match(
    again.text,
    /left \(membership revoked\): nothing issued or mailed; take them off the spreadsheet: M-0001/,
  )
  assert.is(smtp.received.length, mailed)
  // staff who mean it: everyone else gets their credentials again, the one who left nothing
  const resent = await runAt(NOW, ['--resend'], { folders, env: { SMTP_URL: smtp.url } })
  assert.is(resent.code, 0, resent.text)
  assert.match(resent.text, /emails: 57 sent \(through SMTP\)/)
  assert.equal(mailedSince(mailed).length, 57)
  assert.not.ok(mailedSince(mailed).includes(row('M-0001').email))
  const one = await runAt(NOW, ['--', '--resend', '--member', 'M-0002'], {
    folders,
    env: { SMTP_URL: smtp.url },
  })
  assert.is(one.code, 0, one.text)
  assert.equal(mailedSince(mailed + 57), [row('M-0002').email])
  const refused = await runAt(NOW, ['--resend', '--member', 'M-0001'], {
    folders,
    env: { SMTP_URL: smtp.url },
  })
  assert.is(refused.code, 1)
  assert.match(refused.text, /NOT_A_MEMBER: M-0001 left/)
  assert.is(smtp.received.length, mailed + 58)
  const verified = await runAt(NOW, ['--', '--verify'], { folders })
  assert.is(verified.code, 0, verified.text)
  assert.match(verified.text, /M-0001-membership-2027\.json: revoked/)
  assert.match(verified.text, /M-0001-membership-2027\.jwt: revoked/)
  assert.match(verified.text, /^revoked: 2$/m)
  assert.match(verified.text, new RegExp(`verified: ${files('credentials').length - 2}`))
})

test('--renew in December: 2028 memberships for those in good standing, mailed once; 2028 issues none again', async () => {
  const december = '2027-12-15T09:00:00Z'
  const before = await runAt(december, [], { folders, env: { SMTP_URL: smtp.url } })
  assert.match(before.text, /memberships lapsing in the next 60 days \(not renewed yet\): 57/)
  const mailed = smtp.received.length
  const renewed = await runAt(december, ['--renew'], { folders, env: { SMTP_URL: smtp.url } })
  assert.is(renewed.code, 0, renewed.text)
  assert.match(
    renewed.text,
    /memberships of 2028 for the 57 members on the spreadsheet whose membership of 2027 stands/,
  )
  assert.match(renewed.text, /membership-2028 +57 now +0 before/)
  assert.ok(files('credentials').includes('M-0002-membership-2028.jwt'))
  assert.not.ok(files('credentials').includes('M-0001-membership-2028.jwt'))
  const jwt = read('credentials', 'M-0002-membership-2028.jwt').toString().trim()
  assert.is(extractFromPng(read('badges', 'M-0002-membership-2028.png')), jwt)
  const mail = await simpleParser(read('mail', 'M-0002-membership-2028.eml'))
  assert.ok(mail.attachments.some((a) => a.filename === 'M-0002-membership-2028.png'))
  assert.match(mail.subject ?? '', /Membership 2028/)
  assert.is(mailedSince(mailed).length, 57)
  assert.not.ok(mailedSince(mailed).includes(row('M-0001').email))
  const again = await runAt(december, ['--renew'], { folders, env: { SMTP_URL: smtp.url } })
  assert.match(again.text, /membership-2028 +0 now +57 before/)
  const after = await runAt(december, [], { folders, env: { SMTP_URL: smtp.url } })
  assert.match(after.text, /memberships lapsing in the next 60 days \(not renewed yet\): 0/)
  assert.is(smtp.received.length, mailed + 57)
  // January: the main run finds the renewed memberships, and mails only what is new of 2028 (badges);
  // the member who left is still on the spreadsheet, and still gets nothing
  const january = await runAt('2028-01-10T09:00:00Z', [], { folders, env: { SMTP_URL: smtp.url } })
  assert.is(january.code, 0, january.text)
  assert.match(january.text, /membership-2028 +0 now +57 before/)
  assert.match(january.text, /left \(membership revoked\)[^\n]*: M-0001/)
  assert.not.ok(mailedSince(mailed + 57).includes(row('M-0001').email))
  for (const message of smtp.received.slice(mailed + 57)) {
    const parsed = await simpleParser(message.raw)
    assert.not.ok(
      parsed.attachments.some((a) => a.filename?.endsWith('membership-2028.png')),
      `${message.to} was mailed the 2028 membership twice`,
    )
  }
})

test('rm -rf out: the identity stays; the files come back; nobody is mailed again', async () => {
  const did = JSON.parse(readFileSync(join(folders.store, 'tessera.json'), 'utf8')).did
  const count = files('credentials').length
  rmSync(out, { recursive: true, force: true })
  const mailed = smtp.received.length
  const again = await runAt('2028-01-10T09:00:00Z', [], { folders, env: { SMTP_URL: smtp.url } })
  assert.is(again.code, 0, again.text)
  assert.not.match(again.text, /created the association's identity/)
  assert.is(JSON.parse(readFileSync(join(folders.store, 'tessera.json'), 'utf8')).did, did)
  assert.is(smtp.received.length, mailed)
  // what this term's run issues is back (2027's revoked and renewed files came from other runs)
  assert.ok(files('credentials').length > 0 && files('credentials').length <= count)
  assert.ok(files('credentials').includes('M-0002-membership-2028.jwt'))
})

test.after(async () => {
  await smtp.close()
  folders.remove()
})

test.run()
