/**
 * Makes the two pictures of docs/association-guide.md: a baked badge and the first page of a
 * certificate (rendered by pdftoppm, from Debian's poppler-utils). Signed with a throwaway did:key.
 * Run: node --import tsx examples/association/scripts/doc-images.ts
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bakePng, writeFileAtomic } from '@tessera/issuer/node'
import { association, LOGO_FILE, type Member } from '../src/association.js'
import { badgeArtOf, badgeSvg, renderPng } from '../src/badge-art.js'
import { certificatePdf } from '../src/certificate.js'
import { credentialOf, verificationUrl } from '../src/share-links.js'
import { testIssuer } from '../test/helpers.js'

const DOCS = new URL('../../../docs/images/', import.meta.url).pathname
const amelie: Member = {
  memberId: 'M-0010',
  name: 'Amélie Rousseau',
  email: 'amelie.rousseau@example.fr',
  joinDate: '2010-01-20',
  tier: 'Fellow',
  certified: true,
}
const awards = await (await testIssuer()).signedAwards(amelie)
const certificate = awards.find((a) => a.kind === 'certificate')
if (certificate === undefined) throw new Error('no certificate')
const badge = bakePng(
  renderPng(badgeSvg(badgeArtOf(certificate, association.name)), { width: 256 }),
  certificate.jwt,
)
await writeFileAtomic(join(DOCS, 'baked-badge.png'), badge)
const pdf = await certificatePdf({
  credential: credentialOf(certificate.jwt),
  recipientName: amelie.name,
  verificationUrl: verificationUrl('https://bookbinders.example/verify/', certificate.jwt),
  logoPng: renderPng(readFileSync(LOGO_FILE, 'utf8'), { width: 256 }),
})
const work = mkdtempSync(join(tmpdir(), 'tessera-doc-'))
await writeFileAtomic(join(work, 'certificate.pdf'), pdf)
execFileSync('pdftoppm', [
  '-r',
  '72',
  '-png',
  '-singlefile',
  join(work, 'certificate.pdf'),
  join(work, 'page'),
])
copyFileSync(join(work, 'page.png'), join(DOCS, 'certificate-page.png'))
console.log(`wrote ${DOCS}baked-badge.png and ${DOCS}certificate-page.png`)
