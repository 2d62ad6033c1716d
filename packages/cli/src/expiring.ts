/**
 * `tessera expiring`: who to remind or renew. Each member once per achievement (a member with several
 * ending credentials of one kind, a card re-issued or the same term in two formats, is one line), soonest
 * first. By default only the standing memberships to renew: a member renewed already (a standing
 * credential of the same achievement runs past the ending one) or whose ending credential is revoked is
 * left out; `--all` lists them too, the renewed ones marked "renewed".
 */
import { parseArgs } from 'node:util'
import { CLR_ACHIEVEMENT_ID, type LedgerRow } from '@tessera/issuer'
import { jsonText, terminalText } from '@tessera/schema'
import { expiringWithin, type LedgerCredential } from '@tessera/status'
import { EXIT, type Io } from './io.js'
import { usage, withIssuer } from './store-folder.js'

/** One member's ending credentials of one achievement. */
export interface Expiring {
  recipient: string
  achievementId: string
  /** The last of them to end (the one to renew). */
  credentialId: string
  validUntil: string
  state: LedgerCredential['state']
  /** Every credential of this member and achievement ending in the period. */
  credentials: string[]
  /** The next term's credential, when it is already issued. */
  renewal?: { credentialId: string; validUntil: string }
}

function parseDays(text: string): number {
  const match = /^(\d{1,5})d?$/.exec(text)
  if (match === null) usage(`--within takes days, such as 30d, not ${text}`)
  return Number(match[1])
}

/** Groups the ending credentials by member and achievement; `rowsOf` reads a member's ledger rows. */
export async function expiringByMember(
  ending: LedgerCredential[],
  rowsOf: (recipient: string) => AsyncIterable<LedgerRow>,
): Promise<Expiring[]> {
  const groups = new Map<string, Expiring>()
  for (const row of ending) {
    // A learner record (CLR) ends with what it gathers: those are what to renew.
    if (row.achievementId === CLR_ACHIEVEMENT_ID) continue
    const key = JSON.stringify([row.recipient, row.achievementId])
    const group = groups.get(key)
    if (group === undefined)
      groups.set(key, {
        recipient: row.recipient,
        achievementId: row.achievementId,
        credentialId: row.credentialId,
        validUntil: row.validUntil,
        state: row.state,
        credentials: [row.credentialId],
      })
    else {
      group.credentials.push(row.credentialId)
      if (Date.parse(row.validUntil) > Date.parse(group.validUntil))
        Object.assign(group, { credentialId: row.credentialId, validUntil: row.validUntil, state: row.state })
    }
  }
  const byMember = new Map<string, Expiring[]>()
  for (const group of groups.values())
    byMember.set(group.recipient, [...(byMember.get(group.recipient) ?? []), group])
  for (const [recipient, memberGroups] of byMember) {
    for await (const row of rowsOf(recipient)) {
      if ((row.state !== 'active' && row.state !== 'suspended') || row.validUntil === undefined) continue
      const group = memberGroups.find((g) => g.achievementId === row.achievementId)
      if (group === undefined || Date.parse(row.validUntil) <= Date.parse(group.validUntil)) continue
      if (group.renewal === undefined || Date.parse(row.validUntil) > Date.parse(group.renewal.validUntil))
        group.renewal = { credentialId: row.credentialId, validUntil: row.validUntil }
    }
  }
  return [...groups.values()].sort((a, b) => Date.parse(a.validUntil) - Date.parse(b.validUntil))
}

/** `tessera expiring --store DIR [--within 30d] [--json]` */
export async function expiringCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      within: { type: 'string', default: '30d' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.store === undefined) usage('give --store')
  const days = parseDays(values.within)
  const listed = await withIssuer(values.store, io, async ({ store }) =>
    expiringByMember(await expiringWithin(store, { days, now: io.now() }), (recipient) =>
      store.rows({ recipient }),
    ),
  )
  const members = values.all
    ? listed
    : listed.filter((m) => m.renewal === undefined && (m.state === 'active' || m.state === 'suspended'))
  if (values.json) {
    io.stdout(`${jsonText(members, 2)}\n`)
    return EXIT.ok
  }
  const renewed = listed.filter((m) => m.renewal !== undefined).length
  const standing = listed.filter((m) => m.renewal === undefined && m.state !== 'revoked').length
  io.stdout(
    `${listed.length} member credential(s) end within ${days} days; ${renewed} already renewed, ${standing} to renew${values.all ? '' : ' (listed; --all lists every one)'}\n`,
  )
  for (const m of members)
    io.stdout(
      `${terminalText(m.recipient)}  ${terminalText(m.achievementId)}  ends ${terminalText(m.validUntil)}  ` +
        `${m.renewal === undefined ? 'NOT RENEWED' : `renewed until ${terminalText(m.renewal.validUntil)}`}` +
        `  ${terminalText(m.credentialId)}${m.credentials.length > 1 ? ` (+${m.credentials.length - 1} more)` : ''}\n`,
    )
  return EXIT.ok
}
