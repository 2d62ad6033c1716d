/**
 * Credential offers (OpenID4VCI 1.0, section 4): a one-time `openid-credential-offer://` link, by value
 * or by reference (`credential_offer_uri`), for the credentials a member stands in (active, unexpired,
 * in the ledger under their member id): each becomes an offered credential, in one format. The
 * pre-authorized code and the transaction code are returned to the caller once and stored as hashes.
 * An offer for a member with nothing standing is refused (NOTHING_TO_OFFER): a revoked or suspended
 * credential is never offered.
 */
import { CLR_ACHIEVEMENT_ID, type LedgerRow } from '@tessera/issuer'
import type { JsonObject } from '@tessera/schema'
import { configurationFor, formatsFor, issuerDisplay } from './configurations.js'
import type { ServiceContext } from './context.js'
import { fail } from './errors.js'
import { isStanding, unsignedCredential } from './holder-credential.js'
import { PRE_AUTHORIZED_GRANT } from './metadata.js'
import { hashSecret, hashTransactionCode, randomToken, transactionCode } from './secrets.js'
import type { ConfigurationFormat, ConfigurationRecord, OfferItem, OfferRecord, TxCodeSpec } from './store.js'

export interface TxCodeOptions {
  /** Default 6. */
  length?: number
  /** Default `numeric`. */
  inputMode?: 'numeric' | 'text'
  /** What the wallet shows beside the input (at most 300 characters): where the member finds the code. */
  description?: string
}

export interface OfferOptions {
  /** The member, as the ledger names recipients (the `--member` of `tessera issue`). */
  member: string
  /**
   * Only the credentials of this achievement id; `clr` for the member's CLR 2.0 (issued by `tessera clr`).
   * Default: every credential the member stands in, their CLR aside.
   */
  achievement?: string
  /**
   * The format each credential is offered in. Default `ldp_vc` (Data Integrity, what 1EdTech certifies)
   * for an Ed25519 issuer key, `jwt_vc_json` otherwise. Both offer each credential twice.
   */
  formats?: ConfigurationFormat[]
  /** Require a transaction code, to send the member another way (a text message, a letter). */
  txCode?: boolean | TxCodeOptions
  /** How long the offer can be redeemed, in ms. Default the service's (14 days). */
  lifetimeMs?: number
  /** Pass the offer by reference (`credential_offer_uri`): a shorter link and QR code. Default by value. */
  byReference?: boolean
}

export interface OfferedCredential {
  /** The ledger credential the wallet will receive a copy of. */
  credentialId: string
  achievementId: string
  configurationId: string
  /** The achievement's name, as wallets show it. */
  name: string
}

export interface CreatedOffer {
  offerId: string
  /** `openid-credential-offer://?credential_offer=...` (or `?credential_offer_uri=...`): the link and the QR code's text. */
  link: string
  /** The credential offer object. */
  credentialOffer: JsonObject
  /** Where the offer is read, when it is passed by reference. */
  offerUri?: string
  /** The transaction code, when one is required: send it to the member on another channel than the link. */
  txCode?: string
  expiresAt: Date
  credentials: OfferedCredential[]
}

const MAX_LIFETIME_MS = 366 * 86_400_000

function checkOptions(options: OfferOptions, alg: string): void {
  if (typeof options.member !== 'string' || options.member.trim() === '')
    fail('INVALID_OFFER_OPTIONS', 'an offer is for a member: give their member id')
  const lifetime = options.lifetimeMs
  if (lifetime !== undefined && !(Number.isInteger(lifetime) && lifetime > 0 && lifetime <= MAX_LIFETIME_MS))
    fail('INVALID_OFFER_OPTIONS', 'an offer lives from 1 ms to 366 days')
  const possible = formatsFor(alg)
  for (const format of options.formats ?? [])
    if (!possible.includes(format))
      fail(
        'INVALID_OFFER_OPTIONS',
        `the issuer's ${alg} key signs ${possible.join(' and ')}, not ${String(format)}`,
      )
  if (options.formats !== undefined && options.formats.length === 0)
    fail('INVALID_OFFER_OPTIONS', 'formats names at least one format')
  if (typeof options.txCode === 'object') {
    const { length = 6, inputMode = 'numeric', description } = options.txCode
    if (!Number.isInteger(length) || length < 4 || length > 12)
      fail('INVALID_OFFER_OPTIONS', 'a transaction code is 4 to 12 characters long')
    if (inputMode !== 'numeric' && inputMode !== 'text')
      fail('INVALID_OFFER_OPTIONS', 'a transaction code is numeric or text')
    if (description !== undefined && description.length > 300)
      fail('INVALID_OFFER_OPTIONS', 'a transaction code description is at most 300 characters')
  }
}

