/**
 * The site's pages as plain functions of what they show: every value goes through the `html` tag, so a
 * name or description from a credential is text, never markup. Each page carries its own
 * Content-Security-Policy (a `<meta>`, since a static host may set no headers): nothing from another
 * site, scripts only on credential pages and only the site's own verify module.
 */
import { type Html, html, type Interpolation, join, safeHref } from './html.js'
import type { Locale } from './languages.js'

/** What a page's `<head>` says to browsers and link-preview crawlers. */
export interface PageHead {
  title: string
  description: string
  /** The page's full URL (canonical, og:url). */
  canonical: string
  /** The preview picture's full URL, 1200×627 PNG. */
  image?: { url: string; alt: string; width: number; height: number }
  /** og:type: website, or article for a credential. */
  type: 'website' | 'article'
  /** `noindex` for search engines (credential pages unless the member opted in). */
  noindex: boolean
  /** The script the page loads (the verify page's live module), an absolute path on this site. */
  script?: string
  /** The script-src and connect-src the verify page's build asks for, when the page runs it. */
  scriptPolicy?: { scriptSrc: string; connectSrc: string }
  /** The count-only events script (events-script.ts): its path on this site, and what it sends where. */
  events?: { script: string; url: string; origin: string; achievement: string; credential?: string }
}

export interface Frame {
  locale: Locale
  /** The site's name: the issuer's. */
  siteName: string
  /** Absolute paths of the home page and the stylesheet. */
  home: string
  css: string
  head: PageHead
}

/** The Content-Security-Policy of a page. */
export function policyOf(head: PageHead): string {
  const directives = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:"]
  const events = head.events
  if (head.script !== undefined) {
    const scriptSrc = head.scriptPolicy?.scriptSrc ?? "'self'"
    const connectSrc = head.scriptPolicy?.connectSrc ?? "'self'"
    const withSelf =
      events === undefined || scriptSrc.split(' ').includes("'self'") ? scriptSrc : `${scriptSrc} 'self'`
    directives.push(`script-src ${withSelf}`)
    directives.push(`connect-src ${events === undefined ? connectSrc : `${connectSrc} ${events.origin}`}`)
  } else if (events !== undefined) directives.push("script-src 'self'", `connect-src ${events.origin}`)
  directives.push("base-uri 'none'", "form-action 'none'")
  return directives.join('; ')
}

/** The whole document around a page's `<main>`. */
export function page(frame: Frame, main: Html): Html {
  const { locale, head } = frame
  const s = locale.site
  return html`<!doctype html>
<html lang="${locale.code}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policyOf(head)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${head.title}</title>
<meta name="description" content="${head.description}">
${head.noindex ? html`<meta name="robots" content="noindex, nofollow">\n` : ''}<link rel="canonical" href="${head.canonical}">
<link rel="stylesheet" href="${frame.css}">
<meta property="og:type" content="${head.type}">
<meta property="og:site_name" content="${frame.siteName}">
<meta property="og:title" content="${head.title}">
<meta property="og:description" content="${head.description}">
<meta property="og:url" content="${head.canonical}">
<meta property="og:locale" content="${locale.ogLocale}">
${
  head.image === undefined
    ? ''
    : html`<meta property="og:image" content="${head.image.url}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="${head.image.width}">
<meta property="og:image:height" content="${head.image.height}">
<meta property="og:image:alt" content="${head.image.alt}">
<meta name="twitter:image" content="${head.image.url}">
<meta name="twitter:image:alt" content="${head.image.alt}">
`
}<meta name="twitter:card" content="${head.image === undefined ? 'summary' : 'summary_large_image'}">
<meta name="twitter:title" content="${head.title}">
<meta name="twitter:description" content="${head.description}">
${head.script === undefined ? '' : html`<script type="module" src="${head.script}"></script>\n`}${eventsTag(head.events)}</head>
<body>
<a class="skip" href="#main">${s.skip}</a>
<header><a href="${frame.home}">${frame.siteName}</a></header>
<main id="main" tabindex="-1">
${main}
</main>
<footer><p>${s.footer}</p></footer>
</body>
</html>
`
}

