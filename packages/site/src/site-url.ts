/**
 * The site's address and the paths inside it. Every file of the site has a plain relative path
 * (`achievements/membership-2027`, `c/k3v9x2m8q4wz/index.html`); a URL inside the site maps to one, a URL
 * elsewhere to none.
 */
import { fail } from './errors.js'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** The site's base URL, ending with `/`: https, or http on a loopback host (a test's site). */
export function siteBase(url: string): URL {
  let base: URL
  try {
    base = new URL(url)
  } catch {
    fail('SITE_URL_INVALID', `the site's URL ${JSON.stringify(url)} is not a URL`)
  }
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && LOOPBACK.has(base.hostname)))
    fail('SITE_URL_INVALID', `the site's URL ${base.href} is not https`)
  if (base.search !== '' || base.hash !== '' || base.username !== '' || base.password !== '')
    fail('SITE_URL_INVALID', `the site's URL ${base.href} has a query, a fragment or credentials`)
  if (!base.pathname.endsWith('/')) base.pathname += '/'
  return base
}

/** The page of a credential: `<site>/c/<short id>/`. */
export function credentialPageUrl(site: string | URL, shortId: string): string {
  return new URL(`c/${shortId}/`, typeof site === 'string' ? siteBase(site) : site).href
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters in paths
const BAD_SEGMENT = /^\.{1,2}$|[\u0000-\u001f\u007f\\]/

/** Whether `path` is a plain relative path inside the site (no `..`, no leading `/`, no controls). */
export function isSitePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.endsWith('/')) return false
  return path.split('/').every((segment) => segment !== '' && !BAD_SEGMENT.test(segment))
}

/** The path inside the site a URL names (decoded), or undefined for a URL elsewhere or a folder's. */
export function pathInSite(base: URL, url: string): string | undefined {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return undefined
  }
  if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) return undefined
  if (target.search !== '' || target.hash !== '') return undefined
  let path: string
  try {
    path = decodeURIComponent(target.pathname.slice(base.pathname.length))
  } catch {
    return undefined
  }
  return isSitePath(path) ? path : undefined
}

/** The absolute path (from the host's root) of a file of the site, for links: `/c/…/credential.jwt`. */
export function hrefOf(base: URL, path: string): string {
  return `${base.pathname}${path.split('/').map(encodeURIComponent).join('/')}`
}

/** The full URL of a file of the site (for link previews, which need absolute URLs). */
export function urlOf(base: URL, path: string): string {
  return new URL(hrefOf(base, path), base).href
}
