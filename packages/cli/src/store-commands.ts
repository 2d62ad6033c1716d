/**
 * The issuer's commands on a store folder: init, revoke / suspend / reinstate, renew, publish and
 * ledger (issue and expiring have files of their own). Each opens the folder's issuer
 * (`@tessera/issuer` openIssuer) and closes it. Values read from the ledger are escaped for the terminal.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type ChangeAction, CLR_ACHIEVEMENT_ID, type LedgerRow, recordChange } from '@tessera/issuer'
import { initIssuer, type OpenedIssuer, publish } from '@tessera/issuer/node'
import { jsonText, terminalText } from '@tessera/schema'
import type { DidChoice } from '@tessera/veramo'
import { writeCredential } from './credential-file.js'
import { EXIT, type Io } from './io.js'
import { keyTypeOf, usage, withIssuer } from './store-folder.js'

/** `tessera init --store DIR [--did key | --did web:<domain>] [--key-type ed25519|p-256|rsa] [--status-url URL]` */
export async function initCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      did: { type: 'string', default: 'key' },
      'key-type': { type: 'string', default: 'ed25519' },
      'status-url': { type: 'string' },
    },
  })
  if (values.store === undefined) usage('tessera init --store DIR [--did key | --did web:<domain>]')
  const keyType = keyTypeOf(values['key-type'])
  const profile = await initIssuer(resolve(io.cwd, values.store), {
    did: values.did as DidChoice,
    keyType,
    ...(values['status-url'] === undefined ? {} : { statusBaseUrl: values['status-url'] }),
  })
  io.stdout(`issuer ${terminalText(profile.did)}\nstatus lists at ${terminalText(profile.statusBaseUrl)}/\n`)
  return EXIT.ok
}

/** `tessera revoke | suspend | reinstate --store DIR [--reason TEXT] [--quiet] [--out DIR] <credential-id>` */
export function lifecycleCommand(action: 'revoke' | 'suspend' | 'reinstate') {
  return async (args: string[], io: Io): Promise<number> => {
    const { values, positionals } = parseArgs({
      args,
      options: {
        store: { type: 'string' },
        reason: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        out: { type: 'string' },
      },
      allowPositionals: true,
    })
    if (values.store === undefined || positionals.length === 0)
      usage(`tessera ${action} --store DIR [--reason TEXT] [--quiet] [--out DIR] <credential-id>...`)
    const reason = reasonOf(values.reason)
    await withIssuer(values.store, io, async (opened) => {
      const tell = await noticesFor(opened, values.store as string, values.out, values.quiet, io)
      const done = action === 'reinstate' ? 'reinstated' : `${action}d`
      try {
        for (const id of positionals) {
          // The issuer does the same to the wallet copies made of the credential (tessera serve's).
          const [, ...copies] = await opened.issuer[action](id)
          io.stdout(`${done} ${terminalText(id)}\n`)
          for (const copy of copies) io.stdout(`${done} ${terminalText(copy)} (its wallet copy)\n`)
          const notice = await tell(action, id, reason)
          if (notice !== undefined) io.stdout(`  notice: ${notice}\n`)
        }
      } finally {
        tell.close()
      }
    })
    io.stdout('publish the status lists again (tessera publish) for verifiers to see it\n')
    return EXIT.ok
  }
}

/**
 * `tessera renew --store DIR [--out DIR] (<credential-id>... | --member ID)`: next term's credentials,
 * written to `--out` when given. With `--member`, every standing credential of the member that has a
 * term and whose term has begun (a renewal not yet begun is not renewed again).
 */
export async function renewCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      out: { type: 'string' },
      member: { type: 'string' },
      reason: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      notices: { type: 'string' },
    },
    allowPositionals: true,
  })
  if (values.store === undefined || (positionals.length === 0) === (values.member === undefined))
    usage('tessera renew --store DIR [--out DIR] (<credential-id>... | --member ID)')
  const reason = reasonOf(values.reason)
  await withIssuer(values.store, io, async (opened) => {
    const { issuer } = opened
    const tell = await noticesFor(opened, values.store as string, values.notices, values.quiet, io)
    const now = io.now().getTime()
    const ids =
      values.member === undefined
        ? positionals
        : (await issuer.standing(values.member))
            // a CLR is renewed by issuing it again (tessera clr), from what the member holds then
            .filter(
              (row) =>
                row.validUntil !== undefined &&
                Date.parse(row.validFrom) <= now &&
                row.achievementId !== CLR_ACHIEVEMENT_ID,
            )
            .map((row) => row.credentialId)
    if (ids.length === 0)
      io.stdout(`${terminalText(values.member)} holds no standing credential with a term to renew\n`)
    for (const id of ids) {
      const renewed = await issuer.renew(id)
      const file =
        values.out === undefined
          ? undefined
          : await writeCredential(resolve(io.cwd, values.out), renewed, io.writeFile)
      io.stdout(
        `${terminalText(
          `${renewed.existing ? 'already renewed' : 'renewed'} ${id} as ${renewed.credentialId} until ${renewed.row.validUntil}${file ? ` (${file})` : ''}`,
        )}\n`,
      )
      const notice = renewed.existing
        ? undefined
        : await tell('renew', renewed.credentialId, reason, renewed.row.validUntil)
      if (notice !== undefined) io.stdout(`  notice: ${notice}\n`)
    }
    tell.close()
  })
  return EXIT.ok
}

