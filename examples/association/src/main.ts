/**
 * The association's issuer script, first stage: builds and validates the credentials each member is
 * awarded and writes them, unsigned, to out/unsigned/. Signing (@tessera/issuer), baked badge images,
 * certificates and mail come with the issuer package.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  buildBadgeCredential,
  buildCertificateCredential,
  buildMembershipCredential,
  type RecipientInput,
  type UnsignedOpenBadgeCredential,
  validateCredential,
} from '@tessera/schema'
import { association, certifiedPractitioner, type Member, members, term } from './association.js'

const OUT = join(import.meta.dirname, '..', 'out', 'unsigned')

function recipient(member: Member): RecipientInput {
  return member.did === undefined ? { email: member.email } : { did: member.did, email: member.email }
}

function awards(member: Member): [string, UnsignedOpenBadgeCredential][] {
  const base = { issuer: association, recipient: recipient(member) }
  const out: [string, UnsignedOpenBadgeCredential][] = [
    [
      'membership-2026',
      buildMembershipCredential({
        ...base,
        term,
        achievement: { id: 'https://bookbinders.example/achievements/membership' },
      }),
    ],
  ]
  if (member.certified) {
    out.push([
      'certified-practitioner',
      buildCertificateCredential({
        ...base,
        certificateType: 'Certification',
        achievement: certifiedPractitioner,
      }),
    ])
  }
  if (member.conference2026) {
    out.push([
      'conference-2026',
      buildBadgeCredential({
        ...base,
        kind: 'attendance',
        occasion: 'the Bookbinders Conference 2026',
        achievement: { id: 'https://bookbinders.example/events/conference-2026' },
      }),
    ])
  }
  return out
}

await rm(OUT, { recursive: true, force: true })
await mkdir(OUT, { recursive: true })
const counts = new Map<string, number>()
for (const member of members) {
  for (const [award, credential] of awards(member)) {
    const result = validateCredential(credential)
    if (!result.valid) throw new Error(`${member.memberId} ${award}: ${JSON.stringify(result.errors)}`)
    await writeFile(join(OUT, `${member.memberId}-${award}.json`), `${JSON.stringify(credential, null, 2)}\n`)
    counts.set(award, (counts.get(award) ?? 0) + 1)
  }
}

console.log(`${association.name}: ${members.length} members`)
for (const [award, count] of counts)
  console.log(`  ${award.padEnd(24)} ${count} credential${count === 1 ? '' : 's'}, all valid OB 3.0`)
console.log(`written, unsigned, to ${OUT}`)
