/**
 * Status entries an issuer adds to a credential: the entry for an allocated index, and the contexts its
 * type needs. Apart from entry.ts (reading entries), which the verifier's status check loads.
 */
import type { BitstringStatusListEntry, StatusList2021Entry } from '@tessera/schema'
import {
  BITSTRING_STATUS_LIST_CONTEXT,
  CREDENTIALS_V1_CONTEXT,
  STATUS_LIST_2021_CONTEXT,
} from '@tessera/schema'
import type { StatusEntry } from './entry.js'
import { statusError } from './errors.js'

/** The `credentialStatus` entry for an allocated index. Its `id` is `<list URL>#<index>`. */
export function makeStatusEntry(entry: StatusEntry): BitstringStatusListEntry | StatusList2021Entry {
  const common = {
    id: `${entry.listUrl}#${entry.index}`,
    statusListIndex: String(entry.index),
    statusListCredential: entry.listUrl,
  }
  if (entry.type === 'StatusList2021') {
    if (entry.purpose !== 'revocation' && entry.purpose !== 'suspension') {
      throw statusError('WRONG_STATUS_PURPOSE', `StatusList2021 has no ${entry.purpose} purpose`)
    }
    return { ...common, type: 'StatusList2021Entry', statusPurpose: entry.purpose }
  }
  return {
    ...common,
    type: 'BitstringStatusListEntry',
    statusPurpose: entry.purpose,
    ...(entry.statusSize === 1 ? {} : { statusSize: entry.statusSize }),
    ...(entry.statusMessage === undefined ? {} : { statusMessage: entry.statusMessage }),
  }
}

/**
 * The contexts to add to a credential's `@context` for its status entries: StatusList2021 has its own
 * context; Bitstring Status List terms are in the VCDM 2.0 context, and need theirs on VCDM 1.1.
 */
export function contextsForStatus(
  context: readonly unknown[],
  entries: readonly { type: string }[],
): string[] {
  const needed = new Set<string>()
  for (const { type } of entries) {
    if (type === 'StatusList2021Entry') needed.add(STATUS_LIST_2021_CONTEXT)
    if (type === 'BitstringStatusListEntry' && context[0] === CREDENTIALS_V1_CONTEXT) {
      needed.add(BITSTRING_STATUS_LIST_CONTEXT)
    }
  }
  return [...needed].filter((url) => !context.includes(url))
}
