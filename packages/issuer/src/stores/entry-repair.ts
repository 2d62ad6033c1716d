/**
 * Stores opened before each credential was held to one status entry per purpose may hold a second,
 * unused one (two issuing runs racing on one pending row gave 4 credentials in 12,000 a second revocation
 * index, and `revoke` took the first by insertion order, which need not be the one the credential names).
 * Before the store adds its unique key on (holder, purpose), each such group is repaired: the entry the
 * signed credential names is kept, with the strongest status any of them had (a revocation that hit the
 * wrong one counts), and the others are set aside under a holder of their own with status 0, so that their
 * indices are never handed out again.
 */
import { isJsonObject } from '@tessera/schema'

export interface HeldTwice {
  holder: string
  purpose: string
  /** In the order they were claimed. */
  entries: { url: string; index: number; status: number }[]
  /** The signed credential (JSON text or compact JWT), when the ledger has it. */
  credential?: string
}

export interface EntryRepair {
  keep: { url: string; index: number; status: number }
  /** Entries nobody names: each gets `holder`, status 0. */
  setAside: { url: string; index: number; holder: string }[]
}

function parsed(text: string): unknown {
  try {
    if (text.trimStart().startsWith('{')) return JSON.parse(text) as unknown
    const payload = text.split('.')[1]
    if (payload === undefined) return undefined
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown
    return isJsonObject(claims) && isJsonObject(claims.vc) ? claims.vc : claims
  } catch {
    return undefined
  }
}

/** The (list, index) the signed credential names for `purpose`, if it can be read. */
function named(credential: string | undefined, purpose: string): string | undefined {
  const document = credential === undefined ? undefined : parsed(credential)
  const status = isJsonObject(document) ? document.credentialStatus : undefined
  for (const entry of Array.isArray(status) ? status : [status]) {
    if (isJsonObject(entry) && entry.statusPurpose === purpose)
      return `${String(entry.statusListCredential)}#${String(entry.statusListIndex)}`
  }
  return undefined
}

export function repairHeldTwice(group: HeldTwice): EntryRepair {
  const name = named(group.credential, group.purpose)
  const kept =
    group.entries.find((e) => `${e.url}#${e.index}` === name) ?? (group.entries[0] as HeldTwice['entries'][0])
  return {
    keep: { url: kept.url, index: kept.index, status: Math.max(...group.entries.map((e) => e.status)) },
    setAside: group.entries
      .filter((e) => e !== kept)
      .map((e) => ({ url: e.url, index: e.index, holder: `unused:${e.url}#${e.index}` })),
  }
}

/** One row of the store's query for credentials holding two entries of a purpose, in claiming order. */
export interface HeldTwiceRow {
  holder: string
  purpose: string
  url: string
  index: number
  status: number
  credential: string | null
}

/** The query's rows, grouped by credential and purpose. */
export function heldTwiceGroups(rows: readonly HeldTwiceRow[]): HeldTwice[] {
  const groups = new Map<string, HeldTwice>()
  for (const row of rows) {
    const key = `${row.holder}\n${row.purpose}`
    const group = groups.get(key) ?? {
      holder: row.holder,
      purpose: row.purpose,
      entries: [],
      ...(row.credential === null ? {} : { credential: row.credential }),
    }
    group.entries.push({ url: row.url, index: row.index, status: row.status })
    groups.set(key, group)
  }
  return [...groups.values()]
}
