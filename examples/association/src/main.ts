/**
 * The association's issuer: members spreadsheet in; credentials (Data Integrity and VC-JWT), baked badge
 * images, printable certificates, share links, one email per member and the status lists to publish out.
 *
 *   pnpm example                          issue what is not issued yet (a re-run issues nothing twice)
 *   pnpm example -- --revoke <member-id>  a member leaves: their membership is revoked, lists republished
 *   pnpm example -- --renew               next term's memberships (badges, mail) for the members in good standing
 *   pnpm example -- --verify              verify everything in out/credentials, revoked ones as revoked
 *
 * Everything goes to out/ (or $ASSOCIATION_OUT); the issuer's keys and ledger to out/store.
 */
import { existsSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  type BatchRow,
  bakePng,
  bakeSvg,
  type Issued,
  initIssuer,
  type OpenedIssuer,
  openIssuer,
  writeFileAtomic,
} from '@tessera/issuer'
import { type JsonObject, parseJsonObject } from '@tessera/schema'
import { expiringWithin } from '@tessera/status'
import { Verifier } from '@tessera/verifier'
import {
  type Award,
  association,
  awardsOf,
  LOGO_FILE,
  MEMBERS_FILE,
  type Member,
  membershipAward,
  nextTerm,
  term,
} from './association.js'

import { badgeArtOf, badgeSvg, renderPng } from './badge-art.js'
import { certificatePdf } from './certificate.js'
import { type MailAward, memberMail, sendMails, toEml } from './mail.js'
import { readMembers } from './members.js'
import { shareLinksOf, verificationUrl } from './share-links.js'

const OUT = process.env.ASSOCIATION_OUT ?? join(import.meta.dirname, '..', 'out')
const STORE = join(OUT, 'store')
const STATUS_URL = `${association.url}/status`
const VERIFY_PAGE = `${association.url}/verify/`
const FORMATS = ['data-integrity', 'jwt'] as const

/** Where each credential of a member's award is written. */
function credentialFile(memberId: string, award: string, format: (typeof FORMATS)[number]): string {
  return join(OUT, 'credentials', `${memberId}-${award}.${format === 'jwt' ? 'jwt' : 'json'}`)
}

function text(credential: JsonObject | string): string {
  return typeof credential === 'string' ? `${credential}\n` : `${JSON.stringify(credential, null, 2)}\n`
}

/** A progress line on a terminal; nothing when the output is a file or a pipe. */
function progress(done: number, total: number): void {
  if (!process.stderr.isTTY) return
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)
  if (done === total) process.stderr.write('\n')
}

async function openOrInit(): Promise<OpenedIssuer> {
  if (!existsSync(join(STORE, 'tessera.json'))) {
    const profile = await initIssuer(STORE, { did: 'key', statusBaseUrl: STATUS_URL })
    console.log(`created the issuer ${profile.did} in ${STORE}`)
  }
  return openIssuer(STORE)
}

interface Issuance {
  member: Member
  award: Award
  issued: Partial<Record<(typeof FORMATS)[number], Issued>>
}

/** Issues every award of every member in both formats; returns them by member + award. */
async function issueAll(opened: OpenedIssuer, members: Member[]): Promise<Map<string, Issuance>> {
  const issuer = { ...association, id: opened.profile.did }
  const issuances = new Map<string, Issuance>()
  const rows: BatchRow[] = []
  for (const member of members) {
    for (const award of awardsOf(member, { issuer })) {
      issuances.set(`${member.memberId}/${award.key}`, { member, award, issued: {} })
      for (const format of FORMATS) {
        rows.push({
          key: `${member.memberId}/${award.key}/${format}`,
          // Two credentials of the award, each with its own id and status entry.
          credential: { ...award.credential, id: `urn:uuid:${crypto.randomUUID()}` },
          options: { format, recipient: member.memberId },
        })
      }
    }
  }
  const failures: string[] = []
  await opened.issuer.issueBatch(rows, {
    onResult: async (result) => {
      if (!result.ok) {
        failures.push(`${result.key}: ${result.code} ${result.message}`)
        return
      }
      const [memberId, award, format] = result.key.split('/') as [string, string, (typeof FORMATS)[number]]
      const issuance = issuances.get(`${memberId}/${award}`) as Issuance
      issuance.issued[format] = result.issued
      await writeFileAtomic(credentialFile(memberId, award, format), text(result.issued.credential))
    },
    onProgress: (p) => progress(p.done, rows.length),
  })
  if (failures.length > 0) throw new Error(`some credentials were not issued:\n${failures.join('\n')}`)
  return issuances
}

