/**
 * Credential configurations: what a wallet is offered and asks for (OpenID4VCI 1.0 sections 12.2.4 and
 * A.1). One per achievement and format, named after the achievement so that two processes name it
 * alike, with the display metadata a wallet shows before it holds anything: the achievement's name,
 * description and image, the colours and locale the service is given. `jwt_vc_json` is the credential
 * as a VC-JWT, `ldp_vc` with a Data Integrity proof (eddsa-rdfc-2022, Ed25519 issuer keys only). A
 * member's CLR 2.0 is offered the same way, under type ClrCredential (`clrcredential-<hash>_<format>`).
 */
import { createHash } from 'node:crypto'
import { CLR_ACHIEVEMENT_ID } from '@tessera/issuer'
import { isJsonObject, type JsonObject } from '@tessera/schema'
import { fail } from './errors.js'
import type { ConfigurationFormat, ConfigurationRecord } from './store.js'

/** How wallets show the service's credentials. */
export interface DisplayOptions {
  /** BCP 47 language tag of the display texts. Default: the achievement's `inLanguage`, else `en`. */
  locale?: string
  /** CSS hex colours of the credential card. Defaults `#1d3557` and `#ffffff`. */
  backgroundColor?: string
  textColor?: string
  /** The issuer's name and logo (an https or data: URI) as wallets show them. Default: the credentials' issuer Profile. */
  issuerName?: string
  issuerLogo?: string
}

const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/
/** A logo given inline bigger than this is left out: the metadata of every configuration carries it. */
const MAX_LOGO_URI = 32 * 1024

/** Refuses display options a wallet could not use. */
export function checkDisplayOptions(display: DisplayOptions): void {
  for (const [name, colour] of [
    ['backgroundColor', display.backgroundColor],
    ['textColor', display.textColor],
  ] as const)
    if (colour !== undefined && !HEX_COLOUR.test(colour))
      fail(
        'INVALID_OPTIONS',
        `display.${name} is a CSS hex colour such as #1d3557, not ${JSON.stringify(colour)}`,
      )
  if (display.locale !== undefined && !LANGUAGE_TAG.test(display.locale))
    fail(
      'INVALID_OPTIONS',
      `display.locale is a BCP 47 language tag such as en or fr-CH, not ${JSON.stringify(display.locale)}`,
    )
  if (display.issuerLogo !== undefined && imageUri(display.issuerLogo) === undefined)
    fail('INVALID_OPTIONS', 'display.issuerLogo is an https or data: URI')
}

/** The proof algorithms a holder's key proof may use (`proof_signing_alg_values_supported`). */
export const PROOF_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'RS256', 'PS256'] as const

/** The formats the issuer's key can sign: Data Integrity eddsa-rdfc-2022 only with an Ed25519 key. */
export function formatsFor(alg: string): ConfigurationFormat[] {
  return alg === 'EdDSA' ? ['ldp_vc', 'jwt_vc_json'] : ['jwt_vc_json']
}

