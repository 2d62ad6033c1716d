/**
 * The service's addresses, all derived from one credential issuer identifier (OpenID4VCI 1.0, 12.2.1:
 * an https URL with an optional path, no query, no fragment): the endpoints under it, and the
 * well-known metadata paths. RFC 8414 and OpenID4VCI insert `/.well-known/...` between the host and the
 * path (`https://guild.example/.well-known/openid-credential-issuer/wallet`); some wallets append it
 * instead (`https://guild.example/wallet/.well-known/openid-credential-issuer`), so both are served.
 * Plain http is accepted for loopback addresses only: a service tried out on one machine.
 */
import { fail } from './errors.js'

export interface ServiceUrls {
  /** The credential issuer identifier, also the authorization server's issuer identifier. */
  issuer: string
  /** The identifier's path, `''` at the host's root, else `/wallet` (no trailing slash). */
  basePath: string
  token: string
  nonce: string
  credential: string
  notification: string
  /** Where an offer passed by reference is read: `<offerUri>/<pre-authorized code>`. */
  offerUri: string
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

/** The service's URLs; INVALID_BASE_URL when `base` cannot be a credential issuer identifier. */
export function serviceUrls(base: string): ServiceUrls {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return fail('INVALID_BASE_URL', `${JSON.stringify(base)} is not a URL`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname)))
    fail(
      'INVALID_BASE_URL',
      `the credential issuer is an https URL (http only on localhost), not ${JSON.stringify(base)}`,
    )
  if (url.search !== '' || url.hash !== '' || base.includes('?') || base.includes('#'))
    fail('INVALID_BASE_URL', `a credential issuer URL has no query or fragment: ${JSON.stringify(base)}`)
  if (url.username !== '' || url.password !== '')
    fail('INVALID_BASE_URL', 'a credential issuer URL holds no user name or password')
  const basePath = url.pathname.replace(/\/+$/, '')
  const issuer = `${url.origin}${basePath}`
  return {
    issuer,
    basePath,
    token: `${issuer}/token`,
    nonce: `${issuer}/nonce`,
    credential: `${issuer}/credential`,
    notification: `${issuer}/notification`,
    offerUri: `${issuer}/credential-offer`,
  }
}

/** The paths a well-known document of the issuer is served at: inserted (the specifications) and appended. */
export function wellKnownPaths(basePath: string, name: string): string[] {
  const inserted = `/.well-known/${name}${basePath}`
  const appended = `${basePath}/.well-known/${name}`
  return inserted === appended ? [inserted] : [inserted, appended]
}
