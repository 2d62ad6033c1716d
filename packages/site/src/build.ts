/**
 * The site as files, from plain inputs (the issuer's profile, its achievements, the credentials members
 * chose to make public, the signed status lists, the built verify page): nothing here reads a store or
 * signs anything, so any issuer (a CLI folder, a server, another program) can publish the same site.
 * Files are described by a content key and made when asked, so that a re-publish makes only what changed.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join as joinPath, relative, sep } from 'node:path'
import {
  achievementOf,
  credentialFromJwt,
  decodeJwt,
  displayText,
  isJsonObject,
  isTesseraError,
  type JsonObject,
  readCredential,
} from '@tessera/schema'
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  type CardInput,
  cardKey,
  cardPng,
  defaultBadgeSvg,
  renderPng,
} from './cards.js'
import { fail } from './errors.js'
import { EVENTS_SCRIPT, EVENTS_SCRIPT_PATH } from './events-script.js'
import type { Html } from './html.js'
import { formatDate, type Locale } from './languages.js'
import { linkedInAddToProfileUrl, linkedInShareUrl } from './linkedin.js'
import { localeOf } from './locales.js'
import type {
  AchievementImage,
  CredentialPage,
  PublicCredential,
  Site,
  SiteFile,
  SiteInput,
} from './model.js'
import {
  type AchievementSummary,
  achievementMain,
  credentialMain,
  type Frame,
  homeMain,
  jsonText,
  notFoundMain,
  type PageHead,
  page,
  profileMain,
} from './pages.js'
import { progressItems, progressSection } from './progress.js'
import { shortIdOf } from './short-id.js'
import { hrefOf, isSitePath, pathInSite, siteBase, urlOf } from './site-url.js'
import { SITE_CSS } from './style.js'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const encoder = new TextEncoder()

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** A name for something that has no place of its own in the site: 12 hex digits of its id's hash. */
function slugOf(id: string): string {
  return sha256(id).slice(0, 12)
}

function isPng(bytes: Uint8Array): boolean {
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b)
}

/** Text from a credential, as shown: controls and bidirectional overrides removed, bounded. */
function shown(value: unknown, maxLength = 2000): string | undefined {
  const text = displayText(value, { maxLength }).text
  return text === '' ? undefined : text
}

function imageUrlOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  return isJsonObject(value) && typeof value.id === 'string' ? value.id : undefined
}

/** The `script-src` and `connect-src` of the verify page's own policy (its build knows what it needs). */
function verifyPolicyOf(indexHtml: string): { scriptSrc: string; connectSrc: string } {
  const content = (/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml)?.[1] ?? '')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
  const directive = (name: string) =>
    content
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `))
      ?.slice(name.length + 1)
  return { scriptSrc: directive('script-src') ?? "'self'", connectSrc: directive('connect-src') ?? "'self'" }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [] // .vite/manifest.json and the like stay out of the site
    const path = joinPath(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : []
  })
}

interface ReadCredential {
  input: PublicCredential
  credential: JsonObject
  id: string
  shortId: string
  achievement: JsonObject
}

function readPublic(input: PublicCredential): ReadCredential {
  let credential: JsonObject
  try {
    if (input.jwt !== undefined) credential = credentialFromJwt(decodeJwt(input.jwt)).credential
    else if (input.json !== undefined) credential = input.json
    else fail('CREDENTIAL_UNREADABLE', 'a public credential needs its VC-JWT or its signed JSON')
  } catch (error) {
    if (isTesseraError(error) && error.code === 'CREDENTIAL_UNREADABLE') throw error
    fail('CREDENTIAL_UNREADABLE', `a public credential could not be read: ${(error as Error).message}`, error)
  }
  const id = credential.id
  const achievement = achievementOf(credential)
  if (typeof id !== 'string' || achievement === undefined || typeof achievement.id !== 'string')
    fail('CREDENTIAL_UNREADABLE', 'a public credential needs an id and an achievement with an id')
  if (!input.showName && readCredential(credential).recipientName !== undefined)
    fail(
      'NAME_NOT_ALLOWED',
      `credential ${id} states its recipient's name, and the member did not allow it on a public page`,
    )
  const signed = input.jwt ?? input.json
  return { input, credential, id, shortId: shortIdOf(signed as string | JsonObject), achievement }
}

/** Where an achievement lives in the site. */
interface PlacedAchievement {
  achievement: JsonObject
  id: string
  name: string
  json: string
  page: string
  image: string
  card: string
  png: Uint8Array
  pngKey: string
}

