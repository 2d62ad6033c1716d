/**
 * The admin API, for an association's member-management system: issue, revoke, suspend, reinstate and
 * renew credentials (revoking, suspending and reinstating reach the member's wallet copies too), make
 * wallet offers, read the ledger, manage webhooks. Every route but the OpenAPI document needs a token with
 * its scope (admin-auth.ts); bodies are bounded JSON; refusals are `{ error, error_description }` with a
 * stable code, never a stack. The routes are described in openapi.ts, and a test holds both to each other.
 */
import { heldFromLedger, progress } from '@tessera/awards'
import { type ChangeAction, type LedgerRow, type LedgerState, recordChange } from '@tessera/issuer'
import { isJsonObject, isTesseraError, type JsonObject } from '@tessera/schema'
import type { Context, Hono } from 'hono'
import { requireScope } from './admin-auth.js'
import { readJsonObject } from './body.js'
import type { ServiceContext } from './context.js'
import { refuse } from './errors.js'
import { isWebhookEventType, webhookEvent } from './events.js'
import { createOffer } from './offers.js'
import { openApiDocument } from './openapi.js'
import { qrSvg } from './qr.js'
import { randomToken } from './secrets.js'
import type { ConfigurationFormat, WebhookEventType, WebhookRecord } from './store.js'
import { checkWebhookUrl } from './webhooks.js'

const NO_STORE = { 'Cache-Control': 'no-store' }
const STATES: readonly LedgerState[] = ['pending', 'active', 'suspended', 'revoked']
const LIFECYCLE = {
  revoke: 'credential.revoked',
  suspend: 'credential.suspended',
  reinstate: 'credential.reinstated',
} as const satisfies Record<string, WebhookEventType>

/** The ledger row as the API shows it. */
function rowJson(row: LedgerRow): JsonObject {
  return { ...row } as unknown as JsonObject
}

/** An issuer failure as the admin API answers it. */
function issuerRefusal(error: unknown): never {
  if (!isTesseraError(error)) throw error
  if (error.code === 'NOT_ISSUED_HERE' || error.code === 'UNKNOWN_CREDENTIAL')
    refuse('not_found', error.message)
  if (error.code === 'WRONG_STATE' || error.code === 'DUPLICATE_ROW') refuse('conflict', error.message)
  if (error.code.startsWith('STORE_'))
    refuse('server_error', `the issuer's store is unavailable (${error.code}): try again later`, {
      status: 503,
    })
  if (error.code === 'NOTHING_TO_OFFER') refuse('conflict', error.message)
  return refuse('invalid_request', `${error.code}: ${error.message}`)
}

function optionalString(body: JsonObject, name: string, max = 200): string | undefined {
  const value = body[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '' || value.length > max)
    refuse('invalid_request', `${name} is a string of 1 to ${max} characters`)
  return value
}

function optionalBoolean(body: JsonObject, name: string): boolean | undefined {
  const value = body[name]
  if (value !== undefined && typeof value !== 'boolean') refuse('invalid_request', `${name} is true or false`)
  return value
}

function onlyKnown(body: JsonObject, known: readonly string[]): void {
  for (const name of Object.keys(body))
    if (!known.includes(name)) refuse('invalid_request', `unknown member ${name.slice(0, 40)}`)
}

function webhookJson(hook: WebhookRecord, withSecret: boolean): JsonObject {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    ...(hook.description === undefined ? {} : { description: hook.description }),
    createdAt: new Date(hook.createdAt).toISOString(),
    ...(withSecret ? { secret: hook.secret } : {}),
  }
}

