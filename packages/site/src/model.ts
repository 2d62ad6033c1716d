/** What a site is made of: the caller's input, and the files it becomes. */
import type { JsonObject } from '@tessera/schema'

/** A member's credential to be given a public page (only those the member or the association opted in). */
export interface PublicCredential {
  /** The signed credential as VC-JWT: the page's primary form (its short id, the live check). */
  jwt?: string
  /** The same award signed as JSON with an embedded proof (Data Integrity), offered for download. */
  json?: JsonObject
  /** Its standing in the ledger: a revoked one's page says so, and so does its link preview. */
  state: 'active' | 'revoked' | 'suspended'
  /** Search engines may index the page (the member opted into it); otherwise the page says `noindex`. */
  indexable?: boolean
  /**
   * The member allowed their name on the page. A credential that states the name in clear cannot be
   * published without it (its JSON and baked pictures carry it): such a page is refused (NAME_NOT_ALLOWED).
   */
  showName: boolean
  /** The badge pictures with this credential baked in, offered for download. */
  baked?: { png?: Uint8Array; svg?: string }
  /**
   * Where the member stands on the association's pathways and milestones, shown on the page ("What is
   * next") while it stands (not revoked or suspended). The caller works it out (@tessera/awards'
   * `progress` gives this shape): the site reads no rules and no ledger. Give it only for a member who
   * chose a page: it says which of the association's achievements they hold.
   */
  progress?: MemberProgress
}

/** A member's progress as the page shows it: a structural subset of @tessera/awards' `Progress`. */
export interface MemberProgress {
  pathways: readonly PathwayStanding[]
  milestones: readonly MilestoneStanding[]
}

/** One pathway: its steps, how many of those completion needs are done. */
export interface PathwayStanding {
  /** The achievement completing the pathway awards. */
  completion: { name: string }
  /** Steps that count so far, and steps completion needs. */
  done: number
  total: number
  complete: boolean
  steps: readonly { name: string; optional: boolean; done: boolean }[]
}

/** One count milestone ("three volunteering badges"): how many the member has of how many it needs. */
export interface MilestoneStanding {
  name: string
  have: number
  need: number
  complete: boolean
}

/** An achievement's picture: a PNG (the page, the preview card), and the SVG when there is one. */
export interface AchievementImage {
  png: Uint8Array
  svg?: string
}

export interface SiteInput {
  /** Where the site is served: `https://bookbinders.example/` (a path is allowed: `https://org.github.io/site/`). */
  url: string
  /** The language of the pages: a locale file's code (en, fr, es, de, …). */
  language: string
  /** The clock: what has expired is said so at this moment. */
  now: Date
  /** The issuer's OB 3.0 Profile (id, name, url, email, description, image), published as JSON. */
  issuer: JsonObject
  /** The issuer's DID document for did:web, written where the DID says (`.well-known/did.json`). */
  didDocument?: JsonObject
  /** The achievements to give pages (those of the public credentials are added), with their pictures. */
  achievements?: readonly { achievement: JsonObject; image?: AchievementImage }[]
  /** The public credentials (nothing about a member who did not opt in is ever given here). */
  credentials?: readonly PublicCredential[]
  /** The signed status list credentials, by URL: written at their path in the site. */
  statusLists?: ReadonlyMap<string, JsonObject | string>
  /** Other files the credentials point at, by URL (the issuer's logo): written at their path. */
  files?: ReadonlyMap<string, Uint8Array | string>
  /** The built verify page (examples/verify-page's Vite build, with `.vite/manifest.json`), put at `verify/`. */
  verifyPage?: { dir: string; trust?: JsonObject }
  /** The association's LinkedIn page id, for "Add to LinkedIn". */
  linkedInOrganizationId?: string
  /**
   * The issuing service's events endpoint (`tessera serve`'s `<base-url>/events`): achievement and credential
   * pages then send count-only events there (views, verifications, LinkedIn adds, downloads), and their CSP
   * allows that origin in `connect-src`. Without it no page sends anything.
   */
  eventsUrl?: string
}

/** One file of the site. */
export interface SiteFile {
  /** Its path in the site: `c/k3v9x2m8q4wz/index.html`. */
  path: string
  /**
   * What its content is made from, as a hash: equal keys mean equal bytes, so a publisher can keep the
   * file it has instead of making it again (a preview card takes a few tens of milliseconds to draw).
   */
  key: string
  /** Its bytes, made when asked. */
  content: () => Uint8Array | Promise<Uint8Array>
}

/** A credential's page, as built. */
export interface CredentialPage {
  shortId: string
  url: string
  credentialId: string
  state: PublicCredential['state']
}

export interface Site {
  /** Every file, by path. */
  files: ReadonlyMap<string, SiteFile>
  /** The credential pages. */
  pages: readonly CredentialPage[]
  /** What was left out, and why (a status list outside the site, a page refused). */
  warnings: readonly { code: string; message: string }[]
}
