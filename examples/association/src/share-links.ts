/**
 * Links a member shares a credential with: the verification page holding the credential itself in its
 * fragment, LinkedIn's "add to profile" form filled in for the certification section, and LinkedIn's
 * plain share dialog. Fragments never reach a server: the page decodes the credential in the browser.
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
  linkedInShareUrl,
  type AddToProfileInput as SiteAddToProfileInput,
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
  /** The verification page with the credential: the plain link to share anywhere. */
  verify: string
  linkedInAddToProfile: string
  linkedInShare: string
}

export interface ShareLinkOptions {
  /** The verification page, e.g. `https://bookbinders.example/verify/`. */
  verifyPageUrl: string
  /** A public URL of the credential, if the association hosts them; else the verification URL is used. */
  credentialUrl?: string
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
  const verify = verificationUrl(options.verifyPageUrl, shared)
  const certUrl = options.credentialUrl ?? verify
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
      certUrl,
      certId: id,
    }),
    linkedInShare: linkedInShareUrl(certUrl),
  }
}