class SiteBuilder {
  readonly files = new Map<string, SiteFile>()
  readonly warnings: { code: string; message: string }[] = []

  add(path: string, key: string, content: () => Uint8Array | Promise<Uint8Array>): void {
    if (!isSitePath(path)) fail('PATH_INVALID', `${JSON.stringify(path)} is not a plain path inside the site`)
    if (this.files.has(path)) {
      if (this.files.get(path)?.key === key) return
      fail('PATH_CONFLICT', `two different files at ${path}`)
    }
    this.files.set(path, { path, key, content })
  }

  addBytes(path: string, bytes: Uint8Array | string): void {
    const data = typeof bytes === 'string' ? encoder.encode(bytes) : bytes
    this.add(path, `sha256:${sha256(data)}`, () => data)
  }

  addPage(path: string, document: Html): void {
    this.addBytes(path, document.text)
  }
}

/** Builds the whole site in memory (pictures are drawn when the publisher asks for them). */
export async function buildSite(input: SiteInput): Promise<Site> {
  const base = siteBase(input.url)
  const locale: Locale = await localeOf(input.language)
  const site = new SiteBuilder()
  const href = (path: string) => hrefOf(base, path)
  const home = href('index.html').replace(/index\.html$/, '')
  const css = href('site.css')
  site.addBytes('site.css', SITE_CSS)

  // Count-only events, when the site is built with the service's events URL.
  const eventsAt = input.eventsUrl === undefined ? undefined : eventsUrlOf(input.eventsUrl)
  if (eventsAt !== undefined) site.addBytes(EVENTS_SCRIPT_PATH, EVENTS_SCRIPT)
  const eventsOf = (achievement: string, credential?: string): { events?: PageHead['events'] } =>
    eventsAt === undefined
      ? {}
      : {
          events: {
            script: href(EVENTS_SCRIPT_PATH),
            url: eventsAt.href,
            origin: eventsAt.origin,
            achievement,
            ...(credential === undefined ? {} : { credential }),
          },
        }

  const issuer = input.issuer
  const issuerName = shown(issuer.name, 200) ?? shown(issuer.id, 200) ?? ''
  const profilePage = href('issuer.html')

  // The verify page, and the live module a credential page loads from it.
  let verifyPage: string | undefined
  let live: { module: string; policy: { scriptSrc: string; connectSrc: string } } | undefined
  if (input.verifyPage !== undefined) {
    const dir = input.verifyPage.dir
    let indexHtml: string
    try {
      indexHtml = readFileSync(joinPath(dir, 'index.html'), 'utf8')
    } catch (error) {
      fail('VERIFY_PAGE_INVALID', `the verify page at ${dir} has no index.html`, error)
    }
    for (const file of filesUnder(dir))
      site.addBytes(`verify/${relative(dir, file).split(sep).join('/')}`, readFileSync(file))
    if (input.verifyPage.trust !== undefined)
      site.addBytes('verify/trust.json', jsonText(input.verifyPage.trust))
    verifyPage = href('verify/index.html').replace(/index\.html$/, '')
    let manifest: unknown
    try {
      manifest = JSON.parse(readFileSync(joinPath(dir, '.vite', 'manifest.json'), 'utf8'))
    } catch {
      manifest = undefined
    }
    const entry = isJsonObject(manifest) ? manifest['src/live.ts'] : undefined
    if (isJsonObject(entry) && typeof entry.file === 'string')
      live = { module: href(`verify/${entry.file}`), policy: verifyPolicyOf(indexHtml) }
    else
      site.warnings.push({
        code: 'LIVE_CHECK_MISSING',
        message: 'the verify page has no live module: credential pages are not checked live',
      })
  }

  const frame = (head: PageHead): Frame => ({ locale, siteName: issuerName, home, css, head })

  // Status lists, the DID document and other files, at the paths their URLs name.
  const placeAt = (url: string, what: string): string | undefined => {
    const path = pathInSite(base, url)
    if (path === undefined)
      site.warnings.push({
        code: 'OUTSIDE_SITE',
        message: `${what} ${url} is not inside ${base.href}: left out`,
      })
    return path
  }
  for (const [url, list] of input.statusLists ?? []) {
    const path = placeAt(url, 'the status list')
    if (path !== undefined) site.addBytes(path, typeof list === 'string' ? list : jsonText(list))
  }
  for (const [url, bytes] of input.files ?? []) {
    const path = placeAt(url, 'the file')
    if (path !== undefined) site.addBytes(path, bytes)
  }
  let didDocumentHref: string | undefined
  if (input.didDocument !== undefined) {
    const did = typeof input.didDocument.id === 'string' ? input.didDocument.id : ''
    const match = /^did:web:([^:]+)((?::[^:]+)*)$/.exec(did)
    const url =
      match === null
        ? undefined
        : `https://${decodeURIComponent(match[1] as string)}/${
            match[2] === ''
              ? '.well-known'
              : (match[2] as string).slice(1).split(':').map(decodeURIComponent).join('/')
          }/did.json`
    const path =
      url === undefined ? undefined : pathInSite(new URL(`https://${base.host}${base.pathname}`), url)
    if (path === undefined)
      site.warnings.push({
        code: 'OUTSIDE_SITE',
        message: `the DID document of ${did} does not belong at ${base.href}: left out`,
      })
    else {
      site.addBytes(path, jsonText(input.didDocument))
      didDocumentHref = href(path)
    }
  }

  // The issuer's profile, as JSON and as a page.
  site.addBytes('issuer.json', jsonText(issuer))
  const logo = imageUrlOf(issuer.image)
  const logoPath = logo === undefined ? undefined : pathInSite(base, logo)
  site.addPage(
    'issuer.html',
    page(
      frame({
        title: issuerName,
        description: shown(issuer.description, 300) ?? locale.site.homeIntro,
        canonical: urlOf(base, 'issuer.html'),
        type: 'website',
        noindex: false,
      }),
      profileMain(locale, {
        name: issuerName,
        id: shown(issuer.id, 500) ?? '',
        ...(shown(issuer.description) === undefined
          ? {}
          : { description: shown(issuer.description) as string }),
        website: issuer.url,
        email: issuer.email,
        ...(logoPath === undefined || !site.files.has(logoPath) ? {} : { image: href(logoPath) }),
        json: href('issuer.json'),
        ...(didDocumentHref === undefined ? {} : { didDocument: didDocumentHref }),
      }),
    ),
  )

  // Achievements: those given, and those of the public credentials.
  const credentials = (input.credentials ?? []).map(readPublic)
  const byShortId = new Map<string, ReadCredential>()
  for (const c of credentials) {
    const other = byShortId.get(c.shortId)
    if (other !== undefined && other.id !== c.id)
      fail('SHORT_ID_COLLISION', `credentials ${other.id} and ${c.id} have the same short id ${c.shortId}`)
    byShortId.set(c.shortId, c)
  }
  const given = new Map<string, { achievement: JsonObject; image?: AchievementImage }>()
  for (const a of input.achievements ?? []) {
    if (typeof a.achievement.id !== 'string') fail('CREDENTIAL_UNREADABLE', 'an achievement without an id')
    given.set(a.achievement.id, a)
  }
  for (const c of credentials)
    if (!given.has(c.achievement.id as string))
      given.set(c.achievement.id as string, { achievement: c.achievement })

  const placed = new Map<string, PlacedAchievement>()
  for (const [id, { achievement, image }] of given) {
    const name = shown(achievement.name, 200) ?? id
    const inSite = pathInSite(base, id)
    const json = inSite ?? `achievements/${slugOf(id)}.json`
    const stem = json.replace(/\.json$/, '')
    const imageUrl = imageUrlOf(achievement.image)
    const imagePath = (imageUrl === undefined ? undefined : pathInSite(base, imageUrl)) ?? `${stem}.png`
    let png: Uint8Array
    if (image !== undefined) {
      if (!isPng(image.png)) fail('IMAGE_INVALID', `the picture of ${id} is not a PNG`)
      png = image.png
      if (image.svg !== undefined) site.addBytes(`${imagePath.replace(/\.png$/, '')}.svg`, image.svg)
    } else png = renderPng(defaultBadgeSvg(name, issuerName), 512)
    site.addBytes(imagePath, png)
    site.addBytes(json, jsonText(achievement))
    placed.set(id, {
      achievement,
      id,
      name,
      json,
      page: `${stem}.html`,
      image: imagePath,
      card: `${stem}.card.png`,
      png,
      pngKey: sha256(png),
    })
  }

  const host = base.host
  const addCard = (path: string, card: CardInput) => site.add(path, cardKey(card), () => cardPng(card))
  const ogImage = (path: string, alt: string) => ({
    url: urlOf(base, path),
    alt,
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
  })

  for (const a of placed.values()) {
    const description = shown(a.achievement.description)
    const criteria = isJsonObject(a.achievement.criteria) ? a.achievement.criteria : {}
    const alignments = (Array.isArray(a.achievement.alignment) ? a.achievement.alignment : [])
      .filter(isJsonObject)
      .map((al) => ({ name: shown(al.targetName, 200) ?? '', url: al.targetUrl }))
      .filter((al) => al.name !== '')
    addCard(a.card, {
      badge: a.png,
      title: a.name,
      subtitle: `${locale.preview.achievementDescription} ${issuerName}`,
      issuer: issuerName,
      host,
    })
    site.addPage(
      a.page,
      page(
        frame({
          title: a.name,
          description: `${description ?? a.name} ${locale.preview.achievementDescription} ${issuerName}.`,
          canonical: urlOf(base, a.page),
          image: ogImage(a.card, a.name),
          type: 'website',
          noindex: false,
          ...eventsOf(a.id),
        }),
        achievementMain(locale, {
          name: a.name,
          ...(description === undefined ? {} : { description }),
          ...(shown(criteria.narrative) === undefined
            ? {}
            : { criteria: shown(criteria.narrative) as string }),
          criteriaUrl: criteria.id,
          ...(kindOf(a.achievement) === undefined ? {} : { kind: kindOf(a.achievement) as string }),
          image: href(a.image),
          imageAlt: `${locale.site.imageAlt}: ${a.name}`,
          alignments,
          issuerName,
          profilePage,
          json: href(a.json),
        }),
      ),
    )
  }

  // One page per public credential.
  const pages: CredentialPage[] = []
  for (const c of credentials) {
    const a = placed.get(c.achievement.id as string) as PlacedAchievement
    const dir = `c/${c.shortId}`
    const pageUrl = urlOf(base, `${dir}/`)
    const view = readCredential(c.credential)
    const recipientName = c.input.showName ? shown(view.recipientName, 200) : undefined
    const until = view.validity.until
    const expired = until !== undefined && until.getTime() <= input.now.getTime()
    const standing =
      c.input.state === 'revoked'
        ? {
            band: locale.preview.credentialTitleRevoked,
            page: locale.site.revoked,
            preview: locale.preview.revokedDescription,
          }
        : c.input.state === 'suspended'
          ? {
              band: locale.preview.credentialTitleSuspended,
              page: locale.site.suspended,
              preview: locale.preview.suspendedDescription,
            }
          : expired
            ? {
                band: locale.preview.credentialTitleExpired,
                page: locale.site.expired(formatDate(view.validity.validUntil, locale)),
                preview: locale.preview.expiredDescription(formatDate(view.validity.validUntil, locale)),
              }
            : undefined
    const downloads: { href: string; text: string; type: string }[] = []
    if (c.input.json !== undefined) {
      site.addBytes(`${dir}/credential.json`, jsonText(c.input.json))
      downloads.push({
        href: href(`${dir}/credential.json`),
        text: locale.site.downloadJson,
        type: 'application/json',
      })
    }
    if (c.input.jwt !== undefined) {
      site.addBytes(`${dir}/credential.jwt`, `${c.input.jwt.trim()}\n`)
      downloads.push({
        href: href(`${dir}/credential.jwt`),
        text: locale.site.downloadJwt,
        type: 'application/jwt',
      })
    }
    if (c.input.baked?.png !== undefined) {
      if (!isPng(c.input.baked.png)) fail('IMAGE_INVALID', `the baked picture of ${c.id} is not a PNG`)
      site.addBytes(`${dir}/badge.png`, c.input.baked.png)
      downloads.push({ href: href(`${dir}/badge.png`), text: locale.site.downloadPng, type: 'image/png' })
    }
    if (c.input.baked?.svg !== undefined) {
      site.addBytes(`${dir}/badge.svg`, c.input.baked.svg)
      downloads.push({ href: href(`${dir}/badge.svg`), text: locale.site.downloadSvg, type: 'image/svg+xml' })
    }
    const subtitle = recipientName === undefined ? undefined : `${locale.preview.awardedTo} ${recipientName}`
    addCard(`${dir}/card.png`, {
      badge: a.png,
      title: a.name,
      ...(subtitle === undefined ? {} : { subtitle }),
      issuer: issuerName,
      host,
      ...(standing === undefined ? {} : { band: standing.band }),
    })
    const title = standing === undefined ? a.name : `${a.name} (${standing.band})`
    const description =
      standing?.preview ??
      `${subtitle === undefined ? '' : `${subtitle}. `}${locale.preview.achievementDescription} ${issuerName}. ${locale.preview.verifiable}`
    const issued = view.validity.from ?? input.now
    const liveCheck = live !== undefined && c.input.jwt !== undefined && verifyPage !== undefined
    // What is next for the member, while the credential stands (a revoked member's page says no more).
    const next =
      c.input.progress === undefined || c.input.state !== 'active'
        ? []
        : progressItems(c.input.progress, locale, (value) => shown(value, 200))
    site.addPage(
      `${dir}/index.html`,
      page(
        frame({
          title,
          description,
          canonical: pageUrl,
          image: ogImage(`${dir}/card.png`, title),
          type: 'article',
          noindex: c.input.indexable !== true,
          ...eventsOf(a.id, c.id),
          ...(liveCheck
            ? {
                script: live?.module as string,
                scriptPolicy: live?.policy as { scriptSrc: string; connectSrc: string },
              }
            : {}),
        }),
        credentialMain(locale, {
          achievementName: a.name,
          achievementPage: href(a.page),
          image: href(a.image),
          imageAlt: `${locale.site.imageAlt}: ${a.name}`,
          issuerName,
          profilePage,
          ...(recipientName === undefined ? {} : { recipientName }),
          ...(view.validity.validFrom === undefined
            ? {}
            : { validFrom: formatDate(view.validity.validFrom, locale) }),
          ...(view.validity.validUntil === undefined
            ? {}
            : { validUntil: formatDate(view.validity.validUntil, locale) }),
          ...(standing === undefined ? {} : { standing: standing.page }),
          ...(liveCheck
            ? { live: { credential: href(`${dir}/credential.jwt`), verifyPage: verifyPage as string } }
            : {}),
          ...(next.length === 0 ? {} : { progress: progressSection(locale, next) }),
          downloads,
          ...(standing === undefined
            ? {
                linkedIn: {
                  add: linkedInAddToProfileUrl({
                    name: a.name,
                    organizationName: issuerName,
                    ...(input.linkedInOrganizationId === undefined
                      ? {}
                      : { organizationId: input.linkedInOrganizationId }),
                    issued,
                    ...(until === undefined ? {} : { expires: until }),
                    certUrl: pageUrl,
                    certId: c.shortId,
                  }),
                  share: linkedInShareUrl(pageUrl),
                },
              }
            : {}),
          ...(verifyPage === undefined ? {} : { verifyPage }),
        }),
      ),
    )
    pages.push({ shortId: c.shortId, url: pageUrl, credentialId: c.id, state: c.input.state })
  }

  // The index and the page for addresses with nothing.
  const summaries: AchievementSummary[] = [...placed.values()]
    .sort((x, y) => x.name.localeCompare(y.name, locale.intl))
    .map((a) => ({
      name: a.name,
      page: href(a.page),
      image: href(a.image),
      ...(kindOf(a.achievement) === undefined ? {} : { kind: kindOf(a.achievement) as string }),
    }))
  site.addPage(
    'index.html',
    page(
      frame({
        title: issuerName,
        description: shown(issuer.description, 300) ?? locale.site.homeIntro,
        canonical: base.href,
        type: 'website',
        noindex: false,
      }),
      homeMain(locale, {
        issuerName,
        ...(shown(issuer.description) === undefined
          ? {}
          : { description: shown(issuer.description) as string }),
        achievements: summaries,
        ...(verifyPage === undefined ? {} : { verifyPage }),
        profilePage,
      }),
    ),
  )
  site.addPage(
    '404.html',
    page(
      frame({
        title: locale.site.notFoundTitle,
        description: locale.site.notFoundTitle,
        canonical: urlOf(base, '404.html'),
        type: 'website',
        noindex: true,
      }),
      notFoundMain(locale, verifyPage),
    ),
  )
  return { files: site.files, pages, warnings: site.warnings }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The events endpoint: https (http on loopback, a test's service), no credentials, query or fragment. */
function eventsUrlOf(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    fail('EVENTS_URL_INVALID', `the events URL ${JSON.stringify(text.slice(0, 200))} is not a URL`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    fail('EVENTS_URL_INVALID', `the events URL ${url.href} is not https`)
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    fail('EVENTS_URL_INVALID', `the events URL ${url.href} has a query, a fragment or credentials`)
  return url
}

function kindOf(achievement: JsonObject): string | undefined {
  const kind = achievement.achievementType
  return typeof kind === 'string' ? shown(kind.replace(/^ext:/, ''), 100) : undefined
}