/** `membership-2026-1a2b3c4d_ldp_vc`: the achievement's last path segment, a hash of its id, the format. */
export function configurationId(achievementId: string, format: ConfigurationFormat): string {
  const last =
    achievementId
      .replace(/[/#?]+$/, '')
      .split(/[/#:?]/)
      .at(-1) ?? ''
  const slug = last
    .toLowerCase()
    .replace(/\.[a-z]+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  const hash = createHash('sha256').update(achievementId, 'utf8').digest('hex').slice(0, 8)
  return `${slug === '' ? 'achievement' : slug}-${hash}_${format}`
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** An image's URI (an OB `Image` object or a bare URI), when a wallet can fetch or read it. */
function imageUri(image: unknown): string | undefined {
  const uri = typeof image === 'string' ? image : isJsonObject(image) ? text(image.id) : undefined
  if (uri === undefined || uri.length > MAX_LOGO_URI) return undefined
  return /^https:\/\/[^\s]+$/.test(uri) || /^data:image\/[\w.+-]+[;,]/.test(uri) ? uri : undefined
}

function achievementOf(credential: JsonObject): JsonObject {
  const subject = credential.credentialSubject
  const achievement = isJsonObject(subject) ? subject.achievement : undefined
  return isJsonObject(achievement) ? achievement : {}
}

/** The achievement's id, or '' when the credential has none; a CLR 2.0's is the ledger's `ClrCredential`. */
export function achievementIdOf(credential: JsonObject): string {
  if (Array.isArray(credential.type) && credential.type.includes('ClrCredential')) return CLR_ACHIEVEMENT_ID
  return text(achievementOf(credential).id) ?? ''
}

/** The display entry of a credential: its achievement's name, description and image, the service's colours. */
function credentialDisplay(credential: JsonObject, display: DisplayOptions): JsonObject {
  const achievement = achievementOf(credential)
  const name = text(achievement.name) ?? text(credential.name) ?? 'Open Badge'
  const logo = imageUri(achievement.image)
  const caption = isJsonObject(achievement.image) ? text(achievement.image.caption) : undefined
  const description = text(achievement.description)
  return {
    name,
    locale: display.locale ?? text(achievement.inLanguage) ?? 'en',
    ...(logo === undefined ? {} : { logo: { uri: logo, alt_text: caption ?? name } }),
    ...(description === undefined ? {} : { description: description.slice(0, 1000) }),
    background_color: display.backgroundColor ?? '#1d3557',
    text_color: display.textColor ?? '#ffffff',
  }
}

/** Labels for the claims a wallet lists (English). */
const CLAIMS: JsonObject[] = [
  { path: ['credentialSubject', 'achievement', 'name'], display: [{ name: 'Achievement', locale: 'en' }] },
  {
    path: ['credentialSubject', 'achievement', 'description'],
    display: [{ name: 'Description', locale: 'en' }],
  },
  { path: ['issuer', 'name'], display: [{ name: 'Issued by', locale: 'en' }] },
  { path: ['validFrom'], display: [{ name: 'Valid from', locale: 'en' }] },
  { path: ['validUntil'], display: [{ name: 'Valid until', locale: 'en' }] },
]

/**
 * The configuration record for offering `credential` in `format`, signed with `alg`. The display sits in
 * `credential_metadata` (1.0) and, for wallets of drafts 13 to 15, at the top of the entry as well.
 */
export function configurationFor(
  credential: JsonObject,
  format: ConfigurationFormat,
  alg: string,
  display: DisplayOptions = {},
): ConfigurationRecord {
  const achievementId = achievementIdOf(credential)
  const types = Array.isArray(credential.type) ? credential.type.filter((t) => typeof t === 'string') : []
  const type = types.includes('VerifiableCredential') ? types : ['VerifiableCredential', ...types]
  const contexts = Array.isArray(credential['@context'])
    ? credential['@context'].filter((c) => typeof c === 'string')
    : []
  const shown = [credentialDisplay(credential, display)]
  const metadata: JsonObject = {
    format,
    cryptographic_binding_methods_supported: ['did:key', 'did:jwk', 'jwk'],
    credential_signing_alg_values_supported: format === 'ldp_vc' ? ['eddsa-rdfc-2022'] : [alg],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_ALGORITHMS] } },
    credential_definition: format === 'ldp_vc' ? { '@context': contexts, type } : { type },
    credential_metadata: { display: shown, claims: CLAIMS },
    display: shown,
  }
  return { id: configurationId(achievementId, format), achievementId, format, metadata }
}

/** The issuer's display entry: its name and logo, from the options or the credential's issuer Profile. */
export function issuerDisplay(credential: JsonObject, display: DisplayOptions): JsonObject {
  const issuer = isJsonObject(credential.issuer) ? credential.issuer : {}
  const name = display.issuerName ?? text(issuer.name)
  const logo = display.issuerLogo ?? imageUri(issuer.image)
  return {
    ...(name === undefined ? {} : { name }),
    locale: display.locale ?? 'en',
    ...(logo === undefined ? {} : { logo: { uri: logo, ...(name === undefined ? {} : { alt_text: name }) } }),
  }
}
