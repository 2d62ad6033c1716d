/**
 * LinkedIn's links: the "Add licence or certification" form filled in from a credential, and the plain
 * "share a link" dialog. LinkedIn reads the page at `certUrl` for its preview (the credential page's
 * Open Graph tags).
 */

export interface AddToProfileInput {
  /** The certification's name, e.g. "Certified Practitioner". */
  name: string
  /** The organisation as LinkedIn shows it, when it has no LinkedIn page id. */
  organizationName: string
  /** The organisation's LinkedIn page id (a number), which LinkedIn prefers to the name. */
  organizationId?: string
  issued: Date
  expires?: Date
  /** Where the credential can be seen: its page, or the verification URL. */
  certUrl: string
  /** The credential's id. */
  certId: string
}

/** LinkedIn's "Add licence or certification" form, filled in. */
export function linkedInAddToProfileUrl(input: AddToProfileInput): string {
  const url = new URL('https://www.linkedin.com/profile/add')
  const q = url.searchParams
  q.set('startTask', 'CERTIFICATION_NAME')
  q.set('name', input.name)
  if (input.organizationId !== undefined) q.set('organizationId', input.organizationId)
  else q.set('organizationName', input.organizationName)
  q.set('issueYear', String(input.issued.getUTCFullYear()))
  q.set('issueMonth', String(input.issued.getUTCMonth() + 1))
  if (input.expires !== undefined) {
    q.set('expirationYear', String(input.expires.getUTCFullYear()))
    q.set('expirationMonth', String(input.expires.getUTCMonth() + 1))
  }
  q.set('certUrl', input.certUrl)
  q.set('certId', input.certId)
  return url.href
}

/** LinkedIn's plain "share a link" dialog. */
export function linkedInShareUrl(link: string): string {
  const url = new URL('https://www.linkedin.com/sharing/share-offsite/')
  url.searchParams.set('url', link)
  return url.href
}
