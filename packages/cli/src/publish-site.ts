/**
 * `tessera publish --site`: the store as a whole website (@tessera/site) instead of the status lists
 * alone: the issuer's profile, a page per achievement in the ledger, a public page for the credentials of
 * the members named with --public-member (nobody else's), the signed status lists, did.json for did:web
 * and, with --verify-page, that built page at /verify/. Published atomically into OUT (serve OUT/current),
 * or, with --branch NAME, committed as one commit on that branch of the git repository OUT (a static-pages
 * branch: push it to the service).
 * With --events-url the pages send count-only events to `tessera serve`; the credentials given public
 * pages are recorded in the store, the only ones the service counts by credential.
 */
import { resolve } from 'node:path'
import { CLR_ACHIEVEMENT_ID } from '@tessera/issuer'
import type { OpenedIssuer } from '@tessera/issuer/node'
import {
  achievementOf,
  credentialFromJwt,
  decodeJwt,
  isJsonObject,
  type JsonObject,
  parseJsonObject,
} from '@tessera/schema'
import {
  type BranchReport,
  buildSite,
  type PublicCredential,
  type PublishReport,
  publishToBranch,
  publishToFolder,
} from '@tessera/site'
import type { Io } from './io.js'

export interface SiteOptions {
  out: string
  /** The site's URL; default the status lists' URL's parent (`https://guild.example/status` → `https://guild.example/`). */
  url?: string
  language?: string
  verifyPage?: string
  publicMembers: readonly string[]
  /** The service's events endpoint: the pages send count-only events there (@tessera/site `eventsUrl`). */
  eventsUrl?: string
  /**
   * Records the credentials given public pages, which the service's events endpoint then may count by
   * credential (everyone else's credential id is dropped): the store folder's engagement counters.
   */
  recordPublic?: (credentialIds: readonly string[]) => Promise<void>
  /** Commit to this branch of the git repository `out` instead of writing releases into a folder. */
  branch?: string
}

function credentialOf(text: string): JsonObject {
  return text.trim().startsWith('{') ? parseJsonObject(text) : credentialFromJwt(decodeJwt(text)).credential
}

export async function publishSite(
  opened: OpenedIssuer,
  options: SiteOptions,
  io: Io,
): Promise<PublishReport | BranchReport> {
  const { issuer, agent, identifier, profile, store } = opened
  const achievements = new Map<string, JsonObject>()
  const credentials: PublicCredential[] = []
  let issuerProfile: JsonObject = { id: profile.did, type: ['Profile'] }
  for await (const row of store.rows()) {
    // a member's CLR is no achievement of its own: the site shows the credentials it gathers
    if (row.credential === undefined || row.achievementId === CLR_ACHIEVEMENT_ID) continue
    const credential = credentialOf(row.credential)
    if (isJsonObject(credential.issuer)) issuerProfile = credential.issuer
    const achievement = achievementOf(credential)
    if (achievement !== undefined && typeof achievement.id === 'string')
      achievements.set(achievement.id, achievement)
    if (!options.publicMembers.includes(row.recipient)) continue
    const jwt = !row.credential.trim().startsWith('{')
    credentials.push({
      ...(jwt ? { jwt: row.credential.trim() } : { json: credential }),
      state: row.state === 'revoked' || row.state === 'suspended' ? row.state : 'active',
      showName: true,
    })
  }
  const didDocument = agent.didDocument(identifier)
  const site = await buildSite({
    url: options.url ?? new URL('./', profile.statusBaseUrl.replace(/\/?$/, '')).href,
    language: options.language ?? 'en',
    now: io.now(),
    issuer: issuerProfile,
    ...(didDocument === undefined ? {} : { didDocument: didDocument as unknown as JsonObject }),
    achievements: [...achievements.values()].map((achievement) => ({ achievement })),
    credentials,
    statusLists: await issuer.signedStatusLists(),
    ...(options.verifyPage === undefined ? {} : { verifyPage: { dir: resolve(io.cwd, options.verifyPage) } }),
    ...(options.eventsUrl === undefined ? {} : { eventsUrl: options.eventsUrl }),
  })
  for (const warning of site.warnings) io.stderr(`warning ${warning.code}: ${warning.message}\n`)
  const out = resolve(io.cwd, options.out)
  const report =
    options.branch !== undefined
      ? await publishToBranch(site, { repository: out, branch: options.branch, now: io.now() })
      : await publishToFolder(site, out)
  await options.recordPublic?.(site.pages.map((p) => p.credentialId))
  return report
}