/** Badges, certificates, share links and one email per member, written to mail/`mailName`.eml. */
async function outputs(
  issuances: Map<string, Issuance>,
  mailName: (memberId: string) => string = (memberId) => memberId,
): Promise<void> {
  const logoPng = renderPng(await readFile(LOGO_FILE, 'utf8'), { width: 256 })
  const mails = new Map<string, { member: Member; awards: MailAward[] }>()
  for (const { member, award, issued } of issuances.values()) {
    const jwt = issued.jwt?.credential as string
    const json = issued['data-integrity']?.credential as JsonObject
    const name = `${member.memberId}-${award.key}`
    const art = badgeSvg(badgeArtOf({ kind: award.kind, credential: award.credential }, association.name))
    const png = bakePng(renderPng(art), jwt)
    await writeFileAtomic(join(OUT, 'badges', `${name}.svg`), bakeSvg(art, jwt))
    await writeFileAtomic(join(OUT, 'badges', `${name}.png`), png)
    const links = shareLinksOf(jwt, { verifyPageUrl: VERIFY_PAGE })
    await writeFileAtomic(join(OUT, 'links', `${name}.json`), `${JSON.stringify(links, null, 2)}\n`)
    let certificate: MailAward['certificate']
    if (award.kind === 'certificate') {
      const pdf = await certificatePdf({
        credential: json,
        recipientName: member.name,
        verificationUrl: verificationUrl(VERIFY_PAGE, jwt),
        logoPng,
      })
      await writeFileAtomic(join(OUT, 'certificates', `${name}.pdf`), pdf)
      certificate = { filename: `${name}.pdf`, content: pdf }
    }
    const mail = mails.get(member.memberId) ?? { member, awards: [] }
    const achievement = award.credential.credentialSubject.achievement
    mail.awards.push({
      title: achievement.name,
      ...(achievement.description === undefined ? {} : { description: achievement.description }),
      links,
      badge: { filename: `${name}.png`, content: png },
      ...(certificate === undefined ? {} : { certificate }),
    })
    mails.set(member.memberId, mail)
  }
  const messages = []
  for (const { member, awards } of mails.values()) {
    const message = memberMail({
      from: { name: association.name, address: association.email },
      to: { name: member.name, address: member.email },
      association,
      awards,
    })
    await writeFileAtomic(join(OUT, 'mail', `${mailName(member.memberId)}.eml`), await toEml(message))
    messages.push(message)
  }
  const smtp = process.env.SMTP_URL
  if (smtp !== undefined && smtp !== '') {
    const sent = await sendMails(smtp, messages)
    console.log(`sent ${sent.filter((s) => s.rejected.length === 0).length} of ${sent.length} emails`)
  }
}

async function publish(opened: OpenedIssuer): Promise<void> {
  const files = await opened.issuer.publish(join(OUT, 'publish'))
  console.log(`status lists to publish at ${STATUS_URL}/: ${files.length} file(s) in ${join(OUT, 'publish')}`)
}

async function issueCommand(): Promise<void> {
  const sheet = await readMembers(MEMBERS_FILE)
  const opened = await openOrInit()
  try {
    const issuances = await issueAll(opened, sheet.members)
    await outputs(issuances)
    await publish(opened)
    const counts = new Map<string, number>()
    for (const { award } of issuances.values()) counts.set(award.key, (counts.get(award.key) ?? 0) + 1)
    console.log(
      `${association.name}: ${sheet.members.length} members issued, ${sheet.refused.length} rows refused`,
    )
    for (const [award, count] of [...counts].sort())
      console.log(`  ${award.padEnd(28)} ${String(count).padStart(3)} (Data Integrity and VC-JWT)`)
    for (const row of sheet.refused)
      console.log(`  refused: line ${row.line}${row.memberId ? ` (${row.memberId})` : ''}: ${row.reason}`)
    const expiring = await expiringWithin(opened.agent.store, { days: 60 })
    const memberships = expiring.filter((c) => c.achievementId.includes('/membership-'))
    console.log(`memberships expiring in the next 60 days: ${memberships.length / FORMATS.length}`)
    console.log(`written to ${OUT}`)
  } finally {
    await opened.close()
  }
}