/** A reason given on the command line: one line of at most 500 characters. */
function reasonOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const reason = text.trim()
  const control = (c: string) => (c.codePointAt(0) ?? 0) < 0x20 || /\p{Cc}/u.test(c)
  if (reason === '' || [...reason].length > 500 || [...reason].some(control))
    usage('--reason is one line of 1 to 500 characters, without control characters')
  return reason
}

interface Tell {
  /** What became of the notice; undefined when there was nothing to tell nor record (no reason, no sender). */
  (
    action: ChangeAction,
    credentialId: string,
    reason?: string,
    validUntil?: string,
  ): Promise<string | undefined>
  close(): void
}

/**
 * How a change is told: its reason recorded in the ledger's notes, and the member's notice sent through
 * SMTP_URL or written to `out` (neither: none, said so); `quiet` records only. The store's membership
 * settings are checked before anything changes.
 */
async function noticesFor(
  opened: OpenedIssuer,
  store: string,
  out: string | undefined,
  quiet: boolean,
  io: Io,
): Promise<Tell> {
  const { mailSender, settingsOf } = await import('./remind.js')
  const sender = quiet ? undefined : mailSender(out, io)
  const settings = sender === undefined ? undefined : settingsOf(opened.profile, store)
  const tell = async (action: ChangeAction, credentialId: string, reason?: string, validUntil?: string) => {
    const outcome = await recordChange({
      store: opened.store,
      clock: io.now,
      action,
      credentialId,
      quiet,
      ...(reason === undefined ? {} : { reason }),
      ...(validUntil === undefined ? {} : { validUntil }),
      ...(settings === undefined || sender === undefined ? {} : { settings, sender }),
    })
    if (outcome !== 'no sender') return outcome
    return reason === undefined ? undefined : 'not sent (give --out DIR or set SMTP_URL to send it)'
  }
  return Object.assign(tell, { close: () => sender?.close?.() })
}

/**
 * `tessera publish --store DIR --out DIR`: signed status lists (and did.json); with `--site [URL]`, the
 * whole website (publish-site.ts), atomically into DIR/current.
 */
export async function publishCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      out: { type: 'string' },
      site: { type: 'string' },
      language: { type: 'string' },
      'verify-page': { type: 'string' },
      'public-member': { type: 'string', multiple: true },
      'events-url': { type: 'string' },
      branch: { type: 'string' },
    },
  })
  if (values.store === undefined || values.out === undefined) usage('tessera publish --store DIR --out DIR')
  if (values.branch !== undefined && values.site === undefined)
    usage('tessera publish --store DIR --out REPOSITORY --site URL --branch NAME (--branch goes with --site)')
  if (values.site !== undefined) {
    const { publishSite } = await import('./publish-site.js')
    const report = await withIssuer(values.store, io, (opened) =>
      publishSite(
        opened,
        {
          out: values.out as string,
          ...(values.site === '' ? {} : { url: values.site as string }),
          ...(values.language === undefined ? {} : { language: values.language }),
          ...(values['verify-page'] === undefined ? {} : { verifyPage: values['verify-page'] }),
          publicMembers: values['public-member'] ?? [],
          ...(values['events-url'] === undefined ? {} : { eventsUrl: values['events-url'] }),
          recordPublic: async (ids) => {
            const { openEngagementStore } = await import('@tessera/server')
            const counters = await openEngagementStore(resolve(io.cwd, values.store as string), process.env)
            try {
              await counters.setPublicCredentials(ids)
            } finally {
              await counters.close()
            }
          },
          ...(values.branch === undefined ? {} : { branch: values.branch }),
        },
        io,
      ),
    )
    const where = 'live' in report ? report.live : `${report.ref} at ${report.commit}`
    io.stdout(
      `${terminalText(where)}: ${report.written.length} written, ${report.kept.length} kept, ${report.removed.length} removed\n`,
    )
    return EXIT.ok
  }
  const files = await withIssuer(values.store, io, ({ issuer }) =>
    publish(issuer, resolve(io.cwd, values.out as string)),
  )
  for (const file of files) io.stdout(`${terminalText(file)}\n`)
  return EXIT.ok
}

/** One line of a credential listing: id, state, member, achievement, then `detail`. */
function line(
  row: Pick<LedgerRow, 'credentialId' | 'recipient' | 'achievementId' | 'state'>,
  detail: string,
): string {
  return `${terminalText(row.credentialId)}  ${row.state.padEnd(9)}  ${terminalText(row.recipient)}  ${terminalText(row.achievementId)}  ${terminalText(detail)}\n`
}

/** `tessera ledger --store DIR [--member ID] [--json]`: one line (or JSON object) per credential, streamed. */
export async function ledgerCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      member: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined) usage('tessera ledger --store DIR [--member ID] [--json]')
  await withIssuer(values.store, io, async ({ store }) => {
    if (values.json) io.stdout('[')
    let first = true
    for await (const { credential: _signed, ...row } of store.rows(
      values.member === undefined ? {} : { recipient: values.member },
    )) {
      if (values.json) io.stdout(`${first ? '\n' : ',\n'}  ${jsonText(row)}`)
      else
        io.stdout(
          line(row, `${row.format}  ${row.validFrom}${row.validUntil ? ` .. ${row.validUntil}` : ''}`),
        )
      first = false
    }
    if (values.json) io.stdout(first ? ']\n' : '\n]\n')
  })
  return EXIT.ok
}