function txCodeSpec(option: OfferOptions['txCode']): TxCodeSpec | undefined {
  if (option === undefined || option === false) return undefined
  const given = option === true ? {} : option
  return {
    input_mode: given.inputMode ?? 'numeric',
    length: given.length ?? 6,
    ...(given.description === undefined ? {} : { description: given.description }),
  }
}

/** The credential offer object for a code (by value, or served at the offer's URI). */
export function credentialOfferObject(offer: OfferRecord, code: string): JsonObject {
  return {
    credential_issuer: offer.credentialIssuer,
    credential_configuration_ids: offer.configurationIds,
    grants: {
      [PRE_AUTHORIZED_GRANT]: {
        'pre-authorized_code': code,
        ...(offer.txCode === undefined ? {} : { tx_code: offer.txCode }),
      },
    },
  }
}

/** The member's standing credentials, narrowed to an achievement when one is given. */
async function standingCredentials(
  context: ServiceContext,
  options: OfferOptions,
  now: number,
): Promise<LedgerRow[]> {
  const rows: LedgerRow[] = []
  // a member's CLR is offered when asked for (`clr`), not with every offer
  const wanted = options.achievement === 'clr' ? CLR_ACHIEVEMENT_ID : options.achievement
  for await (const row of context.issuerStore.rows({ recipient: options.member, state: 'active' }))
    if (
      isStanding(row, now) &&
      (wanted === undefined ? row.achievementId !== CLR_ACHIEVEMENT_ID : row.achievementId === wanted)
    )
      rows.push(row)
  return rows
}

export async function createOffer(context: ServiceContext, options: OfferOptions): Promise<CreatedOffer> {
  checkOptions(options, context.signerAlg)
  const now = context.clock().getTime()
  const sources = await standingCredentials(context, options, now)
  if (sources.length === 0)
    fail(
      'NOTHING_TO_OFFER',
      `member ${options.member} holds no active, unexpired credential${options.achievement === undefined ? '' : ` of ${options.achievement}`} to offer`,
    )
  const formats = options.formats ?? [formatsFor(context.signerAlg)[0] as ConfigurationFormat]
  const code = randomToken()
  const spec = txCodeSpec(options.txCode)
  const txCode = spec === undefined ? undefined : transactionCode(spec.length, spec.input_mode)
  const offerId = crypto.randomUUID()
  const configurations = new Map<string, ConfigurationRecord>()
  const items: OfferItem[] = []
  const credentials: OfferedCredential[] = []
  let display: JsonObject | undefined
  for (const source of sources) {
    const credential = unsignedCredential(source)
    display ??= issuerDisplay(credential, context.display)
    for (const format of formats) {
      const configuration = configurationFor(credential, format, context.signerAlg, context.display)
      configurations.set(configuration.id, configuration)
      items.push({
        id: randomToken(16),
        offerId,
        configurationId: configuration.id,
        sourceCredentialId: source.credentialId,
        state: 'open',
        updatedAt: now,
      })
      const shown = (configuration.metadata.display as JsonObject[] | undefined)?.[0]
      credentials.push({
        credentialId: source.credentialId,
        achievementId: source.achievementId,
        configurationId: configuration.id,
        name: String(shown?.name ?? source.achievementId),
      })
    }
  }
  const offer: OfferRecord = {
    id: offerId,
    codeHash: hashSecret(code),
    member: options.member,
    credentialIssuer: context.urls.issuer,
    configurationIds: [...configurations.keys()],
    ...(spec === undefined ? {} : { txCode: spec }),
    ...(txCode === undefined ? {} : { txCodeHash: hashTransactionCode(code, txCode) }),
    state: 'open',
    failedAttempts: 0,
    createdAt: now,
    expiresAt: now + (options.lifetimeMs ?? context.limits.offerLifetimeMs),
  }
  // Configurations first: a wallet that reads the metadata the moment the offer exists finds them.
  await context.store.saveConfigurations([...configurations.values()])
  if (display !== undefined) await context.store.putSetting('issuer_display', JSON.stringify(display))
  await context.store.addOffer(offer, items)
  const credentialOffer = credentialOfferObject(offer, code)
  const offerUri = options.byReference ? `${context.urls.offerUri}/${code}` : undefined
  const link =
    offerUri === undefined
      ? `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(credentialOffer))}`
      : `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offerUri)}`
  return {
    offerId,
    link,
    credentialOffer,
    ...(offerUri === undefined ? {} : { offerUri }),
    ...(txCode === undefined ? {} : { txCode }),
    expiresAt: new Date(offer.expiresAt),
    credentials,
  }
}