/** The events script's tag, with what it sends (no tag without events). */
function eventsTag(events: PageHead['events']): Html | string {
  if (events === undefined) return ''
  return html`<script src="${events.script}" defer data-events="${events.url}" data-achievement="${events.achievement}"${
    events.credential === undefined ? '' : html` data-credential="${events.credential}"`
  }></script>\n`
}

/** A term and its value, when there is a value. */
function fact(term: string, value: Interpolation | undefined): Html {
  if (value === undefined || value === '') return html``
  return html`<dt>${term}</dt><dd>${value}</dd>\n`
}

/** A link to somewhere outside the site, when its URL is one a visitor may follow. */
function outsideLink(url: unknown, text?: string): Html | undefined {
  const href = safeHref(url)
  return href === undefined ? undefined : html`<a href="${href}" rel="nofollow noopener">${text ?? href}</a>`
}

/** An achievement as the pages list it. */
export interface AchievementSummary {
  name: string
  /** Absolute path of its page and its picture. */
  page: string
  image: string
  /** "Membership", "Certificate" (OB's achievementType, as written). */
  kind?: string
}

export interface HomeInput {
  issuerName: string
  description?: string
  achievements: readonly AchievementSummary[]
  verifyPage?: string
  profilePage: string
}

/** The index: who the issuer is, what it awards, where to check a credential. */
export function homeMain(locale: Locale, input: HomeInput): Html {
  const s = locale.site
  return html`<h1>${input.issuerName}</h1>
<p>${input.description ?? s.homeIntro}</p>
<p><a href="${input.profilePage}">${s.profileHeading}</a></p>
<h2>${s.achievementsHeading}</h2>
${
  input.achievements.length === 0
    ? html`<p>${s.noAchievements}</p>`
    : html`<ul class="achievements">
${join(
  input.achievements.map(
    (a) =>
      html`<li><a href="${a.page}"><img src="${a.image}" alt="" width="96" height="96"> <span>${a.name}</span></a></li>`,
  ),
  '\n',
)}
</ul>`
}
${verifySection(locale, input.verifyPage)}`
}

function verifySection(locale: Locale, verifyPage: string | undefined): Html {
  if (verifyPage === undefined) return html``
  const s = locale.site
  return html`<h2>${s.verifyHeading}</h2>
<p>${s.verifyText}</p>
<p><a href="${verifyPage}">${s.verifyLink}</a></p>`
}

export interface ProfileInput {
  name: string
  id: string
  description?: string
  website?: unknown
  email?: unknown
  image?: string
  json: string
  didDocument?: string
}

/** The issuer's profile page. */
export function profileMain(locale: Locale, input: ProfileInput): Html {
  const s = locale.site
  const email = typeof input.email === 'string' ? input.email : undefined
  return html`<h1>${input.name}</h1>
${input.image === undefined ? '' : html`<p><img class="badge" src="${input.image}" alt="${input.name}"></p>`}
${input.description === undefined ? '' : html`<p>${input.description}</p>`}
<h2>${s.profileHeading}</h2>
<dl>
${fact(s.identifier, html`<code dir="ltr">${input.id}</code>`)}${fact(s.website, outsideLink(input.website))}${fact(s.email, email === undefined ? undefined : outsideLink(`mailto:${email}`, email))}</dl>
${input.didDocument === undefined ? '' : html`<p>${s.didWebNote} <a href="${input.didDocument}">did.json</a></p>`}
<p><a href="${input.json}" type="application/json">${s.profileJson}</a></p>`
}

export interface AchievementInputForPage {
  name: string
  description?: string
  criteria?: string
  criteriaUrl?: unknown
  kind?: string
  image: string
  imageAlt: string
  alignments: readonly { name: string; url?: unknown }[]
  issuerName: string
  profilePage: string
  json: string
}