/** A member leaves: their standing memberships are revoked and the lists published again. */
async function revokeCommand(memberId: string): Promise<void> {
  const opened = await openOrInit()
  try {
    const memberships = (await opened.issuer.standing(memberId)).filter((r) =>
      r.achievementId.includes('/membership-'),
    )
    if (memberships.length === 0) throw new Error(`${memberId} holds no standing membership`)
    for (const row of memberships) await opened.issuer.revoke(row.credentialId)
    console.log(`revoked ${memberships.length} membership credential(s) of ${memberId}`)
    await publish(opened)
  } finally {
    await opened.close()
  }
}

/**
 * Next term's memberships for the members on the spreadsheet whose membership of this term stands, with
 * their badges, links and a renewal email (mail/<member>-membership-<term>.eml).
 */
async function renewCommand(): Promise<void> {
  const members = new Map((await readMembers(MEMBERS_FILE)).members.map((m) => [m.memberId, m]))
  const opened = await openOrInit()
  const key = `membership-${nextTerm.name}`
  const issuer = { ...association, id: opened.profile.did }
  const issuances = new Map<string, Issuance>()
  let renewed = 0
  try {
    for await (const row of opened.agent.store.rows({ state: 'active' })) {
      // this term's memberships as issued here (renewals keep the achievement, so not by its id)
      if (row.key !== `${row.recipient}/membership-${term.name}/${row.format}`) continue
      // only the members the spreadsheet still lists (those who paid for the next term)
      const member = members.get(row.recipient)
      if (member === undefined) continue
      const next = await opened.issuer.renew(row.credentialId, nextTerm)
      await writeFileAtomic(credentialFile(row.recipient, key, next.row.format), text(next.credential))
      if (!next.existing) renewed++
      const issuance = issuances.get(member.memberId) ?? {
        member,
        award: membershipAward(member, { issuer, term: nextTerm }),
        issued: {},
      }
      issuance.issued[next.row.format] = next
      issuances.set(member.memberId, issuance)
    }
    console.log(`renewed ${renewed} membership credential(s) for ${nextTerm.name}`)
    await outputs(issuances, (memberId) => `${memberId}-${key}`)
    await publish(opened)
  } finally {
    await opened.close()
  }
}

/** Verifies every credential in out/credentials against the published status lists. */
async function verifyCommand(): Promise<void> {
  const documents = new Map<string, unknown>()
  const statusDir = join(OUT, 'publish', 'status')
  for (const name of readdirSync(statusDir)) {
    const list = (await readFile(join(statusDir, name), 'utf8')).trim()
    documents.set(`${STATUS_URL}/${name}`, list.startsWith('{') ? parseJsonObject(list) : list)
  }
  const verifier = new Verifier({ documents, offline: true })
  const tally = new Map<string, number>()
  const dir = join(OUT, 'credentials')
  for (const name of readdirSync(dir).sort()) {
    const raw = (await readFile(join(dir, name), 'utf8')).trim()
    const credential = name.endsWith('.jwt') ? raw : parseJsonObject(raw)
    const result = await verifier.verifyCredential(credential)
    const failed = result.checks.find((c) => !c.ok)
    const verdict = result.verified
      ? 'verified'
      : failed?.code === 'REVOKED'
        ? 'revoked'
        : `not verified (${failed?.code})`
    tally.set(verdict, (tally.get(verdict) ?? 0) + 1)
    if (!result.verified) console.log(`  ${name}: ${verdict}: ${failed?.message}`)
  }
  for (const [verdict, count] of tally) console.log(`${verdict}: ${count}`)
}

// `pnpm example -- --renew` hands the script the `--` too: options come after it.
const argv = process.argv.slice(2)
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: { revoke: { type: 'string' }, renew: { type: 'boolean' }, verify: { type: 'boolean' } },
})
if (values.revoke !== undefined) await revokeCommand(values.revoke)
else if (values.renew) await renewCommand()
else if (values.verify) await verifyCommand()
else await issueCommand()
