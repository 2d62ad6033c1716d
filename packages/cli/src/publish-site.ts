/**
 * `tessera publish --site`: the store as a whole website (@tessera/site) instead of the status lists
 * alone: the issuer's profile, a page per achievement in the ledger, a public page for the credentials of
 * the members named with --public-member (nobody else's), the signed status lists, did.json for did:web
 * and, with --verify-page, that built page at /verify/. Published atomically into OUT (serve OUT/current).
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
import { buildSite, type PublicCredential, type PublishReport, publishToFolder } from '@tessera/site'
import type { Io } from './io.js'

export interface SiteOptions {
  out: string
  /** The site's URL; default the status lists' URL's parent (`https://guild.example/status` → `https://guild.example/`). */
  url?: string
  language?: string
  verifyPage?: string
  publicMembers: readonly string[]
}

function credentialOf(text: string): JsonObject {
  return text.trim().startsWith('{') ? parseJsonObject(text) : credentialFromJwt(decodeJwt(text)).credential
}

export async function publishSite(
  opened: OpenedIssuer,
  options: SiteOptions,
  io: Io,
): Promise<PublishReport> {
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
  })
  for (const warning of site.warnings) io.stderr(`warning ${warning.code}: ${warning.message}\n`)
  return publishToFolder(site, resolve(io.cwd, options.out))
}
