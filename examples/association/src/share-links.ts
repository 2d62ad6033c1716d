/**
 * Links a member shares a credential with, and the one a certificate's QR code opens: for a member who
 * chose a public page, its short stable address (`<site>/c/<short id>/`, about 40 characters) everywhere;
 * otherwise the verification page holding the credential itself in its fragment (a VC-JWT is some 2 to 3
 * KB: with no page, nothing on the web holds the credential, so the link must carry it). Plus LinkedIn's
 * "add to profile" form filled in for the certification section, and LinkedIn's plain share dialog.
 * Fragments never reach a server: the page decodes the credential in the browser.
 */
import {
  credentialFromJwt,
  decodeJwt,
  isJsonObject,
  type JsonObject,
  readCredential,
  TesseraError,
} from '@tessera/schema'
import {
  credentialPageUrl,
  linkedInShareUrl,
  type AddToProfileInput as SiteAddToProfileInput,
  shortIdOf,
  linkedInAddToProfileUrl as siteAddToProfileUrl,
} from '@tessera/site'

export type ShareErrorCode = 'NOT_A_CREDENTIAL'

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * `<verifyPageUrl>#<fragment>`: the fragment is the compact JWT as it is, or the credential's JSON in
 * base64url (UTF-8, no padding). A fragment already on the page URL is replaced.
 */
export function verificationUrl(verifyPageUrl: string, credential: JsonObject | string): string {
  const page = new URL(verifyPageUrl)
  page.hash = ''
  return `${page.href.replace(/#$/, '')}#${fragmentOf(credential)}`
}

export function fragmentOf(credential: JsonObject | string): string {
  if (typeof credential === 'string') {
    const jwt = credential.trim()
    if (!COMPACT_JWS.test(jwt))
      throw new TesseraError<ShareErrorCode>('NOT_A_CREDENTIAL', 'not a compact JWT')
    return jwt
  }
  return Buffer.from(JSON.stringify(credential), 'utf8').toString('base64url')
}

/** The credential a JWT carries (decoded, not verified), or the object itself. */
export function credentialOf(credential: JsonObject | string): JsonObject {
  if (typeof credential !== 'string') {
    if (!isJsonObject(credential)) throw new TesseraError<ShareErrorCode>('NOT_A_CREDENTIAL', 'not an object')
    return credential
  }
  return credentialFromJwt(decodeJwt(credential)).credential
}

/** LinkedIn's form as @tessera/site fills it, with dates also as text (from the credential). */
export interface AddToProfileInput extends Omit<SiteAddToProfileInput, 'issued' | 'expires'> {
  issued: Date | string
  expires?: Date | string
}

function dateOf(date: Date | string): Date {
  const d = typeof date === 'string' ? new Date(date) : date
  if (Number.isNaN(d.getTime()))
    throw new TesseraError<ShareErrorCode>('NOT_A_CREDENTIAL', `not a date: ${date}`)
  return d
}

/** LinkedIn's "Add licence or certification" form, filled in (by @tessera/site's helper). */
export function linkedInAddToProfileUrl(input: AddToProfileInput): string {
  const { issued, expires, ...rest } = input
  return siteAddToProfileUrl({
    ...rest,
    issued: dateOf(issued),
    ...(expires === undefined ? {} : { expires: dateOf(expires) }),
  })
}

export { linkedInShareUrl }

export interface ShareLinks {
  /**
   * The link to see and check it, the plain link to share anywhere: the credential's public page when
   * the member chose one, else the verification page with the credential in its fragment.
   */
  verify: string
  linkedInAddToProfile: string
  linkedInShare: string
}

/** A credential's public page on the association's site (@tessera/site): its address and short id. */
export interface PublicPage {
  url: string
  shortId: string
}

/**
 * The public page the site gives a signed credential (`<site>/c/<short id>/`): the short id comes from
 * the signature, so it is known as soon as the credential is signed, before anything is published.
 */
export function publicPageOf(siteUrl: string, signed: JsonObject | string): PublicPage {
  const shortId = shortIdOf(signed)
  return { url: credentialPageUrl(siteUrl, shortId), shortId }
}

export interface ShareLinkOptions {
  /** The verification page, e.g. `https://bookbinders.example/verify/`. */
  verifyPageUrl: string
  /** The credential's public page, when the member chose one: then every link is its short address. */
  page?: PublicPage
  /** LinkedIn page id of the association. */
  organizationId?: string
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The share links of a signed credential. Pass the VC-JWT when there is one: it is the shorter
 * fragment (a Data Integrity credential's JSON in base64url is about half as long again).
 */
export function shareLinksOf(shared: JsonObject | string, options: ShareLinkOptions): ShareLinks {
  const credential = credentialOf(shared)
  const { achievement, issuer, validity } = readCredential(credential)
  const name = text(credential.name) ?? text(achievement?.name)
  const issued = text(validity.validFrom)
  const id = text(credential.id)
  if (name === undefined || issued === undefined || id === undefined)
    throw new TesseraError<ShareErrorCode>('NOT_A_CREDENTIAL', 'the credential has no name, validFrom or id')
  const verify = options.page?.url ?? verificationUrl(options.verifyPageUrl, shared)
  const expires = text(validity.validUntil)
  return {
    verify,
    linkedInAddToProfile: linkedInAddToProfileUrl({
      name,
      organizationName:
        text(issuer?.name) ?? (typeof credential.issuer === 'string' ? credential.issuer : ''),
      ...(options.organizationId === undefined ? {} : { organizationId: options.organizationId }),
      issued,
      ...(expires === undefined ? {} : { expires }),
      certUrl: verify,
      // The page's own "Add to LinkedIn" names it by its short id: the same entry from the mail or the page.
      certId: options.page?.shortId ?? id,
    }),
    linkedInShare: linkedInShareUrl(verify),
  }
}
