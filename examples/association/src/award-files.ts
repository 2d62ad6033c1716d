/**
 * A member's signed award (its VC-JWT and its Data Integrity credential, as the ledger holds them) and
 * the files made of it: the two credentials, the baked badge (PNG and SVG), the share links and, for a
 * certificate, the printable PDF whose QR code opens what the links open (linksOf). Everything is made from the signed credentials, so the files of an
 * award issued on an earlier run are made again the same way after `rm -rf out`.
 */

import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { certificatePdf } from '@tessera/certificate'
import type { LedgerRow } from '@tessera/issuer'
import { bakePng, bakeSvg } from '@tessera/issuer/node'
import { achievementOf, type JsonObject, parseJsonObject, recipientNameOf } from '@tessera/schema'
import { type AwardKind, association, awardKindOf, type Member } from './association.js'
import { badgeArtOf, badgeSvg, renderPng } from './badge-art.js'
import { memberFile } from './folders.js'
import type { MailAward } from './mail.js'
import type { Output } from './output.js'
import { publicPageOf, type ShareLinks, shareLinksOf } from './share-links.js'

/** The proof formats each award is issued in. */
export const FORMATS = ['data-integrity', 'jwt'] as const
export type Format = (typeof FORMATS)[number]

/** The ledger key of a member's award in a format: `M-0001/membership-2027/jwt`. */
export function ledgerKey(memberId: string, awardKey: string, format: Format): string {
  return `${memberId}/${awardKey}/${format}`
}

/** The member id, award key and format of a ledger key made by `ledgerKey`; undefined for another. */
export function parseLedgerKey(
  key: string,
): { memberId: string; awardKey: string; format: Format } | undefined {
  const parts = key.split('/')
  const [memberId, awardKey, format] = parts
  if (parts.length !== 3 || memberId === undefined || awardKey === undefined) return undefined
  if (format !== 'jwt' && format !== 'data-integrity') return undefined
  return { memberId, awardKey, format }
}

export interface SignedAward {
  member: Member
  /** The award's key, such as `membership-2027`. */
  key: string
  kind: AwardKind
  jwt: { credentialId: string; credential: string }
  json: { credentialId: string; credential: JsonObject }
  /** Neither credential revoked nor suspended. */
  standing: boolean
}

/** The award whose two credentials are these ledger rows; undefined when one is missing or unsigned. */
export function signedAward(
  member: Member,
  key: string,
  rows: Partial<Record<Format, LedgerRow>>,
): SignedAward | undefined {
  const { jwt, 'data-integrity': json } = rows
  const kind = awardKindOf(key)
  if (kind === undefined || jwt?.credential === undefined || json?.credential === undefined) return undefined
  return {
    member,
    key,
    kind,
    jwt: { credentialId: jwt.credentialId, credential: jwt.credential },
    json: { credentialId: json.credentialId, credential: parseJsonObject(json.credential) },
    standing: jwt.state === 'active' && json.state === 'active',
  }
}

/** The order of a member's awards in their mail: the membership first. */
const KIND_ORDER: readonly AwardKind[] = [
  'membership',
  'certificate',
  'conference',
  'volunteering',
  'contribution',
  'loyalty',
  'referral',
  'milestone',
  'pathway',
]

/** Awards in mail order: by kind, then key. */
export function inMailOrder(awards: readonly SignedAward[]): SignedAward[] {
  return [...awards].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.key.localeCompare(b.key),
  )
}

/**
 * A member's awards among ledger rows (any order, any member's): rows of the member with a key made by
 * `ledgerKey`, grouped by award, in mail order. `keep` picks rows (not expired, say).
 */
export function awardsInRows(
  member: Member,
  rows: readonly (LedgerRow | undefined)[],
  keep: (row: LedgerRow) => boolean = () => true,
): SignedAward[] {
  const byAward = new Map<string, Partial<Record<Format, LedgerRow>>>()
  for (const row of rows) {
    const key = row?.key === undefined ? undefined : parseLedgerKey(row.key)
    if (row === undefined || key === undefined || key.memberId !== member.memberId || !keep(row)) continue
    byAward.set(key.awardKey, { ...byAward.get(key.awardKey), [key.format]: row })
  }
  return inMailOrder([...byAward].flatMap(([key, pair]) => signedAward(member, key, pair) ?? []))
}

/** What the mail of an award carries, made with its files. */
export interface AwardFiles {
  award: SignedAward
  mail: MailAward
}

export interface FileOptions {
  out: Output
  /** The verification page the links and QR codes open for a member without a public page. */
  verifyPage: string
  /** The association's site, whose `/c/<short id>/` pages the links and QR codes of a member who chose one open. */
  siteUrl: string
  logoPng?: Uint8Array
}

/**
 * The award's share links: its public page's short address everywhere when the member chose a page
 * (column public_page), else the verification page with the credential in the link.
 */
