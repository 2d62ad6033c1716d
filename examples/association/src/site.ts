/**
 * The association's website, made with @tessera/site from what the run holds: the profile, an
 * achievement page (JSON at its id, the badge picture the credentials point at) for every achievement
 * awarded, a public page for each credential of the members who chose one (column public_page), the
 * signed status lists, the verify page (with its trust.json), the logo and, for a did:web, did.json;
 * a member's pages say what is next for them on the rules' pathways and milestones (@tessera/awards);
 * published atomically into out/site/ (serve, or upload, out/site/current/): the one thing the
 * association puts on the web. Nothing about a member who did not choose a page is published.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { heldFromLedger, progress } from '@tessera/awards'
import type { IssuerStore, LedgerRow } from '@tessera/issuer'
import type { OpenedIssuer } from '@tessera/issuer/node'
import { achievementOf, type JsonObject } from '@tessera/schema'
import {
  type AchievementImage,
  type BranchReport,
  buildSite,
  type PublicCredential,
  type PublishReport,
  publishToBranch,
  publishToFolder,
} from '@tessera/site'
import { association, awardKindOf, LOGO_FILE, type Member, settings } from './association.js'
import { parseLedgerKey, pathsOf, type SignedAward, signedAward } from './award-files.js'
import { GUILD_RULES, heldForRules, readRules } from './award-rules.js'
import { badgeArtOf, badgeSvg, renderPng } from './badge-art.js'
import { builtVerifyPage } from './verify-page.js'

export interface SiteSetup {
  /** The association's store, opened: its ledger, status lists, DID and (for did:web) DID document. */
  opened: OpenedIssuer
  /** The members on the spreadsheet (their choice of a public page); undefined: no public page. */
  members: readonly Member[] | undefined
  /** The run's output folder: the site goes to `<out>/site`, the baked badges are read from it. */
  out: string
  now: Date
  /**
   * A static-pages branch to commit the same site to as well (ASSOCIATION_PAGES_REPO and
   * ASSOCIATION_PAGES_BRANCH): one commit, or none when nothing changed; pushing it is the association's.
   */
  pages?: { repository: string; branch: string }
}

export interface SitePublished {
  folder: PublishReport
  branch?: BranchReport
}

/** Every award in the ledger whose two credentials are signed, by member and key. */
async function awardsInLedger(
  store: IssuerStore,
  members: ReadonlyMap<string, Member>,
): Promise<SignedAward[]> {
  const byAward = new Map<string, Partial<Record<'jwt' | 'data-integrity', LedgerRow>>>()
  for await (const row of store.rows()) {
    if (row.key === undefined) continue
    const parsed = parseLedgerKey(row.key)
    if (parsed === undefined) continue
    const key = `${parsed.memberId}\n${parsed.awardKey}`
    byAward.set(key, { ...byAward.get(key), [parsed.format]: row })
  }
  const awards: SignedAward[] = []
  for (const [key, rows] of byAward) {
    const [memberId, awardKey] = key.split('\n') as [string, string]
    const member = members.get(memberId) ?? { memberId, name: '', email: '', joinDate: '', tier: '' }
    const award = signedAward(member, awardKey, rows)
    if (award !== undefined) awards.push(award)
  }
  return awards
}

/** The badge picture of an award's achievement (the art without a credential baked in). */
function achievementImage(award: SignedAward): AchievementImage {
  const credential = award.json.credential as unknown as Parameters<typeof badgeArtOf>[0]['credential']
  const svg = badgeSvg(badgeArtOf({ kind: award.kind, credential }, association.name))
  return { png: renderPng(svg), svg }
}

function stateOf(
  award: SignedAward,
  rows: ReadonlyMap<string, LedgerRow['state']>,
): PublicCredential['state'] {
  const state = rows.get(award.jwt.credentialId)
  return state === 'revoked' || state === 'suspended' ? state : 'active'
}

/** Builds the site and publishes it to `<out>/site` (and to a pages branch when given); returns what changed. */
export async function publishSite(setup: SiteSetup): Promise<SitePublished> {
  const { store, issuer, profile, agent, identifier } = setup.opened
  const did = profile.did
  const members = new Map((setup.members ?? []).map((m) => [m.memberId, m]))
  const awards = await awardsInLedger(store, members)
  const states = new Map<string, LedgerRow['state']>()
  for await (const row of store.rows()) states.set(row.credentialId, row.state)
  const didDocument = agent.didDocument(identifier)

  const achievements = new Map<string, { achievement: JsonObject; image: AchievementImage }>()
  for (const award of awards) {
    const achievement = achievementOf(award.json.credential)
    const id = achievement?.id
    if (achievement === undefined || typeof id !== 'string' || achievements.has(id)) continue
    if (awardKindOf(award.key) === undefined) continue
    achievements.set(id, { achievement, image: achievementImage(award) })
  }

  // Where each member with a page stands on the rules' pathways and milestones (data/rules.yaml), by
  // what the ledger holds: their pages say what is next. Nobody else's progress is worked out.
  const rules = readRules(GUILD_RULES)
  const held = heldForRules(rules, await heldFromLedger(store.rows()))
  const progressOf = new Map<string, PublicCredential['progress']>()
  for (const member of members.values())
    if (member.publicPage !== undefined)
      progressOf.set(member.memberId, progress(rules, member.memberId, held))

  const credentials: PublicCredential[] = []
  for (const award of awards) {
    const choice = members.get(award.member.memberId)?.publicPage
    if (choice === undefined) continue
    const next = progressOf.get(award.member.memberId)
    const paths = pathsOf(award, setup.out)
    const baked = {
      ...(existsSync(paths.png) ? { png: Uint8Array.from(readFileSync(paths.png)) } : {}),
      ...(existsSync(paths.svg) ? { svg: readFileSync(paths.svg, 'utf8') } : {}),
    }
    credentials.push({
      jwt: award.jwt.credential,
      json: award.json.credential,
      state: stateOf(award, states),
      // A member who chose a page shows what their credentials say, their name included when the
      // association puts names into credentials.
      showName: true,
      indexable: choice === 'search',
      baked,
      ...(next === undefined ? {} : { progress: next }),
    })
  }

  const site = await buildSite({
    url: `${association.url}/`,
    language: settings.siteLanguage,
    now: setup.now,
    issuer: {
      id: did,
      type: ['Profile'],
      name: association.name,
      url: association.url,
      email: association.email,
      image: { id: association.image, type: 'Image' },
    },
    achievements: [...achievements.values()],
    credentials,
    ...(didDocument === undefined ? {} : { didDocument: didDocument as unknown as JsonObject }),
    statusLists: await issuer.signedStatusLists(),
    files: new Map([[association.image, readFileSync(LOGO_FILE)]]),
    verifyPage: {
      dir: await builtVerifyPage(),
      // The association's own page knows its own DID: it says who issued a credential, not only that
      // the signature holds. (Any other page decides for itself whom it trusts.)
      trust: { issuers: [{ id: did, name: association.name }] },
    },
  })
  const folder = await publishToFolder(site, join(setup.out, 'site'))
  if (setup.pages === undefined) return { folder }
  return { folder, branch: await publishToBranch(site, { ...setup.pages, now: setup.now }) }
}