/** An achievement's page. */
export function achievementMain(locale: Locale, input: AchievementInputForPage): Html {
  const s = locale.site
  return html`<div class="card">
<img class="badge" src="${input.image}" alt="${input.imageAlt}" width="192" height="192">
<div>
<h1>${input.name}</h1>
<p>${s.issuedBy} <a href="${input.profilePage}"><bdi>${input.issuerName}</bdi></a></p>
</div>
</div>
<dl>
${fact(s.kind, input.kind)}</dl>
${input.description === undefined ? '' : html`<h2>${s.description}</h2>\n<p>${input.description}</p>`}
${
  input.criteria === undefined && safeHref(input.criteriaUrl) === undefined
    ? ''
    : html`<h2>${s.criteria}</h2>\n<p>${input.criteria ?? ''} ${outsideLink(input.criteriaUrl) ?? ''}</p>`
}
${
  input.alignments.length === 0
    ? ''
    : html`<h2>${s.alignments}</h2>
<ul>${join(
        input.alignments.map((a) => html`<li>${outsideLink(a.url, a.name) ?? a.name}</li>`),
        '',
      )}</ul>`
}
<p><a href="${input.json}" type="application/json">${s.achievementJson}</a></p>`
}

export interface CredentialInputForPage {
  achievementName: string
  achievementPage: string
  image: string
  imageAlt: string
  issuerName: string
  profilePage: string
  /** The member's name when they allowed it. */
  recipientName?: string
  validFrom?: string
  validUntil?: string
  /** What the page says of its standing: revoked, suspended, expired (a sentence), or nothing. */
  standing?: string
  /** Where the live check reads the credential (an absolute path), and the words it says. */
  live?: { credential: string; verifyPage: string }
  /** The member's "What is next" section (progress.ts), when they have begun something. */
  progress?: Html
  downloads: readonly { href: string; text: string; type: string }[]
  linkedIn?: { add: string; share: string }
  verifyPage?: string
}

/** A credential's public page. */
export function credentialMain(locale: Locale, input: CredentialInputForPage): Html {
  const s = locale.site
  const v = locale.verify
  return html`${input.standing === undefined ? '' : html`<p class="state" role="status">${input.standing}</p>`}
<div class="card">
<img class="badge" src="${input.image}" alt="${input.imageAlt}" width="192" height="192">
<div>
<h1>${input.achievementName}</h1>
<p>${s.issuedBy} <a href="${input.profilePage}"><bdi>${input.issuerName}</bdi></a></p>
<p><a href="${input.achievementPage}">${s.achievementLink}</a></p>
</div>
</div>
<dl>
${fact(s.awardedTo, input.recipientName === undefined ? s.holderOnly : html`<bdi>${input.recipientName}</bdi>`)}${fact(s.validFrom, input.validFrom)}${fact(s.validUntil, input.validUntil ?? s.noEnd)}</dl>
${
  input.live === undefined
    ? ''
    : html`<h2>${s.liveHeading}</h2>
<p class="live" id="live" role="status" aria-live="polite" data-credential="${input.live.credential}" data-state="checking"
 data-verified="${v.liveVerified}" data-not-verified="${v.notVerified}" data-revoked="${v.failed.revoked}" data-suspended="${v.failed.suspended}" data-could-not-load="${v.liveCouldNotLoad('{code}')}">${s.liveChecking}</p>
<noscript><p>${s.liveNoScript}</p></noscript>`
}
${input.progress ?? ''}
${
  input.downloads.length === 0
    ? ''
    : html`<h2>${s.downloadsHeading}</h2>
<ul>${join(
        input.downloads.map(
          (d) => html`<li><a href="${d.href}" type="${d.type}" download>${d.text}</a></li>`,
        ),
        '',
      )}</ul>`
}
${
  input.linkedIn === undefined
    ? ''
    : html`<h2>${s.shareHeading}</h2>
<ul><li><a href="${input.linkedIn.add}" rel="noopener">${s.addToLinkedIn}</a></li><li><a href="${input.linkedIn.share}" rel="noopener">${s.shareOnLinkedIn}</a></li></ul>`
}
${input.verifyPage === undefined ? '' : html`<p><a href="${input.verifyPage}">${s.checkOnVerifyPage}</a></p>`}`
}

/** The page a host shows for an address with nothing (404.html, which GitHub Pages and others use). */
export function notFoundMain(locale: Locale, verifyPage: string | undefined): Html {
  const s = locale.site
  return html`<h1>${s.notFoundTitle}</h1>
<p>${s.notFoundText}</p>
${verifyPage === undefined ? '' : html`<p><a href="${verifyPage}">${s.verifyLink}</a></p>`}`
}

/** JSON for a file (two-space indented, a final newline). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