export function linksOf(
  award: SignedAward,
  options: Pick<FileOptions, 'verifyPage' | 'siteUrl'>,
): ShareLinks {
  const signed = award.jwt.credential
  return shareLinksOf(signed, {
    verifyPageUrl: options.verifyPage,
    ...(award.member.publicPage === undefined ? {} : { page: publicPageOf(options.siteUrl, signed) }),
  })
}

/** The paths of an award's files, by what they are. */
export function pathsOf(award: SignedAward, out: string) {
  const file = (folder: Parameters<typeof memberFile>[1], extension: string) =>
    memberFile(out, folder, award.member.memberId, award.key, extension)
  return {
    json: file('credentials', 'json'),
    jwt: file('credentials', 'jwt'),
    png: file('badges', 'png'),
    svg: file('badges', 'svg'),
    links: file('links', 'json'),
    ...(award.kind === 'certificate' ? { pdf: file('certificates', 'pdf') } : {}),
  }
}

/**
 * Whether an earlier run wrote every file of the award: its VC-JWT file holds this very credential, the
 * others exist (each was written whole, after it), and its links are the ones due now (a member who has
 * since chosen a public page, or given it up, gets links and a certificate that open the right address).
 * Then there is nothing to make again.
 */
export function awardFilesPresent(award: SignedAward, out: string, links?: ShareLinks): boolean {
  const { jwt, ...others } = pathsOf(award, out)
  if (!existsSync(jwt) || readFileSync(jwt, 'utf8').trim() !== award.jwt.credential) return false
  if (!Object.values(others).every((path) => existsSync(path))) return false
  if (links === undefined) return true
  try {
    return (JSON.parse(readFileSync(others.links, 'utf8')) as Partial<ShareLinks>).verify === links.verify
  } catch {
    return false
  }
}

/** What the mail of an award carries, read back from the files an earlier run wrote. */
function readAwardFiles(award: SignedAward, out: string): AwardFiles {
  const paths = pathsOf(award, out)
  const achievement = achievementNameOf(award.json.credential)
  return {
    award,
    mail: {
      title: achievement.name,
      ...(achievement.description === undefined ? {} : { description: achievement.description }),
      links: JSON.parse(readFileSync(paths.links, 'utf8')) as ShareLinks,
      badge: { filename: basename(paths.png), content: readFileSync(paths.png) },
      ...(paths.pdf === undefined
        ? {}
        : { certificate: { filename: basename(paths.pdf), content: readFileSync(paths.pdf) } }),
    },
  }
}

/**
 * Writes the award's files (unless an earlier run wrote them: then they are read back); returns what its
 * mail carries.
 */
export async function writeAwardFiles(award: SignedAward, options: FileOptions): Promise<AwardFiles> {
  const { out } = options
  const links = linksOf(award, options)
  if (awardFilesPresent(award, out.dir, links)) return readAwardFiles(award, out.dir)
  const paths = pathsOf(award, out.dir)
  await out.write(paths.json, `${JSON.stringify(award.json.credential, null, 2)}\n`)
  const credential = award.json.credential as unknown as Parameters<typeof badgeArtOf>[0]['credential']
  const art = badgeSvg(badgeArtOf({ kind: award.kind, credential }, association.name))
  const png = bakePng(renderPng(art), award.jwt.credential)
  await out.write(paths.png, png)
  await out.write(paths.svg, bakeSvg(art, award.jwt.credential))
  await out.write(paths.links, `${JSON.stringify(links, null, 2)}\n`)
  const achievement = achievementNameOf(award.json.credential)
  const mail: MailAward = {
    title: achievement.name,
    ...(achievement.description === undefined ? {} : { description: achievement.description }),
    links,
    badge: { filename: basename(paths.png), content: png },
  }
  if (paths.pdf !== undefined) {
    const pdf = await certificatePdf({
      credential: award.json.credential,
      // The name the credential states (signed), so that the printed name can be checked; the
      // spreadsheet's when the association keeps names out of credentials.
      recipientName: recipientNameOf(award.json.credential) ?? award.member.name,
      // The QR code opens what the links open: the short page address, or the long verification link.
      verificationUrl: links.verify,
      ...(options.logoPng === undefined ? {} : { logoPng: options.logoPng }),
    })
    await out.write(paths.pdf, pdf)
    mail.certificate = { filename: basename(paths.pdf), content: pdf }
  }
  // The VC-JWT last: its presence says that the files before it are whole (awardFilesPresent).
  await out.write(paths.jwt, `${award.jwt.credential}\n`)
  return { award, mail }
}

/** The achievement's name ('Credential' when it has none) and description, for the files' texts. */
function achievementNameOf(credential: JsonObject): { name: string; description?: string } {
  const achievement = achievementOf(credential)
  const name = typeof achievement?.name === 'string' ? achievement.name : 'Credential'
  const description = achievement?.description
  return typeof description === 'string' ? { name, description } : { name }
}
