/**
 * `tessera token create|list|revoke`: the admin API's bearer tokens (@tessera/server), for a member-
 * management system. A token is printed once, when made; the store keeps only its SHA-256, its scopes and
 * its name. Only the service's tables are opened (not the issuer's keys): it works while `tessera serve`
 * runs, and a revoked token is refused by the running service at its next request.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { jsonText, terminalText } from '@tessera/schema'
import {
  ADMIN_SCOPES,
  createAdminToken,
  listAdminTokens,
  openServerStore,
  revokeAdminToken,
  type ServerStore,
} from '@tessera/server'
import { EXIT, type Io } from './io.js'
import { usage } from './store-folder.js'

const SUBCOMMANDS =
  'tessera token create --store DIR --scope S [--scope S]... [--name N] [--json] | list --store DIR [--json] | revoke --store DIR <token-id>'

async function withServerStore<T>(dir: string, io: Io, work: (store: ServerStore) => Promise<T>): Promise<T> {
  const store = await openServerStore(resolve(io.cwd, dir), process.env)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

/** `tessera token create|list|revoke ...` */
export async function tokenCommand(args: string[], io: Io): Promise<number> {
  const [action, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      store: { type: 'string' },
      scope: { type: 'string', multiple: true },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  if (values.store === undefined) usage(SUBCOMMANDS)
  const dir = values.store
  if (action === 'create') {
    const scopes = (values.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim())
    if (scopes.length === 0) usage(`give --scope: ${Object.keys(ADMIN_SCOPES).join(', ')}`)
    const created = await withServerStore(dir, io, (store) =>
      createAdminToken(store, {
        scopes,
        now: io.now(),
        ...(values.name === undefined ? {} : { name: values.name }),
      }),
    )
    if (values.json)
      io.stdout(
        `${jsonText({ id: created.record.id, token: created.token, scopes: created.record.scopes, name: created.record.name }, 2)}\n`,
      )
    else
      io.stdout(
        `token ${created.record.id} (${created.record.scopes.join(', ')}):\n\n  ${created.token}\n\nshown this once: keep it in the member system's secrets. Send it as Authorization: Bearer <token>.\n`,
      )
    return EXIT.ok
  }
  if (action === 'list') {
    const tokens = await withServerStore(dir, io, listAdminTokens)
    if (values.json) {
      io.stdout(
        `${jsonText(
          tokens.map((t) => ({
            id: t.id,
            name: t.name,
            scopes: t.scopes,
            createdAt: new Date(t.createdAt).toISOString(),
            ...(t.revokedAt === undefined ? {} : { revokedAt: new Date(t.revokedAt).toISOString() }),
          })),
          2,
        )}\n`,
      )
      return EXIT.ok
    }
    if (tokens.length === 0) io.stdout('no admin tokens\n')
    for (const t of tokens)
      io.stdout(
        `${t.id}  ${t.revokedAt === undefined ? 'active ' : 'revoked'}  ${new Date(t.createdAt).toISOString()}  ${t.scopes.join(',')}  ${terminalText(t.name)}\n`,
      )
    return EXIT.ok
  }
  if (action === 'revoke') {
    if (positionals.length === 0) usage(SUBCOMMANDS)
    let missing = 0
    await withServerStore(dir, io, async (store) => {
      for (const id of positionals)
        if (await revokeAdminToken(store, id, io.now())) io.stdout(`revoked ${terminalText(id)}\n`)
        else {
          missing++
          io.stderr(`tessera token: no active token ${terminalText(id)}\n`)
        }
    })
    return missing === 0 ? EXIT.ok : EXIT.unusable
  }
  return usage(SUBCOMMANDS)
}