/** Registers the admin routes on `app`, under `<base>/admin`. */
export function adminRoutes(app: Hono, context: ServiceContext): void {
  const admin = `${context.urls.basePath}/admin`
  const json = (c: Context) => readJsonObject(c.req.raw, context.limits.maxJsonBytes, 'invalid_request')
  const credentialIdOf = (c: Context) => {
    const id = c.req.param('id') ?? ''
    if (id === '' || id.length > 300) refuse('invalid_request', 'a credential id is 1 to 300 characters')
    return id
  }

  app.get(`${admin}/openapi.json`, (c) =>
    c.json(openApiDocument(context.urls.issuer), 200, { 'Cache-Control': 'no-cache' }),
  )

  app.post(`${admin}/credentials`, async (c) => {
    await requireScope(context, c.req.raw, 'credentials:issue')
    const body = await json(c)
    onlyKnown(body, ['credential', 'member', 'format', 'key', 'suspension'])
    if (!isJsonObject(body.credential))
      refuse('invalid_request', 'credential is the unsigned credential, an object')
    const member = optionalString(body, 'member')
    const key = optionalString(body, 'key')
    const format = body.format
    if (format !== undefined && format !== 'jwt' && format !== 'data-integrity')
      refuse('invalid_request', 'format is jwt or data-integrity')
    const suspension = optionalBoolean(body, 'suspension')
    const issued = await context.issuer
      .issue(body.credential, {
        ...(format === undefined ? {} : { format }),
        ...(member === undefined ? {} : { recipient: member }),
        ...(key === undefined ? {} : { key }),
        ...(suspension === undefined ? {} : { suspension }),
      })
      .catch(issuerRefusal)
    return c.json(
      { credentialId: issued.credentialId, existing: issued.existing, credential: issued.credential },
      issued.existing ? 200 : 201,
      NO_STORE,
    )
  })

  app.get(`${admin}/credentials`, async (c) => {
    await requireScope(context, c.req.raw, 'ledger:read')
    const member = c.req.query('member')
    const state = c.req.query('state')
    const after = c.req.query('after')
    const limitText = c.req.query('limit') ?? '100'
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000)
      refuse('invalid_request', 'limit is 1 to 1000')
    if (state !== undefined && !(STATES as readonly string[]).includes(state))
      refuse('invalid_request', `state is one of ${STATES.join(', ')}`)
    if ((member?.length ?? 0) > 200 || (after?.length ?? 0) > 300)
      refuse('invalid_request', 'member or after is too long')
    const limit = Number(limitText)
    const rows: JsonObject[] = []
    let skipping = after !== undefined
    let more = false
    for await (const row of context.issuerStore.rows({
      ...(member === undefined ? {} : { recipient: member }),
      ...(state === undefined ? {} : { state: state as LedgerState }),
    })) {
      if (skipping) {
        skipping = row.credentialId !== after
        continue
      }
      if (rows.length === limit) {
        more = true
        break
      }
      rows.push(rowJson(row))
    }
    const last = rows.at(-1)?.credentialId
    return c.json(
      { credentials: rows, ...(more && typeof last === 'string' ? { next: last } : {}) },
      200,
      NO_STORE,
    )
  })

  app.get(`${admin}/credentials/:id`, async (c) => {
    await requireScope(context, c.req.raw, 'ledger:read')
    const id = credentialIdOf(c)
    const row = await context.issuerStore.row(id)
    if (row === undefined) refuse('not_found', 'no credential of that id in the ledger')
    const copies: JsonObject[] = []
    for await (const copy of context.issuerStore.rows({ copyOf: id }))
      copies.push({ credentialId: copy.credentialId, state: copy.state, issuedAt: copy.issuedAt })
    return c.json({ ...rowJson(row), copies }, 200, NO_STORE)
  })

  // A member's progress on the pathways and milestones of the association's award rules.
  app.get(`${admin}/members/:id/progress`, async (c) => {
    await requireScope(context, c.req.raw, 'ledger:read')
    const member = c.req.param('id') ?? ''
    if (member === '' || member.length > 200) refuse('invalid_request', 'a member id is 1 to 200 characters')
    const rules = context.awardRules
    if (rules === undefined)
      refuse('not_found', 'this service has no award rules (tessera serve --rules FILE)')
    const held = await heldFromLedger(context.issuerStore.rows({ recipient: member }))
    return c.json(progress(rules, member, held) as unknown as JsonObject, 200, NO_STORE)
  })
  /** A change's optional body: `{ reason?, quiet? }` (no body: no reason, a notice). */
  const changeOf = async (c: Context) => {
    const empty = c.req.raw.body === null || c.req.header('content-length') === '0'
    const body = empty && c.req.header('content-type') === undefined ? {} : await json(c)
    onlyKnown(body, ['reason', 'quiet'])
    const reason = optionalString(body, 'reason', 500)
    return { ...(reason === undefined ? {} : { reason }), quiet: optionalBoolean(body, 'quiet') ?? false }
  }
  /** The reason recorded and the member told (notices.ts of @tessera/issuer). */
  const tell = (
    action: ChangeAction,
    credentialId: string,
    change: { reason?: string; quiet: boolean },
    validUntil?: string,
  ) =>
    recordChange({
      store: context.issuerStore,
      clock: context.clock,
      action,
      credentialId,
      ...change,
      ...(validUntil === undefined ? {} : { validUntil }),
      ...(context.membership ?? {}),
    })

  for (const action of ['revoke', 'suspend', 'reinstate'] as const)
    app.post(`${admin}/credentials/:id/${action}`, async (c) => {
      await requireScope(context, c.req.raw, 'credentials:revoke')
      const id = credentialIdOf(c)
      const change = await changeOf(c)
      const changed = await context.issuer[action](id).catch(issuerRefusal)
      const notice = await tell(action, id, change)
      const at = context.clock()
      const row = await context.issuerStore.row(id)
      await context.store.recordEvents([
        webhookEvent(LIFECYCLE[action], at, {
          credentialId: id,
          member: row?.recipient,
          copies: changed.filter((changedId) => changedId !== id),
        }),
      ])
      return c.json({ credentialId: id, changed, notice }, 200, NO_STORE)
    })

  app.post(`${admin}/credentials/:id/renew`, async (c) => {
    await requireScope(context, c.req.raw, 'credentials:issue')
    const change = await changeOf(c)
    const renewed = await context.issuer.renew(credentialIdOf(c)).catch(issuerRefusal)
    const notice = renewed.existing
      ? undefined
      : await tell('renew', renewed.credentialId, change, renewed.row.validUntil)
    return c.json(
      {
        credentialId: renewed.credentialId,
        existing: renewed.existing,
        credential: renewed.credential,
        ...(notice === undefined ? {} : { notice }),
      },
      renewed.existing ? 200 : 201,
      NO_STORE,
    )
  })

  // A member's choice of reminders (notices of changes go all the same).
  app.put(`${admin}/members/:member/reminders`, async (c) => {
    await requireScope(context, c.req.raw, 'credentials:issue')
    const member = c.req.param('member') ?? ''
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(member))
      refuse('invalid_request', 'a member id is letters, digits, ".", "_" or "-", 64 at most')
    const body = await json(c)
    onlyKnown(body, ['reminders'])
    const reminders = optionalBoolean(body, 'reminders')
    if (reminders === undefined) refuse('invalid_request', 'reminders (true or false) is required')
    const before = await context.issuerStore.member(member)
    await context.issuerStore.putMember({
      ...(before ?? { memberId: member }),
      reminders,
      updatedAt: context.clock().toISOString(),
    })
    return c.json({ member, reminders }, 200, NO_STORE)
  })

  app.post(`${admin}/offers`, async (c) => {
    await requireScope(context, c.req.raw, 'offers:create')
    const body = await json(c)
    onlyKnown(body, ['member', 'achievement', 'formats', 'txCode', 'byReference', 'lifetimeDays'])
    const member = optionalString(body, 'member')
    if (member === undefined) refuse('invalid_request', 'member is required')
    const achievement = optionalString(body, 'achievement', 500)
    const formats = body.formats
    if (
      formats !== undefined &&
      !(Array.isArray(formats) && formats.every((f) => f === 'ldp_vc' || f === 'jwt_vc_json'))
    )
      refuse('invalid_request', 'formats is a list of ldp_vc and jwt_vc_json')
    const lifetimeDays = body.lifetimeDays
    if (
      lifetimeDays !== undefined &&
      !(
        typeof lifetimeDays === 'number' &&
        Number.isInteger(lifetimeDays) &&
        lifetimeDays >= 1 &&
        lifetimeDays <= 366
      )
    )
      refuse('invalid_request', 'lifetimeDays is a whole number from 1 to 366')
    const txCode = optionalBoolean(body, 'txCode')
    const byReference = optionalBoolean(body, 'byReference')
    const offer = await createOffer(context, {
      member,
      ...(achievement === undefined ? {} : { achievement }),
      ...(formats === undefined ? {} : { formats: formats as ConfigurationFormat[] }),
      ...(txCode === undefined ? {} : { txCode }),
      ...(byReference === undefined ? {} : { byReference }),
      ...(lifetimeDays === undefined ? {} : { lifetimeMs: (lifetimeDays as number) * 86_400_000 }),
    }).catch(issuerRefusal)
    return c.json(
      {
        offerId: offer.offerId,
        link: offer.link,
        ...(offer.offerUri === undefined ? {} : { offerUri: offer.offerUri }),
        ...(offer.txCode === undefined ? {} : { txCode: offer.txCode }),
        expiresAt: offer.expiresAt.toISOString(),
        credentials: offer.credentials as unknown as JsonObject[],
        qrSvg: await qrSvg(offer.link),
      },
      201,
      NO_STORE,
    )
  })

  app.post(`${admin}/webhooks`, async (c) => {
    await requireScope(context, c.req.raw, 'webhooks:manage')
    const body = await json(c)
    onlyKnown(body, ['url', 'events', 'description'])
    const url = optionalString(body, 'url', 2000)
    if (url === undefined) refuse('invalid_request', 'url is required')
    const problem = checkWebhookUrl(url)
    if (problem !== undefined) refuse('invalid_request', problem)
    const events = body.events
    if (!Array.isArray(events) || events.length === 0 || !events.every(isWebhookEventType))
      refuse('invalid_request', 'events is a non-empty list of event types')
    const description = optionalString(body, 'description', 300)
    const hook: WebhookRecord = {
      id: `wh_${randomToken(9)}`,
      url,
      events: [...new Set(events as WebhookEventType[])],
      secret: `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`,
      ...(description === undefined ? {} : { description }),
      createdAt: context.clock().getTime(),
    }
    await context.store.addWebhook(hook)
    return c.json(webhookJson(hook, true), 201, NO_STORE)
  })

  app.get(`${admin}/webhooks`, async (c) => {
    await requireScope(context, c.req.raw, 'webhooks:manage')
    const hooks = await context.store.webhooks()
    return c.json({ webhooks: hooks.map((h) => webhookJson(h, false)) }, 200, NO_STORE)
  })

  app.delete(`${admin}/webhooks/:id`, async (c) => {
    await requireScope(context, c.req.raw, 'webhooks:manage')
    const id = c.req.param('id')
    if (!(await context.store.removeWebhook(id))) refuse('not_found', 'no webhook of that id')
    return c.body(null, 204, NO_STORE)
  })

  app.get(`${admin}/webhooks/:id/deliveries`, async (c) => {
    await requireScope(context, c.req.raw, 'webhooks:manage')
    const id = c.req.param('id')
    if (!(await context.store.webhooks()).some((h) => h.id === id))
      refuse('not_found', 'no webhook of that id')
    const deliveries = await context.store.deliveries(id, 100)
    return c.json(
      {
        deliveries: deliveries.map((d) => ({
          eventId: d.eventId,
          type: d.type,
          state: d.state,
          attempts: d.attempts,
          nextAt: new Date(d.nextAt).toISOString(),
          ...(d.lastStatus === undefined ? {} : { lastStatus: d.lastStatus }),
          ...(d.lastError === undefined ? {} : { lastError: d.lastError }),
          ...(d.deliveredAt === undefined ? {} : { deliveredAt: new Date(d.deliveredAt).toISOString() }),
        })),
      },
      200,
      NO_STORE,
    )
  })
}
